// SPDX-License-Identifier: MIT
/* Tests across units: signed-rank with its Hodges-Lehmann interval, exact Mann-Whitney. */
#include "tsob/paired.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/shift.h"
#include "tsob/stats.h"

static int cmp_double(const void *x, const void *y)
{
	double p = *(const double *)x, q = *(const double *)y;

	return (p > q) - (p < q);
}

/*
 * The distribution of a sum of independent terms, each 0 or w[i] with
 * probability 1/2: the signed-rank statistic with (doubled, for ties) ranks
 * w. Returns P(sum = s) for s in [0, total], or NULL.
 */
static double *half_sum_dist(const unsigned *w, size_t m, size_t *total)
{
	size_t tot = 0;
	double *p;

	for (size_t i = 0; i < m; i++)
		tot += w[i];
	p = calloc(tot + 1, sizeof(*p));
	if (!p)
		return NULL;
	p[0] = 1;
	for (size_t i = 0, reach = 0; i < m; i++) {
		reach += w[i];
		for (size_t s = reach; s >= w[i] && s > 0; s--)
			p[s] = 0.5 * p[s] + 0.5 * p[s - w[i]];
		for (size_t s = 0; s < w[i] && s <= reach; s++)
			p[s] *= 0.5;
	}
	*total = tot;
	return p;
}

struct abs_rank {
	double mag;
	bool pos;
};

static int cmp_abs_rank(const void *x, const void *y)
{
	return cmp_double(&((const struct abs_rank *)x)->mag, &((const struct abs_rank *)y)->mag);
}

/* Exact p of T+ = @t2 (doubled mid-ranks @w2): conditional on the ties, as StatXact does. */
static double exact_p(const unsigned *w2, size_t m, size_t t2)
{
	size_t tot;
	double *p = half_sum_dist(w2, m, &tot), lo = 0, hi = 0;

	if (!p)
		return NAN;
	for (size_t s = 0; s <= tot; s++) {
		lo += s <= t2 ? p[s] : 0;
		hi += s >= t2 ? p[s] : 0;
	}
	free(p);
	return fmin(1.0, 2 * fmin(lo, hi));
}

double tsob_signed_rank_p(const double *d, size_t n, bool *exact)
{
	struct abs_rank *x = malloc((n ? n : 1) * sizeof(*x));
	unsigned *w2 = malloc((n ? n : 1) * sizeof(*w2));
	size_t m = 0, t2 = 0;
	double ties = 0, p, mean, var, z;

	if (exact)
		*exact = false;
	if (!x || !w2) {
		free(x);
		free(w2);
		return NAN;
	}
	for (size_t i = 0; i < n; i++)
		if (d[i] != 0 && isfinite(d[i]))
			x[m++] = (struct abs_rank){ fabs(d[i]), d[i] > 0 };
	qsort(x, m, sizeof(*x), cmp_abs_rank);
	for (size_t i = 0; i < m;) {
		size_t j = i;

		while (j + 1 < m && x[j + 1].mag == x[i].mag)
			j++;
		for (size_t k = i; k <= j; k++) {
			w2[k] = (unsigned)(i + j + 2); /* twice the mid-rank, an integer */
			t2 += x[k].pos ? w2[k] : 0;
		}
		ties += pow((double)(j - i + 1), 3) - (double)(j - i + 1);
		i = j + 1;
	}
	free(x);
	if (!m) {
		free(w2);
		return NAN;
	}
	if (m <= TSOB_SIGNED_RANK_EXACT_MAX) {
		p = exact_p(w2, m, t2);
		free(w2);
		if (exact)
			*exact = isfinite(p);
		return p;
	}
	free(w2);
	mean = (double)m * ((double)m + 1) / 4;
	var = (double)m * ((double)m + 1) * (2 * (double)m + 1) / 24 - ties / 48;
	z = (fabs((double)t2 / 2 - mean) - 0.5) / sqrt(var);
	return erfc(fmax(z, 0) / sqrt(2.0));
}

