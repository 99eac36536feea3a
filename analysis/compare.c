// SPDX-License-Identifier: MIT
/* Per-cell change between two results files, as a CI gate: the logic of `tsobench compare`. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/fmt.h"
#include "compare_internal.h"
#include "tsob/paired.h"

/* Timings only count from a cell that passed its checks. */
static bool measured(const struct tsob_view_cell *c)
{
	return c && c->wall.n > 0 && !strcmp(c->status, "ok");
}

static bool failed(const struct tsob_view_cell *c)
{
	return c && strcmp(c->status, "ok") && strcmp(c->status, "unavailable");
}

/* The samples of @metric in @c, or NULL. */
static const struct tsob_series *metric_of(const struct tsob_view_cell *c, const char *metric)
{
	const struct tsob_view_counter *k;

	if (!strcmp(metric, "wall_ns"))
		return c->wall.n ? &c->wall : NULL;
	k = tsob_view_counter(c, metric);
	return k && k->available && k->s.n ? &k->s : NULL;
}

static bool str_differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Strategies measured in @ds, as a sorted comma list. */
static void strategy_set(const struct tsob_view *ds, char *buf, size_t len)
{
	const char *names[64];
	size_t n = 0, used = 0;

	for (size_t i = 0; i < ds->ncells; i++) {
		bool seen = false;

		if (!measured(&ds->cells[i]) && !failed(&ds->cells[i]))
			continue;
		for (size_t k = 0; k < n; k++)
			seen |= !strcmp(names[k], ds->cells[i].strategy);
		if (!seen && n < ARRAY_SIZE(names))
			names[n++] = ds->cells[i].strategy;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
			const char *t = names[k];

			names[k] = names[k - 1];
			names[k - 1] = t;
		}
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "", names[i]);
}

/* A cell measured (or failed) on one side and absent or unavailable on the other. */
static const struct tsob_view_cell *unmatched(const struct tsob_view *a, const struct tsob_view *b)
{
	for (size_t i = 0; i < a->ncells; i++) {
		const struct tsob_view_cell *c = &a->cells[i], *o;

		if (!measured(c) && !failed(c))
			continue;
		o = tsob_view_find(b, c->kernel, c->strategy, c->threads, NULL);
		if (!measured(o) && !failed(o))
			return c;
	}
	return NULL;
}

/*
 * -1 with the first reason the two files should not be compared in @why;
 * with --force every difference is printed as a warning and 0 returned.
 */
static int check_mismatch(const struct tsob_comparison *cmp, char *why, size_t len)
{
	const struct tsob_view *a = cmp->base, *b = cmp->new_;
	struct {
		const char *what, *x, *y;
	} ctx[] = {
	    {"host", a->host, b->host},
	    {"architecture", a->arch, b->arch},
	    {"CPU model", a->cpu_model, b->cpu_model},
	    {"kernel", a->kernel, b->kernel},
	    {"execution", a->execution, b->execution},
	};
	char sa[160], sb[160], label[128];
	const struct tsob_view_cell *c;

#define MISMATCH(...)                                                                              \
	do {                                                                                       \
		snprintf(why, len, __VA_ARGS__);                                                   \
		if (!cmp->forced)                                                                  \
			return -1;                                                                 \
		tsob_warn("compare --force: %s", why);                                             \
	} while (0)

	for (size_t i = 0; i < ARRAY_SIZE(ctx); i++)
		if (str_differs(ctx[i].x, ctx[i].y))
			MISMATCH("BASE and NEW come from different %ss ('%.120s' and '%.120s')",
				 ctx[i].what, ctx[i].x ? ctx[i].x : "", ctx[i].y ? ctx[i].y : "");
	strategy_set(a, sa, sizeof(sa));
	strategy_set(b, sb, sizeof(sb));
	if (strcmp(sa, sb))
		MISMATCH("BASE and NEW measured different strategy sets (%.160s and %.160s)", sa,
			 sb);
	if ((c = unmatched(a, b))) {
		tsob_view_cell_label(c, label, sizeof(label));
		MISMATCH("cell %s/%s is in BASE but not measured in NEW", label, c->strategy);
	}
	if ((c = unmatched(b, a))) {
		tsob_view_cell_label(c, label, sizeof(label));
		MISMATCH("cell %s/%s is in NEW but not measured in BASE", label, c->strategy);
	}
	if (!a->complete || !b->complete)
		MISMATCH("%s is an incomplete run (%s)", !a->complete ? "BASE" : "NEW",
			 (!a->complete ? a : b)->incomplete_reason
			     ? (!a->complete ? a : b)->incomplete_reason
			     : "no reason recorded");
#undef MISMATCH
	return 0;
}

