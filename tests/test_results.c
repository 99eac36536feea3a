// SPDX-License-Identifier: MIT
/* The results writer and reader: round trip, and every kind of bad file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "host.h"
#include "record.h"
#include "tsob/results.h"
#include "runner.h"
#include "tsob/kernel.h"

static char dir[] = "/tmp/tsob-results-XXXXXX";

static void put(const char *name, const char *text, char *path, size_t len)
{
	FILE *f;

	snprintf(path, len, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static json_object *make_doc(void)
{
	static struct tsob_host h;
	struct tsob_event ev[2];
	struct tsob_run_info info;
	struct tsob_cell_conf conf;
	struct tsob_cell cell;
	json_object *doc;

	tsob_host_probe(&h);
	tsob_event_resolve("task-clock", &ev[0]);
	tsob_event_resolve("instructions", &ev[1]);
	info = (struct tsob_run_info){ .host = &h, .command = "run", .argv_line = "test",
				       .quick = true, .repeat = 3, .warmup = 0, .cpu = -1,
				       .events = ev, .nevents = 2 };
	doc = tsob_record_new(&info);
	conf = (struct tsob_cell_conf){ .kernel = tsob_registry[0], .strategy = TSOB_PLAIN,
					.threads = 1, .size = tsob_registry[0]->quick_size,
					.warmup = 0, .repeat = 3, .cpu = -1, .events = ev,
					.nevents = 2, .barrier_timeout_ms = 5000 };
	assert_int_equal(tsob_cell_run(&cell, &conf), 0);
	assert_int_equal(cell.status, TSOB_CELL_OK);
	tsob_record_cell(doc, &cell);
	tsob_cell_free(&cell);
	tsob_record_unavailable(doc, tsob_registry[0]->name, "hwtso", 1, "no TSO here");
	tsob_results_set_complete(doc, true, NULL);
	return doc;
}

static void test_round_trip(void **state)
{
	json_object *doc = make_doc(), *back, *cells, *c, *w, *v;
	struct tsob_err e = { 0 };
	struct tsob_view view;
	char path[256];

	snprintf(path, sizeof(path), "%s/ok.json", dir);
	assert_int_equal(tsob_results_save(path, doc, TSOB_FORMAT_JSON, &e), 0);
	assert_int_equal(tsob_view_load(path, &view, &e), 0);
	back = view.doc;
	assert_true(json_object_object_get_ex(back, "cells", &cells));
	assert_int_equal(json_object_array_length(cells), 2);
	c = json_object_array_get_idx(cells, 0);
	assert_string_equal(json_object_get_string(json_object_object_get(c, "status")), "ok");
	assert_true(json_object_object_get_ex(c, "wall_ns", &w));
	assert_true(json_object_object_get_ex(w, "values", &v));
	assert_int_equal(json_object_array_length(v), 3); /* every raw sample kept */
	c = json_object_array_get_idx(cells, 1);
	assert_string_equal(json_object_get_string(json_object_object_get(c, "status")),
			    "unavailable");
	assert_string_equal(json_object_get_string(json_object_object_get(c, "reason")),
			    "no TSO here");
	/* The view reads the same: samples, statistics recomputed, the reason. */
	assert_int_equal(view.ncells, 2);
	assert_int_equal(view.cells[0].wall.n, 3);
	assert_true(view.cells[0].wall.st.median > 0);
	assert_string_equal(view.cells[1].reason, "no TSO here");
	tsob_view_free(&view);

	/* CSV: a header and one row per metric, perf stat -x style. */
	snprintf(path, sizeof(path), "%s/ok.csv", dir);
	assert_int_equal(tsob_results_save(path, doc, TSOB_FORMAT_CSV, &e), 0);
	{
		char line[512];
		FILE *f = fopen(path, "r");
		int rows = 0, wall = 0;

		assert_non_null(f);
		while (fgets(line, sizeof(line), f)) {
			rows++;
			wall += strstr(line, ",ns,wall-time,") != NULL;
		}
		fclose(f);
		assert_int_equal(wall, 1);
		assert_true(rows >= 3);
	}
	json_object_put(doc);
}

struct bad_case {
	const char *name;
	const char *text;
	const char *expect; /* in the reason */
};

