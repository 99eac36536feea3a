// SPDX-License-Identifier: MIT
/*
 * The merge step of change-point detection (Fleming et al., ICPE 2023) and
 * the Student t-test it rests on (with one sample left out in turn when
 * min_segment >= 2, see changepoint.h), with the t distribution written here.
 *
 * Why no library: GSL (libgsl-dev) cannot be installed for amd64 and arm64
 * side by side (the packages conflict), and the static arm64 tsobench needs
 * exactly the same code; bench/stats.h says the same for the rank tests. The
 * t distribution needs only the regularized incomplete beta function, a
 * continued fraction of a few dozen lines, checked against table values in
 * tests/analysis/test_changepoint.c.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "changepoint_internal.h"

#define CF_MAX_TERMS 1000
#define CF_EPS 1e-15
#define CF_TINY 1e-300

/*
 * d_j of the continued fraction of I_x(a, b) (DLMF 8.17.22):
 *   I_x(a,b) = x^a (1-x)^b / (a B(a,b)) / (1 + d_1/(1 + d_2/(1 + ...))),
 *   d_2m = m (b - m) x / ((a + 2m - 1)(a + 2m)),
 *   d_2m+1 = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
 */
static double cf_term(double a, double b, double x, unsigned j)
{
	double m = (double)(j / 2);

	if (j % 2)
		return -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
	return m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
}

/* 1 + d_1/(1 + d_2/(1 + ...)) by the modified Lentz method (no tail guess needed). */
static double cf_denominator(double a, double b, double x)
{
	double f = 1, c = 1, d = 0;

	for (unsigned j = 1; j <= CF_MAX_TERMS; j++) {
		double dj = cf_term(a, b, x, j), delta;

		d = 1 + dj * d;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		c = 1 + dj / c;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1 / d;
		delta = c * d;
		f *= delta;
		if (fabs(delta - 1) < CF_EPS)
			break;
	}
	return f;
}

/*
 * Regularized incomplete beta I_x(a, b), given x and xc = 1 - x separately
 * (the caller has both without cancellation). The fraction converges fast for
 * x < (a+1)/(a+b+2); above, I_x(a,b) = 1 - I_{1-x}(b,a).
 */
static double ibeta(double a, double b, double x, double xc)
{
	double lfront;

	if (x <= 0)
		return 0;
	if (xc <= 0)
		return 1;
	lfront = a * log(x) + b * log(xc) - (lgamma(a) + lgamma(b) - lgamma(a + b));
	if (x < (a + 1) / (a + b + 2))
		return exp(lfront) / (a * cf_denominator(a, b, x));
	return 1 - exp(lfront) / (b * cf_denominator(b, a, xc));
}

