/* SPDX-License-Identifier: MIT */
/*
 * Change points in one series of measurements taken over commits (oldest
 * first): E-divisive means in sliding windows, then a Student t-test merge,
 * the method of Apache Otava (formerly Hunter). Self-contained, libc and libm
 * only, so that whatever keeps the history can call it.
 *
 * Method
 *  1. Split. The series is cut into windows of `window` points that start
 *     every window/2 points (0, w/2, w, ...; the last one is cut short by the
 *     end of the series). In each window, E-divisive means with alpha = 1
 *     [MJ14]: find the split tau (and end kappa) that maximises the divergence
 *     Q-hat between x[start..tau) and x[tau..kappa); keep it when a two-sided
 *     Student t-test between the two sides of tau within its interval gives
 *     p < 10 * max_pvalue (Otava's first-pass level); split that interval and
 *     repeat on all intervals, best Q-hat first, until a candidate fails.
 *     The union over windows gives the weak change points. Cost O(n * w)
 *     per level of splitting (at most w / min_segment levels), so O(n * w^2)
 *     at worst, instead of O(n^3) for one window over the whole series.
 *  2. Merge [F23]. Over the whole series, each weak change point is tested
 *     against its neighbours: a Student t-test between the segment before it
 *     and the segment after it (bounded by the adjacent change points). The
 *     weakest one (highest p-value; when all pass, smallest magnitude) is
 *     dropped, its neighbours are tested again, until every one left has
 *     p < max_pvalue and |magnitude| >= min_magnitude.
 *  With min_segment >= 2 the merge's p-value is the largest of the t-test's
 *  and of the t-tests with any one sample of the two segments left out: a
 *  change point must not rest on a single sample. min_segment alone keeps an
 *  outlier from being a segment of its own, but not from dragging the mean of
 *  a short segment at either end (measured with min_segment 3 and the plain
 *  test: a +20 sigma sample 3 points from the end gave a change point at the
 *  start of a 3-5 point tail in 5 of 20 seeds). It also cuts the false alarms
 *  on stationary noise by about 4.
 *
 * Significance by the t-test rather than by a permutation test (MongoDB's
 * signal-processing-algorithms, [MJ14] section 3.2): Otava's choice; it is
 * deterministic without a seed, linear in the two segments, and works with a
 * handful of points a side. Its p-value is taken after the search chose the
 * split, so the chance that a series of stationary noise shows some change
 * point is well above max_pvalue and grows with the length (measured with
 * the defaults: about 1.2% for 200 points, 4.5% without leaving one out).
 *
 * What differs from Otava (otava/analysis.py and change_point_divisive/, 2025):
 *  - Windows sit on a fixed grid. Otava starts the next window at
 *    max(last change point found, start + w/2), so a window's place depends
 *    on earlier data, and its incremental mode restarts from an earlier weak
 *    change point as an approximation. Here each window's candidates depend
 *    only on its own points, so tsob_cp_update() after an append recomputes
 *    only the window(s) the new point falls in and returns exactly what
 *    tsob_cp_detect() would.
 *  - min_segment: no change point closer than min_segment to either end of
 *    the series or to another, in the E-divisive search (both sides of a split
 *    and the kappa side) and in the merge (change points closer than that,
 *    e.g. two windows' candidates one point apart, are each tested as if the
 *    other were not there, and the weaker goes first). Otava has none, and
 *    its users' most common complaint is a single outlier reported as a
 *    change point.
 *  - The leave-one-out p-value above (min_segment >= 2; 1 gives Otava's plain
 *    test).
 *  - The t-test uses sample variances (divisor n - 1); Otava hands scipy
 *    population standard deviations (divisor n).
 *  - magnitude is signed, mean_after / mean_before - 1 (a regression of a
 *    time is > 0); the filter uses its absolute value. Otava's is
 *    max(|after/before - 1|, |before/after - 1|).
 *  - Ties (equal Q-hat, equal p-values) are broken by index, the earliest
 *    first, so results never depend on the order of a sort.
 *
 * References
 *  [MJ14] D. S. Matteson, N. A. James, "A nonparametric approach for multiple
 *         change point analysis of multivariate data", Journal of the American
 *         Statistical Association 109(505), 334-345, 2014.
 *  [F23]  M. Fleming et al., "Hunter: Using Change Point Detection to Hunt for
 *         Performance Regressions", ICPE 2023, doi:10.1145/3578244.3583719.
 *  [D20]  D. Daly et al., "The Use of Change Point Detection to Identify
 *         Software Performance Regressions in a Continuous Integration
 *         System", ICPE 2020 (MongoDB's E-divisive with permutation tests).
 */
#ifndef TSOB_CHANGEPOINT_H
#define TSOB_CHANGEPOINT_H

#include <stddef.h>
#include <stdint.h>

struct tsob_cp_opts {
	size_t window;	      /* points per window, >= 4 and >= 2 * min_segment */
	double max_pvalue;    /* merge level, in (0, 1] */
	double min_magnitude; /* smallest |mean_after / mean_before - 1| kept, >= 0 */
	size_t min_segment;   /* fewest points between change points and the ends, >= 1;
			       * >= 2 also leaves one sample out in the merge */
};

