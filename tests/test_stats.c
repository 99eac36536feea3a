// SPDX-License-Identifier: MIT
/* Statistics against values computed independently (R / numpy / by hand). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tsob/stats.h"

#define NEAR(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))

static void test_median_and_quantiles(void **state)
{
	const double odd[] = { 5, 1, 4, 2, 3 };
	const double even[] = { 10, 1, 7, 3 };
	const double sorted[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

	NEAR(tsob_stats_median(odd, 5), 3.0, 1e-12);
	NEAR(tsob_stats_median(even, 4), 5.0, 1e-12);
	/* numpy.quantile(range(1, 11), [.25, .75, .9]) = 3.25, 7.75, 9.1 */
	NEAR(tsob_stats_quantile(sorted, 10, 0.25), 3.25, 1e-12);
	NEAR(tsob_stats_quantile(sorted, 10, 0.75), 7.75, 1e-12);
	NEAR(tsob_stats_quantile(sorted, 10, 0.9), 9.1, 1e-12);
	NEAR(tsob_stats_quantile(sorted, 10, 0.0), 1.0, 1e-12);
	NEAR(tsob_stats_quantile(sorted, 10, 1.0), 10.0, 1e-12);
	assert_true(isnan(tsob_stats_median(odd, 0)));
}

static void test_median_ci_ranks(void **state)
{
	double cov;

	/* n = 5: even [min, max] covers only 1 - 2/32 = 0.9375 < 0.95. */
	assert_int_equal(tsob_stats_median_ci_rank(5, 0.95, &cov), -1);
	NEAR(cov, 0.9375, 1e-12);
	/* n = 6: [x(1), x(6)] covers 1 - 2/64 = 0.96875. */
	assert_int_equal(tsob_stats_median_ci_rank(6, 0.95, &cov), 0);
	NEAR(cov, 0.96875, 1e-12);
	/* n = 10: [x(2), x(9)] covers 1 - 2*11/1024 = 0.978515625. */
	assert_int_equal(tsob_stats_median_ci_rank(10, 0.95, &cov), 1);
	NEAR(cov, 0.978515625, 1e-12);
	/* n = 20: [x(6), x(15)] covers 0.9586 (Hollander & Wolfe table). */
	assert_int_equal(tsob_stats_median_ci_rank(20, 0.95, &cov), 5);
	NEAR(cov, 0.958610535, 1e-8);
}

static void test_compute(void **state)
{
	const double x[] = { 10, 11, 12, 13, 14, 15, 16, 17, 18, 100 };
	struct tsob_stats st;

	tsob_stats_compute(x, 10, &st);
	assert_int_equal(st.n, 10);
	NEAR(st.min, 10, 0);
	NEAR(st.max, 100, 0);
	NEAR(st.mean, 22.6, 1e-12);
	NEAR(st.median, 14.5, 1e-12);
	NEAR(st.q1, 12.25, 1e-12);
	NEAR(st.q3, 16.75, 1e-12);
	/* sample stddev (Python statistics.stdev): 27.3178818... */
	NEAR(st.stddev, 27.3178818, 1e-6);
	NEAR(st.cv, 27.3178818 / 22.6, 1e-6);
	NEAR(st.ci_lo, 11, 0);
	NEAR(st.ci_hi, 18, 0);
	/* Only 100 lies beyond q3 + 1.5 IQR = 23.5. */
	assert_int_equal(st.outliers, 1);

	tsob_stats_compute(x, 0, &st);
	assert_int_equal(st.n, 0);
	assert_true(isnan(st.median));
}

static void test_mann_whitney(void **state)
{
	const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	const double c[] = { 1, 1, 2, 2, 3 }, d[] = { 1, 2, 2, 3, 3 };
	double u, p;

	/* U = 0; z = (12.5 - 0.5) / sqrt(25/12 * 11) = 2.5067, p = erfc(z / sqrt 2) */
	p = tsob_stats_mann_whitney(a, 5, b, 5, &u);
	NEAR(u, 0, 1e-12);
	NEAR(p, 0.0121857, 1e-6);
	/* Symmetric in the p-value; U swaps to na*nb - U. */
	p = tsob_stats_mann_whitney(b, 5, a, 5, &u);
	NEAR(u, 25, 1e-12);
	NEAR(p, 0.0121857, 1e-6);
	/* With ties: mid-ranks give U = 9; tie-corrected sigma, continuity: p = 0.506729 */
	p = tsob_stats_mann_whitney(c, 5, d, 5, &u);
	NEAR(u, 9.0, 1e-12);
	NEAR(p, 0.506729, 1e-5);
	/* Identical samples: no evidence at all. */
	p = tsob_stats_mann_whitney(a, 5, a, 5, &u);
	NEAR(p, 1.0, 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median_and_quantiles),
		cmocka_unit_test(test_median_ci_ranks),
		cmocka_unit_test(test_compute),
		cmocka_unit_test(test_mann_whitney),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
