// SPDX-License-Identifier: MIT
/* The tab-separated data files behind the charts. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "tsob/output.h"

static void put_triple(FILE *f, double v, double lo, double hi)
{
	if (isfinite(v))
		fprintf(f, "\t%.6g\t%.6g\t%.6g", v, lo, hi);
	else
		fprintf(f, "\tNaN\tNaN\tNaN");
}

static void grid_header(FILE *f, const struct report *rp, const char *what)
{
	fprintf(f, "# %s; columns: cell", what);
	for (size_t k = 0; k < rp->g.ncols; k++)
		fprintf(f, "\t%s\t%s_lo\t%s_hi", rp->g.col[k], rp->g.col[k], rp->g.col[k]);
	fputc('\n', f);
}

void rp_row_label(const struct report *rp, size_t r, char *buf, size_t len)
{
	const struct tsob_view_cell *c = rp->g.row[r];
	size_t n;

	tsob_view_cell_label(c, buf, len);
	n = strlen(buf);
	if (c->side && n < len)
		snprintf(buf + n, len - n, " [%s]", c->side);
}

/* For per-op charts: the kernel's operation, "copy8 (byte)". */
static void row_label_unit(const struct report *rp, size_t r, char *buf, size_t len)
{
	char label[128];

	rp_row_label(rp, r, label, sizeof(label));
	if (rp->g.row[r]->unit && rp->g.row[r]->ops > 0)
		snprintf(buf, len, "%s (%s)", label, rp->g.row[r]->unit);
	else
		snprintf(buf, len, "%s", label);
}

int rp_write_time(FILE *f, void *arg)
{
	const struct report *rp = arg;

	grid_header(f, rp, "median wall time per operation (ns), 95% CI of the median");
	for (size_t r = 0; r < rp->g.nrows; r++) {
		char label[160];

		row_label_unit(rp, r, label, sizeof(label));
		fputs(label, f);
		for (size_t k = 0; k < rp->g.ncols; k++) {
			const struct tsob_view_cell *c = rp_at(rp, r, k);

			if (c)
				put_triple(f, tsob_series_stats(&c->wall)->median * rp_per_op(c),
					   tsob_series_stats(&c->wall)->ci_lo * rp_per_op(c),
					   tsob_series_stats(&c->wall)->ci_hi * rp_per_op(c));
			else
				put_triple(f, NAN, NAN, NAN);
		}
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

int rp_write_slowdown(FILE *f, void *arg)
{
	const struct report *rp = arg;

	grid_header(f, rp, "time relative to plain: Hodges-Lehmann ratio, 95% CI (Moses)");
	for (size_t r = 0; r < rp->g.nrows; r++) {
		char label[128];

		rp_row_label(rp, r, label, sizeof(label));
		fputs(label, f);
		for (size_t k = 1; k < rp->g.nmodel; k++) {
			const struct tsob_view_cell *c = rp_at(rp, r, k);
			struct tsob_ratio q;

			if (c && !rp_slowdown_of(rp, c, &q))
				put_triple(f, q.est, q.lo, q.hi);
			else
				put_triple(f, NAN, NAN, NAN);
		}
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

int rp_write_counters(FILE *f, void *arg)
{
	const struct report *rp = arg;

	for (size_t e = 0; e < rp->nevents; e++) {
		if (e)
			fputs("\n\n", f);
		fprintf(f, "# event %s: ", rp->events[e]);
		grid_header(f, rp, "median per operation, 95% CI of the median");
		for (size_t r = 0; r < rp->g.nrows; r++) {
			char label[160];

			row_label_unit(rp, r, label, sizeof(label));
			fputs(label, f);
			for (size_t k = 0; k < rp->g.ncols; k++) {
				const struct tsob_view_cell *c = rp_at(rp, r, k);
				const struct tsob_view_counter *x =
				    c ? tsob_view_counter(c, rp->events[e]) : NULL;

				if (x && x->available && x->s.n)
					put_triple(f, x->s.st.median * rp_per_op(c),
						   x->s.st.ci_lo * rp_per_op(c),
						   x->s.st.ci_hi * rp_per_op(c));
				else
					put_triple(f, NAN, NAN, NAN);
			}
			fputc('\n', f);
		}
	}
	return ferror(f) ? -EIO : 0;
}

int rp_write_ctxsw(FILE *f, void *arg)
{
	const struct report *rp = arg;
	const struct tsob_view *ds = rp->ds;

	fprintf(f, "# context-switch cost: label, median, ci_lo, ci_hi (ns)\n");
	for (size_t i = 0; i < ds->nctxsw; i++) {
		const struct tsob_view_ctxsw *x = &ds->ctxsw[i];

		if (!x->available)
			continue;
		fputs(x->label, f);
		put_triple(f, x->median, x->lo, x->hi);
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

int rp_write_file(struct report *rp, const char *name, int (*fn)(FILE *, void *))
{
	char path[PATH_MAX];
	const char *what = "";
	int r;

	snprintf(path, sizeof(path), "%s/%s", rp->dir, name);
	r = tsob_output_write(path, fn, rp, &what);
	if (r)
		snprintf(rp->why, sizeof(rp->why), "cannot write %s: %s (%s)", name, what,
			 strerror(-r));
	return r;
}

