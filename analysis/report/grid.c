// SPDX-License-Identifier: MIT
/* The report's grid: rows are cells (kernel, threads), columns strategies; events to draw. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "seq.h"
#include "slowdown.h"

/* Drawn and tabulated in the grid: kernel cells that passed their checks (the rest
 * are listed; `tsobench seq` rows have a chart and a table of their own, seq.c). */
bool rp_measured(const struct tsob_view_cell *c)
{
	return c->wall.n > 0 && !strcmp(c->status, "ok") && !c->seq;
}

static bool same_side(const struct tsob_view_cell *a, const struct tsob_view_cell *b)
{
	return (!a->side && !b->side) || (a->side && b->side && !strcmp(a->side, b->side));
}

/* A row is a kernel at a thread count, and in an A/B file a side. */
static bool same_row(const struct tsob_view_cell *a, const struct tsob_view_cell *b)
{
	return !strcmp(a->kernel, b->kernel) && a->threads == b->threads && same_side(a, b);
}

static void add_col(const struct tsob_view *ds, struct grid *g, const char *strategy)
{
	bool any = false;

	for (size_t k = 0; k < g->ncols; k++)
		if (!strcmp(g->col[k], strategy))
			return;
	for (size_t i = 0; i < ds->ncells && !any; i++)
		any = rp_measured(&ds->cells[i]) && !strcmp(ds->cells[i].strategy, strategy);
	if (any && g->ncols < MAX_COLS)
		g->col[g->ncols++] = strategy;
}

static void build_grid(const struct tsob_view *ds, struct grid *g)
{
	memset(g, 0, sizeof(*g));
	/* plain first, everything is measured against it; then the run's own order;
	 * emulator cells (tsobench emu) last, beside the modelled strategies. */
	add_col(ds, g, "plain");
	for (size_t i = 0; i < ds->nstrat; i++)
		add_col(ds, g, ds->strat[i].name);
	for (size_t i = 0; i < ds->ncells; i++)
		if (!tsob_view_is_emu(ds->cells[i].strategy))
			add_col(ds, g, ds->cells[i].strategy);
	g->nmodel = g->ncols;
	for (size_t i = 0; i < ds->ncells; i++)
		add_col(ds, g, ds->cells[i].strategy);
	for (size_t i = 0; i < ds->ncells; i++) {
		const struct tsob_view_cell *c = &ds->cells[i];
		bool seen = false;

		if (!rp_measured(c))
			continue;
		for (size_t r = 0; r < g->nrows; r++)
			seen |= same_row(g->row[r], c);
		if (!seen && g->nrows < ARRAY_SIZE(g->row))
			g->row[g->nrows++] = c;
	}
}

const struct tsob_view_cell *rp_at(const struct report *rp, size_t r, size_t k)
{
	const struct tsob_view_cell *c = rp->g.row[r];
	const struct tsob_view_cell *x =
		tsob_view_find(rp->ds, c->kernel, rp->g.col[k], c->threads, c->side);

	return x && rp_measured(x) ? x : NULL;
}

double rp_per_op(const struct tsob_view_cell *c)
{
	return c->ops > 0 ? 1.0 / c->ops : 1.0;
}

bool rp_all_have_ops(const struct report *rp)
{
	for (size_t r = 0; r < rp->g.nrows; r++)
		if (!(rp->g.row[r]->ops > 0))
			return false;
	return true;
}

/* Slowdown of cell @c against the baseline of the same row (slowdown.h): 0 or -1. */
int rp_slowdown_of(const struct report *rp, const struct tsob_view_cell *c,
		   struct tsob_ratio *ratio)
{
	const struct tsob_view_cell *base = tsob_slowdown_base(rp->ds, c);
	bool paired;

	/* An emulator's time holds its whole translation, not an ordering cost alone. */
	if (tsob_view_is_emu(c->strategy))
		return -1;
	return base && !tsob_slowdown(base, c, 0.95, ratio, &paired) ? 0 : -1;
}

int rp_counter_kind(const char *name)
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
	const struct tsob_view *ds = rp->ds;

	for (int kind = 0; kind <= 3; kind++)
		for (size_t i = 0; i < ds->ncells; i++)
			for (size_t k = 0; k < ds->cells[i].nctr; k++) {
				const struct tsob_view_counter *e = &ds->cells[i].ctr[k];
				bool seen = false;

				if (!e->available || !e->s.n || !(e->s.st.median > 0) ||
				    rp_counter_kind(e->name) != kind || ds->cells[i].seq)
					continue;
				for (size_t j = 0; j < rp->nevents; j++)
					seen |= !strcmp(rp->events[j], e->name);
				if (!seen && rp->nevents < MAX_EVENTS)
					rp->events[rp->nevents++] = e->name;
			}
}


void rp_prepare(struct report *rp)
{
	build_grid(rp->ds, &rp->g);
	pick_events(rp);
	/* A ratio of emulated times would read as a cost: it is not one. */
	rp->slowdown = !rp->ds->emulated && rp->g.nmodel > 1 &&
		       !strcmp(rp->g.col[0], TSOB_BASELINE_STRATEGY);
	for (size_t i = 0; i < rp->ds->nctxsw; i++)
		rp->ctxsw |= rp->ds->ctxsw[i].available;
	rp->seq = tsob_seq_file(rp->ds);
}
