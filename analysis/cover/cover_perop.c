// SPDX-License-Identifier: MIT
/* Counts per operation, kernel by strategy: the same table for sections 2 and 6. */
#include <math.h>
#include <string.h>

#include "cover_internal.h"

#define MAX_ROWS 128

/* The counter's median per operation in @c, NaN when it has none. */
static double per_op(const struct tsob_view_cell *c, const char *counter, size_t *n)
{
	const struct tsob_view_counter *k;

	if (!c || !tsob_view_cell_ok(c) || !(c->ops > 0))
		return NAN;
	k = tsob_view_counter(c, counter);
	if (!k || !k->available || !k->s.n)
		return NAN;
	*n = k->s.n;
	return k->s.st.median / c->ops;
}

static bool seen(const struct tsob_view *v, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(v->cells[j].kernel, v->cells[i].kernel) &&
		    v->cells[j].threads == v->cells[i].threads)
			return true;
	return false;
}

void cover_per_op_table(FILE *o, const struct tsob_view *v, const char *counter, int indent)
{
	const char *head[COVER_TABLE_COLS] = {"kernel"};
	size_t ns = v->nstrat < COVER_TABLE_COLS - 1 ? v->nstrat : COVER_TABLE_COLS - 1;
	size_t nmin = SIZE_MAX, nmax = 0, any = 0;
	struct cover_table t;

	for (size_t s = 0; s < ns; s++)
		head[1 + s] = v->strat[s].name;
	cover_table_init(&t, 1 + ns, head);
	for (size_t s = 1; s <= ns; s++)
		t.right[s] = true;
	for (size_t i = 0; i < v->ncells; i++) {
		const char *cells[COVER_TABLE_COLS];
		char lab[64], num[COVER_TABLE_COLS][32];

		if (seen(v, i) || (v->cells[i].side && strcmp(v->cells[i].side, "new")))
			continue;
		tsob_view_cell_label(&v->cells[i], lab, sizeof(lab));
		cells[0] = lab;
		for (size_t s = 0; s < ns; s++) {
			size_t n = 0;
			double x = per_op(tsob_view_find(v, v->cells[i].kernel, v->strat[s].name,
							 v->cells[i].threads, v->cells[i].side),
					  counter, &n);

			cover_num(num[s], sizeof(num[s]), x);
			cells[1 + s] = num[s];
			if (isfinite(x)) {
				any++;
				nmin = n < nmin ? n : nmin;
				nmax = n > nmax ? n : nmax;
			}
		}
		cover_table_row(&t, cells);
	}
	if (any) {
		char reps[64];

		if (nmin == nmax)
			snprintf(reps, sizeof(reps), "%zu", nmin);
		else
			snprintf(reps, sizeof(reps), "%zu to %zu", nmin, nmax);
		cover_wrapf(o, indent, indent + 2,
			    "%s per operation (median over %s repetitions a cell; '-': the "
			    "cell or the counter did not run):",
			    counter, reps);
		cover_table_print(o, &t, indent);
		fputc('\n', o);
	}
	cover_table_free(&t);
}
