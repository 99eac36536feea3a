// SPDX-License-Identifier: MIT
/* tsobench report: charts (gnuplot, PNG and SVG) and a Markdown summary of a results file. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "commands.h"
#include "dataset.h"
#include "outdir.h"
#include "shift.h"
#include "table.h"
#include "util.h"

#define MAX_COLS 32
#define MAX_EVENTS 6
#define VARS_LEN 4096

/* The grid a chart draws: rows are cells (kernel, threads), columns strategies. */
struct grid {
	const struct tsob_ds_cell *row[256]; /* one cell per row, for its label */
	size_t nrows;
	const char *col[MAX_COLS];
	size_t ncols;
};

struct report {
	const struct tsob_ds *ds;
	const char *dir; /* the temporary directory being filled */
	const char *scripts;
	bool charts;
	struct grid g;
	const char *events[MAX_EVENTS];
	size_t nevents;
	bool slowdown, ctxsw;
	char why[512];
};

static void help(void)
{
	printf(
	    "usage: tsobench report RESULTS.json [-o DIR] [--no-charts] [--scripts DIR]\n"
	    "  -o DIR          where to write (default: RESULTS-report beside the file);\n"
	    "                  built in a temporary directory and renamed into place\n"
	    "  --no-charts     Markdown and data files only (no gnuplot needed)\n"
	    "  --scripts DIR   the gnuplot scripts (default: the analysis/ directory)\n"
	    "writes summary.md, time.{png,svg}, slowdown.{png,svg} (when a strategy other than\n"
	    "plain was measured), counters.{png,svg} (when hardware counters were read),\n"
	    "ctxsw.{png,svg} (when the file has a ctxsw section) and the .dat files behind them\n"
	    "exit: 0 ok, 2 bad usage or input (nothing is written)\n");
}

/* Drawn and tabulated: cells that passed their checks (the rest are listed). */
static bool measured(const struct tsob_ds_cell *c)
{
	return c->wall.n > 0 && !strcmp(c->status, "ok");
}

static bool same_row(const struct tsob_ds_cell *a, const struct tsob_ds_cell *b)
{
	return !strcmp(a->kernel, b->kernel) && a->threads == b->threads;
}

static void add_col(const struct tsob_ds *ds, struct grid *g, const char *strategy)
{
	bool any = false;

	for (size_t k = 0; k < g->ncols; k++)
		if (!strcmp(g->col[k], strategy))
			return;
	for (size_t i = 0; i < ds->ncells && !any; i++)
		any = measured(&ds->cells[i]) && !strcmp(ds->cells[i].strategy, strategy);
	if (any && g->ncols < MAX_COLS)
		g->col[g->ncols++] = strategy;
}

static void build_grid(const struct tsob_ds *ds, struct grid *g)
{
	memset(g, 0, sizeof(*g));
	/* plain first, everything is measured against it; then the run's own order. */
	add_col(ds, g, "plain");
	for (size_t i = 0; i < ds->nstrat; i++)
		add_col(ds, g, ds->strat[i].name);
	for (size_t i = 0; i < ds->ncells; i++)
		add_col(ds, g, ds->cells[i].strategy);
	for (size_t i = 0; i < ds->ncells; i++) {
		const struct tsob_ds_cell *c = &ds->cells[i];
		bool seen = false;

		if (!measured(c))
			continue;
		for (size_t r = 0; r < g->nrows; r++)
			seen |= same_row(g->row[r], c);
		if (!seen && g->nrows < ARRAY_SIZE(g->row))
			g->row[g->nrows++] = c;
	}
}

static const struct tsob_ds_cell *at(const struct report *rp, size_t r, size_t k)
{
	const struct tsob_ds_cell *c = rp->g.row[r];
	const struct tsob_ds_cell *x = tsob_ds_find(rp->ds, c->kernel, rp->g.col[k], c->threads);

	return x && measured(x) ? x : NULL;
}

static double per_op(const struct tsob_ds_cell *c)
{
	return c->ops > 0 ? 1.0 / c->ops : 1.0;
}

static bool all_have_ops(const struct report *rp)
{
	for (size_t r = 0; r < rp->g.nrows; r++)
		if (!(rp->g.row[r]->ops > 0))
			return false;
	return true;
}

/* Slowdown of cell @c against plain of the same row: 0 or -1 (no plain). */
static int slowdown_of(const struct report *rp, const struct tsob_ds_cell *c,
		       struct tsob_ratio *ratio)
{
	const struct tsob_ds_cell *p = tsob_ds_find(rp->ds, c->kernel, "plain", c->threads);

	if (!p || !measured(p))
		return -1;
	return tsob_shift_ratio(p->wall.v, p->wall.n, c->wall.v, c->wall.n, 0.95, ratio) ? -1 : 0;
}

