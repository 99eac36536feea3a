// SPDX-License-Identifier: MIT
/* `tsobench seq` cells read back: the figure a file is read in, and its table. */
#include "seq.h"

#include <math.h>
#include <string.h>

#include "table.h"

bool tsob_seq_file(const struct tsob_view *v)
{
	for (size_t i = 0; i < v->ncells; i++)
		if (v->cells[i].seq)
			return true;
	return false;
}

static bool measured(const struct tsob_view_cell *c)
{
	return c->seq && c->wall.n > 0 && !strcmp(c->status, "ok");
}

const char *tsob_seq_figure(const struct tsob_view *v, const char **note)
{
	const char *figure = NULL;

	/* One figure for the whole file, so that rows compare: cycles only if all have them. */
	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		const char *f = measured(c) && c->seq->figure ? c->seq->figure : NULL;

		if (!measured(c))
			continue;
		if (!f || !tsob_seq_series(c, f) || (figure && strcmp(figure, f))) {
			figure = "ns";
			break;
		}
		figure = f;
	}
	if (!figure)
		figure = "ns";
	if (note)
		*note = strcmp(figure, "ns") ? NULL : "time per instruction, no cycle counter";
	return figure;
}

const struct tsob_series *tsob_seq_series(const struct tsob_view_cell *c, const char *figure)
{
	const struct tsob_view_counter *k;

	if (!strcmp(figure, "ns"))
		return c->wall.n ? &c->wall : NULL;
	k = tsob_view_counter(c, figure);
	return k && k->available && k->s.n ? &k->s : NULL;
}

const char *tsob_seq_model(const struct tsob_view_cell *c)
{
	return c->seq && c->seq->model ? c->seq->model : "?";
}

double tsob_seq_insns_measured(const struct tsob_view_cell *c)
{
	const struct tsob_view_counter *k = tsob_view_counter(c, "instructions");

	return k && k->available && k->s.n ? k->s.st.median : NAN;
}

static void header(FILE *out, const struct tsob_view *v, const char *figure, const char *note)
{
	const char *banner = tsob_view_banner(v);
	const struct tsob_view_cell *any = NULL;

	for (size_t i = 0; i < v->ncells && !any; i++)
		any = measured(&v->cells[i]) ? &v->cells[i] : NULL;
	tsob_table_host_line(out, v, "seq");
	if (v->emulated)
		fprintf(out, "NOTE: emulated execution: the times below are not ordering costs; "
			     "instruction counts are meaningful.\n");
	else if (banner)
		fprintf(out, "NOTE: %s.\n", banner);
	if (note)
		fprintf(out, "figures: ns per copy: %s.\n", note);
	else
		fprintf(out, "figures: %s per copy (PMU event %s).\n", figure, figure);
	if (any)
		fprintf(out,
			"per copy = (reading(2u) - reading(u)) / (u x iterations), u = %.0f; "
			"median of %zu repetitions [95%% CI of the median]\n",
			any->seq->u, any->wall.n);
	fprintf(out, "\n%-26s %-4s %-7s %9s  %-22s %10s %5s  %s\n", "row", "form", "model",
		note ? "ns/copy" : "cyc/copy", "95% CI", "instr/copy", "table", "status");
}

static void row(FILE *out, const struct tsob_view_cell *c, const char *figure)
{
	const struct tsob_series *s = measured(c) ? tsob_seq_series(c, figure) : NULL;
	double ins = tsob_seq_insns_measured(c);
	char med[32] = "-", ci[64] = "-", in[32] = "-";
	const char *form = !c->seq->form ? "?" : !strcmp(c->seq->form, "latency") ? "lat" : "tput";

	if (s) {
		snprintf(med, sizeof(med), "%.3f", s->st.median);
		snprintf(ci, sizeof(ci), "[%.3f, %.3f]", s->st.ci_lo, s->st.ci_hi);
	}
	if (isfinite(ins))
		snprintf(in, sizeof(in), "%.2f", ins);
	fprintf(out, "%-26s %-4s %-7s %9s  %-22s %10s %5.0f  %s%s%s\n", c->kernel, form,
		tsob_seq_model(c), med, ci, in, c->seq->instructions, c->status,
		c->reason ? ": " : "", c->reason ? c->reason : "");
}

void tsob_seq_table_print(FILE *out, const struct tsob_view *v)
{
	const char *note, *figure = tsob_seq_figure(v, &note);

	header(out, v, figure, note);
	for (size_t i = 0; i < v->ncells; i++)
		if (v->cells[i].seq)
			row(out, &v->cells[i], figure);
	if (v->seq.tso_reason)
		fprintf(out, "\nTSO memory model: not measured: %s\n", v->seq.tso_reason);
	tsob_table_not_counted(out, v);
}
