/* SPDX-License-Identifier: MIT */
/*
 * Charts: the C side writes tab-separated data files and runs gnuplot on the
 * scripts in analysis/ (one .gp file a chart), passing file names and titles as gnuplot
 * variables (-e). The scripts hold all the plotting.
 */
#ifndef TSOB_CHART_H
#define TSOB_CHART_H

#include <stddef.h>

/*
 * Find the directory holding the .gp scripts: @override, else
 * $TSOB_ANALYSIS_DIR, else the analysis/ directory this was built from, else
 * ../share/tsobench/analysis beside the executable. 0 or -1.
 */
int tsob_chart_scripts(const char *override, char *dir, size_t len);

/* Append "name='value';" to @vars, quoting for gnuplot. */
void tsob_chart_str(char *vars, size_t len, const char *name, const char *value);
/* Append "name=value;" (a number). */
void tsob_chart_num(char *vars, size_t len, const char *name, double value);

/*
 * Run gnuplot ($TSOB_GNUPLOT or "gnuplot") on @dir/@script with @vars set
 * first; gnuplot's messages go to @log. 0, or -1 with a one-line reason.
 */
int tsob_chart_run(const char *dir, const char *script, const char *vars, const char *log,
		   char *why, size_t wlen);

#endif
