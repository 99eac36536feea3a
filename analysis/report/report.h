/* SPDX-License-Identifier: MIT */
/*
 * tsobench report: a directory of charts (gnuplot, PNG and SVG), the data
 * files behind them, and summary.md, from one results file. The directory is
 * built beside its final place and renamed into it (outdir.h).
 */
#ifndef TSOB_REPORT_H
#define TSOB_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "tsob/err.h"
#include "tsob/results.h"

struct tsob_report_opts {
	bool charts;         /* false: Markdown and data only, no gnuplot */
	const char *scripts; /* the .gp scripts' directory, or NULL: found as chart.h says */
};

/* Write the report of @v to directory @dir. 0, or a negative errno with @e (nothing written). */
int tsob_report_write(const struct tsob_view *v, const char *dir,
		      const struct tsob_report_opts *o, struct tsob_err *e);

/* RESULTS.json -> RESULTS-report. */
void tsob_report_default_dir(const char *results, char *buf, size_t len);

#endif
