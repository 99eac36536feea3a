// SPDX-License-Identifier: MIT
#include "tsob/shift.h"

#include "tsob/stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *x, const void *y)
{
	double p = *(const double *)x, q = *(const double *)y;

	return (p > q) - (p < q);
}

double tsob_shift_z(double level)
{
	/* Bisection on erf: plenty fast and exact enough for a quantile. */
	double lo = 0, hi = 10;

	for (int i = 0; i < 100; i++) {
		double mid = (lo + hi) / 2;

		if (erf(mid / sqrt(2.0)) < level)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/* How many pairs have y[j] - x[i] <= t; x and y sorted ascending. O(nx + ny). */
static size_t count_le(const double *x, size_t nx, const double *y, size_t ny, double t)
{
	size_t c = 0, lo = 0;

	/* y[j] - x[i] <= t exactly when x[i] >= y[j] - t, a bound that grows with j. */
	for (size_t j = 0; j < ny; j++) {
		while (lo < nx && x[lo] < y[j] - t)
			lo++;
		c += nx - lo;
	}
	return c;
}

/*
 * The k-th smallest (0-based) of the nx * ny differences y[j] - x[i], without
 * forming them: bisection on the value, counting the pairs below it, so large
 * samples (an interrupted run keeps tens of thousands) cost O((nx + ny) log)
 * instead of O(nx * ny) memory. Converges to the exact value within rounding.
 */
static double kth_difference(const double *x, size_t nx, const double *y, size_t ny, size_t k)
{
	double lo = y[0] - x[nx - 1], hi = y[ny - 1] - x[0];

	for (int it = 0; it < 200 && lo < hi; it++) {
		double mid = lo + (hi - lo) / 2;

		if (mid <= lo || mid >= hi)
			break;
		if (count_le(x, nx, y, ny, mid) >= k + 1)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* Logs of a sample, sorted; NULL when a value is not > 0 or memory runs out. */
static double *sorted_logs(const double *v, size_t n)
{
	double *l = malloc(n * sizeof(*l));

	for (size_t i = 0; l && i < n; i++) {
		if (!(v[i] > 0) || !isfinite(v[i])) {
			free(l);
			return NULL;
		}
		l[i] = log(v[i]);
	}
	if (l)
		qsort(l, n, sizeof(*l), cmp_double);
	return l;
}

int tsob_shift_ratio(const double *a, size_t na, const double *b, size_t nb, double level,
		     struct tsob_ratio *r)
{
	size_t n = na * nb;
	double *la, *lb, mu, sigma, kf;

	r->est = r->lo = r->hi = NAN;
	r->level = level;
	r->exact_level = false;
	if (!na || !nb)
		return -EINVAL;
	la = sorted_logs(a, na);
	lb = la ? sorted_logs(b, nb) : NULL;
	if (!la || !lb) {
		free(la);
		return -EINVAL;
	}
	/* Hodges-Lehmann: the median of the pairwise differences of the logs. */
	r->est = exp(n % 2 ? kth_difference(la, na, lb, nb, n / 2)
			   : (kth_difference(la, na, lb, nb, n / 2 - 1) +
			      kth_difference(la, na, lb, nb, n / 2)) /
				     2);
	/*
	 * Moses: drop the k smallest and k largest pairwise differences, k from
	 * the same normal approximation (with continuity correction) as the
	 * Mann-Whitney p-value in stats.c.
	 */
	mu = (double)n / 2.0;
	sigma = sqrt((double)na * (double)nb * ((double)na + (double)nb + 1) / 12.0);
	kf = floor(mu - tsob_shift_z(level) * sigma - 0.5);
	if (kf >= 0) {
		size_t k = (size_t)kf;

		r->lo = exp(kth_difference(la, na, lb, nb, k));
		r->hi = exp(kth_difference(la, na, lb, nb, n - 1 - k));
		r->exact_level = true;
	} else {
		r->lo = exp(lb[0] - la[na - 1]);
		r->hi = exp(lb[nb - 1] - la[0]);
	}
	free(la);
	free(lb);
	return 0;
}

int tsob_shift_paired(const double *a, const double *b, size_t n, double level,
		      struct tsob_ratio *r)
{
	double *d, cov;
	int l;

	r->est = r->lo = r->hi = NAN;
	r->level = level;
	r->exact_level = false;
	if (!n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!(a[i] > 0) || !(b[i] > 0) || !isfinite(a[i]) || !isfinite(b[i]))
			return -EINVAL;
	d = malloc(n * sizeof(*d));
	if (!d)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		d[i] = log(b[i]) - log(a[i]);
	qsort(d, n, sizeof(*d), cmp_double);
	r->est = exp(tsob_stats_quantile(d, n, 0.5));
	l = tsob_stats_median_ci_rank(n, level, &cov);
	if (l >= 0) {
		r->lo = exp(d[l]);
		r->hi = exp(d[n - 1 - (size_t)l]);
		r->exact_level = true;
	} else {
		r->lo = exp(d[0]);
		r->hi = exp(d[n - 1]);
	}
	free(d);
	return 0;
}
