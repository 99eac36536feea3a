// SPDX-License-Identifier: MIT
#include "tsob/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double tsob_stats_quantile(const double *sorted, size_t n, double p)
{
	double h, lo;
	size_t i;

	if (!n)
		return NAN;
	h = (double)(n - 1) * p;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i]);
}

double tsob_stats_median(const double *x, size_t n)
{
	double *s, m;

	if (!n)
		return NAN;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NAN;
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	m = tsob_stats_quantile(s, n, 0.5);
	free(s);
	return m;
}

double tsob_stats_lchoose(double n, double k)
{
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/* P(B <= k) for B ~ Binomial(n, 1/2). */
static double binom_half_cdf(size_t n, size_t k)
{
	double sum = 0;

	for (size_t i = 0; i <= k; i++)
		sum += exp(tsob_stats_lchoose((double)n, (double)i) - (double)n * log(2.0));
	return sum;
}

int tsob_stats_median_ci_rank(size_t n, double level, double *coverage)
{
	/* Coverage of [x(l), x(n-1-l)] (0-based) is 1 - 2 P(B <= l). */
	int best = -1;
	double cov = 0;

	for (size_t l = 0; 2 * l + 1 < n; l++) {
		double c = 1.0 - 2.0 * binom_half_cdf(n, l);

		if (c < level)
			break;
		best = (int)l;
		cov = c;
	}
	if (coverage)
		*coverage = best >= 0 ? cov : (n ? 1.0 - 2.0 * binom_half_cdf(n, 0) : 0);
	return best;
}

void tsob_stats_compute(const double *x, size_t n, struct tsob_stats *st)
{
	double *s, sum = 0, sq = 0, iqr, lo, hi;
	int l;

	memset(st, 0, sizeof(*st));
	st->n = n;
	if (!n || !(s = malloc(n * sizeof(*s)))) {
		st->min = st->max = st->mean = st->stddev = st->median = NAN;
		st->q1 = st->q3 = st->ci_lo = st->ci_hi = st->cv = st->ci_level = NAN;
		return;
	}
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += s[i];
	st->mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (s[i] - st->mean) * (s[i] - st->mean);
	st->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
	st->cv = st->mean != 0 ? st->stddev / st->mean : 0;
	st->min = s[0];
	st->max = s[n - 1];
	st->median = tsob_stats_quantile(s, n, 0.5);
	st->q1 = tsob_stats_quantile(s, n, 0.25);
	st->q3 = tsob_stats_quantile(s, n, 0.75);
	l = tsob_stats_median_ci_rank(n, 0.95, &st->ci_level);
	if (l >= 0) {
		st->ci_lo = s[l];
		st->ci_hi = s[n - 1 - (size_t)l];
	} else {
		st->ci_lo = s[0];
		st->ci_hi = s[n - 1];
	}
	iqr = st->q3 - st->q1;
	lo = st->q1 - 1.5 * iqr;
	hi = st->q3 + 1.5 * iqr;
	for (size_t i = 0; i < n; i++)
		st->outliers += s[i] < lo || s[i] > hi;
	free(s);
}

struct ranked {
	double v;
	int group;
};

static int cmp_ranked(const void *a, const void *b)
{
	return cmp_double(&((const struct ranked *)a)->v, &((const struct ranked *)b)->v);
}

double tsob_stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
			       double *u)
{
	size_t n = na + nb;
	struct ranked *r;
	double ra = 0, ties = 0, mu, sigma, z, ua;

	if (!na || !nb || !(r = malloc(n * sizeof(*r)))) {
		if (u)
			*u = NAN;
		return NAN;
	}
	for (size_t i = 0; i < na; i++)
		r[i] = (struct ranked){ a[i], 0 };
	for (size_t i = 0; i < nb; i++)
		r[na + i] = (struct ranked){ b[i], 1 };
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double rank, t;

		while (j + 1 < n && r[j + 1].v == r[i].v)
			j++;
		rank = ((double)i + (double)j) / 2.0 + 1.0; /* mid-rank for ties */
		for (size_t k = i; k <= j; k++)
			if (!r[k].group)
				ra += rank;
		t = (double)(j - i + 1);
		ties += t * t * t - t;
		i = j + 1;
	}
	free(r);
	ua = ra - (double)na * ((double)na + 1) / 2.0;
	if (u)
		*u = ua;
	mu = (double)na * (double)nb / 2.0;
	sigma = sqrt((double)na * (double)nb / 12.0 *
		     (((double)n + 1) - ties / ((double)n * ((double)n - 1))));
	if (sigma == 0)
		return 1.0;
	z = (fabs(ua - mu) - 0.5) / sigma;
	if (z < 0)
		z = 0;
	return erfc(z / sqrt(2.0));
}
