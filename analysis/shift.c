// SPDX-License-Identifier: MIT
#include "shift.h"

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

int tsob_shift_ratio(const double *a, size_t na, const double *b, size_t nb, double level,
		     struct tsob_ratio *r)
{
	size_t n = na * nb;
	double *d, mu, sigma, kf;

	r->est = r->lo = r->hi = NAN;
	r->level = level;
	r->exact_level = false;
	if (!na || !nb)
		return -EINVAL;
	for (size_t i = 0; i < na; i++)
		if (!(a[i] > 0) || !isfinite(a[i]))
			return -EINVAL;
	for (size_t j = 0; j < nb; j++)
		if (!(b[j] > 0) || !isfinite(b[j]))
			return -EINVAL;
	d = malloc(n * sizeof(*d));
	if (!d)
		return -ENOMEM;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			d[i * nb + j] = log(b[j]) - log(a[i]);
	qsort(d, n, sizeof(*d), cmp_double);
	r->est = exp(n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2);

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

		r->lo = exp(d[k]);
		r->hi = exp(d[n - 1 - k]);
		r->exact_level = true;
	} else {
		r->lo = exp(d[0]);
		r->hi = exp(d[n - 1]);
	}
	free(d);
	return 0;
}
