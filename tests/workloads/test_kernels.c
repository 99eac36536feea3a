// SPDX-License-Identifier: MIT
/*
 * Every registry entry this CPU can run: created at quick size, run on the
 * right number of threads, checked against its reference checksum twice (so
 * reset() works), then run once more with its output deliberately damaged,
 * which verify() must reject. Entries the CPU cannot run are skipped with the
 * reason. Plus checks of the registry's shape and of tsob/cpu.h.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tsob/cpu.h"
#include "tsob/kernel.h"

#if defined(__aarch64__)
#include <sys/auxv.h>
#include <asm/hwcap.h>
#endif

/* Plain code may observe reorderings only on a weakly ordered CPU. */
static int weak_plain(const struct tsob_kernel *k)
{
#if defined(__aarch64__)
	return k->strategy == TSOB_PLAIN;
#else
	(void)k;
	return 0;
#endif
}

struct worker {
	const struct tsob_kernel *k;
	void *state;
	unsigned tid;
	pthread_barrier_t *start;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	pthread_barrier_wait(w->start);
	w->k->run(w->state, w->tid);
	return NULL;
}

/* One repetition as the driver runs it: reset, start barrier, run on each thread. */
static void run_once(const struct tsob_kernel *k, void *state, unsigned threads)
{
	pthread_t tids[8];
	struct worker w[8];
	pthread_barrier_t start;

	assert_true(threads >= 1 && threads <= 8);
	k->reset(state);
	assert_int_equal(pthread_barrier_init(&start, NULL, threads), 0);
	for (unsigned t = 0; t < threads; t++) {
		w[t] = (struct worker){k, state, t, &start};
		assert_int_equal(pthread_create(&tids[t], NULL, worker_main, &w[t]), 0);
	}
	for (unsigned t = 0; t < threads; t++)
		assert_int_equal(pthread_join(tids[t], NULL), 0);
	pthread_barrier_destroy(&start);
}

static void check_entry(const struct tsob_kernel *k, unsigned threads)
{
	struct tsob_kconf conf = {.size = k->quick_size, .threads = threads};
	struct tsob_verdict v;
	void *state = k->create(&conf);

	assert_non_null(state);
	for (int rep = 0; rep < 2; rep++) {
		run_once(k, state, threads);
		memset(&v, 0xa5, sizeof(v));
		v.detail[0] = '\0';
		if (k->verify(state, &v) != 0)
			fail_msg("%s/%s on %u threads: %s", k->name, tsob_strategies[k->strategy].name,
				 threads, v.detail);
		if (v.violations) {
			/* Only tolerated, and reported, for plain code on arm64. */
			assert_true(weak_plain(k));
			print_message("[   NOTE   ] %s/plain: %s\n", k->name, v.detail);
		} else {
			assert_true(v.checksum == v.expected);
		}
	}
	assert_true(k->ops(state) > 0);
	/* --size counts the kernel's size unit: where that is the operation, the
	 * operations of a run are exactly the size asked for. */
	if (!strcmp(k->size_unit, k->unit) && k->ops(state) != conf.size)
		fail_msg("%s: size %zu %s gives %llu ops: say what --size counts in .size_unit",
			 k->name, conf.size, k->size_unit, (unsigned long long)k->ops(state));

	/* The check must be able to fail. */
	run_once(k, state, threads);
	k->corrupt(state);
	v.detail[0] = '\0';
	assert_int_equal(k->verify(state, &v), 1);
	assert_true(v.detail[0] != '\0');
	k->destroy(state);
}

static void test_entry(void **ctx)
{
	const struct tsob_kernel *k = *ctx;
	char why[160];

	if (!tsob_strategy_supported(k->strategy, why, sizeof(why))) {
		print_message("[   SKIP   ] %s/%s: %s\n", k->name, tsob_strategies[k->strategy].name,
			      why);
		skip();
	}
	if (k->min_threads == 1)
		check_entry(k, 1);
	if (k->max_threads >= 2)
		check_entry(k, k->min_threads > 2 ? k->min_threads : 2);
	if (k->max_threads >= 3)
		check_entry(k, 3);
}

static int is_object_strategy(enum tsob_strategy s)
{
#if defined(__aarch64__)
	return s != TSOB_HWTSO;
#else
	return s == TSOB_PLAIN;
#endif
}

