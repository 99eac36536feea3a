// SPDX-License-Identifier: MIT
/*
 * summary.md: the emulator columns (tsobench emu cells, strategy emu:CONFIG)
 * beside the modelled strategies: what each configuration is, and its
 * instructions per x86 operation next to those of the strategies it resembles.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_internal.h"
#include "tsob/fmt.h"

/* Any measured cell of column @k, for the emulator's record. */
static const struct tsob_view_cell *column_cell(const struct report *rp, size_t k)
{
	for (size_t r = 0; r < rp->g.nrows; r++) {
		const struct tsob_view_cell *c = rp_at(rp, r, k);

		if (c && c->emu)
			return c;
	}
	return NULL;
}

/* Median instructions per x86 operation of @c, or NaN. */
static double instr_per_op(const struct tsob_view_cell *c)
{
	const struct tsob_view_counter *x = c ? tsob_view_counter(c, "instructions") : NULL;

	return x && x->available && x->s.n && c->ops > 0 ? x->s.st.median / c->ops : NAN;
}

/* Median start-up of column @k over its cells, or NaN. */
static double startup(const struct report *rp, size_t k)
{
	double v[256];
	size_t n = 0;
	struct tsob_stats st;

	for (size_t r = 0; r < rp->g.nrows && n < ARRAY_SIZE(v); r++) {
		const struct tsob_view_cell *c = rp_at(rp, r, k);

		if (c && c->emu && isfinite(c->emu->startup_ns))
			v[n++] = c->emu->startup_ns;
	}
	tsob_stats_compute(v, n, &st);
	return n ? st.median : NAN;
}

static void configurations(FILE *f, const struct report *rp)
{
	fprintf(f, "| column | emulator | claims x86-TSO | modelled by | start-up (median) | "
		   "stands for |\n|---|---|---|---|---|---|\n");
	for (size_t k = rp->g.nmodel; k < rp->g.ncols; k++) {
		const struct tsob_view_cell *c = column_cell(rp, k);
		const struct tsob_view_emu *x = c ? c->emu : NULL;
		char model[128] = "", up[32], text[512];
		size_t used = 0;

		if (!x)
			continue;
		for (size_t m = 0; m < x->nmodel && used < sizeof(model); m++)
			used += (size_t)snprintf(model + used, sizeof(model) - used, "%s%s",
						 m ? ", " : "", x->model[m]);
		tsob_fmt_ns(up, sizeof(up), startup(rp, k));
		rp_md_cell_text(text, sizeof(text), x->stands_for);
		fprintf(f, "| %s | %s | %s | %s | %s | %s |\n", rp->g.col[k],
			x->version ? x->version : x->emulator, x->tso ? x->tso : "?",
			used ? model : "–", up, text);
	}
	fputc('\n', f);
}

/* The column of strategy @name, or -1. */
static long column(const struct report *rp, const char *name)
{
	for (size_t k = 0; k < rp->g.nmodel; k++)
		if (!strcmp(rp->g.col[k], name))
			return (long)k;
	return -1;
}

/* Per row: each emulator's instructions per x86 operation, then its models'. */
static void instructions(FILE *f, const struct report *rp)
{
	bool any = false;

	for (size_t r = 0; r < rp->g.nrows && !any; r++)
		for (size_t k = rp->g.nmodel; k < rp->g.ncols && !any; k++)
			any = isfinite(instr_per_op(rp_at(rp, r, k)));
	if (!any) {
		fprintf(f, "No instructions were counted in the emulator cells ('Not measured "
			   "here' says why).\n\n");
		return;
	}
	fprintf(f, "Instructions per x86 operation (median; whole emulator process, every "
		   "thread, the marks' own cost subtracted), beside the modelled strategies the "
		   "configuration resembles.\n\n| kernel | column | instructions per op | "
		   "model: instructions per op |\n|---|---|---|---|\n");
	for (size_t r = 0; r < rp->g.nrows; r++)
		for (size_t k = rp->g.nmodel; k < rp->g.ncols; k++) {
			const struct tsob_view_cell *c = rp_at(rp, r, k);
			double v = instr_per_op(c);
			char label[128];

			if (!isfinite(v))
				continue;
			rp_row_label(rp, r, label, sizeof(label));
			fprintf(f, "| %s | %s | %.4g |", label, rp->g.col[k], v);
			for (size_t m = 0; c->emu && m < c->emu->nmodel; m++) {
				long j = column(rp, c->emu->model[m]);
				double w = j < 0 ? NAN : instr_per_op(rp_at(rp, r, (size_t)j));

				if (isfinite(w))
					fprintf(f, " %s %.4g (%.1fx)", c->emu->model[m], w, v / w);
			}
			fprintf(f, " |\n");
		}
	fputc('\n', f);
}

/* Each configuration that could not run here once, with the reason. */
static size_t unavailable(FILE *f, const struct report *rp)
{
	const struct tsob_view *ds = rp->ds;
	size_t n = 0;

	for (size_t i = 0; i < ds->ncells; i++) {
		const struct tsob_view_cell *c = &ds->cells[i];
		bool seen = false;
		char why[512];

		if (!c->emu || strcmp(c->status, "unavailable"))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(ds->cells[j].strategy, c->strategy);
		if (seen)
			continue;
		if (f && !n)
			fprintf(f, "Not run here:\n\n| configuration | why |\n|---|---|\n");
		if (f) {
			rp_md_cell_text(why, sizeof(why), c->reason);
			fprintf(f, "| %s | %s |\n", c->strategy, why);
		}
		n++;
	}
	if (f && n)
		fputc('\n', f);
	return n;
}

void rp_md_emu(FILE *f, const struct report *rp)
{
	if (rp->g.nmodel == rp->g.ncols && !unavailable(NULL, rp))
		return;
	fprintf(f, "## Real emulators beside the models\n\n");
	fprintf(f, "Columns emu:CONFIG are tsobench emu cells: the same kernel as an x86-64 "
		   "program under a real emulator configuration, one fresh process a cell, its "
		   "time per x86 operation measured by the program itself (start-up and warm-up "
		   "apart). Their times hold the emulator's whole translation, not an ordering "
		   "cost alone: they are in the time and counter tables, not in the slowdown.");
	if (rp->ds->emulated || tsob_view_banner(rp->ds))
		fprintf(f, " On this host they are emulated timings, not ordering costs; the "
			   "instruction counts are meaningful.");
	fprintf(f, "\n\n");
	if (rp->g.nmodel < rp->g.ncols) {
		configurations(f, rp);
		instructions(f, rp);
	}
	unavailable(f, rp);
}
