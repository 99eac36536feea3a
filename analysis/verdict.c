// SPDX-License-Identifier: MIT
#include "verdict.h"

#include <math.h>

#include "tsob/paired.h"
#include "tsob/stats.h"

static void decide(double alpha, double threshold, struct tsob_change *c)
{
	if (!(c->p < alpha))
		c->verdict = TSOB_SAME;
	else if (c->change > threshold)
		c->verdict = TSOB_REGRESSION;
	else if (c->change < -threshold)
		c->verdict = TSOB_IMPROVEMENT;
	else
		c->verdict = TSOB_SMALL;
}

/* Medians, change and interval; false when the samples cannot be compared. */
static bool prepare(const double *base, size_t nb, const double *new_, size_t nn, double alpha,
		    struct tsob_change *c)
{
	c->base_median = tsob_stats_median(base, nb);
	c->new_median = tsob_stats_median(new_, nn);
	c->change = c->base_median > 0 ? c->new_median / c->base_median - 1 : NAN;
	c->p = NAN;
	c->verdict = TSOB_NOT_COMPARED;
	c->nb = nb;
	c->nn = nn;
	c->too_few = false;
	return !tsob_shift_ratio(base, nb, new_, nn, 1 - alpha, &c->ratio) && nb >= 2 && nn >= 2 &&
	       isfinite(c->change);
}

void tsob_verdict_compute(const double *base, size_t nb, const double *new_, size_t nn,
			  double alpha, double threshold, struct tsob_change *c)
{
	if (!prepare(base, nb, new_, nn, alpha, c))
		return;
	c->p = tsob_stats_mann_whitney(base, nb, new_, nn, NULL);
	decide(alpha, threshold, c);
}

void tsob_verdict_runs(const double *base, size_t nb, const double *new_, size_t nn,
		       double alpha, double threshold, struct tsob_change *c)
{
	bool ok = prepare(base, nb, new_, nn, alpha, c);

	/* The smallest two-sided p of an exact test: 2 / C(nb + nn, nb). */
	c->too_few = !(2 * exp(-tsob_stats_lchoose((double)(nb + nn), (double)nb)) < alpha);
	if (!ok || c->too_few)
		return;
	c->p = tsob_mann_whitney_p(base, nb, new_, nn, NULL);
	decide(alpha, threshold, c);
}

const char *tsob_verdict_name(enum tsob_verdict v)
{
	switch (v) {
	case TSOB_SAME:
		return "same";
	case TSOB_SMALL:
		return "within threshold";
	case TSOB_REGRESSION:
		return "REGRESSION";
	case TSOB_IMPROVEMENT:
		return "improvement";
	default:
		return "not compared";
	}
}
