// SPDX-License-Identifier: MIT
/*
 * Section 2: what hardware TSO saves against each software mapping, kernel
 * by kernel, from a native `tsobench run` on the series. The ratio and its
 * interval are the one slowdown definition (analysis/slowdown.h): the
 * Hodges-Lehmann ratio of wall times with its Moses interval, paired by round
 * when the run interleaved its cells.
 */
#include <math.h>
#include <string.h>

#include "cover_internal.h"
#include "slowdown.h"
#include "tsob/json.h"

#define HW "hwtso"
#define MAX_ROWS 128

static const char *const compared[] = {"ldar", "ldapr", "ldapur", "dmb", "plain"};
#define NCMP ARRAY_SIZE(compared)

/* One kernel (and thread count) of the run: its row. */
struct row {
	const struct tsob_view_cell *any; /* a cell of it, for the label */
	const struct tsob_view_cell *hw;
	double ratio[NCMP]; /* hwtso / strategy, NaN when not compared */
};

static size_t rows_of(const struct tsob_view *v, struct row *rows)
{
	size_t n = 0;

	for (size_t i = 0; i < v->ncells && n < MAX_ROWS; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		size_t r;

		if (c->side && strcmp(c->side, "new"))
			continue; /* an A/B file: the new build's cells */
		for (r = 0; r < n; r++)
			if (!strcmp(rows[r].any->kernel, c->kernel) &&
			    rows[r].any->threads == c->threads)
				break;
		if (r == n) {
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n++].any = c;
		}
		if (!strcmp(c->strategy, HW))
			rows[r].hw = c;
	}
	return n;
}

/* Why a cell gives no figure, as a footnote: "ldapr unavailable: CPU lacks ...". */
static int why(struct cover_notes *fn, const char *strategy, const struct tsob_view_cell *c)
{
	char text[512];

	if (!c)
		snprintf(text, sizeof(text), "%s: not in this run", strategy);
	else
		snprintf(text, sizeof(text), "%s %s%s%s", strategy, c->status,
			 c->reason ? ": " : "", c->reason ? c->reason : "");
	return cover_note(fn, text);
}

static void entry(const struct tsob_view *v, struct row *row, size_t k, struct cover_notes *fn,
		  bool *low, char *buf, size_t len)
{
	const struct tsob_view_cell *s =
	    tsob_view_find(v, row->any->kernel, compared[k], row->any->threads, row->any->side);
	struct tsob_ratio r;
	bool paired, cost = !strcmp(compared[k], "plain");

	row->ratio[k] = NAN;
	if (!s || !tsob_view_cell_ok(s)) {
		snprintf(buf, len, "%s [%d]", s ? s->status : "not run", why(fn, compared[k], s));
		return;
	}
	if (tsob_slowdown(s, row->hw, 0.95, &r, &paired)) {
		snprintf(buf, len, "no samples");
		return;
	}
	row->ratio[k] = r.est;
	if (cost)
		cover_pct(buf, len, 100 * (r.est - 1), 100 * (r.lo - 1), 100 * (r.hi - 1));
	else
		cover_pct(buf, len, 100 * (1 - r.est), 100 * (1 - r.hi), 100 * (1 - r.lo));
	if (!r.exact_level) {
		strncat(buf, "*", len - strlen(buf) - 1);
		*low = true;
	}
}

/* One table over columns compared[from, to). */
static void table(FILE *o, const struct tsob_view *v, struct row *rows, size_t n, size_t from,
		  size_t to, struct cover_notes *fn, bool *low)
{
	const char *head[COVER_TABLE_COLS] = {"kernel"};
	struct cover_table t;
	char lab[64], e[COVER_TABLE_COLS][96];

	for (size_t k = from; k < to; k++)
		head[1 + k - from] =
		    !strcmp(compared[k], "plain") ? "plain (cost of TSO)" : compared[k];
	cover_table_init(&t, 1 + to - from, head);
	for (size_t k = 1; k <= to - from; k++)
		t.right[k] = false;
	for (size_t i = 0; i < n; i++) {
		const char *cells[COVER_TABLE_COLS];

		tsob_view_cell_label(rows[i].any, lab, sizeof(lab));
		cells[0] = lab;
		for (size_t k = from; k < to; k++) {
			cells[1 + k - from] = e[k - from];
			e[k - from][0] = '\0';
			if (rows[i].hw && tsob_view_cell_ok(rows[i].hw))
				entry(v, &rows[i], k, fn, low, e[k - from], sizeof(e[0]));
			else if (k == from)
				snprintf(e[0], sizeof(e[0]), "hwtso %s [%d]",
					 rows[i].hw ? rows[i].hw->status : "not run",
					 why(fn, HW, rows[i].hw));
		}
		cover_table_row(&t, cells);
	}
	cover_table_print(o, &t, 2);
	cover_table_free(&t);
}

