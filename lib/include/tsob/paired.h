/* SPDX-License-Identifier: MIT */
/*
 * Statistics across units: the runs of `tsobench run --runs N` and the rounds
 * of `tsobench ab`. On a shared machine the variation between processes (other
 * physical pages, a neighbour's load, the frequency) dominates the variation
 * between repetitions of one process, so repetitions are not independent
 * samples of a build: a unit (a fresh process) is. A unit's value is the
 * median of its repetitions.
 *
 * Paired (both builds measured in every round, in random order): the Wilcoxon
 * signed-rank test on the log ratios NEW/BASE of the rounds, with the
 * Hodges-Lehmann estimate (the median of the Walsh averages) and Tukey's
 * distribution-free interval from the same distribution, so the test and the
 * interval never disagree. Why this test and not a paired t-test on the log
 * ratios: a neighbour's burst puts one round far out, which moves a mean and
 * its standard error but only one rank; and random order within each round
 * makes a log ratio symmetric about zero when nothing changed, which is
 * exactly the signed-rank test's assumption, so its level holds without any
 * assumption of normality. Why not the sign test: it uses only the signs and
 * needs about 1.5 times the rounds for the same power on symmetric noise.
 *
 * Unpaired (two files of several runs each): the Mann-Whitney test on the
 * per-run medians, exact for the few runs a file holds.
 */
#ifndef TSOB_PAIRED_H
#define TSOB_PAIRED_H

#include <stdbool.h>
#include <stddef.h>

/* Pairs up to this many use the exact distribution; more, the normal approximation. */
#define TSOB_SIGNED_RANK_EXACT_MAX 200

struct tsob_paired {
	size_t n;	  /* pairs */
	size_t nonzero;	  /* pairs whose ratio is not exactly 1: what the test ranks */
	double est;	  /* Hodges-Lehmann estimate of the ratio b / a */
	double lo, hi;	  /* its confidence interval */
	double level;	  /* the level asked for */
	double coverage;  /* the level the interval achieves (no ties) */
	bool exact_level; /* false: too few pairs for @level, [lo, hi] is the whole range */
	double p;	  /* two-sided signed-rank p-value; 1 when every ratio is 1 */
	bool exact_p;	  /* exact (conditional on ties) or normal approximation */
};

/*
 * Pairs (@a[i], @b[i]), all > 0: the signed-rank test and the interval of the
 * ratio b / a. 0, or -EINVAL (no pairs, a value <= 0 or not finite; @r NaN),
 * or -ENOMEM.
 */
int tsob_paired_compare(const double *a, const double *b, size_t n, double level,
			struct tsob_paired *r);

/* Two-sided signed-rank p-value of differences @d (zeros dropped); NaN when none is left. */
double tsob_signed_rank_p(const double *d, size_t n, bool *exact);

/*
 * Two-sided Mann-Whitney p-value of @a against @b: exact when the samples are
 * small (na + nb <= 60) and untied, else tsob_stats_mann_whitney's normal
 * approximation. NaN when a sample is empty.
 */
double tsob_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb, bool *exact);

/*
 * Median of each group of samples (@group[i] the group of @v[i], >= 0):
 * writes the distinct groups in ascending order to @ids and their medians to
 * @med (both with room for @n) and returns how many. -ENOMEM as (size_t)-1.
 */
size_t tsob_group_medians(const double *v, const int *group, size_t n, int *ids, double *med);

#endif
