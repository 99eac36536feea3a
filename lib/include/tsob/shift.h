/* SPDX-License-Identifier: MIT */
/*
 * How much slower is B than A: the Hodges-Lehmann estimate of the ratio
 * between two samples of timings, with its distribution-free confidence
 * interval (Moses), computed on the log scale.
 *
 * Why this and not a bootstrap: the interval is the set of ratios that the
 * Mann-Whitney test would not reject, so interval and p-value never disagree;
 * it needs no random numbers (the same input gives the same report); and it
 * stays valid for the 5-15 repetitions a benchmark run has, where bootstrapped
 * medians take only a handful of distinct values and under-cover.
 */
#ifndef TSOB_SHIFT_H
#define TSOB_SHIFT_H

#include <stdbool.h>
#include <stddef.h>

struct tsob_ratio {
	double est;	  /* Hodges-Lehmann estimate of b / a */
	double lo, hi;	  /* confidence interval of b / a */
	double level;	  /* the confidence level asked for */
	bool exact_level; /* false: too few samples, [lo, hi] is the full range */
};

/*
 * Ratio of @b to @a (all values must be > 0). Returns 0, or -EINVAL when a
 * sample is empty or holds a value <= 0 (then @r is all NaN).
 */
int tsob_shift_ratio(const double *a, size_t na, const double *b, size_t nb, double level,
		     struct tsob_ratio *r);

/*
 * The paired form: @a[i] and @b[i] were measured together (one round of an
 * interleaved run). The estimate is the median of the ratios b[i]/a[i], its
 * interval the distribution-free interval of that median (order statistics,
 * as tsob_stats_compute's), so run-to-run drift that hits both halves of a
 * pair cancels. Returns 0, or -EINVAL (no pairs, a value <= 0).
 */
int tsob_shift_paired(const double *a, const double *b, size_t n, double level,
		      struct tsob_ratio *r);

/* Two-sided standard normal quantile: z with P(|Z| <= z) = level. */
double tsob_shift_z(double level);

#endif
