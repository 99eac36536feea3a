// SPDX-License-Identifier: MIT
/*
 * workloads/seq: the table's shape; which rows this CPU can run (checked
 * against the HWCAPs read here, independently of cpu.c); every available row
 * measured with the clock probe and giving a finite, positive time per copy
 * (the unavailable ones refused with a reason, never a SIGILL); the
 * measurement core's checks, hooks and error paths.
 *
 * Usage: test_seq [--expect-no-lrcpc-lse]
 * The option (the cortex-a57 run) also asserts that the CPU really lacks
 * LRCPC and LSE, so the refusals were exercised.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <cmocka.h>

#include "tsob/seq.h"
#include "tsob/mem_model.h"
#include "tsob/strategy.h"

#if defined(__aarch64__)
#include <sys/auxv.h>
#endif

#define TEST_U 16
#define TEST_REPS 5
/* Enough that the 2u call outlasts the u call by far more than the clock's
 * noise on this shared machine: fewer under emulation, which is ~20x slower. */
#define TEST_ITERS 20000
#define TEST_ITERS_EMULATED 2000

static int expect_no_lrcpc_lse;

/* What the HWCAPs say about a row, worked out here rather than by cpu.c. */
static int hwcaps_allow(const struct tsob_seq *row)
{
#if defined(__aarch64__)
	unsigned long hw = getauxval(AT_HWCAP);
	int lrcpc = (hw & (1UL << 15)) != 0, ilrcpc = (hw & (1UL << 26)) != 0;
	int lse = (hw & (1UL << 8)) != 0;

	if (row->strategy == TSOB_LDAPR && !lrcpc)
		return 0;
	if (row->strategy == TSOB_LDAPUR && !ilrcpc)
		return 0;
	if ((row->needs & TSOB_SEQ_NEED_LRCPC) && !lrcpc)
		return 0;
	if ((row->needs & TSOB_SEQ_NEED_LRCPC2) && !ilrcpc)
		return 0;
	if ((row->needs & TSOB_SEQ_NEED_LSE) && !lse)
		return 0;
	if ((row->needs & TSOB_SEQ_NEED_NO_LSE) && lse)
		return 0;
	return 1;
#else
	return row->needs == 0 && (row->strategy < 0 || row->strategy == TSOB_PLAIN);
#endif
}

/* qemu-user shows the host's /proc/cpuinfo: an arm64 binary seeing x86's vendor_id. */
static int emulated(void)
{
#if defined(__aarch64__)
	char line[256];
	int x86 = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && !x86 && fgets(line, sizeof(line), f))
		x86 = strncmp(line, "vendor_id", 9) == 0;
	if (f)
		fclose(f);
	return x86;
#else
	return 0;
#endif
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void test_table_shape(void **unused)
{
	size_t n = tsob_seq_count();
	char text[512];

	assert_true(n >= 15);
	assert_null(tsob_seq_at(n));
	assert_null(tsob_seq_find("no-such-sequence"));
	for (size_t i = 0; i < n; i++) {
		const struct tsob_seq *row = tsob_seq_at(i);

		assert_non_null(row);
		assert_true(row->name[0] && row->group[0] && row->insns[0] && row->stands_for[0]);
		assert_ptr_equal(tsob_seq_find(row->name), row);
		assert_true(row->count >= 1);
		assert_true(row->form == TSOB_SEQ_LATENCY || row->form == TSOB_SEQ_THROUGHPUT);
		for (int k = 0; k < TSOB_SEQ_NR_UNROLLS; k++)
			assert_non_null(row->fn[k]);
		/* Rows from the access layer say which strategy emitted them. */
		assert_int_equal(row->strategy >= 0, strcmp(row->group, "x86-op") == 0);
		tsob_seq_format_insns(row, text, sizeof(text));
		assert_null(strstr(text, "%x["));
		assert_null(strstr(text, "%w["));
		assert_null(strstr(text, "%["));
	}
	/* Every kind the issue names is there. */
#if defined(__aarch64__)
	const char *must[] = {"ldr_lat",
			      "ldar_tput",
			      "ldapr_lat",
			      "ldapur_lat",
			      "stlur",
			      "stlr_ldar",
			      "stlr_ldapr",
			      "dmb_ishld",
			      "str_dmb_ish",
			      "ldr_dmb_ishld",
			      "ldaddal",
			      "casal",
			      "ldaxr_stlxr_add",
			      "x86_mov_load_lat.ldapur",
			      "x86_mov_store.dmb",
			      "x86_lock_xadd.lse",
			      "x86_lock_xadd.llsc"};
#else
	const char *must[] = {"mov_load_lat",
			      "mov_store",
			      "mfence",
			      "lock_add",
			      "xchg",
			      "lock_cmpxchg",
			      "x86_mov_load_lat.plain",
			      "x86_lock_xadd.plain"};
#endif
	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++)
		assert_non_null(tsob_seq_find(must[i]));
}

