/* SPDX-License-Identifier: MIT */
/*
 * Two results files, cell by cell: is NEW slower than BASE beyond the
 * threshold and beyond the noise (verdict.h)? Files of different hosts,
 * kernels, strategy or cell sets are refused unless forced.
 */
#ifndef TSOB_COMPARE_H
#define TSOB_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "tsob/err.h"
#include "tsob/results.h"

/*
 * The unit of the test. Run (the default): where both files hold several runs
 * (`run --runs N`), per-run medians are compared; where a file holds one run,
 * a difference cannot be told from run-to-run variation, so the rows say what
 * the repetitions show but no timing verdict fails the gate. Repetition: the
 * repetitions are the samples, whatever the files hold (the old gate, for a
 * machine known to be quiet).
 */
enum tsob_compare_unit { TSOB_UNIT_RUN, TSOB_UNIT_REPETITION };

struct tsob_compare_opts {
	const char *metric;      /* "wall_ns" or a counter name */
	double alpha, threshold; /* threshold as a fraction: 0.02 for 2% */
	bool force;
	int unit;                /* enum tsob_compare_unit */
};

struct tsob_comparison;

/* Compare; 0 with *out to free, or a negative errno with @e (refused, nothing to compare). */
int tsob_compare(const struct tsob_view *base, const struct tsob_view *new_,
		 const struct tsob_compare_opts *o, struct tsob_comparison **out,
		 struct tsob_err *e);

/* The table on @f; the Markdown to @path by the output rule. */
void tsob_compare_print(FILE *f, const struct tsob_comparison *cmp);
int tsob_compare_write_md(const char *path, const struct tsob_comparison *cmp,
			  struct tsob_err *e);

/*
 * TSOB_EXIT_FAIL when a cell regressed or failed in NEW, else TSOB_EXIT_OK.
 * Where a file holds one run (unit run), only a failed cell fails.
 */
int tsob_compare_exit(const struct tsob_comparison *cmp);

void tsob_compare_free(struct tsob_comparison *cmp);

#endif
