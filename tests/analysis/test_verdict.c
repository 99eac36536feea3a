// SPDX-License-Identifier: MIT
/*
 * The statistics behind 'tsobench compare' and the slowdown whiskers of
 * 'tsobench report': known values of the Hodges-Lehmann/Moses ratio interval,
 * the verdict rules, and Monte Carlo checks on synthetic samples (seeded, so
 * every run sees the same numbers):
 *   - on identical distributions the U test rejects at most alpha of the time;
 *   - a 3% slowdown with 1% noise and 20 repetitions a side is detected;
 *   - the interval covers the true ratio about as often as it says.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "tsob/shift.h"
#include "tsob/stats.h"
#include "verdict.h"

#define ALPHA 0.05
#define MAXN 64

/* splitmix64: small, seeded, the same everywhere. */
struct rng {
	uint64_t s;
};

static uint64_t next_u64(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double uniform(struct rng *r)
{
	return ((double)(next_u64(r) >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(struct rng *r)
{
	return sqrt(-2 * log(uniform(r))) * cos(2 * M_PI * uniform(r));
}

/* Log-normal timings around @median with relative noise @cv. */
static void sample(struct rng *r, double *x, size_t n, double median, double cv)
{
	for (size_t i = 0; i < n; i++)
		x[i] = median * exp(cv * normal(r));
}

static void test_ratio_known_values(void **state)
{
	/* log a = 0..4, log b = log a + 0.5: pairwise differences k + 0.5, k in -4..4. */
	double a[5], b[5];
	struct tsob_ratio r;

	for (int i = 0; i < 5; i++) {
		a[i] = exp(i);
		b[i] = exp(i + 0.5);
	}
	assert_int_equal(tsob_shift_ratio(a, 5, b, 5, 0.95, &r), 0);
	assert_true(fabs(r.est - exp(0.5)) < 1e-12);
	/* 5 vs 5 at 95%: drop 2 differences each side (qwilcox(0.025, 5, 5) = 2). */
	assert_true(r.exact_level);
	assert_true(fabs(r.lo - exp(-2.5)) < 1e-12);
	assert_true(fabs(r.hi - exp(3.5)) < 1e-12);
}

static void test_ratio_small_and_bad(void **state)
{
	double a[] = {10, 20, 30}, b[] = {20, 40, 60}, z[] = {0, 1, 2};
	struct tsob_ratio r;

	assert_int_equal(tsob_shift_ratio(a, 3, b, 3, 0.95, &r), 0);
	assert_true(fabs(r.est - 2) < 1e-12);
	/* 3 vs 3 cannot reach 95%: the full range, flagged. */
	assert_false(r.exact_level);
	assert_true(fabs(r.lo - 2.0 / 3) < 1e-12);
	assert_true(fabs(r.hi - 6) < 1e-12);
	assert_int_not_equal(tsob_shift_ratio(a, 3, z, 3, 0.95, &r), 0);
	assert_true(isnan(r.est));
	assert_int_not_equal(tsob_shift_ratio(a, 0, b, 3, 0.95, &r), 0);
	assert_true(fabs(tsob_shift_z(0.95) - 1.959964) < 1e-5);
}

static void test_verdict_rules(void **state)
{
	double base[10], slow[10], fast[10], tiny[10], zero[10] = {0};
	struct tsob_change c;

	for (int i = 0; i < 10; i++) {
		base[i] = 1000 + i;
		slow[i] = base[i] * 1.10;
		fast[i] = base[i] * 0.90;
		tiny[i] = base[i] + 10.5; /* every value above every base value: +1% */
	}
	tsob_verdict_compute(base, 10, slow, 10, ALPHA, 0.02, &c);
	assert_int_equal(c.verdict, TSOB_REGRESSION);
	assert_true(fabs(c.change - 0.10) < 1e-9);
	assert_true(c.p < 0.001);
	assert_true(c.ratio.lo > 1 && c.ratio.hi < 1.2);
	tsob_verdict_compute(base, 10, fast, 10, ALPHA, 0.02, &c);
	assert_int_equal(c.verdict, TSOB_IMPROVEMENT);
	tsob_verdict_compute(base, 10, tiny, 10, ALPHA, 0.02, &c);
	assert_int_equal(c.verdict, TSOB_SMALL);
	/* The same change is a regression once the threshold is below it. */
	tsob_verdict_compute(base, 10, tiny, 10, ALPHA, 0.005, &c);
	assert_int_equal(c.verdict, TSOB_REGRESSION);
	tsob_verdict_compute(base, 10, base, 10, ALPHA, 0.02, &c);
	assert_int_equal(c.verdict, TSOB_SAME);
	assert_true(c.p > 0.9);
	assert_true(c.change == 0);
	tsob_verdict_compute(base, 1, slow, 1, ALPHA, 0.02, &c);
	assert_int_equal(c.verdict, TSOB_NOT_COMPARED);
	tsob_verdict_compute(zero, 10, zero, 10, ALPHA, 0.02, &c);
	assert_int_equal(c.verdict, TSOB_NOT_COMPARED);
}

struct mc {
	double rejected, regressions, covered;
	double beyond_2pct; /* regressions had the threshold been 2% */
};

/*
 * @trials comparisons of n-sample BASE and NEW, NEW slowed by @shift; with
 * @levels > 0 the values are rounded to that many distinct levels (ties).
 */
static struct mc monte_carlo(uint64_t seed, int trials, size_t n, double cv, double shift,
			     double threshold, int levels)
{
	struct rng r = {seed};
	struct mc m = {0, 0, 0, 0};
	double a[MAXN], b[MAXN];

	for (int t = 0; t < trials; t++) {
		struct tsob_change c;

		sample(&r, a, n, 1000, cv);
		sample(&r, b, n, 1000 * (1 + shift), cv);
		if (levels)
			for (size_t i = 0; i < n; i++) {
				double step = 1000 * cv * 4 / levels;

				a[i] = round(a[i] / step) * step;
				b[i] = round(b[i] / step) * step;
			}
		tsob_verdict_compute(a, n, b, n, ALPHA, threshold, &c);
		m.rejected += c.p < ALPHA;
		m.regressions += c.verdict == TSOB_REGRESSION;
		m.beyond_2pct += c.verdict == TSOB_REGRESSION && c.change > 0.02;
		m.covered += c.ratio.lo <= 1 + shift && 1 + shift <= c.ratio.hi;
	}
	m.rejected /= trials;
	m.regressions /= trials;
	m.covered /= trials;
	m.beyond_2pct /= trials;
	return m;
}

/*
 * The exact size of the U test as implemented: P(p < alpha) under the null,
 * summed over the exact distribution of U (no ties). Samples with a given U
 * are built and passed to tsob_stats_mann_whitney(), so this checks the code,
 * not a formula copied from it.
 */
static double exact_size(size_t na, size_t nb)
{
	size_t umax = na * nb;
	double *cnt = calloc((na + 1) * (nb + 1) * (umax + 1), sizeof(*cnt));
	double a[MAXN], b[MAXN], size = 0, total;

#define N(m, n, u) cnt[((m) * (nb + 1) + (n)) * (umax + 1) + (u)]
	assert_non_null(cnt);
	/* N(m, n, u): orderings of m a's and n b's with u pairs a > b. */
	for (size_t m = 0; m <= na; m++)
		for (size_t n = 0; n <= nb; n++)
			for (size_t u = 0; u <= m * n; u++) {
				if (!m || !n) {
					N(m, n, u) = u == 0;
					continue;
				}
				N(m, n, u) = (u >= n ? N(m - 1, n, u - n) : 0) + N(m, n - 1, u);
			}
	total = exp(tsob_stats_lchoose((double)(na + nb), (double)na));
	for (size_t j = 0; j < nb; j++)
		b[j] = 2.0 * (double)j;
	for (size_t u = 0; u <= umax; u++) {
		size_t left = u;
		double uu;

		/* a[i] in (2k - 2, 2k) lies above k of the b's; no two a's tie. */
		for (size_t i = 0; i < na; i++) {
			size_t above = left < nb ? left : nb;

			a[i] = 2.0 * (double)above - 1.0 + (double)i / (double)(2 * na);
			left -= above;
		}
		if (tsob_stats_mann_whitney(a, na, b, nb, &uu) < ALPHA)
			size += N(na, nb, u) / total;
		assert_true(fabs(uu - (double)u) < 1e-9);
	}
#undef N
	free(cnt);
	return size;
}

static void test_false_alarm_rate(void **state)
{
	static const size_t sizes[] = {5, 10, 15, 20, 30};
	const int trials = 10000;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		double size = exact_size(sizes[i], sizes[i]);
		/* Threshold 0: the test alone decides, the worst case for false alarms. */
		struct mc m = monte_carlo(42 + i, trials, sizes[i], 0.01, 0, 0, 0);

		printf("identical distributions, n=%2zu: exact size %.4f, Monte Carlo %.4f "
		       "(alpha %.2f); the gate flags %.4f at threshold 0%%, %.4f at 2%%\n",
		       sizes[i], size, m.rejected, ALPHA, m.regressions, m.beyond_2pct);
		assert_true(size <= ALPHA);
		/* Not so conservative that it could never fire (n = 5 is coarse). */
		assert_true(size >= (sizes[i] < 10 ? 0.01 : ALPHA * 0.8));
		/* The simulation agrees with the exact size. */
		assert_true(fabs(m.rejected - size) < 4 * sqrt(size * (1 - size) / trials));
		/* The gate counts slowdowns only: one tail, at most alpha / 2. */
		assert_true(m.regressions <= ALPHA / 2 + 4 * sqrt(ALPHA / 2 / trials));
		assert_true(m.beyond_2pct <= m.regressions);
	}
}

static void test_false_alarm_rate_with_ties(void **state)
{
	/* Timers with coarse resolution: few distinct values, many ties. */
	struct mc m = monte_carlo(7, 10000, 15, 0.01, 0, 0, 6);

	printf("identical distributions, n=15, 6 levels (ties): U test rejects %.4f\n", m.rejected);
	assert_true(m.rejected <= ALPHA);
	assert_true(m.rejected > 0.005);
}

static void test_detection_rate(void **state)
{
	/* The stated design point: 3% slower, 1% noise, 20 repetitions a side. */
	struct mc m = monte_carlo(3, 5000, 20, 0.01, 0.03, 0.02, 0);
	struct mc q = monte_carlo(4, 5000, 15, 0.01, 0.03, 0.02, 0);
	struct mc noisy = monte_carlo(5, 5000, 20, 0.02, 0.03, 0.02, 0);
	struct mc quick = monte_carlo(6, 5000, 5, 0.01, 0.03, 0.02, 0);

	printf("3%% slowdown, 1%% noise, threshold 2%%: detected %.4f with n=20, %.4f with "
	       "n=15, %.4f with n=5; with 2%% noise and n=20: %.4f\n",
	       m.regressions, q.regressions, quick.regressions, noisy.regressions);
	printf("Moses 95%% interval covers the true ratio: %.4f (n=20)\n", m.covered);
	assert_true(m.regressions >= 0.95);
	assert_true(q.regressions >= 0.90);
	assert_true(m.covered >= 0.93 && m.covered <= 0.98);
	/* More noise, less power: the rate must fall, not rise. */
	assert_true(noisy.regressions < m.regressions);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ratio_known_values),
	    cmocka_unit_test(test_ratio_small_and_bad),
	    cmocka_unit_test(test_verdict_rules),
	    cmocka_unit_test(test_false_alarm_rate),
	    cmocka_unit_test(test_false_alarm_rate_with_ties),
	    cmocka_unit_test(test_detection_rate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