static void test_availability_matches_hwcaps(void **unused)
{
	/* What the refused rows needed; an ldapr-strategy row counts as LRCPC. */
	unsigned refused_needs = 0;
	char why[160];

	for (size_t i = 0; i < tsob_seq_count(); i++) {
		const struct tsob_seq *row = tsob_seq_at(i);
		int ok = tsob_seq_available(row, 0, why, sizeof(why));

		if (ok != hwcaps_allow(row))
			fail_msg("%s: available %d, HWCAPs say %d (%s)", row->name, ok,
				 hwcaps_allow(row), why);
		assert_int_equal(ok, why[0] == '\0');
		if (!ok)
			refused_needs |=
			    row->needs | (row->strategy == TSOB_LDAPR ? TSOB_SEQ_NEED_LRCPC : 0);
	}
	if (expect_no_lrcpc_lse) {
		assert_true(refused_needs & TSOB_SEQ_NEED_LRCPC);
		assert_true(refused_needs & TSOB_SEQ_NEED_LSE);
		assert_non_null(tsob_seq_find("x86_mov_load_lat.ldapr"));
		assert_int_equal(
		    tsob_seq_available(tsob_seq_find("x86_mov_load_lat.ldapr"), 0, NULL, 0), 0);
		assert_int_equal(
		    tsob_seq_available(tsob_seq_find("x86_lock_xadd.llsc"), 0, NULL, 0), 1);
	}
}

/* One row measured with the clock. The figure: the fastest u call subtracted
 * from the fastest 2u call, per copy. Noise on a shared machine only ever
 * adds time, so minima resist it where per-repetition differences do not. */
static void measure_row(const struct tsob_seq *row, uint64_t iters, double *figure, double *median)
{
	struct tsob_seq_conf conf = {.u = TEST_U, .iters = iters, .reps = TEST_REPS, .warmup = 1};
	struct tsob_seq_sample s[TEST_REPS];
	struct tsob_seq_clock clock;
	struct tsob_seq_probe probe;
	double per[TEST_REPS];
	uint64_t min_u = UINT64_MAX, min_2u = UINT64_MAX;
	char why[160];
	int rc;

	tsob_seq_clock_probe(&probe, &clock);
	rc = tsob_seq_measure(row, &conf, &probe, NULL, s, why, sizeof(why));
	if (rc)
		fail_msg("%s: %d (%s)", row->name, rc, why);
	for (int r = 0; r < TEST_REPS; r++) {
		double want = ((double)s[r].raw_2u[0] - (double)s[r].raw_u[0]) /
			      ((double)TEST_U * (double)iters);

		assert_true(s[r].raw_u[0] > 0 && s[r].raw_2u[0] > 0);
		assert_true(s[r].per_copy[0] == want);
		per[r] = s[r].per_copy[0];
		min_u = s[r].raw_u[0] < min_u ? s[r].raw_u[0] : min_u;
		min_2u = s[r].raw_2u[0] < min_2u ? s[r].raw_2u[0] : min_2u;
	}
	qsort(per, TEST_REPS, sizeof(per[0]), cmp_double);
	*median = per[TEST_REPS / 2];
	*figure = ((double)min_2u - (double)min_u) / ((double)TEST_U * (double)iters);
}

