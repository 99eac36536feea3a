// SPDX-License-Identifier: MIT
/* The one slowdown definition: against the baseline cell, paired by round where possible. */
#include "slowdown.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const struct tsob_view_cell *tsob_slowdown_base(const struct tsob_view *v,
						const struct tsob_view_cell *c)
{
	const struct tsob_view_cell *b =
		tsob_view_find(v, c->kernel, TSOB_BASELINE_STRATEGY, c->threads, c->side);

	return b && tsob_view_cell_ok(b) ? b : NULL;
}

/* Pairs of samples with the same (run, round): how many, into @a and @b. */
static size_t pairs(const struct tsob_series *x, const struct tsob_series *y, double *a,
		    double *b)
{
	size_t n = 0;

	for (size_t i = 0; i < x->n; i++) {
		if (x->round[i] < 0)
			return 0; /* not interleaved: no pairs */
		for (size_t j = 0; j < y->n; j++)
			if (y->round[j] == x->round[i] && y->run[j] == x->run[i]) {
				a[n] = x->v[i];
				b[n] = y->v[j];
				n++;
				break;
			}
	}
	return n;
}

int tsob_slowdown(const struct tsob_view_cell *base, const struct tsob_view_cell *c, double level,
		  struct tsob_ratio *r, bool *paired)
{
	const struct tsob_series *x = &base->wall, *y = &c->wall;
	double *a, *b;
	size_t n;
	int ret;

	*paired = false;
	if (!x->n || !y->n) {
		r->est = r->lo = r->hi = NAN;
		r->level = level;
		r->exact_level = false;
		return -EINVAL;
	}
	a = malloc(2 * x->n * sizeof(*a));
	if (!a)
		return -ENOMEM;
	b = a + x->n;
	n = pairs(x, y, a, b);
	/* Paired only when every sample of both cells found its partner. */
	if (n && n == x->n && n == y->n) {
		*paired = true;
		ret = tsob_shift_paired(a, b, n, level, r);
	} else {
		ret = tsob_shift_ratio(x->v, x->n, y->v, y->n, level, r);
	}
	free(a);
	return ret;
}
