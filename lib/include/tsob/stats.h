/* SPDX-License-Identifier: MIT */
/*
 * Descriptive and rank statistics for benchmark samples.
 *
 * Written here rather than taken from GSL: libgsl-dev cannot be installed for
 * amd64 and arm64 side by side (the packages conflict), and the static arm64
 * binary needs exactly the same code. What is here is small and is checked
 * against known values in tests/test_stats.c.
 */
#ifndef TSOB_STATS_H
#define TSOB_STATS_H

#include <stddef.h>

struct tsob_stats {
	size_t n;
	double min, max, mean, stddev;
	double median;
	double q1, q3;          /* quartiles (type 7, as R and numpy) */
	double ci_lo, ci_hi;    /* 95% confidence interval of the median */
	double ci_level;        /* the coverage actually achieved (>= 0.95 when n >= 6) */
	double cv;              /* stddev / mean */
	size_t outliers;        /* outside [q1 - 1.5 IQR, q3 + 1.5 IQR] */
};

/* Quantile p in [0, 1] of sorted data (linear interpolation, type 7). */
double tsob_stats_quantile(const double *sorted, size_t n, double p);

/* Median of unsorted data (copies; the input is left as it was). */
double tsob_stats_median(const double *x, size_t n);

/*
 * Distribution-free confidence interval for the median from order statistics:
 * the widest symmetric pair (x(l), x(n+1-l)) whose binomial coverage is at least
 * @level. Returns the 0-based index l, or -1 when n is too small for @level (then
 * the interval is [min, max] and the coverage is less than asked).
 */
int tsob_stats_median_ci_rank(size_t n, double level, double *coverage);

/* Fill @st from @x[0..n); n may be 0 (all fields then NaN, n = 0). */
void tsob_stats_compute(const double *x, size_t n, struct tsob_stats *st);

/*
 * Mann-Whitney U test of a against b, two-sided, normal approximation with tie
 * and continuity correction. Returns the p-value; *u gets U for sample a.
 */
double tsob_stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
			       double *u);

/* log of the binomial coefficient C(n, k). */
double tsob_stats_lchoose(double n, double k);

#endif