/* Pairs i <= j of sorted @d with (d[i] + d[j]) / 2 <= t. O(n). */
static size_t walsh_le(const double *d, size_t n, double t)
{
	size_t c = 0, j = n;

	for (size_t i = 0; i < n; i++) {
		while (j > i && d[i] + d[j - 1] > 2 * t)
			j--;
		if (j <= i)
			break;
		c += j - i;
	}
	return c;
}

/* The k-th smallest (0-based) Walsh average of sorted @d, by bisection on the value. */
static double kth_walsh(const double *d, size_t n, size_t k)
{
	double lo = d[0], hi = d[n - 1];

	if (walsh_le(d, n, lo) >= k + 1)
		return lo;
	for (int it = 0; it < 200 && lo < hi; it++) {
		double mid = lo + (hi - lo) / 2;

		if (mid <= lo || mid >= hi)
			break;
		if (walsh_le(d, n, mid) >= k + 1)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/*
 * Tukey's interval: [W(k), W(M+1-k)] (1-based) of the M Walsh averages, k the
 * largest with P(T+ <= k - 1) <= (1 - level) / 2 under no ties. Returns k
 * (>= 1) and the achieved coverage.
 */
static size_t walsh_ci_rank(size_t n, double level, double *coverage)
{
	double alpha2 = (1 - level) / 2, cdf = 0;
	size_t k = 0, tot;

	if (n <= TSOB_SIGNED_RANK_EXACT_MAX) {
		unsigned *w = malloc(n * sizeof(*w));
		double *p;

		if (!w)
			return 0;
		for (size_t i = 0; i < n; i++)
			w[i] = (unsigned)(i + 1);
		p = half_sum_dist(w, n, &tot);
		free(w);
		if (!p)
			return 0;
		/* k - 1 runs while P(T+ <= k - 1) stays within alpha / 2. */
		while (k <= tot && cdf + p[k] <= alpha2)
			cdf += p[k++];
		free(p);
		*coverage = 1 - 2 * cdf;
		return k;
	}
	{
		double mu = (double)n * ((double)n + 1) / 4;
		double sd = sqrt((double)n * ((double)n + 1) * (2 * (double)n + 1) / 24);
		double kf = floor(mu - tsob_shift_z(level) * sd - 0.5) + 1;

		*coverage = level;
		return kf > 0 ? (size_t)kf : 0;
	}
}

int tsob_paired_compare(const double *a, const double *b, size_t n, double level,
			struct tsob_paired *r)
{
	double *d;
	size_t m, k;

	memset(r, 0, sizeof(*r));
	r->est = r->lo = r->hi = r->p = r->coverage = NAN;
	r->level = level;
	if (!n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!(a[i] > 0) || !(b[i] > 0) || !isfinite(a[i]) || !isfinite(b[i]))
			return -EINVAL;
	d = malloc(n * sizeof(*d));
	if (!d)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		d[i] = log(b[i]) - log(a[i]);
		r->nonzero += d[i] != 0;
	}
	qsort(d, n, sizeof(*d), cmp_double);
	r->n = n;
	m = n * (n + 1) / 2;
	r->est = exp(m % 2 ? kth_walsh(d, n, m / 2)
			   : (kth_walsh(d, n, m / 2 - 1) + kth_walsh(d, n, m / 2)) / 2);
	r->p = r->nonzero ? tsob_signed_rank_p(d, n, &r->exact_p) : 1.0;
	k = walsh_ci_rank(n, level, &r->coverage);
	if (k >= 1) {
		r->lo = exp(kth_walsh(d, n, k - 1));
		r->hi = exp(kth_walsh(d, n, m - k));
		r->exact_level = true;
	} else {
		/* Even the whole range covers less than asked: 1 - 2^(1-n). */
		r->lo = exp(d[0]);
		r->hi = exp(d[n - 1]);
		r->coverage = 1 - ldexp(1.0, 1 - (int)(n < 64 ? n : 64));
	}
	free(d);
	return 0;
}

struct ranked {
	double v;
	bool in_a;
};

static int cmp_ranked(const void *x, const void *y)
{
	return cmp_double(&((const struct ranked *)x)->v, &((const struct ranked *)y)->v);
}

/* P(rank sum of a = w) for every w: choose @na of the ranks 1..N. NULL when out of memory. */
static double *rank_sum_dist(size_t na, size_t N, size_t *wmax)
{
	size_t smax = N * (N + 1) / 2;
	double *f = calloc((na + 1) * (smax + 1), sizeof(*f)), *out;

	if (!f)
		return NULL;
	/* f[k][s]: ways to pick k of the ranks seen so far summing to s, scaled by 1/C(N, na). */
	f[0] = 1;
	for (size_t r = 1; r <= N; r++)
		for (size_t k = r < na ? r : na; k >= 1; k--)
			for (size_t s = smax; s >= r; s--)
				f[k * (smax + 1) + s] += f[(k - 1) * (smax + 1) + s - r];
	out = malloc((smax + 1) * sizeof(*out));
	if (out) {
		double all = 0;

		for (size_t s = 0; s <= smax; s++)
			all += f[na * (smax + 1) + s];
		for (size_t s = 0; s <= smax; s++)
			out[s] = f[na * (smax + 1) + s] / all;
	}
	free(f);
	*wmax = smax;
	return out;
}

double tsob_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb, bool *exact)
{
	size_t N = na + nb, w = 0, wmax;
	struct ranked *x;
	double *p, lo = 0, hi = 0;
	bool tied = false;

	if (exact)
		*exact = false;
	if (!na || !nb)
		return NAN;
	if (N > 60 || !(x = malloc(N * sizeof(*x))))
		return tsob_stats_mann_whitney(a, na, b, nb, NULL);
	for (size_t i = 0; i < N; i++)
		x[i] = i < na ? (struct ranked){ a[i], true } : (struct ranked){ b[i - na], false };
	qsort(x, N, sizeof(*x), cmp_ranked);
	for (size_t i = 0; i < N; i++) {
		tied |= i && x[i].v == x[i - 1].v;
		w += x[i].in_a ? i + 1 : 0;
	}
	free(x);
	if (tied || !(p = rank_sum_dist(na, N, &wmax)))
		return tsob_stats_mann_whitney(a, na, b, nb, NULL);
	for (size_t s = 0; s <= wmax; s++) {
		lo += s <= w ? p[s] : 0;
		hi += s >= w ? p[s] : 0;
	}
	free(p);
	if (exact)
		*exact = true;
	return fmin(1.0, 2 * fmin(lo, hi));
}

struct grouped {
	int g;
	double v;
};

static int cmp_grouped(const void *x, const void *y)
{
	const struct grouped *p = x, *q = y;

	if (p->g != q->g)
		return (p->g > q->g) - (p->g < q->g);
	return cmp_double(&p->v, &q->v);
}

size_t tsob_group_medians(const double *v, const int *group, size_t n, int *ids, double *med)
{
	struct grouped *x = malloc((n ? n : 1) * sizeof(*x));
	size_t k = 0;

	if (!x)
		return (size_t)-1;
	for (size_t i = 0; i < n; i++)
		x[i] = (struct grouped){ group[i], v[i] };
	qsort(x, n, sizeof(*x), cmp_grouped);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double *vals;

		while (j < n && x[j].g == x[i].g)
			j++;
		/* Sorted within the group: the median is read off directly. */
		vals = malloc((j - i) * sizeof(*vals));
		if (!vals) {
			free(x);
			return (size_t)-1;
		}
		for (size_t t = i; t < j; t++)
			vals[t - i] = x[t].v;
		ids[k] = x[i].g;
		med[k++] = tsob_stats_quantile(vals, j - i, 0.5);
		free(vals);
		i = j;
	}
	free(x);
	return k;
}
