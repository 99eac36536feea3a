// SPDX-License-Identifier: MIT
/*
 * One kernel's cells: its strategies measured interleaved (one repetition of
 * each per round, in a shuffled order) or one after the other; with
 * --precision, rounds go on until every cell's confidence interval is narrow
 * enough or the kernel's share of the time budget is spent.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inject.h"
#include "record.h"
#include "runner.h"
#include "suite_internal.h"
#include "tsob/err.h"
#include "tsob/parse.h"
#include "tsob/stats.h"

struct kcell {
	struct tsob_cell cell;
	struct tsob_cell_conf conf; /* apart: opening a cell clears it */
	int strategy;
	const char *unavailable; /* why it is not measured here, or NULL */
	bool reached;		 /* --precision: the half-width is within the target */
	double half_width;	 /* of the last check, a fraction of the median */
	unsigned next_check;	 /* the repetition count at which to check again */
	double warm[16];	 /* warm-up times, for sizing extra work before any repetition */
	unsigned nwarm;
};

struct kernel_run {
	struct suite_run *x;
	const struct tsob_kernel *any; /* for the thread count of unavailable cells */
	struct kcell c[TSOB_NR_STRATEGIES];
	int n;
	uint64_t deadline; /* with precision: this kernel's share of the budget */
	bool out_of_time;
};

static struct tsob_cell_conf cell_conf(const struct tsob_suite *s, const struct tsob_kernel *k,
				       int strat)
{
	return (struct tsob_cell_conf){
		.kernel = k,
		.strategy = strat,
		.threads = tsob_suite_threads(s, k),
		.size = s->size ? s->size : s->quick ? k->quick_size : k->default_size,
		.warmup = s->warmup,
		.repeat = s->precision > 0 ? TSOB_SUITE_MAX_REPEAT : s->repeat,
		.cpu = s->cpu,
		.events = s->events,
		.nevents = s->nevents,
		.barrier_timeout_ms = s->timeout_ms,
	};
}

/* The cells of kernel @name, unavailable ones with the reason. */
static void plan(struct kernel_run *kr, const char *name)
{
	const struct tsob_suite *s = kr->x->s;
	const struct tsob_host *h = kr->x->host;

	for (int st = 0; st < TSOB_NR_STRATEGIES; st++) {
		struct kcell *kc = &kr->c[kr->n];

		if (!s->strat[st])
			continue;
		kc->strategy = st;
		kc->conf = cell_conf(s, kr->any, st);
		if (!h->strat[st].available)
			kc->unavailable = h->strat[st].why;
		else if (!(kc->conf.kernel = tsob_registry_find(name, st)))
			kc->unavailable = "no object for this strategy";
		kr->n++;
	}
}

/*
 * Size the extra work (calibration) from the kernel's own time in this process:
 * the median of the measured repetitions without their extra work, or before
 * the first, of the warm-ups. No step is added and nothing is allocated: the
 * side with extra work must not get a warmer cell, or another heap, than the
 * side without.
 */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of @t[0..n), sorted in place: no allocation between repetitions. */
