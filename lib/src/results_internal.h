/* SPDX-License-Identifier: MIT */
/* Shared between the results model's files in lib/src, and only there. */
#ifndef TSOB_RESULTS_INTERNAL_H
#define TSOB_RESULTS_INTERNAL_H

#include "tsob/results.h"

/* Types and ranges of @doc (see results_check.c): 0, or a negative errno with @e. */
int tsob_results_check(json_object *doc, struct tsob_err *e);

/* Parse a whole file as one JSON document: 0, or a negative errno with @e naming @path. */
int tsob_results_parse_file(const char *path, json_object **doc, struct tsob_err *e);

/* The context-switch section's rows, tolerant of its shapes (view_ctxsw.c). */
void tsob_view_read_ctxsw(struct tsob_view *v, json_object *sec);

/* The "emulator" record of an emu cell (view_emu.c): checked where the
 * document is checked, read into the cell's view. 0, or a negative errno with @e. */
int tsob_view_check_emu(json_object *c, const char *where, struct tsob_err *e);
int tsob_view_read_emu(json_object *c, struct tsob_view_cell *cell, struct tsob_err *e);
/* A `tsobench seq` cell's row into @cell->seq (NULL when @c has none), and the file's
 * section (view_seq.c). 0, or -ENOMEM with @e. */
int tsob_view_read_seq(json_object *c, struct tsob_view_cell *cell, struct tsob_err *e);
void tsob_view_read_seq_section(struct tsob_view *v, json_object *sec);

#endif
