// SPDX-License-Identifier: MIT
/*
 * Change-point detection (analysis/changepoint*.c), built from those files
 * alone (libc and libm only): Q-hat by hand and against brute force, the t
 * CDF against tables, seeded synthetic series with 1% Gaussian noise (steps,
 * stationary noise, spikes against min_segment), appends that give exactly a
 * full recompute's result, bad input.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "changepoint.h"
#include "changepoint_internal.h"
#include "synth.h"

#define MAXN 1000

static size_t detect(const double *x, size_t n, const struct tsob_cp_opts *o, struct tsob_cp **cp)
{
	size_t k = 99;

	assert_int_equal(tsob_cp_detect(x, n, o, cp, &k), 0);
	assert_true(k == 0 || *cp);
	return k;
}

static bool near(size_t index, size_t at, size_t tol)
{
	return index + tol >= at && index <= at + tol;
}

/*
 * x = {0, 1, 3, 10, 12}; sums over |differences|.
 * tau = 2, kappa = 5: X = {0, 1}, Y = {3, 10, 12}, n = 2, m = 3.
 *   between: 3 + 10 + 12 + 2 + 9 + 11 = 47, times 2/(mn) = 2/6: 47/3
 *   within X: |0-1| = 1 over C(2,2) = 1: 1
 *   within Y: 7 + 9 + 2 = 18 over C(3,2) = 3: 6
 *   E = 47/3 - 1 - 6 = 26/3; Q = mn/(m+n) E = 6/5 * 26/3 = 52/5.
 * tau = 2, kappa = 4: X = {0, 1}, Y = {3, 10}:
 *   between 3 + 10 + 2 + 9 = 24, times 2/4: 12; within X 1; within Y 7;
 *   E = 4; Q = 4/4 * 4 = 4.
 * tau = 1, kappa = 3: X = {0} (no pairs: 0), Y = {1, 3}:
 *   between 1 + 3 = 4, times 2/2: 4; within Y |1-3| = 2; E = 2; Q = 2/3 * 2 = 4/3.
 */
static void test_ediv_stat_by_hand(void **state)
{
	const double x[] = {0, 1, 3, 10, 12};

	assert_true(fabs(tsob_cp_ediv_stat(x, 5, 2, 5) - 52.0 / 5) < 1e-12);
	assert_true(fabs(tsob_cp_ediv_stat(x, 5, 2, 4) - 4.0) < 1e-12);
	assert_true(fabs(tsob_cp_ediv_stat(x, 5, 1, 3) - 4.0 / 3) < 1e-12);
}

/* The fast search finds the maximum of the direct statistic over every admissible pair. */
static void test_ediv_best_is_the_maximum(void **state)
{
	struct synth_rng r = {11};
	double x[40];

	for (size_t n = 2; n <= 40; n += 3) {
		for (size_t m = 1; 2 * m <= n; m += 2) {
			double q, best = -INFINITY;
			size_t tau, want = 0;

			for (size_t i = 0; i < n; i++)
				x[i] = (i > n / 3 ? 3 : 0) + synth_normal(&r);
			for (size_t t = m; t + m <= n; t++)
				for (size_t k = t + m; k <= n; k++)
					if (!want || tsob_cp_ediv_stat(x, n, t, k) >
							 best + 1e-9 * fabs(best)) {
						best = tsob_cp_ediv_stat(x, n, t, k);
						want = t;
					}
			assert_int_equal(tsob_cp_ediv_best(x, n, m, &tau, &q), 0);
			assert_true(fabs(q - best) <= 1e-9 * fabs(best));
			assert_int_equal(tau, want);
		}
	}
}

