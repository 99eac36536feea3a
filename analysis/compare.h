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

struct tsob_compare_opts {
	const char *metric;      /* "wall_ns" or a counter name */
	double alpha, threshold; /* threshold as a fraction: 0.02 for 2% */
	bool force;
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

/* TSOB_EXIT_FAIL when a cell regressed or failed in NEW, else TSOB_EXIT_OK. */
int tsob_compare_exit(const struct tsob_comparison *cmp);

void tsob_compare_free(struct tsob_comparison *cmp);

#endif
