/* SPDX-License-Identifier: MIT */
/* The summary table of a run, as printed after `tsobench run`: read from the results model. */
#ifndef TSOB_TABLE_H
#define TSOB_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "tsob/results.h"

/* One line a cell, then what was not run or not counted here, and why. */
void tsob_table_print(FILE *out, const struct tsob_view *v);

/* The pieces every table of a results file shares (run, emu, seq). */
/* "tsobench COMMAND on HOST: arch, CPU, kernel, execution"; COMMAND "" for run. */
void tsob_table_host_line(FILE *out, const struct tsob_view *v, const char *command);
/* Each strategy (or configuration) not run here once, with the reason its first cell gives;
 * the name in a column WIDTH wide. */
void tsob_table_not_run(FILE *out, const struct tsob_view *v, int width);
/* Each counter that could not be counted once, with the reason (never a silent zero). */
void tsob_table_not_counted(FILE *out, const struct tsob_view *v);

#endif