/* The geometric mean of one column's ratios, their range, and what was left out. */
static void summary(FILE *o, const struct row *rows, size_t n, size_t k)
{
	double sum = 0, lo = INFINITY, hi = -INFINITY;
	size_t used = 0, ilo = 0, ihi = 0, out = 0;
	char left[2048] = "", lab[64];

	for (size_t i = 0; i < n; i++) {
		double r = rows[i].ratio[k];

		tsob_view_cell_label(rows[i].any, lab, sizeof(lab));
		if (!isfinite(r)) {
			out += (size_t)snprintf(left + out,
						out < sizeof(left) ? sizeof(left) - out : 0, "%s%s",
						out ? ", " : "", lab);
			continue;
		}
		sum += log(r);
		used++;
		if (r < lo)
			lo = r, ilo = i;
		if (r > hi)
			hi = r, ihi = i;
	}
	if (!used) {
		cover_wrapf(o, 2, 4, "%s: no kernel where hwtso and %s both ran", compared[k],
			    compared[k]);
		return;
	}
	{
		char a[64], b[64];

		tsob_view_cell_label(rows[ilo].any, a, sizeof(a));
		tsob_view_cell_label(rows[ihi].any, b, sizeof(b));
		cover_wrapf(o, 2, 4,
			    "%s: hwtso/%s %.3f in geometric mean over %zu kernels (no interval "
			    "is claimed for it), from %.3f (%s) to %.3f (%s)%s%s",
			    compared[k], compared[k], exp(sum / (double)used), used, lo, a, hi, b,
			    out ? "; left out, see the notes: " : "", left);
	}
}

static void violations(FILE *o, const struct tsob_view *v)
{
	size_t bad = 0, plain = 0;

	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		char lab[64];

		if (!(c->violations > 0))
			continue;
		tsob_view_cell_label(c, lab, sizeof(lab));
		if (!strcmp(c->strategy, "plain")) {
			plain++;
			cover_wrapf(o, 2, 4,
				    "plain: %.0f ordering violations in %s (plain does "
				    "not order: expected)",
				    c->violations, lab);
		} else {
			bad++;
			cover_wrapf(o, 2, 4, "FAILURE: %.0f ordering violations in %s under %s",
				    c->violations, lab, c->strategy);
		}
	}
	if (!bad)
		cover_wrapf(o, 2, 4, "ordering violations: none in any cell%s",
			    plain ? " other than plain" : "");
}

/* At which level the intervals hold: fresh processes, or repetitions of one. */
static void replication(FILE *o, const struct cover_file *f)
{
	json_object *ctx = tsob_json_get(f->v.doc, "context");
	const char *order = tsob_json_get_str(ctx, "order");

	if (f->v.runs > 1)
		cover_wrapf(o, 2, 4,
			    "%d runs, each a fresh process: the run is the unit of every "
			    "ratio and interval below%s",
			    f->v.runs,
			    order && !strcmp(order, "interleaved")
				? "; within a run, the strategies of a kernel were "
				  "interleaved in an order drawn every round"
				: "");
	else
		cover_wrap(o, 2, 4,
			   "ONE process: the intervals below cover its repetitions, not the "
			   "variation from one process to the next; measure with `tsobench "
			   "run --runs N` before citing a saving.");
}

static void machine(FILE *o, const struct cover *c, size_t m, const struct cover_file *f)
{
	static struct row rows[MAX_ROWS];
	struct cover_notes fn = {0};
	bool low = false;
	size_t n = rows_of(&f->v, rows);

	cover_machine_line(o, c, m);
	replication(o, f);
	fputc('\n', o);
	table(o, &f->v, rows, n, 0, 3, &fn, &low);
	fputc('\n', o);
	table(o, &f->v, rows, n, 3, NCMP, &fn, &low);
	fputc('\n', o);
	if (low)
		cover_wrap(o, 2, 4,
			   "* fewer samples than a 95% interval needs: the interval "
			   "is the full range of the ratios, at a lower level.");
	cover_notes_print(o, &fn, 2);
	fputc('\n', o);
	for (size_t k = 0; k < NCMP; k++)
		summary(o, rows, n, k);
	fputc('\n', o);
	cover_per_op_table(o, &f->v, "instructions", 2);
	cover_per_op_table(o, &f->v, "cycles", 2);
	violations(o, &f->v);
	fputc('\n', o);
}

void cover_savings(FILE *o, const struct cover *c)
{
	size_t shown = 0;

	cover_heading(o, "2. What hardware TSO saves");
	for (size_t m = 0; m < c->nm; m++) {
		const struct cover_file *f = cover_find(c, m, TSOB_COVER_SERIES, "run");

		if (!f || c->m[m].emulated)
			continue;
		if (!shown++) {
			cover_wrap(o, 0, 0,
				   "From `tsobench run` on the series. For ldar, ldapr, ldapur "
				   "and dmb: saving = 1 - time(hwtso) / time(strategy), positive "
				   "where hardware TSO is faster; for plain: cost = time(hwtso) / "
				   "time(plain) - 1, what TSO costs code that does not need it. "
				   "The ratio is tsobench's one slowdown definition: across "
				   "runs where the file holds several (the Hodges-Lehmann "
				   "estimate of the runs' ratios with its signed-rank 95% "
				   "interval), else within the one run (Moses interval, paired "
				   "by round where the cells were interleaved).");
			fputc('\n', o);
		}
		machine(o, c, m, f);
	}
	if (!shown)
		cover_wrapf(o, 0, 0,
			    "Not measured: no `tsobench run` file from a native "
			    "machine labelled series.%s",
			    c->any_emulated ? " An emulated file gives no saving (section 6)."
					    : "");
}
