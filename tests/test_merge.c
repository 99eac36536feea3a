// SPDX-License-Identifier: MIT
/*
 * Several runs in one document (tsob_results_merge_run): samples appended and
 * labelled with their run, rounds kept only where every run interleaved, the
 * worse status kept with its run named, a counter unavailable in one run
 * unavailable in the whole, sides kept apart, and the view's per-run medians
 * and pairing of rounds.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tsob/json.h"
#include "tsob/results.h"

static json_object *context(void)
{
	json_object *c = json_object_new_object();

	json_object_object_add(c, "host", json_object_new_string("h"));
	json_object_object_add(c, "arch", json_object_new_string("x86_64"));
	json_object_object_add(c, "kernel", json_object_new_string("6.12"));
	json_object_object_add(c, "cpu_model", json_object_new_string("cpu"));
	return c;
}

/* A run's document: one cell whose wall times are @base + i, with or without rounds. */
static json_object *run_doc(double base, bool rounds, const char *status, bool counter)
{
	json_object *doc = tsob_results_new("run", context()), *cell, *ctr;
	double v[3] = { base, base + 1, base + 2 };
	const int round[3] = { 0, 1, 2 };

	json_object_object_add(tsob_json_get(doc, "context"), "seed", json_object_new_int(7));
	cell = tsob_results_cell_add(doc, "k", "plain", 1, status, strcmp(status, "ok") ? "bad" : NULL);
	json_object_object_add(cell, "ops", json_object_new_int(10));
	json_object_object_add(cell, "wall_ns",
			       tsob_results_series(v, 3, NULL, rounds ? round : NULL, NULL));
	ctr = json_object_new_object();
	if (counter) {
		json_object *c = tsob_results_series(v, 3, NULL, NULL, NULL);

		json_object_object_add(c, "available", json_object_new_boolean(1));
		json_object_object_add(ctr, "task-clock", c);
	} else {
		json_object *c = json_object_new_object();

		json_object_object_add(c, "available", json_object_new_boolean(0));
		json_object_object_add(c, "reason", json_object_new_string("no PMU"));
		json_object_object_add(ctr, "task-clock", c);
	}
	json_object_object_add(cell, "counters", ctr);
	tsob_results_set_complete(doc, true, NULL);
	return doc;
}

static json_object *merged(json_object *const *runs, int n, const char *const *sides)
{
	json_object *doc = tsob_results_new("run", context());
	struct tsob_err e = { 0 };

	for (int i = 0; i < n; i++) {
		assert_int_equal(tsob_results_merge_run(doc, runs[i], sides ? i / 2 : i,
							sides ? sides[i % 2] : NULL, &e),
				 0);
		json_object_put(runs[i]);
	}
	tsob_results_merge_finish(doc);
	tsob_results_set_complete(doc, true, NULL);
	return doc;
}

static void test_runs_labelled(void **state)
{
	json_object *runs[3] = { run_doc(100, true, "ok", true), run_doc(200, true, "ok", true),
				 run_doc(300, true, "ok", true) };
	json_object *doc = merged(runs, 3, NULL);
	struct tsob_view v;
	struct tsob_err e = { 0 };
	const struct tsob_series *w;

	(void)state;
	assert_int_equal(tsob_view_from_json(doc, "merged", &v, &e), 0);
	assert_int_equal(v.ncells, 1);
	w = &v.cells[0].wall;
	assert_int_equal(w->n, 9);
	assert_int_equal(w->run[4], 1);
	assert_int_equal(w->round[4], 1);
	/* The run as the unit: medians 101, 201, 301, and their median. */
	assert_int_equal(w->nruns, 3);
	assert_true(w->run_med[2] == 301);
	assert_true(tsob_series_stats(w)->median == 201);
	assert_int_equal(v.cells[0].ctr[0].s.nruns, 3);
	/* wall_ns_per_op from the median of per-run medians. */
	assert_true(fabs(tsob_json_get_num(v.cells[0].json, "wall_ns_per_op") - 20.1) < 1e-9);
	tsob_view_free(&v);
}

static void test_rounds_only_where_all_interleaved(void **state)
{
	json_object *runs[2] = { run_doc(100, true, "ok", true), run_doc(200, false, "ok", true) };
	json_object *doc = merged(runs, 2, NULL);
	json_object *w = tsob_json_get(json_object_array_get_idx(tsob_json_get(doc, "cells"), 0),
				       "wall_ns");

	(void)state;
	assert_null(tsob_json_get(w, "round"));
	assert_int_equal(json_object_array_length(tsob_json_get(w, "run")), 6);
	json_object_put(doc);
}

static void test_worse_status_and_counter(void **state)
{
	json_object *runs[3] = { run_doc(100, true, "ok", true),
				 run_doc(200, true, "checksum-failed", true),
				 run_doc(300, true, "ok", false) };
	json_object *doc = merged(runs, 3, NULL);
	json_object *c = json_object_array_get_idx(tsob_json_get(doc, "cells"), 0);
	json_object *tc = tsob_json_get(tsob_json_get(c, "counters"), "task-clock");

	(void)state;
	assert_string_equal(tsob_json_get_str(c, "status"), "checksum-failed");
	assert_string_equal(tsob_json_get_str(c, "reason"), "run 1: bad");
	assert_false(tsob_json_get_bool(tc, "available", true));
	assert_string_equal(tsob_json_get_str(tc, "reason"), "run 2: no PMU");
	assert_null(tsob_json_get(tc, "values"));
	json_object_put(doc);
}

static void test_sides_paired_by_round(void **state)
{
	static const char *const sides[] = { "base", "new" };
	json_object *runs[4] = { run_doc(100, true, "ok", true), run_doc(110, true, "ok", true),
				 run_doc(200, true, "ok", true), run_doc(220, true, "ok", true) };
	json_object *doc = merged(runs, 4, sides);
	struct tsob_view v;
	struct tsob_err e = { 0 };
	const struct tsob_view_cell *b, *n;
	double x[2], y[2];

	(void)state;
	assert_int_equal(tsob_view_from_json(doc, "ab", &v, &e), 0);
	assert_true(v.sides);
	b = tsob_view_find(&v, "k", "plain", 1, "base");
	n = tsob_view_find(&v, "k", "plain", 1, "new");
	assert_non_null(b);
	assert_non_null(n);
	assert_int_equal(tsob_series_pair_runs(&b->wall, &n->wall, x, y), 2);
	assert_true(x[0] == 101 && y[0] == 111 && x[1] == 201 && y[1] == 221);
	assert_non_null(tsob_json_get(tsob_json_get(tsob_json_get(v.doc, "context"), "sides"),
				      "new"));
	tsob_view_free(&v);
}

static void test_bad_run_refused(void **state)
{
	json_object *doc = tsob_results_new("run", context()), *bad = run_doc(1, false, "ok", true);
	struct tsob_err e = { 0 };

	(void)state;
	json_object_object_add(bad, "schema_version", json_object_new_int(99));
	assert_int_equal(tsob_results_merge_run(doc, bad, 0, NULL, &e), -EPROTONOSUPPORT);
	assert_non_null(strstr(e.msg, "schema_version 99"));
	assert_int_equal(json_object_array_length(tsob_json_get(doc, "cells")), 0);
	json_object_put(bad);
	json_object_put(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_labelled),
		cmocka_unit_test(test_rounds_only_where_all_interleaved),
		cmocka_unit_test(test_worse_status_and_counter),
		cmocka_unit_test(test_sides_paired_by_round),
		cmocka_unit_test(test_bad_run_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
