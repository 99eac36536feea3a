// SPDX-License-Identifier: MIT
/* A results file as CSV rows in the style of `perf stat -x,` (value, unit, event first). */
#include <errno.h>

#include "tsob/json.h"
#include "tsob/results.h"

#ifndef TSOB_VERSION
#define TSOB_VERSION "0"
#endif

/* The strategy column: "plain", or in an A/B file "plain/base", "plain/new". */
static const char *strategy(const struct tsob_view_cell *c, char *buf, size_t len)
{
	if (!c->side)
		return c->strategy;
	snprintf(buf, len, "%s/%s", c->strategy, c->side);
	return buf;
}

/* Several runs: the statistics of the per-run medians, n the runs (the unit). */
static void row(FILE *f, const struct tsob_view_cell *c, const char *metric,
		const struct tsob_series *s, const char *unit)
{
	const struct tsob_stats *st = tsob_series_stats(s);
	char buf[64];

	fprintf(f, "%.6g,%s,%s,%s,%s,%d,%.6g,%.6g,%.4g,%zu\n", st->median, unit, metric,
		c->kernel, strategy(c, buf, sizeof(buf)), c->threads, st->ci_lo, st->ci_hi,
		st->cv * 100.0, st->n);
}

int tsob_view_write_csv(FILE *f, const struct tsob_view *v)
{
	fprintf(f, "# tsobench %s, schema %d: median,unit,metric,kernel,strategy,threads,"
		   "ci95_lo,ci95_hi,cv_percent,n\n",
		TSOB_VERSION, TSOB_SCHEMA_VERSION);
	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];

		char buf[64];

		if (tsob_json_get(c->json, "wall_ns"))
			row(f, c, "wall-time", &c->wall, "ns");
		for (size_t k = 0; k < c->nctr; k++) {
			const struct tsob_view_counter *x = &c->ctr[k];

			if (x->available)
				row(f, c, x->name, &x->s, "");
			else
				fprintf(f, "<not supported>,,%s,%s,%s,%d,,,,0\n", x->name, c->kernel,
					strategy(c, buf, sizeof(buf)), c->threads);
		}
	}
	return ferror(f) ? (errno ? -errno : -EIO) : 0;
}