/* Quantiles from printed tables (to 9 digits); df 1 and 2 have closed forms. */
static void test_t_cdf(void **state)
{
	static const struct {
		double t, df, p;
	} table[] = {
	    {2.228138852, 10, 0.975}, {3.169272667, 10, 0.995},	  {2.042272456, 30, 0.975},
	    {4.032142984, 5, 0.995},  {1.962339081, 1000, 0.975}, {3.849516273, 20, 0.9995},
	    {2.353363435, 3, 0.95},
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		assert_true(fabs(tsob_cp_t_cdf(table[i].t, table[i].df) - table[i].p) < 1e-8);
		assert_true(fabs(tsob_cp_t_cdf(-table[i].t, table[i].df) - (1 - table[i].p)) <
			    1e-8);
	}
	for (double t = -30; t <= 30; t += 0.7) {
		double cauchy = 0.5 + atan(t) / M_PI, df2 = 0.5 + t / (2 * sqrt(2 + t * t));

		assert_true(fabs(tsob_cp_t_cdf(t, 1) - cauchy) < 1e-12);
		assert_true(fabs(tsob_cp_t_cdf(t, 2) - df2) < 1e-12);
	}
	assert_true(tsob_cp_t_cdf(0, 7) == 0.5);
	assert_true(tsob_cp_t_cdf(INFINITY, 3) == 1 && tsob_cp_t_cdf(-INFINITY, 3) == 0);
	/* Far tails stay relative-accurate: P(T <= -50) at df 100 is about 1.6e-72. */
	assert_true(tsob_cp_t_cdf(-50, 100) > 0 && tsob_cp_t_cdf(-50, 100) < 1e-70);
}

/*
 * {1, 3} against {5, 7}: means 2 and 6, squared deviations 2 + 2, df 2,
 * pooled variance 2, t = 4 / sqrt(2 (1/2 + 1/2)) = 2 sqrt(2); for df 2 the
 * two-sided p is 1 - t / sqrt(2 + t^2) = 1 - 2 / sqrt(5).
 */
static void test_ttest_by_hand(void **state)
{
	const double x[] = {1, 3, 5, 7}, flat[] = {4, 4, 4, 4, 4}, steps[] = {4, 4, 4, 5, 5};
	double mb, ma;

	assert_true(fabs(tsob_cp_ttest(x, 0, 2, 4, &mb, &ma) - (1 - 2 / sqrt(5))) < 1e-12);
	assert_true(mb == 2 && ma == 6);
	/* Constant sides compare exactly: equal is p = 1, different is p = 0. */
	assert_true(tsob_cp_ttest(flat, 0, 2, 5, NULL, NULL) == 1);
	assert_true(tsob_cp_ttest(steps, 0, 3, 5, NULL, NULL) == 0);
	assert_true(tsob_cp_ttest(x, 0, 1, 2, NULL, NULL) == 1); /* df 0 */
}

/* The case: 120 points, 1% noise, +5% from 60 on. */
static void test_step(void **state)
{
	struct tsob_cp_opts o;
	struct tsob_cp *cp;
	double x[120];
	size_t k, found = 0, exactly = 0, seeds = 500;

	tsob_cp_opts_default(&o);
	synth_step(1, x, 120, 60, 0.05);
	k = detect(x, 120, &o, &cp);
	assert_int_equal(k, 1);
	assert_true(near(cp[0].index, 60, 2));
	assert_true(cp[0].pvalue < 1e-6 && fabs(cp[0].magnitude - 0.05) < 0.01);
	assert_true(fabs(cp[0].mean_before - 100) < 1 && fabs(cp[0].mean_after - 105) < 1);
	free(cp);
	/* Over many seeds: always found; an extra one only as often as on stationary data. */
	for (uint64_t s = 0; s < seeds; s++) {
		bool hit = false;

		synth_step(1000 + s, x, 120, 60, 0.05);
		k = detect(x, 120, &o, &cp);
		for (size_t i = 0; i < k; i++)
			hit |= near(cp[i].index, 60, 2);
		found += hit;
		exactly += hit && k == 1;
		free(cp);
	}
	printf("+5%% step at 60 of 120: found in %zu/%zu seeds, alone in %zu\n", found, seeds,
	       exactly);
	assert_int_equal(found, seeds);
	assert_true(exactly >= seeds * 95 / 100);
}

static size_t stationary_with_cps(uint64_t seed0, size_t seeds)
{
	struct tsob_cp_opts o;
	double x[200];
	size_t with = 0;

	tsob_cp_opts_default(&o);
	for (uint64_t s = 0; s < seeds; s++) {
		struct tsob_cp *cp;

		synth_step(seed0 + s, x, 200, 200, 0);
		with += detect(x, 200, &o, &cp) > 0;
		free(cp);
	}
	return with;
}

/*
 * The 100 stationary series, and a large sample for the rate: the
 * t-test's p-value is taken after the search chose the split, so the
 * false-alarm rate per series is well above max_pvalue and grows with length
 * (about 1.2% for 200 points with the defaults, 4.5% with min_segment 1).
 */
static void test_stationary(void **state)
{
	size_t few = stationary_with_cps(5000, 100), many = stationary_with_cps(100000, 5000);

	printf("stationary 200 points: %zu/100 with a change point; %zu/5000 (%.2f%%)\n", few, many,
	       100.0 * (double)many / 5000);
	assert_true(few <= 5);
	assert_true(many <= 250);
}

