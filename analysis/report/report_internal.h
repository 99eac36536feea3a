/* SPDX-License-Identifier: MIT */
/* Shared between the files of analysis/report/, and only there. */
#ifndef TSOB_REPORT_INTERNAL_H
#define TSOB_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "report.h"
#include "tsob/results.h"
#include "tsob/shift.h"

#define MAX_COLS 32
#define MAX_EVENTS 6
#define VARS_LEN 4096

/* The grid a chart draws: rows are cells (kernel, threads), columns strategies. */
struct grid {
	const struct tsob_view_cell *row[256]; /* one cell per row, for its label */
	size_t nrows;
	const char *col[MAX_COLS];
	size_t ncols;
	size_t nmodel; /* the first nmodel columns are modelled strategies, then emu:CONFIG */
};

struct report {
	const struct tsob_view *ds;
	const char *dir; /* the temporary directory being filled */
	const char *scripts;
	bool charts;
	struct grid g;
	const char *events[MAX_EVENTS];
	size_t nevents;
	bool slowdown, ctxsw, seq;
	char why[512];
};

/* The grid, and which charts there are (grid.c). */
void rp_prepare(struct report *rp);
bool rp_measured(const struct tsob_view_cell *c);
const struct tsob_view_cell *rp_at(const struct report *rp, size_t r, size_t k);
double rp_per_op(const struct tsob_view_cell *c);
bool rp_all_have_ops(const struct report *rp);
int rp_slowdown_of(const struct report *rp, const struct tsob_view_cell *c, struct tsob_ratio *ratio);
int rp_counter_kind(const char *name);
void rp_row_label(const struct report *rp, size_t r, char *buf, size_t len);

/* The data files behind the charts (data.c). */
int rp_write_file(struct report *rp, const char *name, int (*fn)(FILE *, void *));
int rp_write_time(FILE *f, void *arg);
int rp_write_slowdown(FILE *f, void *arg);
int rp_write_counters(FILE *f, void *arg);
int rp_write_ctxsw(FILE *f, void *arg);

/* gnuplot (charts.c): every chart; one chart's common variables, drawing one. */
int rp_charts(struct report *rp);
void rp_chart_vars(const struct report *rp, char *vars, size_t len, const char *title);
int rp_draw(struct report *rp, const char *name, const char *extra);

/* `tsobench seq` files (seq.c): seq.dat, the seq chart, summary.md's table. */
int rp_write_seq(FILE *f, void *arg);
int rp_chart_seq(struct report *rp);
void rp_md_seq(FILE *f, const struct report *rp);

/* summary.md (summary.c, summary_more.c). */
int rp_write_summary(FILE *f, void *arg);
void rp_md_cell_text(char *buf, size_t len, const char *s);
/* The rest of a Markdown table's header after its @lead first columns: the @n @names,
 * then the rule line under all lead + n columns. */
void rp_md_columns(FILE *f, const char *const *names, size_t n, size_t lead);
void rp_md_ctxsw(FILE *f, const struct report *rp);
void rp_md_litmus(FILE *f, const struct report *rp);
void rp_md_not_run(FILE *f, const struct report *rp);
void rp_md_emu(FILE *f, const struct report *rp); /* emu.c */

#endif
