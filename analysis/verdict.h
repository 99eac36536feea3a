/* SPDX-License-Identifier: MIT */
/*
 * The CI gate's decision for one cell: is NEW slower than BASE by more than
 * the threshold, and is that more than noise?
 *
 * A regression needs both: the Mann-Whitney U test rejects "same
 * distribution" at level alpha (two-sided), and the change in the median is
 * beyond the threshold in the slower direction. The test alone would flag
 * 0.3% drifts of a long, quiet run; the threshold alone would flag the noise
 * of a short one.
 */
#ifndef TSOB_VERDICT_H
#define TSOB_VERDICT_H

#include <stddef.h>

#include "tsob/shift.h"

enum tsob_verdict {
	TSOB_SAME,	  /* not significant */
	TSOB_SMALL,	  /* significant, but within the threshold */
	TSOB_REGRESSION,  /* significant and slower beyond the threshold */
	TSOB_IMPROVEMENT, /* significant and faster beyond the threshold */
	TSOB_NOT_COMPARED /* too few samples, or values a ratio cannot use */
};

struct tsob_change {
	double base_median, new_median;
	double change;		 /* new_median / base_median - 1 */
	struct tsob_ratio ratio; /* Hodges-Lehmann ratio with its confidence interval */
	double p;		 /* Mann-Whitney, two-sided */
	enum tsob_verdict verdict;
	size_t nb, nn;		 /* the samples (or runs) on each side */
	bool too_few;		 /* so few that no p-value could reach alpha */
};

/* @threshold is a fraction (0.02 for 2%); the interval's level is 1 - alpha. */
void tsob_verdict_compute(const double *base, size_t nb, const double *new_, size_t nn,
			  double alpha, double threshold, struct tsob_change *c);

/*
 * The same rule with the run as the unit: @base and @new_ are per-run
 * medians, the test is Mann-Whitney, exact for few runs. With so few runs
 * that even the most extreme order has p >= alpha (2 and 2, 1 and any), the
 * verdict is TSOB_NOT_COMPARED and too_few says why.
 */
void tsob_verdict_runs(const double *base, size_t nb, const double *new_, size_t nn,
		       double alpha, double threshold, struct tsob_change *c);

const char *tsob_verdict_name(enum tsob_verdict v);

#endif
