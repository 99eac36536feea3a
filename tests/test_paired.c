// SPDX-License-Identifier: MIT
/*
 * The statistics across units (tsob/paired.h) that `tsobench ab`, `compare`
 * of --runs files and the run-level slowdown stand on: exact values checked
 * against R and against brute-force enumeration, and Monte Carlo checks on
 * seeded synthetic data (every run sees the same numbers) with known answers:
 *   - false-alarm rate: on A/A data the signed-rank test rejects at most
 *     alpha of the time, also with heavy-tailed noise (a neighbour's bursts);
 *   - power: a shift of 0.6 noise standard deviations with 20 pairs is
 *     found about as often as a t-test would (0.73 under normal noise);
 *   - coverage: the Hodges-Lehmann interval covers the true ratio about as
 *     often as the exact distribution says (1 - 2 * 87/4096 = 0.9575 for 12 pairs);
 *   - the gate (test and 2% threshold) flags at most alpha of A/A cells.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "tsob/paired.h"
#include "tsob/rng.h"
#include "tsob/stats.h"

#define NEAR(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))
#define TRIALS 4000

/* R: wilcox.test(x, y, paired = TRUE) on its own example data: V = 40, p = 0.03906. */
static void test_signed_rank_r_example(void **state)
{
	const double x[] = { 1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30 };
	const double y[] = { 0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29 };
	double d[9];
	bool exact;

	(void)state;
	for (int i = 0; i < 9; i++)
		d[i] = x[i] - y[i];
	NEAR(tsob_signed_rank_p(d, 9, &exact), 20.0 / 512, 1e-12);
	assert_true(exact);
	/* All of one sign: 2 / 2^n. */
	NEAR(tsob_signed_rank_p((double[]){ 1, 2, 3, 4, 5 }, 5, NULL), 2.0 / 32, 1e-12);
	NEAR(tsob_signed_rank_p((double[]){ -1, -2, -3, -4, -5, -6 }, 6, NULL), 2.0 / 64, 1e-12);
	/* Zeros are dropped (Wilcoxon); nothing left is no test. */
	NEAR(tsob_signed_rank_p((double[]){ 0, 1, 2, 3, 4, 5, 0 }, 7, NULL), 2.0 / 32, 1e-12);
	assert_true(isnan(tsob_signed_rank_p((double[]){ 0, 0 }, 2, NULL)));
}

/* Brute force: every sign pattern of the mid-ranks, counted. */
static double brute_p(const double *d, int n)
{
	double r[16], t = 0;
	long le = 0, ge = 0;

	for (int i = 0; i < n; i++) {
		double less = 0, eq = 0;

		for (int j = 0; j < n; j++) {
			less += fabs(d[j]) < fabs(d[i]);
			eq += fabs(d[j]) == fabs(d[i]);
		}
		r[i] = less + (eq + 1) / 2;
		t += d[i] > 0 ? r[i] : 0;
	}
	for (long m = 0; m < (1L << n); m++) {
		double v = 0;

		for (int i = 0; i < n; i++)
			v += (m >> i & 1) ? r[i] : 0;
		le += v <= t + 1e-9;
		ge += v >= t - 1e-9;
	}
	return fmin(1, 2.0 * (double)(le < ge ? le : ge) / (double)(1L << n));
}

/* Exact p-values, ties included, against enumeration on random small cases. */
static void test_signed_rank_brute_force(void **state)
{
	struct tsob_rng r;

	(void)state;
	tsob_rng_seed(&r, 7);
	for (int trial = 0; trial < 300; trial++) {
		int n = 3 + (int)tsob_rng_below(&r, 10);
		double d[16];

		for (int i = 0; i < n; i++) /* few distinct magnitudes: ties are common */
			d[i] = ((double)tsob_rng_below(&r, 6) + 1) * (tsob_rng_below(&r, 3) ? 1 : -1);
		NEAR(tsob_signed_rank_p(d, (size_t)n, NULL), brute_p(d, n), 1e-9);
	}
}

static void test_hodges_lehmann(void **state)
{
	const double one[] = { 1, 1, 1 };
	double b[3] = { exp(1), exp(2), exp(3) };
	struct tsob_paired p;

	(void)state;
	/* Walsh averages of {1, 2, 3}: 1, 1.5, 2, 2, 2.5, 3: the median is 2. */
	assert_int_equal(tsob_paired_compare(one, b, 3, 0.95, &p), 0);
	NEAR(log(p.est), 2, 1e-9);
	/* Three pairs cannot give 95%: the whole range, and the coverage it has (1 - 2^-2). */
	assert_false(p.exact_level);
	NEAR(log(p.lo), 1, 1e-9);
	NEAR(log(p.hi), 3, 1e-9);
	NEAR(p.coverage, 0.75, 1e-12);
	assert_int_equal(tsob_paired_compare(one, (double[]){ 1, 0, 1 }, 3, 0.95, &p), -22);
	assert_true(isnan(p.est));
}

