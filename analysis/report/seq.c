// SPDX-License-Identifier: MIT
/*
 * The report of a `tsobench seq` file: seq.dat and the seq chart (each row's
 * figure per copy, 95% CI whiskers, the TSO model beside the default), and
 * summary.md's table of the rows.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "report_internal.h"
#include "seq.h"

static const char *const models[] = {"default", "tso"};

/* The rows of the file, each once, in the file's order. */
static size_t rows(const struct tsob_view *v, const struct tsob_view_cell **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		bool seen = false;

		for (size_t k = 0; k < n && !seen; k++)
			seen = !strcmp(out[k]->kernel, c->kernel);
		if (c->seq && !seen && n < max)
			out[n++] = c;
	}
	return n;
}

/* Row @kernel under memory model @model, measured, or NULL. */
static const struct tsob_view_cell *at(const struct tsob_view *v, const char *kernel,
				       const char *model)
{
	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];

		if (c->seq && !strcmp(c->kernel, kernel) && !strcmp(tsob_seq_model(c), model))
			return c;
	}
	return NULL;
}

static const struct tsob_series *series(const struct report *rp, const char *kernel,
					const char *model)
{
	const struct tsob_view_cell *c = at(rp->ds, kernel, model);

	return c && !strcmp(c->status, "ok") ? tsob_seq_series(c, tsob_seq_figure(rp->ds, NULL))
					     : NULL;
}

/* How many models have a measured row: the chart's bars per row. */
static size_t nmodels(const struct report *rp)
{
	size_t n = 1;

	for (size_t i = 0; i < rp->ds->ncells; i++) {
		const struct tsob_view_cell *c = &rp->ds->cells[i];

		if (c->seq && !strcmp(tsob_seq_model(c), "tso") && !strcmp(c->status, "ok"))
			n = 2;
	}
	return n;
}

int rp_write_seq(FILE *f, void *arg)
{
	const struct report *rp = arg;
	const struct tsob_view_cell *row[256];
	size_t n = rows(rp->ds, row, ARRAY_SIZE(row));

	fprintf(f, "# %s per copy of each sequence: median, 95%% CI of the median; columns: row",
		tsob_seq_figure(rp->ds, NULL));
	for (size_t m = 0; m < ARRAY_SIZE(models); m++)
		fprintf(f, "\t%s\t%s_lo\t%s_hi", models[m], models[m], models[m]);
	fputc('\n', f);
	for (size_t r = 0; r < n; r++) {
		fputs(row[r]->kernel, f);
		for (size_t m = 0; m < ARRAY_SIZE(models); m++) {
			const struct tsob_series *s = series(rp, row[r]->kernel, models[m]);

			if (s)
				fprintf(f, "\t%.6g\t%.6g\t%.6g", s->st.median, s->st.ci_lo,
					s->st.ci_hi);
			else
				fprintf(f, "\tNaN\tNaN\tNaN");
		}
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

int rp_chart_seq(struct report *rp)
{
	const char *note, *figure = tsob_seq_figure(rp->ds, &note);
	const struct tsob_view_cell *row[256];
	size_t n = rows(rp->ds, row, ARRAY_SIZE(row));
	char vars[VARS_LEN], ylab[160];
	double lo = INFINITY, hi = 0;
	bool positive = true;

	for (size_t r = 0; r < n; r++)
		for (size_t m = 0; m < ARRAY_SIZE(models); m++) {
			const struct tsob_series *s = series(rp, row[r]->kernel, models[m]);

			if (!s)
				continue;
			positive &= s->st.ci_lo > 0;
			lo = fmin(lo, s->st.median);
			hi = fmax(hi, s->st.median);
		}
	rp_chart_vars(rp, vars, sizeof(vars),
		      "Instruction sequences: median per copy (95% CI whiskers)");
	tsob_chart_num(vars, sizeof(vars), "nx", (double)n);
	if (note)
		snprintf(ylab, sizeof(ylab), "ns per copy (%s)", note);
	else
		snprintf(ylab, sizeof(ylab), "%s per copy", figure);
	tsob_chart_str(vars, sizeof(vars), "ylab", ylab);
	tsob_chart_num(vars, sizeof(vars), "nser", (double)nmodels(rp));
	/* Log scale only where every bar and whisker is above zero. */
	tsob_chart_num(vars, sizeof(vars), "logy", positive && hi > 10 * lo);
	return rp_draw(rp, "seq", vars);
}

static void md_row(FILE *f, const struct report *rp, const struct tsob_view_cell *c)
{
	double ins = NAN;

	fprintf(f, "| %s | %s | %.0f |", c->kernel, c->seq->form ? c->seq->form : "?",
		c->seq->instructions);
	for (size_t m = 0; m < nmodels(rp); m++) {
		const struct tsob_view_cell *x = at(rp->ds, c->kernel, models[m]);
		const struct tsob_series *s = series(rp, c->kernel, models[m]);
		char why[256];

		if (s) {
			fprintf(f, " %.3f [%.3f, %.3f] |", s->st.median, s->st.ci_lo, s->st.ci_hi);
			if (!isfinite(ins))
				ins = tsob_seq_insns_measured(x);
		} else if (x) {
			rp_md_cell_text(why, sizeof(why), x->reason);
			fprintf(f, " %s%s%s |", x->status, x->reason ? ": " : "", why);
		} else {
			fprintf(f, " – |");
		}
	}
	if (isfinite(ins))
		fprintf(f, " %.2f |\n", ins);
	else
		fprintf(f, " – |\n");
}

void rp_md_seq(FILE *f, const struct report *rp)
{
	const char *note, *figure = tsob_seq_figure(rp->ds, &note);
	const struct tsob_view_cell *row[256];
	size_t n = rows(rp->ds, row, ARRAY_SIZE(row));

	fprintf(f, "## Instruction sequences\n\n");
	if (rp->charts)
		fprintf(f, "![instruction sequences](seq.png)\n\n");
	fprintf(f,
		"Each row run unrolled u and 2u times in a loop; per copy = (fastest 2u call - "
		"fastest u call) / (u x iterations) in each repetition, so loop and measurement "
		"cancel. Median per copy [95%% CI of the median], in **%s**%s%s%s; instructions "
		"per copy from the table and as the PMU counted them.\n\n",
		note ? "ns" : figure, note ? " (" : "", note ? note : "", note ? ")" : "");
	fprintf(f, "| row | form | instr. |");
	for (size_t m = 0; m < nmodels(rp); m++)
		fprintf(f, " %s model |", models[m]);
	fprintf(f, " instr. counted |\n|---|---|---|");
	for (size_t m = 0; m < nmodels(rp); m++)
		fprintf(f, "---|");
	fprintf(f, "---|\n");
	for (size_t r = 0; r < n; r++)
		md_row(f, rp, row[r]);
	fputc('\n', f);
	if (rp->ds->seq.tso_reason)
		fprintf(f, "TSO memory model not measured: %s.\n\n", rp->ds->seq.tso_reason);
}