static int counter_kind(const char *name)
{
	static const char *const soft[] = {"task-clock",   "cpu-clock",	       "context-switches",
					   "cs",	   "page-faults",      "faults",
					   "minor-faults", "major-faults",     "cpu-migrations",
					   "migrations",   "alignment-faults", "emulation-faults"};

	for (size_t i = 0; i < ARRAY_SIZE(soft); i++)
		if (!strcmp(name, soft[i]))
			return -1;
	if (strcasestr(name, "dmb") || strcasestr(name, "dsb") || strcasestr(name, "isb") ||
	    strcasestr(name, "barrier"))
		return 2;
	if (strcasestr(name, "inst"))
		return 0;
	if (strcasestr(name, "cycles"))
		return 1;
	return 3;
}

/* Hardware events worth a panel: read somewhere, non-zero, not software. */
static void pick_events(struct report *rp)
{
	const struct tsob_ds *ds = rp->ds;

	for (int kind = 0; kind <= 3; kind++)
		for (size_t i = 0; i < ds->ncells; i++)
			for (size_t k = 0; k < ds->cells[i].nctr; k++) {
				const struct tsob_ds_counter *e = &ds->cells[i].ctr[k];
				bool seen = false;

				if (!e->available || !e->s.n || !(e->s.st.median > 0) ||
				    counter_kind(e->name) != kind)
					continue;
				for (size_t j = 0; j < rp->nevents; j++)
					seen |= !strcmp(rp->events[j], e->name);
				if (!seen && rp->nevents < MAX_EVENTS)
					rp->events[rp->nevents++] = e->name;
			}
}

static void put_triple(FILE *f, double v, double lo, double hi)
{
	if (isfinite(v))
		fprintf(f, "\t%.6g\t%.6g\t%.6g", v, lo, hi);
	else
		fprintf(f, "\tNaN\tNaN\tNaN");
}

static void grid_header(FILE *f, const struct report *rp, const char *what)
{
	fprintf(f, "# %s; columns: cell", what);
	for (size_t k = 0; k < rp->g.ncols; k++)
		fprintf(f, "\t%s\t%s_lo\t%s_hi", rp->g.col[k], rp->g.col[k], rp->g.col[k]);
	fputc('\n', f);
}

static void row_label(const struct report *rp, size_t r, char *buf, size_t len)
{
	tsob_ds_cell_label(rp->g.row[r], buf, len);
}

/* For per-op charts: the kernel's operation, "copy8 (byte)". */
static void row_label_unit(const struct report *rp, size_t r, char *buf, size_t len)
{
	char label[128];

	row_label(rp, r, label, sizeof(label));
	if (rp->g.row[r]->unit && rp->g.row[r]->ops > 0)
		snprintf(buf, len, "%s (%s)", label, rp->g.row[r]->unit);
	else
		snprintf(buf, len, "%s", label);
}

