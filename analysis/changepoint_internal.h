/* SPDX-License-Identifier: MIT */
/* Shared by the change-point files (changepoint*.c); callers use changepoint.h. */
#ifndef TSOB_CHANGEPOINT_INTERNAL_H
#define TSOB_CHANGEPOINT_INTERNAL_H

#include <stddef.h>

#include "changepoint.h"

/* A growable array of indices. */
struct tsob_cp_idx {
	size_t *v;
	size_t n, cap;
};

int tsob_cp_idx_push(struct tsob_cp_idx *l, size_t v);

/*
 * E-divisive candidates of the window x[lo..hi) (global indices), appended
 * to @out: splits accepted while the t-test of the best one gives p < pvalue.
 */
int tsob_cp_window_search(const double *x, size_t lo, size_t hi, size_t min_segment, double pvalue,
			  struct tsob_cp_idx *out);

/* The merge step over x[0..n) from the sorted, distinct candidates cand[0..k). */
int tsob_cp_merge(const double *x, size_t n, const size_t *cand, size_t k,
		  const struct tsob_cp_opts *o, struct tsob_cp **out, size_t *nout);

#endif