static double median_in_place(double *t, unsigned n)
{
	if (!n)
		return NAN;
	qsort(t, n, sizeof(*t), cmp_double);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

static void size_inject(struct kernel_run *kr, struct kcell *kc)
{
	const struct tsob_cell *c = &kc->cell;
	unsigned n = c->n < 64 ? c->n : 64;
	double t[64], kernel_ns;

	if (c->n > 64 && c->n % 16)
		return; /* settled: re-sized now and then only */
	for (unsigned i = 0; i < n; i++)
		t[i] = (double)(c->wall_ns[c->n - n + i] - c->inject_ns[c->n - n + i]);
	if (!n)
		memcpy(t, kc->warm, sizeof(kc->warm));
	kernel_ns = median_in_place(t, n ? n : kc->nwarm);
	if (!isfinite(kernel_ns))
		return; /* no warm-up: the first repetition goes without, and sizes the rest */
	if (!(kr->x->inject_ns_per_iter > 0))
		kr->x->inject_ns_per_iter = tsob_inject_ns_per_iter();
	tsob_cell_set_inject(&kc->cell, (uint64_t)llround(kr->x->s->inject_pct / 100 * kernel_ns /
							    kr->x->inject_ns_per_iter));
}

/* Whether @kc's 95% CI of the median is within the target; checked at growing intervals. */
static bool precise(struct kcell *kc, double target)
{
	struct tsob_cell *c = &kc->cell;
	struct tsob_stats st;
	double *v;

	if (kc->reached || c->n < kc->next_check)
		return kc->reached;
	kc->next_check = c->n + (c->n / 8 > 1 ? c->n / 8 : 1);
	v = malloc(c->n * sizeof(*v));
	if (!v)
		return false;
	for (unsigned i = 0; i < c->n; i++)
		v[i] = (double)c->wall_ns[i];
	tsob_stats_compute(v, c->n, &st);
	free(v);
	kc->half_width = (st.ci_hi - st.ci_lo) / 2 / st.median;
	kc->reached = st.ci_level >= 0.95 && kc->half_width <= target;
	return kc->reached;
}

/* Whether another round is wanted after @rounds: the repeat count, then precision. */
static bool more_rounds(struct kernel_run *kr, struct kcell **cells, int m, unsigned rounds)
{
	const struct tsob_suite *s = kr->x->s;
	bool all = true;

	if (rounds < s->repeat)
		return true;
	if (!(s->precision > 0))
		return false;
	for (int i = 0; i < m; i++)
		if (tsob_cell_can_step(&cells[i]->cell))
			all &= precise(cells[i], s->precision);
	if (!all && tsob_now_ns() > kr->deadline)
		kr->out_of_time = true;
	return !all && !kr->out_of_time;
}

/* Warm-up, calibration, then rounds of one repetition per cell in a shuffled order. */
static void measure(struct kernel_run *kr, struct kcell **cells, int m, bool interleaved)
{
	const struct tsob_suite *s = kr->x->s;
	int order[TSOB_NR_STRATEGIES];

	for (int i = 0; i < m; i++)
		order[i] = i;
	for (unsigned w = 0; w < s->warmup; w++) {
		tsob_rng_shuffle(&kr->x->rng, order, (size_t)m);
		for (int i = 0; i < m; i++) {
			struct kcell *kc = cells[order[i]];

			if (!tsob_cell_step(&kc->cell, false, -1) && kc->nwarm < 16)
				kc->warm[kc->nwarm++] = (double)kc->cell.last_ns;
		}
	}
	for (unsigned r = 0; more_rounds(kr, cells, m, r); r++) {
		bool any = false;

		for (int i = 0; s->inject_pct > 0 && i < m; i++)
			size_inject(kr, cells[i]);
		tsob_rng_shuffle(&kr->x->rng, order, (size_t)m);
		for (int i = 0; i < m; i++)
			any |= !tsob_cell_step(&cells[order[i]]->cell, true,
					       interleaved ? (int)r : -1);
		if (!any)
			break;
	}
}

/* What --precision reached for @kc, and if not, why. */
static void note_precision(struct kernel_run *kr, struct kcell *kc, json_object *o)
{
	const struct tsob_suite *s = kr->x->s;
	char why[320] = "";

	precise(kc, s->precision);
	if (kc->reached)
		why[0] = '\0';
	else if (kc->cell.status != TSOB_CELL_OK)
		snprintf(why, sizeof(why), "the cell ended as %s",
			 tsob_cell_status_name(kc->cell.status));
	else if (kc->cell.n >= kc->cell.conf.repeat)
		snprintf(why, sizeof(why), "the most repetitions (%u) were taken", kc->cell.n);
	else if (kr->out_of_time)
		snprintf(why, sizeof(why),
			 "time: this kernel's share of the --budget ran out after %u repetitions",
			 kc->cell.n);
	else
		snprintf(why, sizeof(why), "too few repetitions for a 95%% interval (%u)", kc->cell.n);
	tsob_record_precision(o, s->precision * 100, kc->half_width * 100, kc->cell.n,
			      kc->reached, why[0] ? why : NULL);
}

/* Record every cell in strategy order; the failed ones make the exit status 1. */
static int record(struct kernel_run *kr, const char *name)
{
	const struct tsob_suite *s = kr->x->s;
	int failed = 0;

	for (int i = 0; i < kr->n; i++) {
		struct kcell *kc = &kr->c[i];
		const char *sname = tsob_strategies[kc->strategy].name;
		json_object *o;

		if (kc->unavailable) {
			tsob_record_unavailable(kr->x->doc, name, sname,
						tsob_suite_threads(s, kr->any), kc->unavailable);
			continue;
		}
		if (kc->cell.status == TSOB_CELL_CHECKSUM_FAILED ||
		    kc->cell.status == TSOB_CELL_ERROR) {
			tsob_warn("%s / %s: %s: %s", name, sname,
				  tsob_cell_status_name(kc->cell.status), kc->cell.reason);
			failed = 1;
		}
		o = tsob_record_cell(kr->x->doc, &kc->cell);
		if (o && s->precision > 0)
			note_precision(kr, kc, o);
		if (o && s->inject_pct > 0)
			tsob_record_injected(o, &kc->cell, s->inject_pct);
	}
	return failed;
}

int tsob_suite_run_kernel(struct suite_run *x, const char *name)
{
	struct kernel_run *kr = calloc(1, sizeof(*kr));
	struct kcell *cells[TSOB_NR_STRATEGIES];
	bool interleaved = x->s->order == TSOB_ORDER_INTERLEAVED;
	int m = 0, r = 0;
	uint64_t now = tsob_now_ns();


	if (!kr)
		return -ENOMEM;
	kr->x = x;
	kr->any = tsob_suite_kernel(name);
	kr->deadline = now + (x->end_ns > now ? (x->end_ns - now) / (uint64_t)x->kernels_left : 0);
	plan(kr, name);
	for (int i = 0; i < kr->n; i++)
		if (!kr->c[i].unavailable)
			cells[m++] = &kr->c[i];
	/* Interleaved: every cell open at once. Sequential: one cell open at a time. */
	for (int i = 0; i < m && r == 0; i++) {
		r = tsob_cell_open(&cells[i]->cell, &cells[i]->conf);
		if (!r && !interleaved) {
			/* Each cell its share of what is left of the kernel's budget. */
			uint64_t t = tsob_now_ns(), end = kr->deadline;

			kr->deadline = t + (end > t ? (end - t) / (uint64_t)(m - i) : 0);
			measure(kr, &cells[i], 1, false);
			kr->deadline = end;
			tsob_cell_close(&cells[i]->cell);
		}
	}
	if (!r && interleaved)
		measure(kr, cells, m, true);
	for (int i = 0; i < m; i++)
		tsob_cell_close(&cells[i]->cell);
	if (!r)
		r = record(kr, name);
	for (int i = 0; i < m; i++)
		tsob_cell_free(&cells[i]->cell);
	free(kr);
	return r;
}
