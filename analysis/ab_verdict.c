// SPDX-License-Identifier: MIT
/* The verdict of an A/B file, cell by cell: a paired test across rounds. */
#include "ab_verdict_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/fmt.h"
#include "tsob/output.h"
#include "tsob/stats.h"

static bool measured(const struct tsob_view_cell *c)
{
	return c && tsob_view_cell_ok(c);
}

static bool failed(const struct tsob_view_cell *c)
{
	return c && strcmp(c->status, "ok") && strcmp(c->status, "unavailable");
}

static const struct tsob_series *metric_of(const struct tsob_view_cell *c, const char *metric)
{
	const struct tsob_view_counter *k;

	if (!strcmp(metric, "wall_ns") || !strcmp(metric, "wall"))
		return c->wall.n ? &c->wall : NULL;
	k = tsob_view_counter(c, metric);
	return k && k->available && k->s.n ? &k->s : NULL;
}

/* The paired test across rounds, and the verdict by the alpha and threshold rule. */
static void decide(struct tsob_ab *ab, struct tsob_ab_row *r, const struct tsob_series *sb,
		   const struct tsob_series *sn)
{
	double *x = malloc(2 * (sb->nruns + 1) * sizeof(*x)), *y;
	double change;

	r->verdict = TSOB_NOT_COMPARED;
	if (!x)
		return;
	y = x + sb->nruns + 1;
	r->rounds = tsob_series_pair_runs(sb, sn, x, y);
	r->base_median = tsob_stats_median(x, r->rounds);
	r->new_median = tsob_stats_median(y, r->rounds);
	r->too_few = !(ldexp(1.0, 1 - (int)(r->rounds < 60 ? r->rounds : 60)) < ab->o.alpha);
	if (!r->rounds || tsob_paired_compare(x, y, r->rounds, 1 - ab->o.alpha, &r->p) ||
	    r->too_few) {
		free(x);
		return;
	}
	free(x);
	change = r->p.est - 1;
	if (!(r->p.p < ab->o.alpha))
		r->verdict = TSOB_SAME;
	else if (change > ab->o.threshold)
		r->verdict = TSOB_REGRESSION;
	else if (change < -ab->o.threshold)
		r->verdict = TSOB_IMPROVEMENT;
	else
		r->verdict = TSOB_SMALL;
	ab->regressions += r->verdict == TSOB_REGRESSION;
	ab->improvements += r->verdict == TSOB_IMPROVEMENT;
}

static void add_row(struct tsob_ab *ab, const struct tsob_view_cell *b,
		    const struct tsob_view_cell *n)
{
	struct tsob_ab_row *r = &ab->rows[ab->nrows++];
	const struct tsob_series *sb, *sn;

	memset(r, 0, sizeof(*r));
	r->base = b;
	r->new_ = n;
	r->verdict = TSOB_NOT_COMPARED;
	r->base_median = r->new_median = r->p.est = r->p.lo = r->p.hi = r->p.p = NAN;
	r->injected_share = n && n->injected_pct > 0 ? tsob_series_stats(&n->injected_share)->median
						     : NAN;
	if (failed(n)) {
		r->kind = TSOB_AB_FAILED;
		ab->failed++;
	} else if (failed(b)) {
		r->kind = TSOB_AB_BASE_FAILED;
	} else if (!measured(b) || !measured(n)) {
		r->kind = TSOB_AB_ONE_SIDE;
	} else if (!(sb = metric_of(b, ab->o.metric)) || !(sn = metric_of(n, ab->o.metric))) {
		r->kind = TSOB_AB_NO_METRIC;
	} else {
		r->kind = TSOB_AB_COMPARED;
		decide(ab, r, sb, sn);
	}
}

int tsob_ab_verdict(const struct tsob_view *v, const struct tsob_ab_opts *o, struct tsob_ab **out,
		    struct tsob_err *e)
{
	struct tsob_ab *ab = calloc(1, sizeof(*ab));