/* Count of series (of @seeds) with a change point within 2 of @at. */
static size_t spike_reports(size_t min_segment, size_t at, size_t width, size_t seeds)
{
	struct tsob_cp_opts o;
	double x[120];
	size_t reported = 0;

	tsob_cp_opts_default(&o);
	o.min_segment = min_segment;
	for (uint64_t s = 0; s < seeds; s++) {
		struct tsob_cp *cp;
		size_t k;
		bool hit = false;

		synth_step(7000 + s, x, 120, 120, 0);
		for (size_t i = at; i < at + width; i++)
			x[i] *= 1.2;
		k = detect(x, 120, &o, &cp);
		for (size_t i = 0; i < k; i++)
			hit |= near(cp[i].index, at, 2);
		reported += hit;
		free(cp);
	}
	return reported;
}

/*
 * A single +20% sample (20 sigma). With min_segment 1 it may be a segment of
 * its own, reported as change points at it and after it when the split
 * step's t-test over the interval around it accepts (most seeds, not all).
 * With the default 2, and 3, never, the ends included. Two outliers in a row
 * are reported with 2; with 3 not in mid-history, but at the tip still (2 of
 * the last 3 points).
 */
static void test_spikes(void **state)
{
	static const size_t where[] = {0, 1, 2, 3, 40, 70, 116, 117, 118, 119};
	struct tsob_cp_opts o;
	struct tsob_cp *cp;
	double x[120];
	size_t k, one = spike_reports(1, 70, 1, 50), two = spike_reports(2, 70, 2, 50);
	size_t tip = spike_reports(3, 118, 2, 50);

	tsob_cp_opts_default(&o);
	o.min_segment = 1;
	synth_step(7000, x, 120, 120, 0); /* the first of spike_reports()'s seeds */
	x[70] *= 1.2;
	k = detect(x, 120, &o, &cp);
	assert_int_equal(k, 2);
	assert_true(cp[0].index == 70 && cp[1].index == 71);
	assert_true(cp[0].magnitude > 0.15 && cp[1].magnitude < -0.15);
	free(cp);
	printf("reported in 50 seeds: one +20%% sample with min_segment 1: %zu; two in a row "
	       "with 2: %zu, at the tip with 3: %zu\n",
	       one, two, tip);
	assert_true(one > 25 && two > 25 && tip > 25);
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		assert_int_equal(spike_reports(2, where[i], 1, 50), 0);
		assert_int_equal(spike_reports(3, where[i], 1, 50), 0);
	}
	assert_int_equal(spike_reports(3, 70, 2, 50), 0);
}

/* What 'history check' waits for: +5% in the last 4 of 64 runs, found where it starts. */
static void test_step_at_tip(void **state)
{
	struct tsob_cp_opts o;
	double x[64];
	size_t found = 0;

	tsob_cp_opts_default(&o);
	for (uint64_t s = 0; s < 200; s++) {
		struct tsob_cp *cp;
		size_t k;

		synth_step(9000 + s, x, 64, 60, 0.05);
		k = detect(x, 64, &o, &cp);
		found += k && near(cp[k - 1].index, 60, 1) && cp[k - 1].magnitude > 0.03;
		free(cp);
	}
	printf("+5%% in the last 4 of 64: found in %zu/200 seeds\n", found);
	assert_true(found >= 190);
}

/* Steps 650 points apart, across many windows, and nothing else. */
static void test_two_steps(void **state)
{
	struct tsob_cp_opts o;
	struct tsob_cp *cp;
	double x[MAXN];
	size_t k;

	tsob_cp_opts_default(&o);
	synth_step(31, x, MAXN, 300, 0.05);
	for (size_t i = 950; i < MAXN; i++)
		x[i] *= 0.9;
	k = detect(x, MAXN, &o, &cp);
	assert_int_equal(k, 2);
	assert_true(near(cp[0].index, 300, 2) && near(cp[1].index, 950, 2));
	assert_true(cp[1].magnitude < -0.05);
	free(cp);
}