/* A valid document with one cell carrying @extra (a JSON member; a later duplicate wins). */
#define CELL(extra)                                                                              \
	"{\"schema\": \"tsobench-results\", \"schema_version\": 1, \"complete\": true,"         \
	" \"context\": {\"host\": \"h\", \"arch\": \"a\", \"kernel\": \"k\","                  \
	" \"cpu_model\": \"c\"}, \"cells\": [{\"kernel\": \"k\", \"strategy\": \"plain\","     \
	" \"status\": \"ok\", \"threads\": 1, " extra "}]}"

static void test_bad_files(void **state)
{
	static const struct bad_case cases[] = {
		{ "empty.json", "", "is empty" },
		{ "truncated.json", "{\"schema\": \"tsobench-results\", \"schema_ver", "truncated" },
		{ "notjson.json", "hello, world\n", "not valid JSON" },
		{ "array.json", "[1, 2, 3]", "not an object" },
		{ "otherschema.json", "{\"schema\": \"other\", \"schema_version\": 1}", "schema is" },
		{ "version.json", "{\"schema\": \"tsobench-results\", \"schema_version\": 99}",
		  "schema_version 99" },
		{ "versiontype.json", "{\"schema\": \"tsobench-results\", \"schema_version\": \"1\"}",
		  "should be int" },
		{ "nocells.json",
		  "{\"schema\": \"tsobench-results\", \"schema_version\": 1, \"complete\": true,"
		  " \"context\": {\"host\": \"h\", \"arch\": \"a\", \"kernel\": \"k\","
		  " \"cpu_model\": \"c\"}}",
		  "no \"cells\"" },
		{ "celltype.json",
		  "{\"schema\": \"tsobench-results\", \"schema_version\": 1, \"complete\": true,"
		  " \"context\": {\"host\": \"h\", \"arch\": \"a\", \"kernel\": \"k\","
		  " \"cpu_model\": \"c\"}, \"cells\": [{\"kernel\": 1, \"strategy\": \"plain\","
		  " \"threads\": 1, \"status\": \"ok\"}]}",
		  "cells[0].\"kernel\" should be string" },
		{ "sampletype.json",
		  "{\"schema\": \"tsobench-results\", \"schema_version\": 1, \"complete\": true,"
		  " \"context\": {\"host\": \"h\", \"arch\": \"a\", \"kernel\": \"k\","
		  " \"cpu_model\": \"c\"}, \"cells\": [{\"kernel\": \"k\", \"strategy\": \"plain\","
		  " \"threads\": 1, \"status\": \"ok\", \"wall_ns\": {\"values\": [1, \"x\"]}}]}",
		  "values[1] is not a number" },
		{ "trailing.json", "{\"schema\": \"tsobench-results\"} junk", "data after" },
		/* Numbers out of what the consumers' C types hold are refused here, once. */
		{ "opsrange.json", CELL("\"ops\": 18446744073709551000"), "cells[0].ops" },
		{ "opsneg.json", CELL("\"ops\": -1"), "cells[0].ops" },
		{ "opsfrac.json", CELL("\"ops\": 2.5"), "cells[0].ops" },
		{ "threadsrange.json", CELL("\"threads\": 100000"), "cells[0].threads" },
		{ "sizerange.json", CELL("\"size\": 1e300"), "cells[0].size" },
		{ "walltoobig.json", CELL("\"wall_ns\": {\"values\": [1, 1e300]}"),
		  "wall_ns.values[1]" },
		{ "wallneg.json", CELL("\"wall_ns\": {\"values\": [-5]}"), "wall_ns.values[0]" },
		{ "counterneg.json",
		  CELL("\"counters\": {\"cycles\": {\"available\": true, \"values\": [-1]}}"),
		  "counters.cycles.values[0]" },
	};
	char path[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tsob_err e = { 0 };
		struct tsob_view v;

		put(cases[i].name, cases[i].text, path, sizeof(path));
		assert_true(tsob_view_load(path, &v, &e) < 0);
		assert_null(v.doc);
		if (!strstr(e.msg, cases[i].expect))
			fail_msg("%s: reason '%s' lacks '%s'", cases[i].name, e.msg, cases[i].expect);
		assert_non_null(strstr(e.msg, cases[i].name)); /* names the file */
		assert_null(strchr(e.msg, '\n'));		 /* one line */
		unlink(path);
	}
	{
		struct tsob_err e = { 0 };
		struct tsob_view v;

		snprintf(path, sizeof(path), "%s/missing.json", dir);
		assert_true(tsob_view_load(path, &v, &e) < 0);
		assert_non_null(strstr(e.msg, "cannot read"));
	}
}

static int setup(void **state)
{
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad_files),
	};
	tsob_counters_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