	*out = NULL;
	if (!ab || !(ab->rows = calloc(v->ncells + 1, sizeof(*ab->rows)))) {
		free(ab);
		return tsob_err_set(e, -ENOMEM, "out of memory");
	}
	ab->v = v;
	ab->o = *o;
	if (!v->sides) {
		tsob_ab_free(ab);
		return tsob_err_set(e, -EINVAL, "%s is not an A/B file (no cell has a side): "
						"'tsobench ab' writes those",
				    v->name ? v->name : "the results");
	}
	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i], *other;
		bool is_base = c->side && !strcmp(c->side, "base");

		if (!c->side || (!measured(c) && !failed(c)))
			continue;
		other = tsob_view_find(v, c->kernel, c->strategy, c->threads, is_base ? "new" : "base");
		if (!is_base && (measured(other) || failed(other)))
			continue; /* its row is the BASE cell's */
		add_row(ab, is_base ? c : (measured(other) || failed(other) ? other : NULL),
			is_base ? (measured(other) || failed(other) ? other : NULL) : c);
	}
	if (!ab->nrows) {
		tsob_ab_free(ab);
		return tsob_err_set(e, -EINVAL, "no measured cell on either side");
	}
	*out = ab;
	return 0;
}

static const char *row_verdict(const struct tsob_ab_row *r)
{
	switch (r->kind) {
	case TSOB_AB_FAILED:
		return "FAILED";
	case TSOB_AB_BASE_FAILED:
		return "BASE failed";
	case TSOB_AB_ONE_SIDE:
		return r->base ? "only in BASE" : "only in NEW";
	case TSOB_AB_NO_METRIC:
		return "metric not recorded";
	default:
		return r->too_few ? "too few rounds" : tsob_verdict_name(r->verdict);
	}
}

struct fields {
	char cell[160], bm[32], nm[32], chg[32], ci[48], p[32];
};

static void row_fields(const struct tsob_ab *ab, const struct tsob_ab_row *r, struct fields *f)
{
	const struct tsob_view_cell *c = r->base ? r->base : r->new_;
	bool ns = !strcmp(ab->o.metric, "wall_ns") || !strcmp(ab->o.metric, "wall");
	char label[96];

	tsob_view_cell_label(c, label, sizeof(label));
	snprintf(f->cell, sizeof(f->cell), "%s/%s", label, c->strategy);
	if (ns) {
		tsob_fmt_ns(f->bm, sizeof(f->bm), r->base_median);
		tsob_fmt_ns(f->nm, sizeof(f->nm), r->new_median);
	} else {
		snprintf(f->bm, sizeof(f->bm), "%.4g", r->base_median);
		snprintf(f->nm, sizeof(f->nm), "%.4g", r->new_median);
	}
	if (isfinite(r->p.est))
		snprintf(f->chg, sizeof(f->chg), "%+.2f%%", (r->p.est - 1) * 100);
	else
		snprintf(f->chg, sizeof(f->chg), "-");
	if (isfinite(r->p.lo))
		snprintf(f->ci, sizeof(f->ci), "[%+.2f%%, %+.2f%%]", (r->p.lo - 1) * 100,
			 (r->p.hi - 1) * 100);
	else
		snprintf(f->ci, sizeof(f->ci), "-");
	if (isfinite(r->p.p))
		snprintf(f->p, sizeof(f->p), "%.3g", r->p.p);
	else
		snprintf(f->p, sizeof(f->p), "-");
}

