/* SPDX-License-Identifier: MIT */
/* The summary table printed after a run (stdout). */
#ifndef TSOB_TABLE_H
#define TSOB_TABLE_H

#include <json-c/json.h>
#include <stdio.h>

#include "host.h"

struct tsob_table;

struct tsob_table *tsob_table_new(const struct tsob_host *h);
/* A strategy that was not run here, and why (each reported once). */
void tsob_table_unavailable(struct tsob_table *t, int strategy, const char *why);
/* Take the measured cells of a results document. */
void tsob_table_add_cells(struct tsob_table *t, json_object *doc);
void tsob_table_print(struct tsob_table *t, FILE *out);
void tsob_table_free(struct tsob_table *t);

/* "1.23 ms" style, for a value in ns. */
void tsob_fmt_ns(char *buf, size_t len, double ns);

#endif
