// SPDX-License-Identifier: MIT
/* The comparison of two results files as a table and as Markdown. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare_internal.h"
#include "tsob/fmt.h"
#include "tsob/output.h"

/* Where a file holds one run, the rows say what the repetitions show, not a verdict. */
static const char *unreplicated_verdict(enum tsob_verdict v)
{
	switch (v) {
	case TSOB_SAME:
		return "same (1 run)";
	case TSOB_SMALL:
		return "within threshold (1 run)";
	case TSOB_REGRESSION:
		return "slower? (1 run: no verdict)";
	case TSOB_IMPROVEMENT:
		return "faster? (1 run: no verdict)";
	default:
		return "not compared";
	}
}

static const char *row_verdict(const struct tsob_comparison *cmp, const struct row *r)
{
	if (r->kind == ROW_COMPARED && r->c.too_few)
		return "too few runs";
	if (r->kind == ROW_COMPARED && cmp->unreplicated)
		return unreplicated_verdict(r->c.verdict);
	switch (r->kind) {
	case ROW_FAILED:
		return "FAILED";
	case ROW_BASE_FAILED:
		return "BASE failed";
	case ROW_ONLY_BASE:
		return "only in BASE";
	case ROW_ONLY_NEW:
		return "only in NEW";
	case ROW_NO_METRIC:
		return "metric not recorded";
	default:
		return tsob_verdict_name(r->c.verdict);
	}
}

static void fmt_num(char *buf, size_t len, double v)
{
	if (!isfinite(v))
		snprintf(buf, len, "-");
	else if (fabs(v) >= 1e6)
		snprintf(buf, len, "%.4g", v);
	else
		snprintf(buf, len, "%.1f", v);
}

/* Fill the printable fields of a row. */
static void row_fields(const struct tsob_comparison *cmp, const struct row *r, char *cell, size_t cl,
		       char *bm, char *nm, char *chg, char *ci, char *p, size_t len)
{
	const struct tsob_view_cell *c = r->base ? r->base : r->new_;
	char label[96];

	tsob_view_cell_label(c, label, sizeof(label));
	snprintf(cell, cl, "%s/%s", label, c->strategy);
	if (!strcmp(cmp->metric, "wall_ns") && isfinite(r->c.base_median)) {
		tsob_fmt_ns(bm, len, r->c.base_median);
		tsob_fmt_ns(nm, len, r->c.new_median);
	} else {
		fmt_num(bm, len, r->c.base_median);
		fmt_num(nm, len, r->c.new_median);
	}
	if (r->kind == ROW_FAILED) {
		snprintf(chg, len, "-");
		snprintf(ci, len, "NEW %s%s%.60s", r->new_->status, r->new_->reason ? ": " : "",
			 r->new_->reason ? r->new_->reason : "");
		snprintf(p, len, "-");
		return;
	}
	if (isfinite(r->c.change))
		snprintf(chg, len, "%+.2f%%", r->c.change * 100);
	else
		snprintf(chg, len, "-");
	if (isfinite(r->c.ratio.lo))
		snprintf(ci, len, "[%+.2f%%, %+.2f%%]", (r->c.ratio.lo - 1) * 100,
			 (r->c.ratio.hi - 1) * 100);
	else
		snprintf(ci, len, "-");
	if (isfinite(r->c.p))
		snprintf(p, len, "%.3g", r->c.p);
	else
		snprintf(p, len, "-");
}

/* What the test's unit is, and with one run a file, what cannot be concluded. */
static void unit_note(const struct tsob_comparison *cmp, FILE *f, const char *pre)
{
	if (cmp->by_run)
		fprintf(f, "%sunit: the run (BASE %d runs, NEW %d runs): per-run medians compared, "
			   "Mann-Whitney exact for few runs\n",
			pre, cmp->base->runs, cmp->new_->runs);
	else if (!cmp->unreplicated)
		fprintf(f, "%sunit: the repetition (--unit repetition): repetitions taken as "
			   "independent samples of a build\n",
			pre);
	else
		fprintf(f, "%sNOTE: BASE holds %d run%s and NEW %d: the p-values below treat the "
			   "repetitions of one process as independent, so they compare two processes, "
			   "not two builds; run-to-run variation (other pages, a neighbour's load) is "
			   "not in them. No timing change fails the gate (exit 0 unless a cell "
			   "failed). For a verdict: `tsobench run --runs 5` for both, or `tsobench ab "
			   "BASE_BIN NEW_BIN`; --unit repetition gates on these rows anyway.\n",
			pre, cmp->base->runs, cmp->base->runs == 1 ? "" : "s", cmp->new_->runs);
}

