/* SPDX-License-Identifier: MIT */
/*
 * Reading `tsobench seq` cells (a row of workloads/seq under one memory
 * model): which figure a file is read in (cycles per copy where every
 * measured row counted cycles, else ns per copy, which says so), and the
 * table the command prints from the file it wrote.
 */
#ifndef TSOB_SEQ_ANALYSIS_H
#define TSOB_SEQ_ANALYSIS_H

#include <stdbool.h>
#include <stdio.h>

#include "tsob/results.h"

/* Whether @v holds any seq cell. */
bool tsob_seq_file(const struct tsob_view *v);

/*
 * The figure every seq cell of @v is read in: the name of the cycle counter
 * when each measured cell has it, else "ns". *@note gets the caveat that
 * goes with ns ("time per instruction, no cycle counter"), or NULL.
 */
const char *tsob_seq_figure(const struct tsob_view *v, const char **note);

/* @c's per-copy samples in @figure ("ns": wall time), or NULL when it has none. */
const struct tsob_series *tsob_seq_series(const struct tsob_view_cell *c, const char *figure);

/* "default" or "tso": the memory model a seq cell ran under. */
const char *tsob_seq_model(const struct tsob_view_cell *c);

/* Median instructions per copy the PMU counted in @c, or NaN when it counted none. */
double tsob_seq_insns_measured(const struct tsob_view_cell *c);

/*
 * The table: row, form, model, the figure per copy with its 95% CI,
 * instructions per copy measured and from the table, status (with the reason
 * for anything but ok); then why TSO or a counter was not measured.
 */
void tsob_seq_table_print(FILE *out, const struct tsob_view *v);

#endif