static int write_time(FILE *f, void *arg)
{
	const struct report *rp = arg;

	grid_header(f, rp, "median wall time per operation (ns), 95% CI of the median");
	for (size_t r = 0; r < rp->g.nrows; r++) {
		char label[160];

		row_label_unit(rp, r, label, sizeof(label));
		fputs(label, f);
		for (size_t k = 0; k < rp->g.ncols; k++) {
			const struct tsob_ds_cell *c = at(rp, r, k);

			if (c)
				put_triple(f, c->wall.st.median * per_op(c),
					   c->wall.st.ci_lo * per_op(c),
					   c->wall.st.ci_hi * per_op(c));
			else
				put_triple(f, NAN, NAN, NAN);
		}
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

static int write_slowdown(FILE *f, void *arg)
{
	const struct report *rp = arg;

	grid_header(f, rp, "time relative to plain: Hodges-Lehmann ratio, 95% CI (Moses)");
	for (size_t r = 0; r < rp->g.nrows; r++) {
		char label[128];

		row_label(rp, r, label, sizeof(label));
		fputs(label, f);
		for (size_t k = 1; k < rp->g.ncols; k++) {
			const struct tsob_ds_cell *c = at(rp, r, k);
			struct tsob_ratio q;

			if (c && !slowdown_of(rp, c, &q))
				put_triple(f, q.est, q.lo, q.hi);
			else
				put_triple(f, NAN, NAN, NAN);
		}
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

static int write_counters(FILE *f, void *arg)
{
	const struct report *rp = arg;

	for (size_t e = 0; e < rp->nevents; e++) {
		if (e)
			fputs("\n\n", f);
		fprintf(f, "# event %s: ", rp->events[e]);
		grid_header(f, rp, "median per operation, 95% CI of the median");
		for (size_t r = 0; r < rp->g.nrows; r++) {
			char label[160];

			row_label_unit(rp, r, label, sizeof(label));
			fputs(label, f);
			for (size_t k = 0; k < rp->g.ncols; k++) {
				const struct tsob_ds_cell *c = at(rp, r, k);
				const struct tsob_ds_counter *x =
				    c ? tsob_ds_counter(c, rp->events[e]) : NULL;

				if (x && x->available && x->s.n)
					put_triple(f, x->s.st.median * per_op(c),
						   x->s.st.ci_lo * per_op(c),
						   x->s.st.ci_hi * per_op(c));
				else
					put_triple(f, NAN, NAN, NAN);
			}
			fputc('\n', f);
		}
	}
	return ferror(f) ? -EIO : 0;
}

static int write_ctxsw(FILE *f, void *arg)
{
	const struct report *rp = arg;
	const struct tsob_ds *ds = rp->ds;

	fprintf(f, "# context-switch cost: label, median, ci_lo, ci_hi (ns)\n");
	for (size_t i = 0; i < ds->nctxsw; i++) {
		const struct tsob_ds_ctxsw *x = &ds->ctxsw[i];

		if (!x->available)
			continue;
		fputs(x->label, f);
		put_triple(f, x->median, x->lo, x->hi);
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

static int write_file(struct report *rp, const char *name, int (*fn)(FILE *, void *))
{
	char path[PATH_MAX];
	const char *what = "";
	int r;

	snprintf(path, sizeof(path), "%s/%s", rp->dir, name);
	r = tsob_atomic_write(path, fn, rp, &what);
	if (r)
		snprintf(rp->why, sizeof(rp->why), "cannot write %s: %s (%s)", name, what,
			 strerror(-r));
	return r;
}

/* Common chart variables: title lines and the timing banner. */
static void chart_vars(const struct report *rp, char *vars, size_t len, const char *title)
{
	const struct tsob_ds *ds = rp->ds;
	const char *banner = tsob_ds_banner(ds);
	char sub[512], note[400];

	snprintf(sub, sizeof(sub), "host %s (%s), CPU %s, kernel %s, %s", ds->host, ds->arch,
		 ds->cpu_model, ds->kernel, ds->execution ? ds->execution : "?");
	snprintf(note, sizeof(note), "%s%s", banner ? "NOTE: " : "", banner ? banner : "");
	vars[0] = '\0';
	tsob_chart_str(vars, len, "scripts", rp->scripts);
	tsob_chart_str(vars, len, "ttl", title);
	tsob_chart_str(vars, len, "sub", sub);
	tsob_chart_str(vars, len, "note", note);
	/* Kernels on the x axis: the canvas widens so their labels stay apart. */
	tsob_chart_num(vars, len, "nx", (double)rp->g.nrows);
}

static int draw(struct report *rp, const char *name, const char *extra)
{
	static const char *const fmts[] = {"png", "svg"};
	char vars[VARS_LEN], path[PATH_MAX], data[PATH_MAX], log[PATH_MAX], script[64];

	snprintf(data, sizeof(data), "%s/%s.dat", rp->dir, name);
	snprintf(log, sizeof(log), "%s/gnuplot.log", rp->dir);
	snprintf(script, sizeof(script), "%s.gp", name);
	for (size_t i = 0; i < ARRAY_SIZE(fmts); i++) {
		snprintf(path, sizeof(path), "%s/%s.%s", rp->dir, name, fmts[i]);
		snprintf(vars, sizeof(vars), "%s", extra);
		tsob_chart_str(vars, sizeof(vars), "fmt", fmts[i]);
		tsob_chart_str(vars, sizeof(vars), "out", path);
		tsob_chart_str(vars, sizeof(vars), "data", data);
		if (tsob_chart_run(rp->scripts, script, vars, log, rp->why, sizeof(rp->why)))
			return -1;
		if (access(path, R_OK)) {
			snprintf(rp->why, sizeof(rp->why), "gnuplot wrote no %s.%s", name, fmts[i]);
			return -1;
		}
	}
	unlink(log);
	return 0;
}

static void series_names(const struct report *rp, size_t first, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t k = first; k < rp->g.ncols && used < len; k++)
		used +=
		    (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", rp->g.col[k]);
}

/* Largest over smallest non-zero median per op of @event. */
static double event_spread(const struct report *rp, const char *event)
{
	double lo = INFINITY, hi = 0;

	for (size_t r = 0; r < rp->g.nrows; r++)
		for (size_t k = 0; k < rp->g.ncols; k++) {
			const struct tsob_ds_cell *c = at(rp, r, k);
			const struct tsob_ds_counter *x = c ? tsob_ds_counter(c, event) : NULL;
			double v = x && x->available && x->s.n ? x->s.st.median * per_op(c) : 0;

			if (v > 0) {
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
		}
	return hi > 0 ? hi / lo : 1;
}

static int charts(struct report *rp)
{
	char base[VARS_LEN], vars[VARS_LEN], sers[512], ylab[128], evs[512];
	char logs[2 * MAX_EVENTS + 1];
	const char *unit = all_have_ops(rp) ? "op" : "repetition";
	double lo = INFINITY, hi = 0;

	/* Time per op: log scale when kernels span more than a decade. */
	for (size_t r = 0; r < rp->g.nrows; r++)
		for (size_t k = 0; k < rp->g.ncols; k++) {
			const struct tsob_ds_cell *c = at(rp, r, k);

			if (c) {
				lo = fmin(lo, c->wall.st.median * per_op(c));
				hi = fmax(hi, c->wall.st.median * per_op(c));
			}
		}
	if (!rp->g.nrows)
		goto ctxsw;
	chart_vars(rp, base, sizeof(base), "Median wall time per operation (95% CI whiskers)");
	series_names(rp, 0, sers, sizeof(sers));
	snprintf(vars, sizeof(vars), "%s", base);
	snprintf(ylab, sizeof(ylab), "ns per %s%s", unit,
		 !strcmp(unit, "op") ? " (the kernel's operation in brackets)" : "");
	tsob_chart_str(vars, sizeof(vars), "ylab", ylab);
	tsob_chart_str(vars, sizeof(vars), "sers", sers);
	tsob_chart_num(vars, sizeof(vars), "nser", (double)rp->g.ncols);
	tsob_chart_num(vars, sizeof(vars), "logy", hi > 10 * lo);
	if (draw(rp, "time", vars))
		return -1;

	if (rp->slowdown) {
		double qmin = INFINITY, qmax = 0;

		for (size_t r = 0; r < rp->g.nrows; r++)
			for (size_t k = 1; k < rp->g.ncols; k++) {
				const struct tsob_ds_cell *c = at(rp, r, k);
				struct tsob_ratio q;

				if (c && !slowdown_of(rp, c, &q)) {
					qmin = fmin(qmin, q.lo);
					qmax = fmax(qmax, q.hi);
				}
			}
		chart_vars(rp, base, sizeof(base),
			   "Slowdown relative to plain (LDR/STR): Hodges-Lehmann ratio, 95% CI");
		series_names(rp, 1, sers, sizeof(sers));
		snprintf(vars, sizeof(vars), "%s", base);
		tsob_chart_str(vars, sizeof(vars), "sers", sers);
		tsob_chart_num(vars, sizeof(vars), "nser", (double)rp->g.ncols - 1);
		tsob_chart_num(vars, sizeof(vars), "logy", qmax > 8);
		tsob_chart_num(vars, sizeof(vars), "ymin", isfinite(qmin) ? qmin * 0.9 : 0.8);
		if (draw(rp, "slowdown", vars))
			return -1;
	}
	if (rp->nevents) {
		size_t used = 0;

		evs[0] = '\0';
		for (size_t e = 0; e < rp->nevents; e++) {
			used += (size_t)snprintf(evs + used, sizeof(evs) - used, "%s%s",
						 e ? " " : "", rp->events[e]);
			/* Per panel: log scale when its bars span more than a decade. */
			logs[2 * e] = event_spread(rp, rp->events[e]) > 10 ? '1' : '0';
			logs[2 * e + 1] = ' ';
			logs[2 * e + 2] = '\0';
		}
		chart_vars(rp, base, sizeof(base), "Hardware counters per operation (95% CI)");
		series_names(rp, 0, sers, sizeof(sers));
		snprintf(vars, sizeof(vars), "%s", base);
		tsob_chart_str(vars, sizeof(vars), "sers", sers);
		tsob_chart_num(vars, sizeof(vars), "nser", (double)rp->g.ncols);
		tsob_chart_str(vars, sizeof(vars), "events", evs);
		tsob_chart_str(vars, sizeof(vars), "unit", unit);
		tsob_chart_num(vars, sizeof(vars), "nev", (double)rp->nevents);
		/* Many kernels: one panel a row, each as wide as the time chart. */
		{
			bool wide = rp->nevents == 1 || rp->g.nrows > 8;

			tsob_chart_num(vars, sizeof(vars), "cols", wide ? 1 : 2);
			tsob_chart_num(vars, sizeof(vars), "rows",
				       wide ? (double)rp->nevents : (double)((rp->nevents + 1) / 2));
		}
		tsob_chart_str(vars, sizeof(vars), "logs", logs);
		if (draw(rp, "counters", vars))
			return -1;
	}
ctxsw:
	if (rp->ctxsw) {
		double cmin = INFINITY, cmax = 0;

		for (size_t i = 0; i < rp->ds->nctxsw; i++)
			if (rp->ds->ctxsw[i].available && rp->ds->ctxsw[i].median > 0) {
				cmin = fmin(cmin, rp->ds->ctxsw[i].median);
				cmax = fmax(cmax, rp->ds->ctxsw[i].median);
			}
		chart_vars(rp, base, sizeof(base), "Context-switch cost per state: median, 95% CI");
		tsob_chart_num(base, sizeof(base), "logy", cmax > 10 * cmin);
		if (draw(rp, "ctxsw", base))
			return -1;
	}
	return 0;
}

/* ---- summary.md ---- */

static void md_cell_text(char *buf, size_t len, const char *s)
{
	/* Table cells: no pipes or newlines. */
	snprintf(buf, len, "%s", s ? s : "");
	for (char *p = buf; *p; p++)
		if (*p == '|' || *p == '\n')
			*p = '/';
}

static void md_header(FILE *f, const struct report *rp)
{
	const struct tsob_ds *ds = rp->ds;
	const char *banner = tsob_ds_banner(ds);

	fprintf(f, "# tsobench report: %s (%s)\n\n", ds->host, ds->arch);
	if (banner)
		fprintf(f, "> **%s:** %s\n\n", ds->emulated ? "EMULATED" : "Not an ordering cost",
			banner);
	fprintf(f, "| | |\n|---|---|\n");
	fprintf(f, "| host | %s |\n", ds->host);
	fprintf(f, "| CPU | %s (%s) |\n", ds->cpu_model, ds->arch);
	fprintf(f, "| kernel | %s |\n", ds->kernel);
	fprintf(f, "| execution | %s%s |\n", ds->execution ? ds->execution : "unknown",
		ds->emulated ? " (emulated)" : "");
	if (ds->date)
		fprintf(f, "| measured | %s |\n", ds->date);
	if (ds->git_commit)
		fprintf(f, "| tsobench commit | %s |\n", ds->git_commit);
	if (ds->command_line) {
		char cmd[1100];

		md_cell_text(cmd, sizeof(cmd), ds->command_line);
		fprintf(f, "| command | `%s` |\n", cmd);
	}
	fprintf(f, "| results file | %s%s%s |\n", ds->path, ds->complete ? "" : " (INCOMPLETE: ",
		ds->complete ? "" : (ds->incomplete_reason ? ds->incomplete_reason : "?"));
	if (!ds->complete)
		fputs(")", f);
	fprintf(f, "\n");
	if (ds->timing_note)
		fprintf(f, "Timing note from the run: *%s*\n\n", ds->timing_note);
}

/* "1.23 [1.20, 1.31] us": one unit for the median and its interval. */
static void fmt_time(char *buf, size_t len, double v, double lo, double hi)
{
	static const struct {
		double scale;
		const char *unit;
	} u[] = {{1e9, "s"}, {1e6, "ms"}, {1e3, "us"}, {1, "ns"}};
	size_t i = 0;

	while (i + 1 < ARRAY_SIZE(u) && fabs(v) < u[i].scale)
		i++;
	snprintf(buf, len, "%.3g [%.3g, %.3g] %s", v / u[i].scale, lo / u[i].scale, hi / u[i].scale,
		 u[i].unit);
}

static void md_time(FILE *f, const struct report *rp)
{
	char buf[96];

	fprintf(f, "## Time per operation\n\n");
	if (rp->charts)
		fprintf(f, "![median time per operation](time.png)\n\n");
	fprintf(f, "Median wall time per operation, [95%% CI of the median], n repetitions, "
		   "coefficient of variation.\n\n| kernel | unit |");
	for (size_t k = 0; k < rp->g.ncols; k++)
		fprintf(f, " %s |", rp->g.col[k]);
	fprintf(f, "\n|---|---|");
	for (size_t k = 0; k < rp->g.ncols; k++)
		fprintf(f, "---|");
	fputc('\n', f);
	for (size_t r = 0; r < rp->g.nrows; r++) {
		char label[128];

		row_label(rp, r, label, sizeof(label));
		fprintf(f, "| %s | %s |", label, rp->g.row[r]->unit ? rp->g.row[r]->unit : "rep");
		for (size_t k = 0; k < rp->g.ncols; k++) {
			const struct tsob_ds_cell *c = at(rp, r, k);

			if (!c) {
				fprintf(f, " – |");
				continue;
			}
			fmt_time(buf, sizeof(buf), c->wall.st.median * per_op(c),
				 c->wall.st.ci_lo * per_op(c), c->wall.st.ci_hi * per_op(c));
			fprintf(f, " %s, n=%zu, cv %.1f%% |", buf, c->wall.n, c->wall.st.cv * 100);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void md_slowdown(FILE *f, const struct report *rp)
{
	fprintf(f, "## Slowdown relative to plain\n\n");
	if (!rp->slowdown && rp->ds->emulated) {
		fprintf(f, "Not drawn: this run was emulated (%s), and a ratio of emulated times is "
			   "not an ordering cost.\n\n", rp->ds->execution ? rp->ds->execution : "");
		return;
	}
	if (!rp->slowdown) {
		fprintf(f, "Not drawn: no strategy other than plain was measured in this file");
		for (size_t i = 0; i < rp->ds->nstrat; i++)
			if (!rp->ds->strat[i].available && rp->ds->strat[i].reason) {
				fprintf(f, " (%s)", rp->ds->strat[i].reason);
				break;
			}
		fprintf(f, ".\n\n");
		return;
	}
	if (rp->charts)
		fprintf(f, "![slowdown relative to plain](slowdown.png)\n\n");
	fprintf(f, "Time under each strategy divided by time under plain (LDR/STR) on the same "
		   "kernel: Hodges-Lehmann estimate [95%% CI].\n\n| kernel |");
	for (size_t k = 1; k < rp->g.ncols; k++)
		fprintf(f, " %s |", rp->g.col[k]);
	fprintf(f, "\n|---|");
	for (size_t k = 1; k < rp->g.ncols; k++)
		fprintf(f, "---|");
	fputc('\n', f);
	for (size_t r = 0; r < rp->g.nrows; r++) {
		char label[128];

		row_label(rp, r, label, sizeof(label));
		fprintf(f, "| %s |", label);
		for (size_t k = 1; k < rp->g.ncols; k++) {
			const struct tsob_ds_cell *c = at(rp, r, k);
			struct tsob_ratio q;

			if (c && !slowdown_of(rp, c, &q))
				fprintf(f, " %.3fx [%.3f, %.3f] |", q.est, q.lo, q.hi);
			else
				fprintf(f, " – |");
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void md_counters(FILE *f, const struct report *rp)
{
	const char *unit = all_have_ops(rp) ? "op" : "repetition";

	fprintf(f, "## Counters per %s\n\n", unit);
	if (!rp->nevents) {
		const char *why = NULL;

		for (size_t i = 0; i < rp->ds->ncells && !why; i++)
			for (size_t k = 0; k < rp->ds->cells[i].nctr && !why; k++)
				if (!rp->ds->cells[i].ctr[k].available &&
				    counter_kind(rp->ds->cells[i].ctr[k].name) >= 0)
					why = rp->ds->cells[i].ctr[k].reason;
		fprintf(f, "Not drawn: no hardware counter was read in this file%s%s%s.\n\n",
			why ? " (" : "", why ? why : "", why ? ")" : "");
		return;
	}
	if (rp->charts)
		fprintf(f, "![counters per operation](counters.png)\n\n");
	fprintf(f, "Median per %s [95%% CI].\n\n", unit);
	for (size_t e = 0; e < rp->nevents; e++) {
		fprintf(f, "**%s**\n\n| kernel |", rp->events[e]);
		for (size_t k = 0; k < rp->g.ncols; k++)
			fprintf(f, " %s |", rp->g.col[k]);
		fprintf(f, "\n|---|");
		for (size_t k = 0; k < rp->g.ncols; k++)
			fprintf(f, "---|");
		fputc('\n', f);
		for (size_t r = 0; r < rp->g.nrows; r++) {
			char label[128];

			row_label(rp, r, label, sizeof(label));
			fprintf(f, "| %s |", label);
			for (size_t k = 0; k < rp->g.ncols; k++) {
				const struct tsob_ds_cell *c = at(rp, r, k);
				const struct tsob_ds_counter *x =
				    c ? tsob_ds_counter(c, rp->events[e]) : NULL;

				if (x && x->available && x->s.n)
					fprintf(
					    f, " %.4g [%.4g, %.4g] |", x->s.st.median * per_op(c),
					    x->s.st.ci_lo * per_op(c), x->s.st.ci_hi * per_op(c));
				else
					fprintf(f, " – |");
			}
			fputc('\n', f);
		}
		fputc('\n', f);
	}
}

static void md_ctxsw(FILE *f, const struct report *rp)
{
	const struct tsob_ds *ds = rp->ds;

	if (!ds->nctxsw && !ds->ctxsw_note)
		return;
	fprintf(f, "## Context switches\n\n");
	if (ds->ctxsw_note)
		fprintf(f, "The file has a ctxsw section, but %s.\n\n", ds->ctxsw_note);
	if (!ds->nctxsw)
		return;
	if (rp->ctxsw && rp->charts)
		fprintf(f, "![context-switch cost](ctxsw.png)\n\n");
	fprintf(f, "| state | group | median | 95%% CI | n |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < ds->nctxsw; i++) {
		const struct tsob_ds_ctxsw *x = &ds->ctxsw[i];
		char label[128], why[256];

		md_cell_text(label, sizeof(label), x->label);
		if (!x->available) {
			md_cell_text(why, sizeof(why), x->reason ? x->reason : "not run");
			fprintf(f, "| %s | %s | unavailable: %s | | |\n", label, x->group, why);
			continue;
		}
		fprintf(f, "| %s | %s | %.1f %s | [%.1f, %.1f] | %zu |\n", label, x->group,
			x->median, x->unit, x->lo, x->hi, x->n);
	}
	fputc('\n', f);
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
		   ? json_object_get_string(v)
		   : NULL;
}

static bool jint(json_object *o, const char *key, int64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_int64(v);
	return true;
}

/* One litmus result: "0 forbidden, 12 relaxed / 100000", or why it did not run. */
static void litmus_text(json_object *t, char *buf, size_t len)
{
	const char *status = jstr(t, "status");
	int64_t forb = 0, relaxed = 0, iters = 0;
	json_object *must;
	bool tso =
	    json_object_object_get_ex(t, "must_be_tso", &must) && json_object_get_boolean(must);

	if (status && strcmp(status, "ok") && !jint(t, "iterations", &iters)) {
		snprintf(buf, len, "%s", status);
		return;
	}
	jint(t, "forbidden_observed", &forb);
	jint(t, "relaxed_observed", &relaxed);
	jint(t, "iterations", &iters);
	snprintf(buf, len, "%s%lld forbidden%s, %lld relaxed / %lld", forb && tso ? "**" : "",
		 (long long)forb, forb && tso ? "**" : "", (long long)relaxed, (long long)iters);
}

/* The litmus section, as a test x strategy table (tolerant of missing fields). */
static void md_litmus(FILE *f, const struct report *rp)
{
	json_object *l = rp->ds->litmus, *tests, *t;
	const char *strat[MAX_COLS], *names[128];
	size_t ns = 0, nn = 0, n;

	if (!l)
		return;
	fprintf(f, "## Litmus tests\n\n");
	if (jstr(l, "verdict"))
		fprintf(f, "Verdict: **%s**\n\n", jstr(l, "verdict"));
	if (!json_object_object_get_ex(l, "tests", &tests) ||
	    !json_object_is_type(tests, json_type_array)) {
		fprintf(f, "The litmus section has no tests array this tsobench can read.\n\n");
		return;
	}
	n = json_object_array_length(tests);
	for (size_t i = 0; i < n; i++) {
		const char *tn, *sn;
		bool seen = false;

		t = json_object_array_get_idx(tests, i);
		tn = jstr(t, "test");
		sn = jstr(t, "strategy");
		if (!tn || !sn)
			continue;
		for (size_t k = 0; k < ns; k++)
			seen |= !strcmp(strat[k], sn);
		if (!seen && ns < MAX_COLS)
			strat[ns++] = sn;
		seen = false;
		for (size_t k = 0; k < nn; k++)
			seen |= !strcmp(names[k], tn);
		if (!seen && nn < ARRAY_SIZE(names))
			names[nn++] = tn;
	}
	fprintf(f, "Per test and strategy: outcomes x86-TSO forbids (bold where the strategy "
		   "must give TSO), relaxed outcomes (TSO allows them, sequential consistency "
		   "does not), and iterations.\n\n| test |");
	for (size_t k = 0; k < ns; k++)
		fprintf(f, " %s |", strat[k]);
	fprintf(f, "\n|---|");
	for (size_t k = 0; k < ns; k++)
		fprintf(f, "---|");
	fputc('\n', f);
	for (size_t r = 0; r < nn; r++) {
		fprintf(f, "| %s |", names[r]);
		for (size_t k = 0; k < ns; k++) {
			char buf[128] = "–";

			for (size_t i = 0; i < n; i++) {
				t = json_object_array_get_idx(tests, i);
				if (jstr(t, "test") && jstr(t, "strategy") &&
				    !strcmp(jstr(t, "test"), names[r]) &&
				    !strcmp(jstr(t, "strategy"), strat[k]))
					litmus_text(t, buf, sizeof(buf));
			}
			fprintf(f, " %s |", buf);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void md_not_run(FILE *f, const struct report *rp)
{
	const struct tsob_ds *ds = rp->ds;
	bool head = false;

	for (size_t i = 0; i < ds->nstrat && ds->ncells; i++) {
		if (ds->strat[i].available)
			continue;
		if (!head)
			fprintf(f, "## Not measured here\n\n| what | why |\n|---|---|\n");
		head = true;
		fprintf(f, "| strategy %s | %s |\n", ds->strat[i].name,
			ds->strat[i].reason ? ds->strat[i].reason : "unavailable");
	}
	for (size_t i = 0; i < ds->ncells; i++) {
		const struct tsob_ds_cell *c = &ds->cells[i];
		char label[128], why[256];

		if (!strcmp(c->status, "ok") || !strcmp(c->status, "unavailable"))
			continue;
		if (!head)
			fprintf(f, "## Not measured here\n\n| what | why |\n|---|---|\n");
		head = true;
		tsob_ds_cell_label(c, label, sizeof(label));
		md_cell_text(why, sizeof(why), c->reason);
		fprintf(f, "| cell %s / %s | **%s** %s |\n", label, c->strategy, c->status, why);
	}
	/* Each unavailable counter once, with its reason. */
	for (size_t i = 0; i < ds->ncells; i++)
		for (size_t k = 0; k < ds->cells[i].nctr; k++) {
			const struct tsob_ds_counter *x = &ds->cells[i].ctr[k];
			bool seen = false;

			if (x->available)
				continue;
			for (size_t j = 0; j <= i && !seen; j++)
				for (size_t m = 0; m < ds->cells[j].nctr; m++) {
					if (j == i && m >= k)
						break;
					if (!ds->cells[j].ctr[m].available &&
					    !strcmp(ds->cells[j].ctr[m].name, x->name)) {
						seen = true;
						break;
					}
				}
			if (seen)
				continue;
			if (!head)
				fprintf(f, "## Not measured here\n\n| what | why |\n|---|---|\n");
			head = true;
			fprintf(f, "| counter %s | %s |\n", x->name, x->reason ? x->reason : "?");
		}
	if (head)
		fputc('\n', f);
}

static int write_summary(FILE *f, void *arg)
{
	const struct report *rp = arg;

	md_header(f, rp);
	if (rp->g.nrows) {
		md_time(f, rp);
		md_slowdown(f, rp);
		md_counters(f, rp);
	} else {
		fprintf(f, "This file holds no measured kernel cells%s.\n\n",
			rp->ds->nctxsw ? "; it is a context-switch run" : "");
	}
	md_ctxsw(f, rp);
	md_litmus(f, rp);
	md_not_run(f, rp);
	fprintf(f, "## Method\n\nMedians of the raw repetitions, with the distribution-free 95%% "
		   "confidence interval of the median (order statistics). Slowdowns are "
		   "Hodges-Lehmann ratios against plain with Moses' 95%% interval: the ratios a "
		   "Mann-Whitney test would not reject. The .dat files beside this summary hold "
		   "every number drawn.\n");
	return ferror(f) ? -EIO : 0;
}

static void default_dir(const char *results, char *buf, size_t len)
{
	size_t n = strlen(results);

	if (n > 5 && !strcmp(results + n - 5, ".json"))
		n -= 5;
	snprintf(buf, len, "%.*s-report", (int)n, results);
}

int cmd_report(int argc, char **argv)
{
	enum { O_NOCHARTS = 256, O_SCRIPTS };
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
					     {"no-charts", no_argument, NULL, O_NOCHARTS},
					     {"scripts", required_argument, NULL, O_SCRIPTS},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *out = NULL, *scripts_opt = NULL;
	char final[PATH_MAX], tmp[PATH_MAX], scripts[PATH_MAX], why[512];
	struct report rp = {.charts = true};
	struct tsob_ds ds;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case O_NOCHARTS:
			rp.charts = false;
			break;
		case O_SCRIPTS:
			scripts_opt = optarg;
			break;
		case 'h':
			help();
			return TSOB_EXIT_OK;
		default:
			return tsob_usage_error("report: unknown option '%s': see 'tsobench report "
						"--help'",
						argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return tsob_usage_error("report: give exactly one results file (usage: tsobench "
					"report RESULTS.json [-o DIR])");
	if (tsob_ds_load(argv[optind], &ds, why, sizeof(why)))
		return tsob_usage_error("report: %s", why);
	if (rp.charts && tsob_chart_scripts(scripts_opt, scripts, sizeof(scripts))) {
		tsob_ds_free(&ds);
		return tsob_usage_error("report: gnuplot scripts not found%s%s (set "
					"TSOB_ANALYSIS_DIR or --scripts, or pass --no-charts)",
					scripts_opt ? " in " : "", scripts_opt ? scripts_opt : "");
	}
	if (out) {
		snprintf(final, sizeof(final), "%s", out);
		for (size_t n = strlen(final); n > 1 && final[n - 1] == '/'; n--)
			final[n - 1] = '\0';
	} else {
		default_dir(argv[optind], final, sizeof(final));
	}
	/* The output rule for a directory: a symlink stays a link, its target is replaced. */
	{
		char real[PATH_MAX];
		struct stat lst;

		if (!lstat(final, &lst) && S_ISLNK(lst.st_mode) && realpath(final, real))
			snprintf(final, sizeof(final), "%s", real);
	}
	if (tsob_outdir_begin(final, "summary.md", tmp, sizeof(tmp), why, sizeof(why))) {
		tsob_ds_free(&ds);
		return tsob_usage_error("report: %s", why);
	}

	rp.ds = &ds;
	rp.dir = tmp;
	rp.scripts = scripts;
	build_grid(&ds, &rp.g);
	pick_events(&rp);
	/* A ratio of emulated times would read as a cost: it is not one. */
	rp.slowdown = !ds.emulated && rp.g.ncols > 1 && !strcmp(rp.g.col[0], "plain");
	for (size_t i = 0; i < ds.nctxsw; i++)
		rp.ctxsw |= ds.ctxsw[i].available;

	if ((rp.g.nrows && write_file(&rp, "time.dat", write_time)) ||
	    (rp.slowdown && write_file(&rp, "slowdown.dat", write_slowdown)) ||
	    (rp.nevents && write_file(&rp, "counters.dat", write_counters)) ||
	    (rp.ctxsw && write_file(&rp, "ctxsw.dat", write_ctxsw)) || (rp.charts && charts(&rp)) ||
	    write_file(&rp, "summary.md", write_summary) ||
	    tsob_outdir_commit(final, tmp, rp.why, sizeof(rp.why))) {
		tsob_outdir_discard(tmp);
		tsob_ds_free(&ds);
		return tsob_usage_error("report: %s; nothing was written", rp.why);
	}
	printf("%s/summary.md\n", final);
	tsob_ds_free(&ds);
	return TSOB_EXIT_OK;
}