/* Noise-free counts (instructions under qemu -icount): exact steps, nothing else. */
static void test_exact_counts(void **state)
{
	struct tsob_cp_opts o;
	struct tsob_cp *cp;
	double x[200];

	tsob_cp_opts_default(&o);
	for (size_t i = 0; i < 200; i++)
		x[i] = i % 7 == 3 ? 1001 : 1000;
	assert_int_equal(detect(x, 200, &o, &cp), 0);
	for (size_t i = 0; i < 200; i++)
		x[i] = i < 50 ? 1000 : i < 120 ? 1003 : 1001;
	assert_int_equal(detect(x, 200, &o, &cp), 2);
	assert_true(cp[0].index == 50 && cp[0].pvalue == 0 && cp[0].mean_after == 1003);
	assert_true(cp[1].index == 120 && cp[1].pvalue == 0 && cp[1].mean_after == 1001);
	free(cp);
}

/* Candidates one point apart (as two windows may give): the merge keeps the right one. */
static void test_merge_near_candidates(void **state)
{
	static const size_t cand[] = {58, 59, 60, 61};
	struct tsob_cp_opts o;
	struct tsob_cp *cp;
	double x[120];
	size_t k;

	tsob_cp_opts_default(&o);
	synth_step(3, x, 120, 60, 0.05);
	assert_int_equal(tsob_cp_merge(x, 120, cand, 4, &o, &cp, &k), 0);
	assert_int_equal(k, 1);
	assert_int_equal(cp[0].index, 60);
	free(cp);
}

static void assert_same(const struct tsob_cp *a, size_t na, const struct tsob_cp *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(a[i].index, b[i].index);
		assert_true(a[i].pvalue == b[i].pvalue && a[i].magnitude == b[i].magnitude);
		assert_true(a[i].mean_before == b[i].mean_before);
		assert_true(a[i].mean_after == b[i].mean_after);
	}
}

/* tsob_cp_update() gives what tsob_cp_detect() gives on x[0..n); returns the windows searched. */
static size_t update_checked(struct tsob_cp_state *st, const double *x, size_t n,
			     const struct tsob_cp_opts *o)
{
	struct tsob_cp *a, *b;
	size_t na, nb;

	assert_int_equal(tsob_cp_update(st, x, n, o, &a, &na), 0);
	nb = detect(x, n, o, &b);
	assert_same(a, na, b, nb);
	assert_int_equal(st->n, n);
	free(a);
	free(b);
	return st->searched;
}

/* Appending one point at a time: the same as a full recompute, one window searched. */
static void test_append_equals_recompute(void **state)
{
	static const size_t windows[] = {50, 20, 7};
	double x[400];

	for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
		for (uint64_t seed = 1; seed <= 8; seed++) {
			struct tsob_cp_state st = TSOB_CP_STATE_INIT;
			struct tsob_cp_opts o;

			tsob_cp_opts_default(&o);
			o.window = windows[w];
			synth_walk(seed, x, 400, 0.02, 0.05, 0.01);
			for (size_t n = 0; n <= 400; n++)
				assert_int_equal(update_checked(&st, x, n, &o), n ? 1 : 0);
			tsob_cp_state_release(&st);
		}
	}
}

/*
 * Several points at once; a state restored from a store; then a changed
 * history, garbled state, other options or a shorter series: each still
 * gives a full recompute's result, searching every window when it must.
 */
static void test_append_many_and_stale(void **state)
{
	const size_t all = (MAXN - 50 + 24) / 25 + 1;
	struct tsob_cp_state st = TSOB_CP_STATE_INIT, restored;
	struct tsob_cp_opts o;
	size_t n = 0;
	double x[MAXN];

	tsob_cp_opts_default(&o);
	synth_walk(77, x, MAXN, 0.02, 0.05, 0.01);
	while (n < MAXN - 1) {
		n = n + 37 < MAXN - 1 ? n + 37 : MAXN - 1;
		update_checked(&st, x, n, &o);
	}
	assert_true(st.nwin > 30 && st.ncand > 0);
	restored = st;
	restored.cand = malloc(st.ncand * sizeof(*st.cand));
	assert_non_null(restored.cand);
	memcpy(restored.cand, st.cand, st.ncand * sizeof(*st.cand));
	assert_int_equal(update_checked(&restored, x, MAXN, &o), 1);
	restored.cand[restored.ncand / 2] = MAXN + 5;
	assert_int_equal(update_checked(&restored, x, MAXN, &o), all);
	tsob_cp_state_release(&restored);
	x[10] *= 2; /* under a complete window */
	assert_int_equal(update_checked(&st, x, MAXN, &o), all);
	o.min_segment = 3;
	assert_int_equal(update_checked(&st, x, MAXN, &o), all);
	assert_int_equal(update_checked(&st, x, 500, &o), (500 - 50 + 24) / 25 + 1);
	tsob_cp_state_release(&st);
	assert_null(st.cand);
}

