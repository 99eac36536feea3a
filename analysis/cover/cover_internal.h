/* SPDX-License-Identifier: MIT */
/* Shared between the files of analysis/cover/, and only there. */
#ifndef TSOB_COVER_INTERNAL_H
#define TSOB_COVER_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "cover.h"
#include "tsob/results.h"

#define COVER_WIDTH 75
#define COVER_MAX_FILES 64
#define COVER_MAX_MACHINES 26 /* tagged A to Z */

struct cover_file {
	const char *path; /* as given */
	enum tsob_cover_label label;
	char sha12[13]; /* the first 12 hex digits of its sha256 */
	struct tsob_view v;
	int machine; /* index into cover.m */
};

/* A machine: one host and CPU; its kernels are the labels of its files. */
struct cover_machine {
	char tag;
	const char *host, *cpu_model;
	int cpu; /* the CPU the runs were pinned to (a core type on big.LITTLE), -1: none */
	bool emulated;
};

struct cover {
	struct cover_file f[COVER_MAX_FILES];
	size_t nf;
	struct cover_machine m[COVER_MAX_MACHINES];
	size_t nm;
	const char *series; /* "v2", from the cover letter's subject */
	bool any_emulated, any_native;
};

/* The file of @command measured on machine @m with @label, or NULL. */
const struct cover_file *cover_find(const struct cover *c, size_t m, enum tsob_cover_label label,
				    const char *command);
/* Whether machine @m has any file of @command. */
bool cover_machine_has(const struct cover *c, size_t m, const char *command);
/* "[A] CPU model, host": how later sections name a machine. */
void cover_machine_line(FILE *o, const struct cover *c, size_t m);

/* ---- text (cover_text.c): ASCII, 75 columns ---- */

/* @s with every byte outside printable ASCII replaced by '?', into @buf. */
const char *cover_ascii(const char *s, char *buf, size_t len);

/* Prose wrapped at COVER_WIDTH: the first line indented by @first, the rest by @rest. */
void cover_wrap(FILE *o, int first, int rest, const char *text);
/* The same on a line already at column @col (its start printed by the caller). */
void cover_wrap_at(FILE *o, int col, int rest, const char *text);
void cover_wrapf(FILE *o, int first, int rest, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "N. Title" on a line of its own, after a blank line. */
void cover_heading(FILE *o, const char *title);

/* A table of strings: columns sized to their widest entry, two spaces apart. */
#define COVER_TABLE_COLS 8
struct cover_table {
	size_t ncols, nrows, cap;
	bool right[COVER_TABLE_COLS]; /* right-aligned columns */
	char *(*cell)[COVER_TABLE_COLS];
};
void cover_table_init(struct cover_table *t, size_t ncols, const char *const *head);
void cover_table_row(struct cover_table *t, const char *const *cells);
void cover_table_print(FILE *o, struct cover_table *t, int indent);
void cover_table_free(struct cover_table *t);

/* Footnotes: "[n] text", numbered in order of first use, the same text once. */
struct cover_notes {
	char *text[32];
	size_t n;
	bool low; /* an interval below 95% was printed (marked '*') */
};
int cover_note(struct cover_notes *fn, const char *text); /* its number */
void cover_notes_print(FILE *o, struct cover_notes *fn, int indent);

/* Numbers. */
void cover_pct(char *buf, size_t len, double est, double lo, double hi);
void cover_num(char *buf, size_t len, double v);
bool cover_series_stats(json_object *series, struct tsob_stats *st);

/* ---- sections ---- */
void cover_provenance(FILE *o, const struct cover *c);
void cover_savings(FILE *o, const struct cover *c);
void cover_ctxsw(FILE *o, const struct cover *c);
void cover_litmus(FILE *o, const struct cover *c);
void cover_litmus_block(FILE *o, const struct cover_file *f, int indent);
void cover_seq(FILE *o, const struct cover *c);
void cover_emulated(FILE *o, const struct cover *c);
void cover_per_op_table(FILE *o, const struct tsob_view *v, const char *counter, int indent);

#endif