static void header(FILE *f, const struct tsob_ab *ab, const char *pre)
{
	const struct tsob_view *v = ab->v;

	fprintf(f, "%sBASE %s\n%sNEW  %s\n", pre, v->ab_base ? v->ab_base : "?", pre,
		v->ab_new ? v->ab_new : "?");
	fprintf(f, "%s%d rounds, a fresh process a side, %s; metric %s; Wilcoxon signed-rank on "
		   "the per-round log ratios, alpha %g, threshold %.3g%%\n",
		pre, v->runs,
		v->ab_duet ? "both at once on disjoint CPUs (duet)" : "in random order each round",
		ab->o.metric, ab->o.alpha, ab->o.threshold * 100);
	if (!v->complete)
		fprintf(f, "%sINCOMPLETE: %s\n", pre,
			v->incomplete_reason ? v->incomplete_reason : "no reason recorded");
	for (size_t i = 0; i < v->ncells; i++)
		if (v->cells[i].injected_pct > 0) {
			fprintf(f, "%sNOTE: the %s side ran with extra work of about %g%% a repetition "
				   "(calibration, or a TSOB_INJECT_PCT build)\n",
				pre, v->cells[i].side ? v->cells[i].side : "?", v->cells[i].injected_pct);
			break;
		}
	if (tsob_view_banner(v))
		fprintf(f, "%sNOTE: %s\n", pre, tsob_view_banner(v));
}

void tsob_ab_print(FILE *f, const struct tsob_ab *ab)
{
	struct fields x;

	fprintf(f, "tsobench ab: %s\n", ab->v->name ? ab->v->name : "");
	header(f, ab, "");
	fprintf(f, "\n%-28s %6s %12s %12s %9s %22s %9s  %s\n", "cell", "rounds", "base median",
		"new median", "change", "95% CI of change", "p", "verdict");
	for (size_t i = 0; i < ab->nrows; i++) {
		row_fields(ab, &ab->rows[i], &x);
		fprintf(f, "%-28s %6zu %12s %12s %9s %22s %9s  %s\n", x.cell, ab->rows[i].rounds,
			x.bm, x.nm, x.chg, x.ci, x.p, row_verdict(&ab->rows[i]));
	}
	fprintf(f, "\n%zu cells: %zu regression%s, %zu failed, %zu improvement%s\n", ab->nrows,
		ab->regressions, ab->regressions == 1 ? "" : "s", ab->failed, ab->improvements,
		ab->improvements == 1 ? "" : "s");
}

static int write_md(FILE *f, void *arg)
{
	const struct tsob_ab *ab = arg;
	struct fields x;

	fprintf(f, "# tsobench ab\n\n");
	header(f, ab, "- ");
	fprintf(f, "\n| cell | rounds | base median | new median | change | CI of change | p | "
		   "verdict |\n|---|---:|---:|---:|---:|---|---:|---|\n");
	for (size_t i = 0; i < ab->nrows; i++) {
		const struct tsob_ab_row *r = &ab->rows[i];
		bool bad = r->kind == TSOB_AB_FAILED || r->verdict == TSOB_REGRESSION;

		row_fields(ab, r, &x);
		fprintf(f, "| %s | %zu | %s | %s | %s | %s | %s | %s%s%s |\n", x.cell, r->rounds, x.bm,
			x.nm, x.chg, x.ci, x.p, bad ? "**" : "", row_verdict(r), bad ? "**" : "");
	}
	fprintf(f, "\n**%s**: %zu cells, %zu regression%s, %zu failed, %zu improvement%s.\n",
		tsob_ab_exit(ab) ? "FAIL" : "PASS", ab->nrows, ab->regressions,
		ab->regressions == 1 ? "" : "s", ab->failed, ab->improvements,
		ab->improvements == 1 ? "" : "s");
	return ferror(f) ? -EIO : 0;
}

int tsob_ab_write_md(const char *path, const struct tsob_ab *ab, struct tsob_err *e)
{
	const char *what = "";
	int r = tsob_output_write(path, write_md, (void *)ab, &what);

	return r ? tsob_err_set(e, r, "cannot write %s: %s (%s)", path, what, strerror(-r)) : 0;
}

int tsob_ab_exit(const struct tsob_ab *ab)
{
	return ab->regressions || ab->failed ? TSOB_EXIT_FAIL : TSOB_EXIT_OK;
}

void tsob_ab_free(struct tsob_ab *ab)
{
	if (!ab)
		return;
	free(ab->rows);
	free(ab);
}