static void test_registry_shape(void **ctx)
{
	const char *names[64];
	size_t nnames = 0, entries = 0;

	(void)ctx;
	for (const struct tsob_kernel *const *p = tsob_registry; *p; p++, entries++) {
		const struct tsob_kernel *k = *p;
		size_t i;

		assert_non_null(k->name);
		assert_true(k->stands_for && k->stands_for[0] && strlen(k->stands_for) < 100);
		assert_null(strchr(k->stands_for, '\n'));
		assert_true(k->unit && k->unit[0]);
		assert_true(k->size_unit && k->size_unit[0]);
		assert_true(is_object_strategy(k->strategy));
		assert_true(k->min_threads >= 1 && k->min_threads <= k->max_threads);
		assert_true(k->quick_size > 0 && k->quick_size <= k->default_size);
		assert_true(k->create && k->reset && k->run && k->verify && k->ops && k->destroy &&
			    k->corrupt);
		for (i = 0; i < nnames && strcmp(names[i], k->name) != 0; i++)
			;
		if (i == nnames) {
			assert_true(nnames < 64);
			names[nnames++] = k->name;
		}
		assert_ptr_equal(tsob_registry_find(k->name, k->strategy), k);
	}
	assert_true(nnames >= 12);
	for (size_t i = 0; i < nnames; i++) {
		for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
			const struct tsob_kernel *k = tsob_registry_find(names[i], s);

			if (s == TSOB_HWTSO)
				assert_ptr_equal(k, tsob_registry_find(names[i], TSOB_PLAIN));
			else if (is_object_strategy(s))
				assert_non_null(k);
			else
				assert_null(k);
		}
	}
	assert_null(tsob_registry_find("no-such-kernel", TSOB_PLAIN));
	assert_null(tsob_registry_find(NULL, TSOB_PLAIN));
	print_message("[   INFO   ] %zu kernels, %zu objects, locked RMW: %s\n", nnames, entries,
		      tsob_rmw_kind());
}

static void test_create_rejects_size_zero(void **ctx)
{
	(void)ctx;
	for (const struct tsob_kernel *const *p = tsob_registry; *p; p++) {
		struct tsob_kconf conf = {.size = 0, .threads = (*p)->min_threads};

		errno = 0;
		assert_null((*p)->create(&conf));
		assert_int_equal(errno, EINVAL);
	}
}

static void test_strategies(void **ctx)
{
	char why[160];

	(void)ctx;
	for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
		assert_int_equal(tsob_strategy_lookup(tsob_strategies[s].name), s);
		assert_non_null(tsob_strategies[s].emitted_by);
	}
	assert_int_equal(tsob_strategy_lookup("tso"), -1);
	assert_int_equal(tsob_strategy_lookup(NULL), -1);
	assert_int_equal(tsob_strategy_supported(TSOB_PLAIN, why, sizeof(why)), 1);
	assert_string_equal(why, "");
#if defined(__aarch64__)
	unsigned long hwcap = getauxval(AT_HWCAP);

	assert_int_equal(tsob_strategy_supported(TSOB_LDAR, why, sizeof(why)), 1);
	assert_int_equal(tsob_strategy_supported(TSOB_DMB, why, sizeof(why)), 1);
	assert_int_equal(tsob_strategy_supported(TSOB_HWTSO, why, sizeof(why)), 1);
	assert_int_equal(tsob_strategy_supported(TSOB_LDAPR, why, sizeof(why)),
			 !!(hwcap & HWCAP_LRCPC));
	if (!(hwcap & HWCAP_LRCPC))
		assert_non_null(strstr(why, "FEAT_LRCPC"));
	assert_int_equal(tsob_strategy_supported(TSOB_LDAPUR, why, sizeof(why)),
			 !!(hwcap & HWCAP_ILRCPC));
	if (!(hwcap & HWCAP_ILRCPC))
		assert_non_null(strstr(why, "FEAT_LRCPC2"));
	assert_string_equal(tsob_rmw_kind(), hwcap & HWCAP_ATOMICS ? "lse" : "llsc");
#else
	for (int s = TSOB_LDAR; s < TSOB_NR_STRATEGIES; s++) {
		assert_int_equal(tsob_strategy_supported(s, why, sizeof(why)), 0);
		assert_non_null(strstr(why, "not applicable on x86-64"));
	}
	assert_string_equal(tsob_rmw_kind(), "x86-lock");
#endif
}

static void test_cell_failed(void **ctx)
{
	struct tsob_verdict clean = {.violations = 0}, seen = {.violations = 3};

	(void)ctx;
	assert_int_equal(tsob_cell_failed(TSOB_PLAIN, 0, &clean), 0);
	assert_int_equal(tsob_cell_failed(TSOB_PLAIN, 0, &seen), 0);
	assert_int_equal(tsob_cell_failed(TSOB_PLAIN, 1, &clean), 1);
	assert_int_equal(tsob_cell_failed(TSOB_HWTSO, 0, &clean), 0);
	assert_int_equal(tsob_cell_failed(TSOB_HWTSO, 0, &seen), 1); /* TSO was on */
	assert_int_equal(tsob_cell_failed(TSOB_LDAPR, 0, &seen), 1);
	assert_int_equal(tsob_cell_failed(TSOB_DMB, 1, &clean), 1);
}

int main(void)
{
	size_t n = 0, i = 0;
	struct CMUnitTest *tests;
	char(*names)[64];
	int rc;

	while (tsob_registry[n])
		n++;
	tests = calloc(n + 4, sizeof(*tests));
	names = calloc(n, sizeof(*names));
	if (!tests || !names)
		return 1;
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_strategies);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_registry_shape);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_create_rejects_size_zero);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_cell_failed);
	for (size_t e = 0; e < n; e++, i++) {
		const struct tsob_kernel *k = tsob_registry[e];

		snprintf(names[e], sizeof(names[e]), "%s/%s", k->name,
			 tsob_strategies[k->strategy].name);
		tests[i] = (struct CMUnitTest){
			.name = names[e],
			.test_func = test_entry,
			.initial_state = (void *)k,
		};
	}
	rc = _cmocka_run_group_tests("workloads", tests, i, NULL, NULL);
	free(tests);
	free(names);
	return rc;
}