static void add_row(struct tsob_comparison *cmp, const struct tsob_view_cell *base,
		    const struct tsob_view_cell *new_)
{
	struct row *r = &cmp->rows[cmp->nrows++];
	const struct tsob_series *sa, *sb;

	memset(r, 0, sizeof(*r));
	r->base = base;
	r->new_ = new_;
	r->c.verdict = TSOB_NOT_COMPARED;
	r->c.base_median = r->c.new_median = r->c.change = r->c.p = NAN;
	/* A cell that fails its checks in NEW fails the gate, whatever BASE says. */
	if (failed(new_)) {
		r->kind = ROW_FAILED;
		cmp->failed++;
		return;
	}
	if (!new_) {
		r->kind = ROW_ONLY_BASE;
		return;
	}
	if (!base) {
		r->kind = ROW_ONLY_NEW;
		return;
	}
	if (failed(base)) {
		r->kind = ROW_BASE_FAILED;
		return;
	}
	sa = metric_of(base, cmp->metric);
	sb = metric_of(new_, cmp->metric);
	if (!sa || !sb) {
		r->kind = ROW_NO_METRIC;
		return;
	}
	r->kind = ROW_COMPARED;
	if (cmp->by_run)
		tsob_verdict_runs(sa->run_med, sa->nruns, sb->run_med, sb->nruns, cmp->alpha,
				  cmp->threshold, &r->c);
	else
		tsob_verdict_compute(sa->v, sa->n, sb->v, sb->n, cmp->alpha, cmp->threshold,
				     &r->c);
	if (cmp->unreplicated) {
		/* Two processes differ; whether the builds do, one run cannot say. */
		cmp->differ += r->c.verdict == TSOB_REGRESSION || r->c.verdict == TSOB_IMPROVEMENT;
		return;
	}
	cmp->regressions += r->c.verdict == TSOB_REGRESSION;
	cmp->improvements += r->c.verdict == TSOB_IMPROVEMENT;
}

static int build_rows(struct tsob_comparison *cmp)
{
	const struct tsob_view *a = cmp->base, *b = cmp->new_;

	cmp->rows = calloc(a->ncells + b->ncells + 1, sizeof(*cmp->rows));
	if (!cmp->rows)
		return -1;
	for (size_t i = 0; i < a->ncells; i++) {
		const struct tsob_view_cell *c = &a->cells[i], *o;

		if (!measured(c) && !failed(c))
			continue;
		o = tsob_view_find(b, c->kernel, c->strategy, c->threads, NULL);
		add_row(cmp, c, measured(o) || failed(o) ? o : NULL);
	}
	for (size_t i = 0; i < b->ncells; i++) {
		const struct tsob_view_cell *c = &b->cells[i], *o;

		if (!measured(c) && !failed(c))
			continue;
		o = tsob_view_find(a, c->kernel, c->strategy, c->threads, NULL);
		if (!measured(o) && !failed(o))
			add_row(cmp, NULL, c);
	}
	return 0;
}

static bool metric_anywhere(const struct tsob_comparison *cmp)
{
	for (size_t i = 0; i < cmp->nrows; i++)
		if (cmp->rows[i].kind == ROW_COMPARED)
			return true;
	/* Failed cells are still worth a verdict, whatever the metric. */
	return cmp->failed > 0;
}

int tsob_compare(const struct tsob_view *base, const struct tsob_view *new_,
		 const struct tsob_compare_opts *o, struct tsob_comparison **out, struct tsob_err *e)
{
	struct tsob_comparison *cmp = calloc(1, sizeof(*cmp));
	char why[512];

	*out = NULL;
	if (!cmp)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	*cmp = (struct tsob_comparison){ .base = base, .new_ = new_, .metric = o->metric,
					 .alpha = o->alpha, .threshold = o->threshold,
					 .forced = o->force };
	if (o->unit == TSOB_UNIT_RUN) {
		cmp->by_run = base->runs > 1 && new_->runs > 1;
		cmp->unreplicated = !cmp->by_run;
	}
	if (!strcmp(cmp->metric, "wall"))
		cmp->metric = "wall_ns";
	if (base->sides || new_->sides) {
		tsob_compare_free(cmp);
		return tsob_err_set(e, -EINVAL,
				    "%s is an A/B file (tsobench ab): its two sides are compared "
				    "round by round ('tsobench compare FILE' alone), not with another file",
				    base->sides ? "BASE" : "NEW");
	}
	if (check_mismatch(cmp, why, sizeof(why))) {
		tsob_compare_free(cmp);
		return tsob_err_set(e, -EINVAL, "%s; pass --force to compare anyway", why);
	}
	if (build_rows(cmp)) {
		tsob_compare_free(cmp);
		return tsob_err_set(e, -ENOMEM, "out of memory");
	}
	if (!cmp->nrows) {
		tsob_compare_free(cmp);
		return tsob_err_set(e, -EINVAL, "no measured cell in either file");
	}
	if (!metric_anywhere(cmp)) {
		/* A mistyped --metric must not pass the gate by comparing nothing. */
		tsob_err_set(e, -EINVAL,
			     "no cell has the metric '%s' in both files (wall_ns, or a counter the "
			     "runs read, e.g. task-clock)",
			     cmp->metric);
		tsob_compare_free(cmp);
		return -EINVAL;
	}
	*out = cmp;
	return 0;
}

int tsob_compare_exit(const struct tsob_comparison *cmp)
{
	return cmp->regressions || cmp->failed ? TSOB_EXIT_FAIL : TSOB_EXIT_OK;
}

void tsob_compare_free(struct tsob_comparison *cmp)
{
	if (!cmp)
		return;
	free(cmp->rows);
	free(cmp);
}