static void test_every_row_runs(void **unused)
{
	char why[160], text[512];
	int bad = 0, emu = emulated();

	printf("# host timings (x86-64 here, or arm64 emulated by qemu-user): not arm64 costs\n");
	printf("# %-26s %-10s %5s %10s %10s %10s  %s\n", "row", "form", "insns", "ns/copy",
	       "ns/insn", "median", "instructions");
	for (size_t i = 0; i < tsob_seq_count(); i++) {
		const struct tsob_seq *row = tsob_seq_at(i);
		double figure, median;

		tsob_seq_format_insns(row, text, sizeof(text));
		if (!tsob_seq_available(row, 0, why, sizeof(why))) {
			struct tsob_seq_conf conf = {.u = TEST_U, .iters = 1, .reps = 1};
			struct tsob_seq_sample s = {0};
			struct tsob_seq_clock clock;
			struct tsob_seq_probe probe;
			char why2[160];

			tsob_seq_clock_probe(&probe, &clock);
			assert_int_equal(
			    tsob_seq_measure(row, &conf, &probe, NULL, &s, why2, sizeof(why2)),
			    -EOPNOTSUPP);
			assert_string_equal(why, why2);
			printf("# %-26s unavailable: %s\n", row->name, why);
			continue;
		}
		measure_row(row, emu ? TEST_ITERS_EMULATED : TEST_ITERS, &figure, &median);
		printf("# %-26s %-10s %5u %10.3f %10.3f %10.3f  %s\n", row->name,
		       tsob_seq_form_name(row->form), row->count, figure, figure / row->count,
		       median, text);
		/* QEMU's TCG on an x86 host turns DMB ISHLD/ISHST into nothing and merges
		 * adjacent DMB ISH: there, a barrier has no emulated time to measure. */
		if (isfinite(figure) && figure <= 0 && emu && strstr(row->insns, "dmb")) {
			printf("# %-26s emulated: QEMU elides or merges these DMBs, nothing to "
			       "time\n",
			       row->name);
			continue;
		}
		if (!isfinite(figure) || figure <= 0) {
			printf("# %-26s FAIL: %g ns per copy, not finite and positive\n", row->name,
			       figure);
			bad++;
		}
	}
	printf("# (%s)\n", TSOB_SEQ_CLOCK_NOTE);
	assert_int_equal(bad, 0);
}

static void test_bad_conf(void **unused)
{
	const struct tsob_seq *row = tsob_seq_at(0);
	struct tsob_seq_conf good = {.u = 8, .iters = 1, .reps = 1};
	struct tsob_seq_conf bad[] = {
	    {.u = 7, .iters = 1, .reps = 1},
	    {.u = 64, .iters = 1, .reps = 1},
	    {.u = 16, .iters = 0, .reps = 1},
	    {.u = 16, .iters = 1, .reps = 0},
	};
	struct tsob_seq_sample s;
	struct tsob_seq_clock clock;
	struct tsob_seq_probe probe, none = {0};
	char why[160];

	tsob_seq_clock_probe(&probe, &clock);
	assert_string_equal(probe.names[0], "ns");
	assert_string_equal(probe.note, "time per instruction, no cycle counter");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		assert_int_equal(tsob_seq_measure(row, &bad[i], &probe, NULL, &s, why, sizeof(why)),
				 -EINVAL);
		assert_true(why[0] != '\0');
	}
	assert_int_equal(tsob_seq_measure(row, &good, &none, NULL, &s, why, sizeof(why)), -EINVAL);
	assert_int_equal(tsob_seq_measure(row, &good, NULL, NULL, &s, why, sizeof(why)), -EINVAL);
	assert_int_equal(tsob_seq_measure(NULL, &good, &probe, NULL, &s, why, sizeof(why)),
			 -EINVAL);
	assert_int_equal(tsob_seq_measure(row, &good, &probe, NULL, &s, NULL, 0), 0);
}

/* A probe whose reading fails: the failure comes back, with a reason. */
static int failing_start(void *ctx)
{
	return 0;
}

static int failing_stop(void *ctx, uint64_t *values)
{
	return -EIO;
}

