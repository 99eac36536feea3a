// SPDX-License-Identifier: MIT
/*
 * The litmus harness: every test runs with every strategy this CPU can run,
 * every iteration lands in the histogram, the limits stop a run, and a thread
 * that cannot set up fails the run with its reason.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tsob/cpu.h"
#include "tsob/litmus.h"

static struct tsob_litmus_conf base(const struct tsob_litmus_test *t, enum tsob_strategy s)
{
	/* Unpinned; more threads than CPUs take turns, as the driver's placement says. */
	return (struct tsob_litmus_conf){ .test = t,
					  .strategy = s,
					  .iterations = 300,
					  .batch = 128,
					  .stagger = 16,
					  .seed = 42,
					  .time_shared = t && (long)t->nthreads > sysconf(_SC_NPROCESSORS_ONLN) };
}

static uint64_t sum(const struct tsob_litmus_result *r)
{
	uint64_t n = 0;

	for (unsigned k = 0; k < TSOB_LITMUS_MAX_KEYS; k++)
		n += r->counts[k];
	return n;
}

static void test_every_test_and_strategy(void **state)
{
	unsigned ran = 0;

	for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
		char why[160];

		if (s == TSOB_HWTSO || !tsob_strategy_supported(s, why, sizeof(why))) {
			assert_false(s == TSOB_PLAIN);
			continue;
		}
		assert_true(tsob_litmus_has_code(s));
		for (unsigned i = 0; i < tsob_litmus_nr_tests; i++) {
			struct tsob_litmus_conf c = base(&tsob_litmus_tests[i], s);
			struct tsob_litmus_result r;

			assert_int_equal(tsob_litmus_run(&c, &r), 0);
			assert_int_equal(r.err, 0);
			assert_int_equal(r.iterations, 300);
			assert_int_equal(sum(&r), 300); /* three batches: 128, 128, 44 */
			assert_int_equal(r.nthreads, tsob_litmus_tests[i].nthreads);
			assert_false(r.stopped);
			if (tsob_litmus_must_be_tso(s) && r.forbidden)
				fail_msg("%s / %s: %llu forbidden outcomes",
					 tsob_litmus_tests[i].name, tsob_strategies[s].name,
					 (unsigned long long)r.forbidden);
			ran++;
		}
	}
	assert_true(ran >= tsob_litmus_nr_tests);
}

static void test_time_limit(void **state)
{
	struct tsob_litmus_conf c = base(tsob_litmus_lookup("SB"), TSOB_PLAIN);
	struct tsob_litmus_result r;

	c.iterations = 1ull << 40;
	c.time_limit_ns = 50 * 1000 * 1000;
	assert_int_equal(tsob_litmus_run(&c, &r), 0);
	assert_true(r.stopped);
	assert_true(r.iterations > 0 && r.iterations < c.iterations);
	assert_int_equal(sum(&r), r.iterations);
	assert_true(r.elapsed_s < 20);
}

static void test_stop_flag(void **state)
{
	struct tsob_litmus_conf c = base(tsob_litmus_lookup("MP"), TSOB_PLAIN);
	struct tsob_litmus_result r;
	volatile int stop = 1;

	c.stop = &stop;
	assert_int_equal(tsob_litmus_run(&c, &r), 0);
	assert_true(r.stopped);
	assert_int_equal(r.iterations, 0);
}

static int refuse_thread_1(void *arg, unsigned tid, char *why, size_t len)
{
	if (tid != 1)
		return 0;
	snprintf(why, len, "%s", (const char *)arg);
	return -EPERM;
}

static void test_thread_init_failure(void **state)
{
	struct tsob_litmus_conf c = base(tsob_litmus_lookup("IRIW"), TSOB_PLAIN);
	struct tsob_litmus_result r;

	c.thread_init = refuse_thread_1;
	c.thread_init_arg = "no TSO for you";
	assert_int_equal(tsob_litmus_run(&c, &r), -EPERM);
	assert_int_equal(r.iterations, 0);
	assert_non_null(strstr(r.reason, "thread 1"));
	assert_non_null(strstr(r.reason, "no TSO for you"));
}

static void test_bad_conf(void **state)
{
	struct tsob_litmus_conf c = base(tsob_litmus_lookup("SB"), TSOB_PLAIN);
	struct tsob_litmus_result r;

	c.batch = 0;
	assert_int_equal(tsob_litmus_run(&c, &r), -EINVAL);
	c = base(NULL, TSOB_PLAIN);
	assert_int_equal(tsob_litmus_run(&c, &r), -EINVAL);
#if defined(__x86_64__)
	c = base(tsob_litmus_lookup("SB"), TSOB_LDAR);
	assert_int_equal(tsob_litmus_run(&c, &r), -EOPNOTSUPP);
	assert_non_null(strstr(r.reason, "ldar"));
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_test_and_strategy),
	    cmocka_unit_test(test_time_limit),
	    cmocka_unit_test(test_stop_flag),
	    cmocka_unit_test(test_thread_init_failure),
	    cmocka_unit_test(test_bad_conf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
