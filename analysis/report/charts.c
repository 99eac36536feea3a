// SPDX-License-Identifier: MIT
/* The charts: gnuplot runs the .gp scripts of analysis/ over the data files. */
#include <limits.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "report_internal.h"
#include "chart.h"

/* Common chart variables: title lines and the timing banner. */
void rp_chart_vars(const struct report *rp, char *vars, size_t len, const char *title)
{
	const struct tsob_view *ds = rp->ds;
	const char *banner = tsob_view_banner(ds);
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

int rp_draw(struct report *rp, const char *name, const char *extra)
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

static void series_names(const struct report *rp, size_t first, size_t end, char *buf,
			 size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t k = first; k < end && used < len; k++)
		used +=
		    (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", rp->g.col[k]);
}

/* Largest over smallest non-zero median per op of @event. */
static double event_spread(const struct report *rp, const char *event)
{
	double lo = INFINITY, hi = 0;

	for (size_t r = 0; r < rp->g.nrows; r++)
		for (size_t k = 0; k < rp->g.ncols; k++) {
			const struct tsob_view_cell *c = rp_at(rp, r, k);
			const struct tsob_view_counter *x = c ? tsob_view_counter(c, event) : NULL;
			double v = x && x->available && x->s.n ? x->s.st.median * rp_per_op(c) : 0;

			if (v > 0) {
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
		}
	return hi > 0 ? hi / lo : 1;
}

static int chart_time(struct report *rp)
{
	char base[VARS_LEN], vars[VARS_LEN], sers[512], ylab[128];
	const char *unit = rp_all_have_ops(rp) ? "op" : "repetition";
	double lo = INFINITY, hi = 0;

	/* Time per op: log scale when kernels span more than a decade. */
	for (size_t r = 0; r < rp->g.nrows; r++)
		for (size_t k = 0; k < rp->g.ncols; k++) {
			const struct tsob_view_cell *c = rp_at(rp, r, k);

			if (c) {
				lo = fmin(lo, tsob_series_stats(&c->wall)->median * rp_per_op(c));
				hi = fmax(hi, tsob_series_stats(&c->wall)->median * rp_per_op(c));
			}
		}
	rp_chart_vars(rp, base, sizeof(base), "Median wall time per operation (95% CI whiskers)");
	series_names(rp, 0, rp->g.ncols, sers, sizeof(sers));
	snprintf(vars, sizeof(vars), "%s", base);
	snprintf(ylab, sizeof(ylab), "ns per %s%s", unit,
		 !strcmp(unit, "op") ? " (the kernel's operation in brackets)" : "");
	tsob_chart_str(vars, sizeof(vars), "ylab", ylab);
	tsob_chart_str(vars, sizeof(vars), "sers", sers);
	tsob_chart_num(vars, sizeof(vars), "nser", (double)rp->g.ncols);
	tsob_chart_num(vars, sizeof(vars), "logy", hi > 10 * lo);
	return rp_draw(rp, "time", vars);
}

static int chart_slowdown(struct report *rp)
{
	char base[VARS_LEN], vars[VARS_LEN], sers[512];
	double qmin = INFINITY, qmax = 0;

	for (size_t r = 0; r < rp->g.nrows; r++)
		for (size_t k = 1; k < rp->g.nmodel; k++) {
			const struct tsob_view_cell *c = rp_at(rp, r, k);
			struct tsob_ratio q;

			if (c && !rp_slowdown_of(rp, c, &q)) {
				qmin = fmin(qmin, q.lo);
				qmax = fmax(qmax, q.hi);
			}
		}
	rp_chart_vars(rp, base, sizeof(base),
		   "Slowdown relative to plain (LDR/STR): Hodges-Lehmann ratio, 95% CI");
	series_names(rp, 1, rp->g.nmodel, sers, sizeof(sers));
	snprintf(vars, sizeof(vars), "%s", base);
	tsob_chart_str(vars, sizeof(vars), "sers", sers);
	tsob_chart_num(vars, sizeof(vars), "nser", (double)rp->g.nmodel - 1);
	tsob_chart_num(vars, sizeof(vars), "logy", qmax > 8);
	tsob_chart_num(vars, sizeof(vars), "ymin", isfinite(qmin) ? qmin * 0.9 : 0.8);
	return rp_draw(rp, "slowdown", vars);
}

static int chart_counters(struct report *rp)
{
	char base[VARS_LEN], vars[VARS_LEN], sers[512], evs[512];
	char logs[2 * MAX_EVENTS + 1];
	const char *unit = rp_all_have_ops(rp) ? "op" : "repetition";
	/* Many kernels: one panel a row, each as wide as the time chart. */
	bool wide = rp->nevents == 1 || rp->g.nrows > 8;
	size_t used = 0;

	evs[0] = '\0';
	for (size_t e = 0; e < rp->nevents; e++) {
		used += (size_t)snprintf(evs + used, sizeof(evs) - used, "%s%s", e ? " " : "",
					 rp->events[e]);
		/* Per panel: log scale when its bars span more than a decade. */
		logs[2 * e] = event_spread(rp, rp->events[e]) > 10 ? '1' : '0';
		logs[2 * e + 1] = ' ';
		logs[2 * e + 2] = '\0';
	}
	rp_chart_vars(rp, base, sizeof(base), "Hardware counters per operation (95% CI)");
	series_names(rp, 0, rp->g.ncols, sers, sizeof(sers));
	snprintf(vars, sizeof(vars), "%s", base);
	tsob_chart_str(vars, sizeof(vars), "sers", sers);
	tsob_chart_num(vars, sizeof(vars), "nser", (double)rp->g.ncols);
	tsob_chart_str(vars, sizeof(vars), "events", evs);
	tsob_chart_str(vars, sizeof(vars), "unit", unit);
	tsob_chart_num(vars, sizeof(vars), "nev", (double)rp->nevents);
	tsob_chart_num(vars, sizeof(vars), "cols", wide ? 1 : 2);
	tsob_chart_num(vars, sizeof(vars), "rows",
		       wide ? (double)rp->nevents : (double)((rp->nevents + 1) / 2));
	tsob_chart_str(vars, sizeof(vars), "logs", logs);
	return rp_draw(rp, "counters", vars);
}

static int chart_ctxsw(struct report *rp)
{
	char base[VARS_LEN];
	double cmin = INFINITY, cmax = 0;

	for (size_t i = 0; i < rp->ds->nctxsw; i++)
		if (rp->ds->ctxsw[i].available && rp->ds->ctxsw[i].median > 0) {
			cmin = fmin(cmin, rp->ds->ctxsw[i].median);
			cmax = fmax(cmax, rp->ds->ctxsw[i].median);
		}
	rp_chart_vars(rp, base, sizeof(base), "Context-switch cost per state: median, 95% CI");
	tsob_chart_num(base, sizeof(base), "logy", cmax > 10 * cmin);
	return rp_draw(rp, "ctxsw", base);
}

int rp_charts(struct report *rp)
{
	if (rp->g.nrows && chart_time(rp))
		return -1;
	if (rp->g.nrows && rp->slowdown && chart_slowdown(rp))
		return -1;
	if (rp->g.nrows && rp->nevents && chart_counters(rp))
		return -1;
	if (rp->seq && rp_chart_seq(rp))
		return -1;
	return rp->ctxsw ? chart_ctxsw(rp) : 0;
}