/* The same data as differences: the estimate and interval, enumerated by hand in Python. */
static void test_hodges_lehmann_r_example(void **state)
{
	const double d[] = { 0.952, -0.147, 1.022, 0.43, 0.62, 0.59, 0.49, -0.08, 0.01 };
	double a[9], b[9];
	struct tsob_paired p;

	(void)state;
	for (int i = 0; i < 9; i++) {
		a[i] = 1;
		b[i] = exp(d[i]);
	}
	assert_int_equal(tsob_paired_compare(a, b, 9, 0.95, &p), 0);
	NEAR(log(p.est), 0.46, 1e-9);
	NEAR(p.p, 20.0 / 512, 1e-12);
	/* n = 9 at 95%: k = 6 (P(T+ <= 5) = 10/512), the 6th smallest and largest averages. */
	assert_true(p.exact_level);
	NEAR(p.coverage, 1 - 20.0 / 512, 1e-12);
	NEAR(log(p.lo), 0.01, 1e-9);
	NEAR(log(p.hi), 0.786, 1e-9);
}

static void test_mann_whitney_exact(void **state)
{
	bool exact;

	(void)state;
	/* Fully separated 3 and 3: 2 / C(6, 3). */
	NEAR(tsob_mann_whitney_p((double[]){ 1, 2, 3 }, 3, (double[]){ 4, 5, 6 }, 3, &exact),
	     0.1, 1e-12);
	assert_true(exact);
	/* 5 and 5 runs: 2 / 252. */
	NEAR(tsob_mann_whitney_p((double[]){ 1, 2, 3, 4, 5 }, 5, (double[]){ 6, 7, 8, 9, 10 }, 5,
				 NULL),
	     2.0 / 252, 1e-12);
	/* Rank sum 11 of 3 among 7: 2 * P(W <= 11) = 2 * 15 / 35 (enumerated). */
	NEAR(tsob_mann_whitney_p((double[]){ 1, 4, 6 }, 3, (double[]){ 2, 3, 5, 7 }, 4, NULL),
	     30.0 / 35, 1e-12);
	/* Ties: the normal approximation, and said so. */
	tsob_mann_whitney_p((double[]){ 1, 2, 2 }, 3, (double[]){ 2, 5, 6 }, 3, &exact);
	assert_false(exact);
}

/* One round's log ratio: normal noise, or with probability 0.1 a burst 8 times as wide. */
static double noise(struct tsob_rng *r, double sd, bool heavy)
{
	double z = tsob_rng_normal(r) * sd;

	return heavy && tsob_rng_uniform(r) < 0.1 ? 8 * z : z;
}

/* A paired t-test on the log ratios of 20 pairs at 0.05 (t(19, 0.975) = 2.093), for comparison. */
static bool t_rejects(const double *a, const double *b)
{
	double d[20], m = 0, v = 0;

	for (int i = 0; i < 20; i++)
		m += (d[i] = log(b[i] / a[i])) / 20;
	for (int i = 0; i < 20; i++)
		v += (d[i] - m) * (d[i] - m) / 19;
	return fabs(m / sqrt(v / 20)) > 2.093;
}

/*
 * Rejections at alpha 0.05 of TRIALS experiments of @n pairs shifted by
 * @shift (logs); with @t_rate (n = 20), the paired t-test's rate too.
 */
static double rejection_rate_t(uint64_t seed, size_t n, double shift, bool heavy,
			       double threshold, double *t_rate)
{
	struct tsob_rng r;
	double a[64], b[64];
	int hits = 0, t_hits = 0;

	tsob_rng_seed(&r, seed);
	for (int t = 0; t < TRIALS; t++) {
		struct tsob_paired p;

		for (size_t i = 0; i < n; i++) {
			/* A drift both sides share (the machine), which pairing removes. */
			double drift = 0.2 * tsob_rng_normal(&r);

			a[i] = 1e5 * exp(drift + noise(&r, 0.02, heavy));
			b[i] = 1e5 * exp(drift + shift + noise(&r, 0.02, heavy));
		}
		assert_int_equal(tsob_paired_compare(a, b, n, 0.95, &p), 0);
		hits += p.p < 0.05 && fabs(p.est - 1) > threshold;
		t_hits += t_rate && t_rejects(a, b);
	}
	if (t_rate)
		*t_rate = (double)t_hits / TRIALS;
	return (double)hits / TRIALS;
}

static double rejection_rate(uint64_t seed, size_t n, double shift, bool heavy, double threshold)
{
	return rejection_rate_t(seed, n, shift, heavy, threshold, NULL);
}

static void test_false_alarm_rate(void **state)
{
	(void)state;
	/* 10 pairs: the largest exact p <= 0.05 is 0.0488; binomial sd over 4000 trials 0.0034. */
	double normal = rejection_rate(1, 10, 0, false, 0);
	double heavy = rejection_rate(2, 10, 0, true, 0);
	double gated = rejection_rate(3, 10, 0, true, 0.02);

	assert_true(normal <= 0.0488 + 0.011 && normal >= 0.0488 - 0.011);
	assert_true(heavy <= 0.0488 + 0.011);
	assert_true(gated <= 0.05);
}