static void test_probe_failure(void **unused)
{
	struct tsob_seq_conf conf = {.u = 8, .iters = 1, .reps = 2};
	struct tsob_seq_probe probe = {
	    .nr = 1, .names = {"x"}, .start = failing_start, .stop = failing_stop};
	struct tsob_seq_sample s[2];
	char why[160];

	assert_int_equal(tsob_seq_measure(tsob_seq_at(0), &conf, &probe, NULL, s, why, sizeof(why)),
			 -EIO);
	assert_non_null(strstr(why, "probe"));
}

/* The thread-setup hook: on a thread of its own, with the TSO flag; the
 * prctl here is the proposed PR_SET_MEM_MODEL (values from BACKGROUND.md). */
struct hook_state {
	pthread_t caller;
	int setups, teardowns, tso_seen, other_thread;
};

static int tso_setup(void *ctx, int tso, char *why, size_t len)
{
	struct hook_state *h = ctx;

	h->setups++;
	h->tso_seen = tso;
	h->other_thread = !pthread_equal(pthread_self(), h->caller);
	if (tso && prctl(PR_SET_MEM_MODEL, PR_SET_MEM_MODEL_TSO, 0, 0, 0) != 0) {
		snprintf(why, len, "hook: PR_SET_MEM_MODEL(TSO) refused: %s", strerror(errno));
		return -EOPNOTSUPP;
	}
	return 0;
}

static void tso_teardown(void *ctx)
{
	((struct hook_state *)ctx)->teardowns++;
}

static void test_tso_flag_and_hooks(void **unused)
{
	const struct tsob_seq *row = tsob_seq_at(0);
	struct tsob_seq_conf conf = {.u = 8, .iters = 10, .reps = 1, .tso = 1};
	struct hook_state h = {.caller = pthread_self()};
	struct tsob_seq_hooks hooks = {tso_setup, tso_teardown, &h};
	struct tsob_seq_sample s;
	struct tsob_seq_clock clock;
	struct tsob_seq_probe probe;
	char why[160];
	int rc;

	tsob_seq_clock_probe(&probe, &clock);
	/* Without a hook nothing can enter TSO: unavailable, with the reason. */
	assert_int_equal(tsob_seq_measure(row, &conf, &probe, NULL, &s, why, sizeof(why)),
			 -EOPNOTSUPP);
	assert_true(why[0] != '\0');
	rc = tsob_seq_measure(row, &conf, &probe, &hooks, &s, why, sizeof(why));
#if defined(__x86_64__)
	assert_int_equal(rc, -EOPNOTSUPP); /* x86 is always TSO: the flag does not apply */
	assert_non_null(strstr(why, "x86-64"));
	assert_int_equal(h.setups, 0);
#else
	assert_int_equal(h.setups, 1);
	assert_true(h.tso_seen && h.other_thread);
	if (rc == 0) { /* a kernel and CPU that grant TSO */
		assert_int_equal(h.teardowns, 1);
	} else {
		assert_int_equal(rc, -EOPNOTSUPP);
		assert_non_null(strstr(why, "hook: PR_SET_MEM_MODEL"));
		assert_int_equal(h.teardowns, 0);
	}
#endif
	/* Without TSO the hook still runs, on the measuring thread, and tears down. */
	conf.tso = 0;
	h = (struct hook_state){.caller = pthread_self()};
	assert_int_equal(tsob_seq_measure(row, &conf, &probe, &hooks, &s, why, sizeof(why)), 0);
	assert_int_equal(h.setups, 1);
	assert_int_equal(h.teardowns, 1);
	assert_true(h.other_thread && !h.tso_seen);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_shape),
	    cmocka_unit_test(test_availability_matches_hwcaps),
	    cmocka_unit_test(test_bad_conf),
	    cmocka_unit_test(test_probe_failure),
	    cmocka_unit_test(test_tso_flag_and_hooks),
	    cmocka_unit_test(test_every_row_runs),
	};

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--expect-no-lrcpc-lse") == 0) {
			expect_no_lrcpc_lse = 1;
		} else {
			fprintf(stderr, "test_seq: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
