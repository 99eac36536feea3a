/* SPDX-License-Identifier: MIT */
/*
 * The verdict of an A/B file (`tsobench ab`): for each cell measured on both
 * sides, the rounds are the pairs. A round's value on a side is the median of
 * that process's repetitions; the test is the Wilcoxon signed-rank test on
 * the log ratios NEW/BASE across rounds, the change its Hodges-Lehmann
 * estimate with the matching interval (tsob/paired.h says why this test). A
 * cell regresses when the test is significant at alpha and the estimate is
 * slower than the threshold; fewer than 6 rounds can never be significant at
 * 0.05 (the smallest p is 2 / 2^n) and are said to be too few.
 */
#ifndef TSOB_AB_VERDICT_H
#define TSOB_AB_VERDICT_H

#include <stdbool.h>
#include <stdio.h>

#include "tsob/err.h"
#include "tsob/results.h"

struct tsob_ab_opts {
	const char *metric;	 /* "wall_ns" or a counter name */
	double alpha, threshold; /* threshold as a fraction */
};

struct tsob_ab;

/* The rows of @v (an A/B file): 0 with *out to free, or a negative errno with @e. */
int tsob_ab_verdict(const struct tsob_view *v, const struct tsob_ab_opts *o, struct tsob_ab **out,
		    struct tsob_err *e);

/* The table on @f; the Markdown to @path by the output rule. */
void tsob_ab_print(FILE *f, const struct tsob_ab *ab);
int tsob_ab_write_md(const char *path, const struct tsob_ab *ab, struct tsob_err *e);

/* TSOB_EXIT_FAIL when a cell regressed or failed on the NEW side, else TSOB_EXIT_OK. */
int tsob_ab_exit(const struct tsob_ab *ab);

void tsob_ab_free(struct tsob_ab *ab);

#endif