static void test_power(void **state)
{
	(void)state;
	/*
	 * Normal noise of sd 0.02 on each side: a round's difference has sd
	 * 0.0283; a shift of 0.017 is 0.6 of it. A t-test with 20 pairs finds
	 * that 73% of the time (noncentrality 2.68); the signed-rank test's
	 * efficiency is 3/pi of it, about 70%.
	 */
	double t, pw = rejection_rate_t(4, 20, 0.017, false, 0, &t);

	assert_true(pw >= 0.62 && pw <= 0.80);
	assert_true(fabs(t - 0.73) <= 0.03 && pw >= 0.9 * t);
	/* With bursts in a tenth of the rounds, the t-test loses far more (0.41 against 0.24). */
	pw = rejection_rate_t(5, 20, 0.017, true, 0, &t);
	assert_true(pw >= 0.35 && pw > t + 0.1);
	/* 3% with 20 rounds of 2% noise: found nearly always, also past a 2% threshold. */
	assert_true(rejection_rate(6, 20, log(1.03), false, 0.02) >= 0.70);
	assert_true(rejection_rate(6, 20, log(1.03), false, 0) >= 0.97);
}

static void test_ci_coverage(void **state)
{
	struct tsob_rng r;
	double a[12], b[12], truth = 1.05;
	int covered = 0;

	(void)state;
	tsob_rng_seed(&r, 8);
	for (int t = 0; t < TRIALS; t++) {
		struct tsob_paired p;

		for (int i = 0; i < 12; i++) {
			a[i] = 100 * exp(noise(&r, 0.02, true));
			b[i] = 100 * truth * exp(noise(&r, 0.02, true));
		}
		tsob_paired_compare(a, b, 12, 0.95, &p);
		NEAR(p.coverage, 1 - 2 * 87.0 / 4096, 1e-12); /* P(T+ <= 13) for n = 12 */
		covered += p.lo <= truth && truth <= p.hi;
	}
	assert_true(fabs((double)covered / TRIALS - 0.9575) <= 0.011);
}

/* The run-level test of compare: 5 runs against 5 under A/A. */
static void test_mann_whitney_runs_false_alarms(void **state)
{
	struct tsob_rng r;
	double a[5], b[5];
	int hits = 0;

	(void)state;
	tsob_rng_seed(&r, 9);
	for (int t = 0; t < TRIALS; t++) {
		for (int i = 0; i < 5; i++) {
			a[i] = exp(noise(&r, 0.03, true));
			b[i] = exp(noise(&r, 0.03, true));
		}
		hits += tsob_mann_whitney_p(a, 5, b, 5, NULL) < 0.05;
	}
	/* Exact: P(p <= 0.0317) = 8 / 252 = 0.0317 is the largest level under 0.05. */
	assert_true(fabs((double)hits / TRIALS - 8.0 / 252) <= 0.009);
}

static void test_group_medians(void **state)
{
	const double v[] = { 5, 1, 9, 2, 7, 3, 8 };
	const int g[] = { 2, 0, 2, 0, 2, 0, 5 };
	int ids[7];
	double med[7];

	(void)state;
	assert_int_equal(tsob_group_medians(v, g, 7, ids, med), 3);
	assert_int_equal(ids[0], 0);
	assert_int_equal(ids[1], 2);
	assert_int_equal(ids[2], 5);
	NEAR(med[0], 2, 0);
	NEAR(med[1], 7, 0);
	NEAR(med[2], 8, 0);
}

static void test_rng(void **state)
{
	struct tsob_rng a, b;
	int p[10], seen = 0;

	(void)state;
	tsob_rng_seed(&a, 42);
	tsob_rng_seed(&b, 42);
	for (int i = 0; i < 100; i++)
		assert_true(tsob_rng_next(&a) == tsob_rng_next(&b));
	for (int i = 0; i < 10; i++)
		p[i] = i;
	tsob_rng_shuffle(&a, p, 10);
	for (int i = 0; i < 10; i++)
		seen |= 1 << p[i];
	assert_int_equal(seen, 0x3ff); /* a permutation */
	for (int i = 0; i < 1000; i++)
		assert_true(tsob_rng_below(&a, 3) < 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signed_rank_r_example),
		cmocka_unit_test(test_signed_rank_brute_force),
		cmocka_unit_test(test_hodges_lehmann),
		cmocka_unit_test(test_hodges_lehmann_r_example),
		cmocka_unit_test(test_mann_whitney_exact),
		cmocka_unit_test(test_false_alarm_rate),
		cmocka_unit_test(test_power),
		cmocka_unit_test(test_ci_coverage),
		cmocka_unit_test(test_mann_whitney_runs_false_alarms),
		cmocka_unit_test(test_group_medians),
		cmocka_unit_test(test_rng),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
