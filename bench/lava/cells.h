/* SPDX-License-Identifier: MIT */
/* The cells of a tsobench results file as LAVA test cases: name, result, a median, units. */
#ifndef TSOB_LAVA_CELLS_H
#define TSOB_LAVA_CELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * One test case. Names are built from the file's own fields, e.g.
 * run.copy8.ldar.t1, run.copy8.ldar.t1.cycles, ctxsw.futex.mixed,
 * ctxsw.prctl.set_tso, litmus.SB.dmb; characters LAVA does not keep in a
 * test case name become '_'. The measurement is a median to show, never the
 * data: the results file is.
 */
struct tsob_lava_cell {
	char name[160];
	const char *result; /* "pass", "fail" or "skip" */
	bool has_value;
	double value;
	char units[48];
	char reason[240]; /* why skip or fail; empty otherwise; one line */
};

typedef int (*tsob_lava_cell_fn)(const struct tsob_lava_cell *cell, void *arg);

/*
 * Call @fn for every cell of the results file at @path (run cells and their
 * counters, ctxsw states, prctl calls and throughput, litmus tests), in the
 * file's order; a non-zero return from @fn stops the walk and is returned.
 * Returns the number of cells, or a negative errno with a one-line reason in
 * @why: -ENOENT and other open/read errors, -EBADMSG for a file that is not a
 * tsobench results document.
 */
int tsob_lava_cells_walk(const char *path, tsob_lava_cell_fn fn, void *arg, char *why,
			 size_t whylen);

/*
 * One line for a shell's `read -r name result value units reason`:
 * "NAME RESULT VALUE UNITS REASON", '-' for a field that is empty.
 */
int tsob_lava_cell_print(FILE *out, const struct tsob_lava_cell *cell);

#endif
