// SPDX-License-Identifier: MIT
/* The one slowdown definition: against the baseline cell, paired by round where possible. */
#include "slowdown.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/paired.h"
#include "tsob/stats.h"

const struct tsob_view_cell *tsob_slowdown_base(const struct tsob_view *v,
						const struct tsob_view_cell *c)
{
	const struct tsob_view_cell *b =
		tsob_view_find(v, c->kernel, TSOB_BASELINE_STRATEGY, c->threads, c->side);

	return b && tsob_view_cell_ok(b) ? b : NULL;
}

/* Pairs of samples with the same (run, round) within run @run (-2: any): how many. */
static size_t pairs(const struct tsob_series *x, const struct tsob_series *y, int run, double *a,
		    double *b)
{
	size_t n = 0;

	for (size_t i = 0; i < x->n; i++) {
		if (run != -2 && x->run[i] != run)
			continue;
		if (x->round[i] < 0)
			return 0; /* not interleaved: no pairs */
		for (size_t j = 0; j < y->n; j++)
			if (y->round[j] == x->round[i] && y->run[j] == x->run[i]) {
				a[n] = x->v[i];
				b[n] = y->v[j];
				n++;
				break;
			}
	}
	return n;
}

static size_t count_run(const struct tsob_series *s, int run)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->run[i] == run;
	return n;
}

/* Run @k of @x against the same run of @y: the median of its per-round ratios, else of medians. */
static double run_ratio(const struct tsob_series *x, const struct tsob_series *y, size_t k,
			double *a, double *b)
{
	int run = x->run_id[k];
	size_t n = pairs(x, y, run, a, b);

	for (size_t j = 0; j < y->nruns; j++) {
		if (y->run_id[j] != run)
			continue;
		if (n && n == count_run(x, run) && n == count_run(y, run)) {
			for (size_t i = 0; i < n; i++)
				a[i] = b[i] / a[i];
			return tsob_stats_median(a, n);
		}
		return y->run_med[j] / x->run_med[k];
	}
	return NAN; /* the run is missing on one side */
}

/*
 * Several runs: each run's ratio, then across runs the Hodges-Lehmann
 * estimate of the ratio with its signed-rank interval: the run is the unit.
 */
static int across_runs(const struct tsob_series *x, const struct tsob_series *y, double level,
		       struct tsob_ratio *r)
{
	double *a = malloc((2 * x->n + 2 * x->nruns) * sizeof(*a)), *one, *ratio;
	struct tsob_paired p = { 0 };
	size_t m = 0;
	int ret;

	if (!a)
		return -ENOMEM;
	one = a + 2 * x->n;
	ratio = one + x->nruns;
	for (size_t k = 0; k < x->nruns; k++) {
		double q = run_ratio(x, y, k, a, a + x->n);

		if (isfinite(q) && q > 0) {
			one[m] = 1;
			ratio[m++] = q;
		}
	}
	ret = m ? tsob_paired_compare(one, ratio, m, level, &p) : -EINVAL;
	free(a);
	*r = (struct tsob_ratio){ .est = p.est, .lo = p.lo, .hi = p.hi, .level = level,
				  .exact_level = p.exact_level };
	if (ret)
		r->est = r->lo = r->hi = NAN;
	return ret;
}

int tsob_slowdown(const struct tsob_view_cell *base, const struct tsob_view_cell *c, double level,
		  struct tsob_ratio *r, bool *paired)
{
	const struct tsob_series *x = &base->wall, *y = &c->wall;
	double *a, *b;
	size_t n;
	int ret;

	*paired = false;
	if (!x->n || !y->n) {
		r->est = r->lo = r->hi = NAN;
		r->level = level;
		r->exact_level = false;
		return -EINVAL;
	}
	if (x->nruns > 1 && y->nruns > 1) {
		*paired = true;
		return across_runs(x, y, level, r);
	}
	a = malloc(2 * x->n * sizeof(*a));
	if (!a)
		return -ENOMEM;
	b = a + x->n;
	n = pairs(x, y, -2, a, b);
	/* Paired only when every sample of both cells found its partner. */
	if (n && n == x->n && n == y->n) {
		*paired = true;
		ret = tsob_shift_paired(a, b, n, level, r);
	} else {
		ret = tsob_shift_ratio(x->v, x->n, y->v, y->n, level, r);
	}
	free(a);
	return ret;
}