static void test_bad_input(void **state)
{
	/* Each row breaks one rule of struct tsob_cp_opts. */
	static const struct tsob_cp_opts bad[] = {
	    {.window = 3, .max_pvalue = 0.001, .min_segment = 1},
	    {.window = 50, .max_pvalue = 0.001, .min_segment = 0},
	    {.window = 50, .max_pvalue = 0.001, .min_segment = 26},
	    {.window = 50, .max_pvalue = 0, .min_segment = 3},
	    {.window = 50, .max_pvalue = 1.5, .min_segment = 3},
	    {.window = 50, .max_pvalue = NAN, .min_segment = 3},
	    {.window = 50, .max_pvalue = 0.001, .min_magnitude = -0.01, .min_segment = 3},
	    {.window = 50, .max_pvalue = 0.001, .min_magnitude = NAN, .min_segment = 3},
	};
	struct tsob_cp_state st = TSOB_CP_STATE_INIT;
	struct tsob_cp_opts o;
	struct tsob_cp *cp = NULL;
	double x[60], q;
	size_t k = 0, tau;

	tsob_cp_opts_default(&o);
	synth_step(5, x, 60, 30, 0.1);
	assert_int_equal(detect(x, 0, &o, &cp), 0);
	assert_null(cp);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(tsob_cp_detect(x, 60, &bad[i], &cp, &k), -EINVAL);
	assert_int_equal(tsob_cp_detect(NULL, 60, &o, &cp, &k), -EINVAL);
	assert_int_equal(tsob_cp_detect(x, 60, NULL, &cp, &k), -EINVAL);
	assert_int_equal(tsob_cp_detect(x, 60, &o, NULL, &k), -EINVAL);
	x[17] = NAN;
	assert_int_equal(tsob_cp_detect(x, 60, &o, &cp, &k), -EINVAL);
	assert_int_equal(tsob_cp_ediv_best(x, 60, 3, &tau, &q), -EINVAL);
	x[17] = -INFINITY;
	assert_int_equal(tsob_cp_detect(x, 60, &o, &cp, &k), -EINVAL);
	x[17] = 100;
	/* A failed update leaves the state as it was. */
	assert_int_equal(tsob_cp_update(&st, x, 60, &o, &cp, &k), 0);
	free(cp);
	assert_int_equal(tsob_cp_update(&st, x, 60, &bad[0], &cp, &k), -EINVAL);
	x[3] = NAN;
	assert_int_equal(tsob_cp_update(&st, x, 60, &o, &cp, &k), -EINVAL);
	assert_true(st.n == 60 && st.nwin == 1 && st.opts.min_segment == 2);
	tsob_cp_state_release(&st);
	x[3] = 100;
	assert_true(isnan(tsob_cp_ediv_stat(x, 60, 0, 5)) && isnan(tsob_cp_ediv_stat(x, 60, 5, 5)));
	assert_true(isnan(tsob_cp_ediv_stat(x, 60, 5, 61)) &&
		    isnan(tsob_cp_ediv_stat(NULL, 9, 5, 6)));
	assert_int_equal(tsob_cp_ediv_best(x, 5, 3, &tau, &q), -ENOENT);
	assert_int_equal(tsob_cp_ediv_best(x, 60, 0, &tau, &q), -EINVAL);
	assert_true(isnan(tsob_cp_ttest(x, 5, 5, 9, NULL, NULL)));
	assert_true(isnan(tsob_cp_t_cdf(1, 0)) && isnan(tsob_cp_t_cdf(NAN, 3)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ediv_stat_by_hand),
	    cmocka_unit_test(test_ediv_best_is_the_maximum),
	    cmocka_unit_test(test_t_cdf),
	    cmocka_unit_test(test_ttest_by_hand),
	    cmocka_unit_test(test_step),
	    cmocka_unit_test(test_stationary),
	    cmocka_unit_test(test_spikes),
	    cmocka_unit_test(test_step_at_tip),
	    cmocka_unit_test(test_two_steps),
	    cmocka_unit_test(test_exact_counts),
	    cmocka_unit_test(test_merge_near_candidates),
	    cmocka_unit_test(test_append_equals_recompute),
	    cmocka_unit_test(test_append_many_and_stale),
	    cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
