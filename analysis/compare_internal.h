/* SPDX-License-Identifier: MIT */
/* Shared between compare.c (the verdicts) and compare_print.c (the table and Markdown). */
#ifndef TSOB_COMPARE_INTERNAL_H
#define TSOB_COMPARE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "compare.h"
#include "verdict.h"

enum row_kind {
	ROW_COMPARED,
	ROW_FAILED,	 /* failed in NEW: fails the gate */
	ROW_BASE_FAILED, /* failed in BASE only: nothing to compare against */
	ROW_ONLY_BASE,
	ROW_ONLY_NEW,
	ROW_NO_METRIC
};

struct row {
	const struct tsob_view_cell *base, *new_;
	enum row_kind kind;
	struct tsob_change c;
};

struct tsob_comparison {
	const struct tsob_view *base, *new_;
	const char *metric; /* "wall_ns" or a counter name */
	double alpha, threshold;
	bool forced;
	bool by_run;       /* both files hold several runs: per-run medians are the samples */
	bool unreplicated; /* unit run, but a file holds one run: no timing verdict */
	struct row *rows;
	size_t nrows;
	size_t regressions, improvements, failed;
	size_t differ;     /* unreplicated: cells the repetitions say differ (not a verdict) */
};

#endif
