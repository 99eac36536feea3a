/* SPDX-License-Identifier: MIT */
/*
 * How much slower a strategy's cell is than the baseline's: the one
 * definition the run table, the report and the cover letter share. It is the
 * Hodges-Lehmann estimate of the ratio of the two cells' wall times with its
 * Moses confidence interval (tsob/shift.h); where both cells ran interleaved
 * in rounds (the same round index), the ratio is paired by round instead:
 * the median of the per-round ratios with a distribution-free interval.
 * Where the cells hold several runs, the run is the unit: each run's ratio
 * (paired by round within it where it can be), then the Hodges-Lehmann
 * estimate across runs with its signed-rank interval (tsob/paired.h).
 */
#ifndef TSOB_SLOWDOWN_H
#define TSOB_SLOWDOWN_H

#include "tsob/results.h"
#include "tsob/shift.h"

/* The strategy slowdowns are measured against. */
#define TSOB_BASELINE_STRATEGY "plain"

/* The baseline cell for @c: same kernel, threads and side; NULL when none was measured. */
const struct tsob_view_cell *tsob_slowdown_base(const struct tsob_view *v,
						const struct tsob_view_cell *c);

/*
 * @c's wall time over @base's, at confidence @level. 0, or a negative errno
 * when either cell has no usable samples (then @r is NaN). *paired says which
 * form was used.
 */
int tsob_slowdown(const struct tsob_view_cell *base, const struct tsob_view_cell *c, double level,
		  struct tsob_ratio *r, bool *paired);

#endif
