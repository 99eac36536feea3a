// SPDX-License-Identifier: MIT
/*
 * E-divisive means (Matteson & James 2014, alpha = 1) on a 1-D series: the
 * divergence statistic Q-hat, the best split of an interval, and the divisive
 * search within one window of the split step (see changepoint.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "changepoint_internal.h"

/*
 * Q-hat from its sums: @bx = sum over X x Y of |X_i - Y_j|, @wx and @wy the
 * sums over pairs within X (a points) and within Y (b points). Expanding
 * (ab/(a+b)) * (2 bx/(ab) - wx/C(a,2) - wy/C(b,2)).
 */
static double qhat(size_t a, size_t b, double bx, double wx, double wy)
{
	double ab = (double)(a + b);
	double q = 2 * bx / ab;

	if (a > 1)
		q -= 2 * (double)b * wx / (ab * (double)(a - 1));
	if (b > 1)
		q -= 2 * (double)a * wy / (ab * (double)(b - 1));
	return q;
}

double tsob_cp_ediv_stat(const double *x, size_t n, size_t tau, size_t kappa)
{
	double bx = 0, wx = 0, wy = 0;

	if (!x || tau < 1 || kappa <= tau || kappa > n)
		return NAN;
	for (size_t i = 0; i < kappa; i++) {
		for (size_t j = i + 1; j < kappa; j++) {
			double d = fabs(x[i] - x[j]);

			if (j < tau)
				wx += d;
			else if (i >= tau)
				wy += d;
			else
				bx += d;
		}
	}
	return qhat(tau, kappa - tau, bx, wx, wy);
}

struct split {
	size_t tau; /* global index; 0 when the interval has no admissible split */
	double q;
};

/*
 * Best split of x[s..e) in O(L^2) time with two arrays of L = e - s:
 *   fc[k]  = sum_{s <= j < s+k} |x_j - x_{s+k}|  (column sums, fixed),
 *   col[k] = sum_{s <= i < tau} |x_i - x_{s+k}|  (grows with tau).
 * For a fixed tau, moving kappa on by one adds point y = x[kappa-1] to Y:
 * the between-sum grows by col[y], the within-Y sum by fc[y] - col[y]; the
 * within-X sum is the running sum of fc[] up to tau.
 */
static void best_split(const double *x, size_t s, size_t e, size_t m, double *fc, double *col,
		       struct split *best)
{
	size_t len = e - s;
	double wx = 0;

	best->tau = 0;
	best->q = -INFINITY;
	if (len < 2 * m)
		return;
	for (size_t k = 0; k < len; k++) {
		double sum = 0;

		for (size_t j = 0; j < k; j++)
			sum += fabs(x[s + j] - x[s + k]);
		fc[k] = sum;
		col[k] = 0;
	}
	for (size_t t = 1; t + m <= len; t++) {
		double bx = 0, wy = 0;

		/* X = x[s..s+t) gained x[s+t-1]. */
		for (size_t k = t; k < len; k++)
			col[k] += fabs(x[s + t - 1] - x[s + k]);
		wx += fc[t - 1];
		if (t < m)
			continue;
		for (size_t k = t; k < len; k++) {
			size_t b = k - t + 1; /* Y = x[s+t..s+k] */
			double q;

			bx += col[k];
			wy += fc[k] - col[k];
			if (b < m)
				continue;
			q = qhat(t, b, bx, wx, wy);
			if (q > best->q) {
				best->q = q;
				best->tau = s + t;
			}
		}
	}
}

int tsob_cp_ediv_best(const double *x, size_t n, size_t min_segment, size_t *tau, double *q)
{
	struct split sp;
	double *work;

	if (!x || !tau || !q || !min_segment)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return -EINVAL;
	if (n < 2 * min_segment)
		return -ENOENT;
	work = malloc(2 * n * sizeof(*work));
	if (!work)
		return -ENOMEM;
	best_split(x, 0, n, min_segment, work, work + n, &sp);
	free(work);
	*tau = sp.tau;
	*q = sp.q;
	return 0;
}

/* One interval of the divisive search and its best split, kept until it is cut. */
struct interval {
	size_t lo, hi;
	struct split best;
};

/* Index of the interval with the largest Q-hat (earliest on ties), or n if none can split. */
static size_t strongest(const struct interval *iv, size_t n)
{
	size_t at = n;

	for (size_t i = 0; i < n; i++)
		if (iv[i].best.tau && (at == n || iv[i].best.q > iv[at].best.q))
			at = i;
	return at;
}

int tsob_cp_window_search(const double *x, size_t lo, size_t hi, size_t min_segment, double pvalue,
			  struct tsob_cp_idx *out)
{
	size_t len = hi - lo, niv = 1, maxiv = len / min_segment + 1;
	struct interval *iv = malloc(maxiv * sizeof(*iv));
	double *work = malloc(2 * len * sizeof(*work));
	int err = 0;

	if (!iv || !work) {
		err = -ENOMEM;
		goto out;
	}
	iv[0].lo = lo;
	iv[0].hi = hi;
	best_split(x, lo, hi, min_segment, work, work + len, &iv[0].best);
	for (;;) {
		size_t i = strongest(iv, niv), tau;

		if (i == niv)
			break;
		tau = iv[i].best.tau;
		if (!(tsob_cp_ttest(x, iv[i].lo, tau, iv[i].hi, NULL, NULL) < pvalue))
			break;
		err = tsob_cp_idx_push(out, tau);
		if (err)
			break;
		/* Cut interval i at tau: [lo, tau) stays at i, [tau, hi) goes after it. */
		for (size_t j = niv; j > i + 1; j--)
			iv[j] = iv[j - 1];
		niv++;
		iv[i + 1].lo = tau;
		iv[i + 1].hi = iv[i].hi;
		iv[i].hi = tau;
		best_split(x, iv[i].lo, iv[i].hi, min_segment, work, work + len, &iv[i].best);
		best_split(x, iv[i + 1].lo, iv[i + 1].hi, min_segment, work, work + len,
			   &iv[i + 1].best);
	}
out:
	free(work);
	free(iv);
	return err;
}