/*
 * Defaults: window 50 and max_pvalue 0.001 are Otava's. min_magnitude 0 is
 * Otava's too: the caller (history check --min-magnitude) sets a floor when it
 * wants one. min_segment 2, as R's ecp::e.divisive and MongoDB's need about 2
 * points a side: the least with which a single outlier can neither be a
 * segment of its own nor (leaving one out) make a change point anywhere. 3
 * would add only that two outliers in a row in mid-history are not reported
 * (at the tip they are 2 of the last 3 points and still are), at the cost of
 * one more run before a regression at the tip shows: a +5% step with 1%
 * noise and 2 runs after it is found 83% of the time with 2, 24% with 3.
 */
void tsob_cp_opts_default(struct tsob_cp_opts *o);

struct tsob_cp {
	size_t index;	    /* first point of the new segment */
	double pvalue;	    /* two-sided Student t-test, segment before vs after (see above) */
	double mean_before; /* mean of the segment before (from the previous change point) */
	double mean_after;  /* mean of the segment after (to the next change point) */
	double magnitude;   /* mean_after / mean_before - 1; +-inf when mean_before is 0 */
};

/*
 * Change points of x[0..n), sorted by index, in *out (malloc'd, the caller
 * frees it; NULL when *nout is 0). Returns 0, -EINVAL for bad options, a NULL
 * x with n > 0 or a non-finite value (NaN, inf) in x, -ENOMEM.
 * Meant for positive metrics (times, counts): magnitude is a ratio of means.
 */
int tsob_cp_detect(const double *x, size_t n, const struct tsob_cp_opts *o, struct tsob_cp **out,
		   size_t *nout);

/*
 * What to keep between calls of tsob_cp_update() for one series, e.g. in the
 * history store next to it. Plain data: the candidates of the windows that no
 * later point can change, and a hash of the points those windows saw. A state
 * restored from a store may carry its own malloc'd cand; one that does not
 * fit the series (hash, options, lengths, candidates) only costs a full
 * search.
 */
struct tsob_cp_state {
	size_t n;		  /* length of the series at the last call */
	size_t nwin;		  /* windows complete at that length: their candidates are final */
	size_t ncand;		  /* their candidates, sorted, no duplicates */
	size_t *cand;		  /* malloc'd; tsob_cp_state_release() frees it */
	uint64_t hash;		  /* of the bit patterns of the points those windows cover */
	struct tsob_cp_opts opts; /* the options it was computed with */
	size_t searched;	  /* windows searched by the last call (the cost) */
};

#define TSOB_CP_STATE_INIT ((struct tsob_cp_state){.n = 0})

/*
 * Change points of x[0..n) given the state of an earlier call on a prefix of
 * the same series (or TSOB_CP_STATE_INIT): searches only the windows that the
 * points after the complete windows reach, then merges over the whole series.
 * The result always equals tsob_cp_detect(x, n, o): when the options differ,
 * the series is shorter, or the points under the complete windows changed
 * (hash), it starts from scratch. On success the state describes x[0..n); on
 * error it is left as it was. Returns as tsob_cp_detect().
 */
int tsob_cp_update(struct tsob_cp_state *st, const double *x, size_t n,
		   const struct tsob_cp_opts *o, struct tsob_cp **out, size_t *nout);

void tsob_cp_state_release(struct tsob_cp_state *st);

/*
 * Q-hat(tau, kappa) of [MJ14] with alpha = 1, on 0-based indices: the
 * scaled energy divergence between X = x[0..tau) and Y = x[tau..kappa),
 *   Q = (m n / (m + n)) * ( 2/(m n) sum_{i,j} |X_i - Y_j|
 *                           - C(n,2)^-1 sum_{i<k} |X_i - X_k|
 *                           - C(m,2)^-1 sum_{j<k} |Y_j - Y_k| ),
 * n = tau, m = kappa - tau; a within-sample term of a single point is 0.
 * Direct O(kappa^2) evaluation. NaN unless 1 <= tau < kappa <= n.
 */
double tsob_cp_ediv_stat(const double *x, size_t n, size_t tau, size_t kappa);

/*
 * The best split of x[0..n): the tau (with some kappa) of largest Q-hat among
 * min_segment <= tau, tau + min_segment <= kappa <= n, earliest on ties, in
 * O(n^2) time and O(n) memory. Returns 0, -EINVAL (bad arguments) or
 * -ENOENT (n < 2 * min_segment: no admissible split).
 */
int tsob_cp_ediv_best(const double *x, size_t n, size_t min_segment, size_t *tau, double *q);

/* P(T <= t) for Student's t distribution with df > 0 degrees of freedom. */
double tsob_cp_t_cdf(double t, double df);

/*
 * Two-sided p-value of Student's two-sample t-test (pooled variance) between
 * x[a..b) and x[b..c); means of both sides in *mean_before, *mean_after
 * (either may be NULL). 1 when there are fewer than 3 points, NaN unless
 * a < b < c.
 */
double tsob_cp_ttest(const double *x, size_t a, size_t b, size_t c, double *mean_before,
		     double *mean_after);

#endif
