// SPDX-License-Identifier: MIT
/* summary.md: the header, time, slowdown and counter tables. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "tsob/fmt.h"

/* ---- summary.md ---- */

void rp_md_cell_text(char *buf, size_t len, const char *s)
{
	/* Table cells: no pipes or newlines. */
	snprintf(buf, len, "%s", s ? s : "");
	for (char *p = buf; *p; p++)
		if (*p == '|' || *p == '\n')
			*p = '/';
}

static void md_header(FILE *f, const struct report *rp)
{
	const struct tsob_view *ds = rp->ds;
	const char *banner = tsob_view_banner(ds);

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

		rp_md_cell_text(cmd, sizeof(cmd), ds->command_line);
		fprintf(f, "| command | `%s` |\n", cmd);
	}
	fprintf(f, "| results file | %s%s%s |\n", ds->name, ds->complete ? "" : " (INCOMPLETE: ",
		ds->complete ? "" : (ds->incomplete_reason ? ds->incomplete_reason : "?"));
	if (!ds->complete)
		fputs(")", f);
	fprintf(f, "\n");
	if (ds->timing_note)
		fprintf(f, "Timing note from the run: *%s*\n\n", ds->timing_note);
}

void rp_md_columns(FILE *f, const char *const *names, size_t n, size_t lead)
{
	for (size_t k = 0; k < n; k++)
		fprintf(f, " %s |", names[k]);
	fprintf(f, "\n|");
	for (size_t k = 0; k < lead + n; k++)
		fprintf(f, "---|");
	fputc('\n', f);
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
	if (rp->ds->runs > 1)
		fprintf(f, "%d runs, the run as the unit: median of the per-run medians per "
			   "operation, [its 95%% CI], n runs, coefficient of variation across runs."
			   "%s\n\n| kernel | unit |",
			rp->ds->runs, rp->ds->sides ? " [base] and [new] are the two builds of an A/B "
						      "file, a run being a round." : "");
	else
		fprintf(f, "Median wall time per operation, [95%% CI of the median], n repetitions, "
			   "coefficient of variation.\n\n| kernel | unit |");
	rp_md_columns(f, rp->g.col, rp->g.ncols, 2);
	for (size_t r = 0; r < rp->g.nrows; r++) {
		char label[128];

		rp_row_label(rp, r, label, sizeof(label));
		fprintf(f, "| %s | %s |", label, rp->g.row[r]->unit ? rp->g.row[r]->unit : "rep");
		for (size_t k = 0; k < rp->g.ncols; k++) {
			const struct tsob_view_cell *c = rp_at(rp, r, k);
			const struct tsob_stats *st;

			if (!c) {
				fprintf(f, " – |");
				continue;
			}
			st = tsob_series_stats(&c->wall);
			fmt_time(buf, sizeof(buf), st->median * rp_per_op(c), st->ci_lo * rp_per_op(c),
				 st->ci_hi * rp_per_op(c));
			fprintf(f, " %s, n=%zu, cv %.1f%% |", buf, st->n, st->cv * 100);
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
	rp_md_columns(f, rp->g.col + 1, rp->g.nmodel - 1, 1);
	for (size_t r = 0; r < rp->g.nrows; r++) {
		char label[128];

		rp_row_label(rp, r, label, sizeof(label));
		fprintf(f, "| %s |", label);
		for (size_t k = 1; k < rp->g.nmodel; k++) {
			const struct tsob_view_cell *c = rp_at(rp, r, k);
			struct tsob_ratio q;

			if (c && !rp_slowdown_of(rp, c, &q))
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
	const char *unit = rp_all_have_ops(rp) ? "op" : "repetition";

	fprintf(f, "## Counters per %s\n\n", unit);
	if (!rp->nevents) {
		const char *why = NULL;

		for (size_t i = 0; i < rp->ds->ncells && !why; i++)
			for (size_t k = 0; k < rp->ds->cells[i].nctr && !why; k++)
				if (!rp->ds->cells[i].ctr[k].available &&
				    rp_counter_kind(rp->ds->cells[i].ctr[k].name) >= 0)
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
		rp_md_columns(f, rp->g.col, rp->g.ncols, 1);
		for (size_t r = 0; r < rp->g.nrows; r++) {
			char label[128];

			rp_row_label(rp, r, label, sizeof(label));
			fprintf(f, "| %s |", label);
			for (size_t k = 0; k < rp->g.ncols; k++) {
				const struct tsob_view_cell *c = rp_at(rp, r, k);
				const struct tsob_view_counter *x =
				    c ? tsob_view_counter(c, rp->events[e]) : NULL;

				if (x && x->available && x->s.n)
					fprintf(
					    f, " %.4g [%.4g, %.4g] |", x->s.st.median * rp_per_op(c),
					    x->s.st.ci_lo * rp_per_op(c), x->s.st.ci_hi * rp_per_op(c));
				else
					fprintf(f, " – |");
			}
			fputc('\n', f);
		}
		fputc('\n', f);
	}
}

int rp_write_summary(FILE *f, void *arg)
{
	const struct report *rp = arg;

	md_header(f, rp);
	if (rp->g.nrows) {
		md_time(f, rp);
		md_slowdown(f, rp);
		md_counters(f, rp);
		rp_md_emu(f, rp);
	} else if (!rp->seq) {
		fprintf(f, "This file holds no measured kernel cells%s.\n\n",
			rp->ds->nctxsw ? "; it is a context-switch run" : "");
	}
	if (rp->seq)
		rp_md_seq(f, rp);
	rp_md_ctxsw(f, rp);
	rp_md_litmus(f, rp);
	rp_md_not_run(f, rp);
	fprintf(f, "## Method\n\nMedians of the raw repetitions, with the distribution-free 95%% "
		   "confidence interval of the median (order statistics). Slowdowns are "
		   "Hodges-Lehmann ratios against plain with Moses' 95%% interval: the ratios a "
		   "Mann-Whitney test would not reject. The .dat files beside this summary hold "
		   "every number drawn.\n");
	return ferror(f) ? -EIO : 0;
}

