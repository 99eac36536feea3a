// SPDX-License-Identifier: MIT
/*
 * Change-point detection over a series: options, the window grid of the
 * split step, and the incremental state that lets an append search only the
 * last window (method and references in changepoint.h).
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint_internal.h"

void tsob_cp_opts_default(struct tsob_cp_opts *o)
{
	o->window = 50;
	o->max_pvalue = 0.001;
	o->min_magnitude = 0;
	o->min_segment = 2;
}

static int opts_check(const struct tsob_cp_opts *o)
{
	if (!o || o->min_segment < 1 || o->window < 4 || o->window < 2 * o->min_segment)
		return -EINVAL;
	if (!(o->max_pvalue > 0 && o->max_pvalue <= 1) || !(o->min_magnitude >= 0))
		return -EINVAL;
	return 0;
}

static bool opts_equal(const struct tsob_cp_opts *a, const struct tsob_cp_opts *b)
{
	return a->window == b->window && a->max_pvalue == b->max_pvalue &&
	       a->min_magnitude == b->min_magnitude && a->min_segment == b->min_segment;
}

/*
 * The split step's level: looser than the merge's so that the merge has
 * candidates to weigh (Otava's first pass: 10x below 0.05, 2x below 0.5).
 */
static double split_pvalue(double max_pvalue)
{
	if (max_pvalue < 0.05)
		return 10 * max_pvalue;
	if (max_pvalue < 0.5)
		return 2 * max_pvalue;
	return max_pvalue;
}

int tsob_cp_idx_push(struct tsob_cp_idx *l, size_t v)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		size_t *p = realloc(l->v, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = v;
	return 0;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

static void idx_sort_unique(struct tsob_cp_idx *l)
{
	size_t k = 0;

	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_size);
	for (size_t i = 1; i < l->n; i++)
		if (l->v[i] != l->v[k])
			l->v[++k] = l->v[i];
	l->n = k + 1;
}

/*
 * FNV-1a's step taken a 64-bit word (one point's bit pattern) at a time: each
 * step is a bijection of the running hash, so changing any one point always
 * changes the result. Edits are what it guards against, not an adversary.
 */
static uint64_t hash_points(const double *x, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		uint64_t bits;

		memcpy(&bits, &x[i], sizeof(bits));
		h = (h ^ bits) * 0x100000001b3ull;
	}
	return h;
}

/*
 * The window grid: window k covers x[k*step .. min(k*step + w, n)), step =
 * w/2. Windows whose end k*step + w is within the series are complete; the
 * grid stops at the first window that reaches the end.
 */
static size_t windows_complete(size_t n, size_t w)
{
	return n >= w ? (n - w) / (w / 2) + 1 : 0;
}

static size_t windows_total(size_t n, size_t w)
{
	size_t step = w / 2;

	if (!n)
		return 0;
	return n <= w ? 1 : (n - w + step - 1) / step + 1;
}

static size_t frozen_end(size_t nwin, size_t w)
{
	return nwin ? (nwin - 1) * (w / 2) + w : 0;
}

/*
 * May the state's complete windows be reused for x[0..n) under options o?
 * Also checks what a store could have garbled: candidates sorted, distinct,
 * and where those windows can put them.
 */
static bool state_reusable(const struct tsob_cp_state *st, const double *x, size_t n,
			   const struct tsob_cp_opts *o)
{
	size_t end;

	if (!st->nwin || !opts_equal(&st->opts, o) || st->n > n || (st->ncand && !st->cand))
		return false;
	end = frozen_end(st->nwin, o->window);
	if (end > n || st->nwin > windows_complete(st->n, o->window))
		return false;
	for (size_t i = 0; i < st->ncand; i++)
		if (st->cand[i] < o->min_segment || st->cand[i] + o->min_segment > end ||
		    (i && st->cand[i] <= st->cand[i - 1]))
			return false;
	return hash_points(x, end) == st->hash;
}

static int check_input(const struct tsob_cp_state *st, const double *x, size_t n,
		       const struct tsob_cp_opts *o, struct tsob_cp *const *out, const size_t *nout)
{
	if (!st || !out || !nout || (n && !x) || opts_check(o))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return -EINVAL;
	return 0;
}

/* Searches windows from the state's first incomplete one to the end of x[0..n). */
static int search_windows(const double *x, size_t n, const struct tsob_cp_opts *o, size_t first,
			  struct tsob_cp_idx *frozen, struct tsob_cp_idx *tail)
{
	size_t w = o->window, step = w / 2, total = windows_total(n, w);
	double p = split_pvalue(o->max_pvalue);
	int err = 0;

	for (size_t k = first; k < total && !err; k++) {
		size_t lo = k * step, hi = lo + w <= n ? lo + w : n;

		err = tsob_cp_window_search(x, lo, hi, o->min_segment, p,
					    lo + w <= n ? frozen : tail);
	}
	return err;
}

int tsob_cp_update(struct tsob_cp_state *st, const double *x, size_t n,
		   const struct tsob_cp_opts *o, struct tsob_cp **out, size_t *nout)
{
	struct tsob_cp_idx frozen = {0}, tail = {0};
	size_t first = 0;
	int err = check_input(st, x, n, o, out, nout);

	if (err)
		return err;
	*out = NULL;
	*nout = 0;
	if (state_reusable(st, x, n, o)) {
		first = st->nwin;
		for (size_t i = 0; i < st->ncand && !err; i++)
			err = tsob_cp_idx_push(&frozen, st->cand[i]);
	}
	if (!err)
		err = search_windows(x, n, o, first, &frozen, &tail);
	idx_sort_unique(&frozen);
	for (size_t i = 0; i < frozen.n && !err; i++)
		err = tsob_cp_idx_push(&tail, frozen.v[i]);
	idx_sort_unique(&tail);
	if (!err)
		err = tsob_cp_merge(x, n, tail.v, tail.n, o, out, nout);
	free(tail.v);
	if (err) {
		free(frozen.v);
		return err;
	}
	free(st->cand);
	st->cand = frozen.v;
	st->ncand = frozen.n;
	st->n = n;
	st->nwin = windows_complete(n, o->window);
	st->hash = hash_points(x, frozen_end(st->nwin, o->window));
	st->opts = *o;
	st->searched = windows_total(n, o->window) - first;
	return 0;
}

int tsob_cp_detect(const double *x, size_t n, const struct tsob_cp_opts *o, struct tsob_cp **out,
		   size_t *nout)
{
	struct tsob_cp_state st = TSOB_CP_STATE_INIT;
	int err = tsob_cp_update(&st, x, n, o, out, nout);

	tsob_cp_state_release(&st);
	return err;
}

void tsob_cp_state_release(struct tsob_cp_state *st)
{
	free(st->cand);
	*st = TSOB_CP_STATE_INIT;
}
