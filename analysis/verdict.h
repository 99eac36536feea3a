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
};

/* @threshold is a fraction (0.02 for 2%); the interval's level is 1 - alpha. */
void tsob_verdict_compute(const double *base, size_t nb, const double *new_, size_t nn,
			  double alpha, double threshold, struct tsob_change *c);

const char *tsob_verdict_name(enum tsob_verdict v);

#endif
