// SPDX-License-Identifier: MIT
/* The summary table of a run: one line a cell, then what was not run or counted, and why. */
#include "table.h"

#include <math.h>
#include <string.h>

#include "slowdown.h"
#include "tsob/fmt.h"

void tsob_table_host_line(FILE *out, const struct tsob_view *v, const char *command)
{
	fprintf(out, "\ntsobench%s%s on %s: %s, %s, kernel %s, %s%s%s%s\n", *command ? " " : "",
		command, v->host, v->arch, v->cpu_model, v->kernel,
		v->execution ? v->execution : "?", v->execution_detail ? " (" : "",
		v->execution_detail ? v->execution_detail : "", v->execution_detail ? ")" : "");
}

static void header(FILE *out, const struct tsob_view *v)
{
	const char *banner = tsob_view_banner(v);

	tsob_table_host_line(out, v, "");
	if (v->emulated)
		fprintf(out, "NOTE: emulated execution: the times below are not ordering costs; "
			     "checksums and instruction counts are meaningful.\n");
	else if (banner)
		fprintf(out, "NOTE: %s.\n", banner);
	if (v->runs > 1)
		fprintf(out, "%d runs, the run as the unit: median of the per-run medians, its 95%% CI "
			     "and cv across runs\n",
			v->runs);
	else
		fprintf(out, "one run: the CI and cv are across repetitions of this process; they do "
			     "not show run-to-run variation (--runs N does)\n");
	if (v->order)
		fprintf(out, "strategies of a kernel measured %s\n", v->order);
	fprintf(out, "\n%-16s %-8s%s %3s %11s %25s %6s %11s %8s %11s %9s  %s\n", "kernel", "strategy",
		v->sides ? " side" : "", "thr", "median", "95% CI of median", "cv", "per op",
		"vs " TSOB_BASELINE_STRATEGY, "task-clock", "instr/op", "status");
}

/* The slowdown against the baseline, or why there is none ("-", "(emul.)"). */
static void versus(const struct tsob_view *v, const struct tsob_view_cell *c, char *buf,
		   size_t len)
{
	const struct tsob_view_cell *base = tsob_slowdown_base(v, c);
	struct tsob_ratio r;
	bool paired;

	if (v->emulated)
		snprintf(buf, len, "(emul.)"); /* an emulated ratio is no cost */
	else if (base && tsob_view_cell_ok(c) && !tsob_slowdown(base, c, 0.95, &r, &paired))
		snprintf(buf, len, "%.3fx", r.est);
	else
		snprintf(buf, len, "-");
}

static double counter_median(const struct tsob_view_cell *c, const char *name)
{
	const struct tsob_view_counter *k = tsob_view_counter(c, name);

	return k && k->available ? k->s.st.median : NAN;
}

/* A cell's status, and what --precision reached where it was asked. */
static void status(const struct tsob_view_cell *c, char *buf, size_t len)
{
	const struct tsob_view_precision *p = &c->precision;

	if (!p->asked || !isfinite(p->half_width))
		snprintf(buf, len, "%s", c->status);
	else
		snprintf(buf, len, "%s, +-%.2f%% %s", c->status, p->half_width * 100,
			 p->reached ? "(precision reached)" : "(PRECISION NOT REACHED)");
}

static void row(FILE *out, const struct tsob_view *v, const struct tsob_view_cell *c)
{
	const struct tsob_stats *st = tsob_series_stats(&c->wall);
	char stat[96], side[8];
	char med[32], lo[32], hi[32], ci[72], per[32], vs[16], tc[32], ipo[16];
	double ins = counter_median(c, "instructions");

	tsob_fmt_ns(med, sizeof(med), st->median);
	tsob_fmt_ns(lo, sizeof(lo), st->ci_lo);
	tsob_fmt_ns(hi, sizeof(hi), st->ci_hi);
	snprintf(ci, sizeof(ci), "[%s, %s]", lo, hi);
	tsob_fmt_ns(per, sizeof(per), c->ops > 0 ? st->median / c->ops : NAN);
	versus(v, c, vs, sizeof(vs));
	tsob_fmt_ns(tc, sizeof(tc), counter_median(c, "task-clock"));
	if (isfinite(ins) && c->ops > 0)
		snprintf(ipo, sizeof(ipo), "%.2f", ins / c->ops);
	else
		snprintf(ipo, sizeof(ipo), "-");
	status(c, stat, sizeof(stat));
	snprintf(side, sizeof(side), v->sides ? " %-4s" : "", c->side ? c->side : "");
	fprintf(out, "%-16s %-8s%s %3d %11s %25s %5.1f%% %11s %8s %11s %9s  %s%s\n", c->kernel,
		c->strategy, side, c->threads, med, ci, st->cv * 100.0, per, vs, tc, ipo, stat,
		c->violations > 0 ? " (ordering violations observed)" : "");
}

/* With --precision: how many cells got there, and why the others did not. */
static void precision(FILE *out, const struct tsob_view *v)
{
	size_t asked = 0, reached = 0;

	for (size_t i = 0; i < v->ncells; i++) {
		asked += v->cells[i].precision.asked;
		reached += v->cells[i].precision.reached;
	}
	if (!asked)
		return;
	fprintf(out, "\nprecision: %zu of %zu cells within the target%s\n", reached, asked,
		reached < asked ? "; not reached:" : "");
	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		char label[96];

		if (!c->precision.asked || c->precision.reached)
			continue;
		tsob_view_cell_label(c, label, sizeof(label));
		fprintf(out, "  %s/%s: +-%.2f%% of the median, target %.2f%%, cv %.1f%%: %s\n", label,
			c->strategy, c->precision.half_width * 100, c->precision.target * 100,
			tsob_series_stats(&c->wall)->cv * 100,
			c->precision.reason ? c->precision.reason : "?");
	}
}

void tsob_table_not_run(FILE *out, const struct tsob_view *v, int width)
{
	bool any = false;

	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		bool seen = false;

		if (strcmp(c->status, "unavailable"))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(v->cells[j].status, "unavailable") &&
			       !strcmp(v->cells[j].strategy, c->strategy);
		if (seen)
			continue;
		if (!any)
			fprintf(out, "\nnot run here:\n");
		any = true;
		fprintf(out, "  %-*s %s\n", width, c->strategy, c->reason ? c->reason : "");
	}
}

void tsob_table_not_counted(FILE *out, const struct tsob_view *v)
{
	bool any = false;

	for (size_t i = 0; i < v->ncells; i++)
		for (size_t k = 0; k < v->cells[i].nctr; k++) {
			const struct tsob_view_counter *x = &v->cells[i].ctr[k];
			bool seen = false;

			if (x->available)
				continue;
			for (size_t j = 0; j <= i && !seen; j++)
				for (size_t m = 0; m < v->cells[j].nctr && !seen; m++)
					seen = (j < i || m < k) && !v->cells[j].ctr[m].available &&
					       !strcmp(v->cells[j].ctr[m].name, x->name);
			if (seen)
				continue;
			if (!any)
				fprintf(out, "\nnot counted here:\n");
			any = true;
			fprintf(out, "  %-16s %s\n", x->name, x->reason ? x->reason : "");
		}
}

void tsob_table_print(FILE *out, const struct tsob_view *v)
{
	header(out, v);
	for (size_t i = 0; i < v->ncells; i++)
		if (strcmp(v->cells[i].status, "unavailable"))
			row(out, v, &v->cells[i]);
	precision(out, v);
	tsob_table_not_run(out, v, 8);
	tsob_table_not_counted(out, v);
}