static void print_table(const struct tsob_comparison *cmp, FILE *f)
{
	char cell[160], bm[128], nm[128], chg[128], ci[128], p[128];

	fprintf(f, "tsobench compare: %s -> %s\n", cmp->base->name, cmp->new_->name);
	fprintf(f, "metric %s, Mann-Whitney alpha %g, threshold %.3g%%; host %s, kernel %s\n",
		cmp->metric, cmp->alpha, cmp->threshold * 100, cmp->new_->host, cmp->new_->kernel);
	unit_note(cmp, f, "");
	if (tsob_view_banner(cmp->new_))
		fprintf(f, "NOTE: %s\n", tsob_view_banner(cmp->new_));
	fprintf(f, "\n%-28s %14s %14s %9s %22s %9s  %s\n", "cell", "base median", "new median",
		"change", "95% CI of change", "p", "verdict");
	for (size_t i = 0; i < cmp->nrows; i++) {
		row_fields(cmp, &cmp->rows[i], cell, sizeof(cell), bm, nm, chg, ci, p, sizeof(bm));
		fprintf(f, "%-28s %14s %14s %9s %22s %9s  %s\n", cell, bm, nm, chg, ci, p,
			row_verdict(cmp, &cmp->rows[i]));
	}
	fprintf(f, "\n%zu cells: %zu regression%s, %zu failed, %zu improvement%s\n", cmp->nrows,
		cmp->regressions, cmp->regressions == 1 ? "" : "s", cmp->failed, cmp->improvements,
		cmp->improvements == 1 ? "" : "s");
	if (cmp->unreplicated)
		fprintf(f, "%zu cell%s between these two processes beyond the threshold "
			   "(one run a file: not a verdict)\n",
			cmp->differ, cmp->differ == 1 ? " differs" : "s differ");
}

static int write_md(FILE *f, void *arg)
{
	const struct tsob_comparison *cmp = arg;
	const char *banner = tsob_view_banner(cmp->new_);
	char cell[160], bm[128], nm[128], chg[128], ci[128], p[128];

	fprintf(f, "# tsobench compare\n\n");
	if (banner)
		fprintf(f, "> **%s:** %s\n\n", cmp->new_->emulated ? "EMULATED" : "Note", banner);
	fprintf(f, "| | BASE | NEW |\n|---|---|---|\n");
	fprintf(f, "| file | %s | %s |\n", cmp->base->name, cmp->new_->name);
	fprintf(f, "| host | %s | %s |\n", cmp->base->host, cmp->new_->host);
	fprintf(f, "| CPU | %s | %s |\n", cmp->base->cpu_model, cmp->new_->cpu_model);
	fprintf(f, "| kernel | %s | %s |\n", cmp->base->kernel, cmp->new_->kernel);
	fprintf(f, "| measured | %s | %s |\n", cmp->base->date ? cmp->base->date : "?",
		cmp->new_->date ? cmp->new_->date : "?");
	fprintf(f, "| tsobench commit | %s | %s |\n\n",
		cmp->base->git_commit ? cmp->base->git_commit : "?",
		cmp->new_->git_commit ? cmp->new_->git_commit : "?");
	if (cmp->forced)
		fprintf(f, "Compared with --force: the files differ (see stderr of the run).\n\n");
	fprintf(f,
		"Metric %s. A cell regresses when the Mann-Whitney U test (two-sided) is "
		"significant at alpha = %g and its median grew by more than %.3g%%. The "
		"interval is the Hodges-Lehmann/Moses %g%% interval of the ratio NEW/BASE.\n\n",
		cmp->metric, cmp->alpha, cmp->threshold * 100, (1 - cmp->alpha) * 100);
	unit_note(cmp, f, "");
	fprintf(f, "\n");
	fprintf(f, "| cell | base median | new median | change | CI of change | p | verdict |\n"
		   "|---|---:|---:|---:|---|---:|---|\n");
	for (size_t i = 0; i < cmp->nrows; i++) {
		const struct row *r = &cmp->rows[i];
		bool bad = r->kind == ROW_FAILED || r->c.verdict == TSOB_REGRESSION;

		row_fields(cmp, r, cell, sizeof(cell), bm, nm, chg, ci, p, sizeof(bm));
		for (char *q = ci; *q; q++)
			if (*q == '|')
				*q = '/';
		fprintf(f, "| %s | %s | %s | %s | %s | %s | %s%s%s |\n", cell, bm, nm, chg, ci, p,
			bad ? "**" : "", row_verdict(cmp, r), bad ? "**" : "");
	}
	fprintf(f, "\n**%s**: %zu cells, %zu regression%s, %zu failed, %zu improvement%s.\n",
		cmp->regressions || cmp->failed ? "FAIL" : "PASS", cmp->nrows, cmp->regressions,
		cmp->regressions == 1 ? "" : "s", cmp->failed, cmp->improvements,
		cmp->improvements == 1 ? "" : "s");
	return ferror(f) ? -EIO : 0;
}

void tsob_compare_print(FILE *f, const struct tsob_comparison *cmp)
{
	print_table(cmp, f);
}

int tsob_compare_write_md(const char *path, const struct tsob_comparison *cmp, struct tsob_err *e)
{
	const char *what = "";
	int r = tsob_output_write(path, write_md, (void *)cmp, &what);

	return r ? tsob_err_set(e, r, "cannot write %s: %s (%s)", path, what, strerror(-r)) : 0;
}