/* P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2). */
static double t_two_sided(double t, double df)
{
	double t2 = t * t;

	if (isinf(t))
		return 0;
	return ibeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

double tsob_cp_t_cdf(double t, double df)
{
	double tail;

	if (isnan(t) || !(df > 0))
		return NAN;
	tail = t_two_sided(t, df) / 2;
	return t > 0 ? 1 - tail : tail;
}

/*
 * Mean and sum of squared deviations of x[a..b), shifted by x[a] so that a
 * constant segment gets its value exactly and a deviation sum of 0 (two
 * constant segments then compare exactly, not by rounding noise).
 */
static double seg_moments(const double *x, size_t a, size_t b, double *ss)
{
	double shift = x[a], sum = 0, mean, dev = 0;

	for (size_t i = a; i < b; i++)
		sum += x[i] - shift;
	mean = sum / (double)(b - a);
	for (size_t i = a; i < b; i++) {
		double d = x[i] - shift - mean;

		dev += d * d;
	}
	*ss = dev;
	return shift + mean;
}

/* |t| of the pooled test; for two constant samples 0 when equal, inf when not. */
static double abs_t(double n1, double m1, double ss1, double n2, double m2, double ss2)
{
	double sp2 = (ss1 + ss2) / (n1 + n2 - 2), d = fabs(m2 - m1);

	if (sp2 <= 0)
		return d == 0 ? 0 : INFINITY;
	return d / sqrt(sp2 * (1 / n1 + 1 / n2));
}

/*
 * Smallest |t| with one sample of x[a..b) (mean m1, deviations ss1) left out,
 * the other side being (n2, m2, ss2): leaving x_j out moves the mean by
 * -(x_j - m1)/(n1 - 1) and takes (x_j - m1)^2 n1/(n1 - 1) off the deviations.
 */
static double loo_min_t(const double *x, size_t a, size_t b, double m1, double ss1, double n2,
			double m2, double ss2)
{
	double n1 = (double)(b - a), tmin = INFINITY;

	for (size_t j = a; n1 >= 2 && j < b; j++) {
		double dev = x[j] - m1;

		tmin = fmin(tmin, abs_t(n1 - 1, m1 - dev / (n1 - 1),
					fmax(0, ss1 - dev * dev * n1 / (n1 - 1)), n2, m2, ss2));
	}
	return tmin;
}

/*
 * Two-sided p of the pooled t-test between x[a..b) and x[b..c). With @loo,
 * the largest of that and of the tests with any one sample left out, so that
 * no single sample can make the difference.
 */
static double ttest_p(const double *x, size_t a, size_t b, size_t c, bool loo, double *m1,
		      double *m2)
{
	double ss1, ss2, n1 = (double)(b - a), n2 = (double)(c - b), df = n1 + n2 - 2, p, t;

	*m1 = seg_moments(x, a, b, &ss1);
	*m2 = seg_moments(x, b, c, &ss2);
	if (df < 1)
		return 1;
	p = t_two_sided(abs_t(n1, *m1, ss1, n2, *m2, ss2), df);
	if (!loo || df < 2)
		return p;
	t = fmin(loo_min_t(x, a, b, *m1, ss1, n2, *m2, ss2),
		 loo_min_t(x, b, c, *m2, ss2, n1, *m1, ss1));
	return fmax(p, t_two_sided(t, df - 1));
}

double tsob_cp_ttest(const double *x, size_t a, size_t b, size_t c, double *mean_before,
		     double *mean_after)
{
	double m1 = NAN, m2 = NAN, p = NAN;

	if (x && a < b && b < c)
		p = ttest_p(x, a, b, c, false, &m1, &m2);
	if (mean_before)
		*mean_before = m1;
	if (mean_after)
		*mean_after = m2;
	return p;
}

/* A change point during the merge; narrow: closer than min_segment to another or an end. */
struct cand {
	struct tsob_cp cp;
	bool narrow;
};

static void cand_test(const double *x, size_t lo, struct cand *c, size_t hi, bool loo)
{
	struct tsob_cp *cp = &c->cp;

	cp->pvalue = ttest_p(x, lo, cp->index, hi, loo, &cp->mean_before, &cp->mean_after);
	if (cp->mean_before != 0)
		cp->magnitude = cp->mean_after / cp->mean_before - 1;
	else
		cp->magnitude = cp->mean_after == 0 ? 0 : copysign(INFINITY, cp->mean_after);
}

/* Test change point i against its neighbours (the series' ends past the first and last). */
static void retest(const double *x, size_t n, struct cand *c, size_t k, size_t i, bool loo)
{
	cand_test(x, i ? c[i - 1].cp.index : 0, &c[i], i + 1 < k ? c[i + 1].cp.index : n, loo);
}

/* Is a weaker than b: higher p-value, then smaller |magnitude| (full ties: the earlier). */
static bool weaker(const struct cand *a, const struct cand *b)
{
	if (a->cp.pvalue != b->cp.pvalue)
		return a->cp.pvalue > b->cp.pvalue;
	return fabs(a->cp.magnitude) < fabs(b->cp.magnitude);
}

static void drop(struct cand *c, size_t *k, size_t w)
{
	for (size_t i = w; i + 1 < *k; i++)
		c[i] = c[i + 1];
	(*k)--;
}

/* Marks the narrow change points; returns how many there are. */
static size_t mark_narrow(struct cand *c, size_t k, size_t n, size_t m)
{
	size_t count = 0;

	for (size_t i = 0; i < k; i++) {
		size_t lo = i ? c[i - 1].cp.index : 0, hi = i + 1 < k ? c[i + 1].cp.index : n;

		c[i].narrow = c[i].cp.index - lo < m || hi - c[i].cp.index < m;
		count += c[i].narrow;
	}
	return count;
}

/*
 * First, candidates closer than min_segment to each other (two windows may
 * place one change a point apart): each narrow one is tested between the
 * nearest change points that are not narrow, as if its close neighbours were
 * not there (tested with them, the 1-point segments between them would decide),
 * and the weakest goes, until none is narrow.
 */
static void drop_narrow(const double *x, size_t n, struct cand *c, size_t *k, size_t m)
{
	while (mark_narrow(c, *k, n, m)) {
		size_t w = *k, lo = 0;

		for (size_t i = 0; i < *k; i++) {
			size_t hi = n;

			if (!c[i].narrow) {
				lo = c[i].cp.index;
				continue;
			}
			for (size_t j = i + 1; j < *k && hi == n; j++)
				if (!c[j].narrow)
					hi = c[j].cp.index;
			cand_test(x, lo, &c[i], hi, m > 1);
			if (w == *k || weaker(&c[i], &c[w]))
				w = i;
		}
		drop(c, k, w);
	}
}

/*
 * Then Otava's order: the highest p-value if it fails, else the smallest
 * magnitude if it fails; k when all pass.
 */
static size_t weakest(const struct cand *c, size_t k, const struct tsob_cp_opts *o)
{
	size_t w = 0, small = 0;

	if (!k)
		return k;
	for (size_t i = 1; i < k; i++) {
		if (weaker(&c[i], &c[w]))
			w = i;
		if (fabs(c[i].cp.magnitude) < fabs(c[small].cp.magnitude))
			small = i;
	}
	if (!(c[w].cp.pvalue < o->max_pvalue))
		return w;
	if (fabs(c[small].cp.magnitude) < o->min_magnitude)
		return small;
	return k;
}

int tsob_cp_merge(const double *x, size_t n, const size_t *cand, size_t k,
		  const struct tsob_cp_opts *o, struct tsob_cp **out, size_t *nout)
{
	struct cand *c = k ? malloc(k * sizeof(*c)) : NULL;
	struct tsob_cp *res = NULL;
	bool loo = o->min_segment > 1;

	if (k && !c)
		return -ENOMEM;
	for (size_t i = 0; i < k; i++)
		c[i].cp.index = cand[i];
	drop_narrow(x, n, c, &k, o->min_segment);
	for (size_t i = 0; i < k; i++)
		retest(x, n, c, k, i, loo);
	for (;;) {
		size_t w = weakest(c, k, o);

		if (w == k)
			break;
		drop(c, &k, w);
		/* Only the two that bordered the dropped one changed segments. */
		if (w)
			retest(x, n, c, k, w - 1, loo);
		if (w < k)
			retest(x, n, c, k, w, loo);
	}
	if (k) {
		res = malloc(k * sizeof(*res));
		if (!res) {
			free(c);
			return -ENOMEM;
		}
		for (size_t i = 0; i < k; i++)
			res[i] = c[i].cp;
	}
	free(c);
	*out = res;
	*nout = k;
	return 0;
}
