// SPDX-License-Identifier: MIT
/*
 * What `tsobench litmus` reports for outcomes this host cannot produce: a
 * forbidden outcome in a strategy that must give x86 ordering is a violation
 * (named in the summary, verdict "violation"), in plain on arm64 it is
 * "weak", and unavailable or failed tests are said to be so, never zeros.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "litmus_suite.h"

static unsigned key(const char *test, uint32_t a, uint32_t b)
{
	uint32_t v[TSOB_LITMUS_MAX_VARS] = {a, b};

	return tsob_litmus_key(tsob_litmus_lookup(test), v);
}

/* MP run by ldar (must be TSO) and plain (may be weak), each seeing r0=1 r1=0. */
static void fill(struct tsob_litmus_cell *c)
{
	const struct tsob_litmus_test *mp = tsob_litmus_lookup("MP");

	memset(c, 0, 4 * sizeof(*c));
	for (int i = 0; i < 2; i++) {
		c[i].test = mp;
		c[i].strategy = i ? TSOB_PLAIN : TSOB_LDAR;
		c[i].must_be_tso = !i;
		c[i].available = true;
		c[i].res.nthreads = 2;
		c[i].res.iterations = 100;
		c[i].res.counts[key("MP", 0, 0)] = 60;
		c[i].res.counts[key("MP", 1, 1)] = 35;
		c[i].res.counts[key("MP", 1, 0)] = 5;
		c[i].res.forbidden = 5;
	}
	c[2].test = tsob_litmus_lookup("SB");
	c[2].strategy = TSOB_HWTSO;
	snprintf(c[2].why, sizeof(c[2].why), "no TSO here");
	c[3].test = tsob_litmus_lookup("LB");
	c[3].strategy = TSOB_DMB;
	c[3].available = true;
	c[3].res.err = -1;
	snprintf(c[3].res.reason, sizeof(c[3].res.reason), "thread 1: prctl refused");
}

static json_object *field(json_object *o, const char *k)
{
	json_object *v = NULL;

	assert_true(json_object_object_get_ex(o, k, &v));
	return v;
}

static void test_json(void **state)
{
	struct tsob_litmus_cell c[4];
	struct tsob_litmus_params p = {.iterations = 100, .batch = 10, .stagger = 8, .seed = 1};
	json_object *l, *tests, *ldar, *outcomes;
	bool seen_forbidden = false;

	fill(c);
	l = tsob_litmus_json(&p, c, 4);
	assert_string_equal(json_object_get_string(field(l, "verdict")), "violation");
	assert_int_equal(json_object_get_int64(field(l, "violations")), 5);
	tests = field(l, "tests");
	assert_int_equal(json_object_array_length(tests), 4);
	ldar = json_object_array_get_idx(tests, 0);
	assert_string_equal(json_object_get_string(field(ldar, "status")), "violation");
	assert_int_equal(json_object_get_int64(field(ldar, "forbidden_observed")), 5);
	outcomes = field(ldar, "outcomes");
	assert_int_equal(json_object_array_length(outcomes), 4); /* every outcome, seen or not */
	for (size_t i = 0; i < json_object_array_length(outcomes); i++) {
		json_object *o = json_object_array_get_idx(outcomes, i);

		if (!strcmp(json_object_get_string(field(o, "outcome")), "r0=1 r1=0")) {
			seen_forbidden = true;
			assert_true(json_object_get_boolean(field(o, "forbidden_by_tso")));
			assert_int_equal(json_object_get_int64(field(o, "count")), 5);
		}
	}
	assert_true(seen_forbidden);
	assert_string_equal(
	    json_object_get_string(field(json_object_array_get_idx(tests, 1), "status")), "weak");
	/* Not run: the reason, and null where a number would be a lie. */
	assert_string_equal(
	    json_object_get_string(field(json_object_array_get_idx(tests, 2), "status")),
	    "unavailable");
	assert_null(field(json_object_array_get_idx(tests, 2), "iterations"));
	assert_null(field(json_object_array_get_idx(tests, 2), "forbidden_observed"));
	assert_string_equal(
	    json_object_get_string(field(json_object_array_get_idx(tests, 3), "reason")),
	    "thread 1: prctl refused");
	json_object_put(l);

	/* Without the violation, the error decides; without either, ok. */
	c[0].res.counts[key("MP", 1, 0)] = 0;
	c[0].res.forbidden = 0;
	l = tsob_litmus_json(&p, c, 4);
	assert_string_equal(json_object_get_string(field(l, "verdict")), "error");
	json_object_put(l);
	l = tsob_litmus_json(&p, c, 3);
	assert_string_equal(json_object_get_string(field(l, "verdict")), "ok");
	json_object_put(l);
	l = tsob_litmus_json(&p, c + 2, 1);
	assert_string_equal(json_object_get_string(field(l, "verdict")), "not-run");
	json_object_put(l);
}

static void test_print(void **state)
{
	struct tsob_litmus_cell c[4];
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	fill(c);
	assert_non_null(f);
	tsob_litmus_print(f, c, 4, 2);
	fclose(f);
	assert_non_null(strstr(text, "not run here: hwtso   no TSO here"));
	assert_non_null(strstr(text, "FORBIDDEN: MP / ldar: 5 of 100 iterations"));
	assert_non_null(strstr(text, "weak: MP / plain: 5 of 100 iterations"));
	assert_non_null(strstr(text, "dmb: thread 1: prctl refused"));
	assert_non_null(strstr(text, "verdict: VIOLATION: 1 test showed"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_print),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
