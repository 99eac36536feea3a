// SPDX-License-Identifier: MIT
/* Counting a calibration's experiments per cell: false alarms, power, measured extra work. */
#include "calibration.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ab_verdict_internal.h"
#include "compare_internal.h"
#include "tsob/json.h"
#include "tsob/results.h"
#include "tsob/stats.h"

#define MAX_CELLS 256
#define L TSOB_CALIBRATION_MAX_LEVELS

struct cal_cell {
	char label[160]; /* kernel/strategy, as the tables name it */
	unsigned aa_pairs, aa_flags, runs_pairs, runs_flags;
	unsigned pairs[L], detected[L];
	double *share[L]; /* per pair: NEW's measured share of extra work */
};

struct tsob_calibration {
	struct tsob_cal_params p;
	struct cal_cell cell[MAX_CELLS];
	size_t ncells;
};

struct tsob_calibration *tsob_calibration_new(const struct tsob_cal_params *p)
{
	struct tsob_calibration *cal = calloc(1, sizeof(*cal));

	if (cal)
		cal->p = *p;
	return cal;
}

static struct cal_cell *cell_of(struct tsob_calibration *cal, const struct tsob_view_cell *c)
{
	char label[160], k[96];

	tsob_view_cell_label(c, k, sizeof(k));
	snprintf(label, sizeof(label), "%s/%s", k, c->strategy);
	for (size_t i = 0; i < cal->ncells; i++)
		if (!strcmp(cal->cell[i].label, label))
			return &cal->cell[i];
	if (cal->ncells == MAX_CELLS)
		return NULL;
	snprintf(cal->cell[cal->ncells].label, sizeof(label), "%s", label);
	return &cal->cell[cal->ncells++];
}

static bool flagged(enum tsob_verdict v)
{
	return v == TSOB_REGRESSION || v == TSOB_IMPROVEMENT;
}

static int add_ab(struct tsob_calibration *cal, int level, json_object *doc, struct tsob_err *e)
{
	struct tsob_ab_opts o = { .metric = "wall_ns", .alpha = cal->p.alpha,
				  .threshold = cal->p.threshold };
	struct tsob_view v;
	struct tsob_ab *ab;
	int r;

	if ((r = tsob_view_from_json(json_object_get(doc), "a calibration pair", &v, e)))
		return r;
	if ((r = tsob_ab_verdict(&v, &o, &ab, e))) {
		tsob_view_free(&v);
		return r;
	}
	for (size_t i = 0; i < ab->nrows; i++) {
		const struct tsob_ab_row *row = &ab->rows[i];
		struct cal_cell *c;

		if (row->kind != TSOB_AB_COMPARED || row->too_few || !(c = cell_of(cal, row->base)))
			continue;
		if (level < 0) {
			c->aa_pairs++;
			c->aa_flags += flagged(row->verdict);
			continue;
		}
		if (!c->share[level] && !(c->share[level] = calloc(cal->p.pairs + 1, sizeof(double))))
			continue;
		if (c->pairs[level] < cal->p.pairs)
			c->share[level][c->pairs[level]] = row->injected_share;
		c->pairs[level]++;
		c->detected[level] += row->verdict == TSOB_REGRESSION;
	}
	tsob_ab_free(ab);
	tsob_view_free(&v);
	return 0;
}

static int add_runs(struct tsob_calibration *cal, json_object *a, json_object *b,
		    struct tsob_err *e)
{
	struct tsob_compare_opts o = { .metric = "wall_ns", .alpha = cal->p.alpha,
				       .threshold = cal->p.threshold, .unit = TSOB_UNIT_RUN };
	struct tsob_view va, vb;
	struct tsob_comparison *cmp;
	int r;

	if ((r = tsob_view_from_json(json_object_get(a), "a --runs file", &va, e)))
		return r;
	if ((r = tsob_view_from_json(json_object_get(b), "a --runs file", &vb, e))) {
		tsob_view_free(&va);
		return r;
	}
	if (!(r = tsob_compare(&va, &vb, &o, &cmp, e))) {
		for (size_t i = 0; i < cmp->nrows; i++) {
			const struct row *row = &cmp->rows[i];
			struct cal_cell *c;

			if (row->kind != ROW_COMPARED || row->c.too_few ||
			    !(c = cell_of(cal, row->base)))
				continue;
			c->runs_pairs++;
			c->runs_flags += flagged(row->c.verdict);
		}
		tsob_compare_free(cmp);
	}
	tsob_view_free(&va);
	tsob_view_free(&vb);
	return r;
}

int tsob_calibration_add(struct tsob_calibration *cal, int level, json_object *a, json_object *b,
			 struct tsob_err *e)
{
	if (level == -2)
		return add_runs(cal, a, b, e);
	if (level >= cal->p.nlevels)
		return tsob_err_set(e, -EINVAL, "no injected level %d", level);
	return add_ab(cal, level, a, e);
}

/* The smallest level found in at least the asked fraction of pairs, or -1. */
static int smallest(const struct tsob_calibration *cal, const struct cal_cell *c)
{
	for (int l = 0; l < cal->p.nlevels; l++)
		if (c->pairs[l] && (double)c->detected[l] / c->pairs[l] >= cal->p.power)
			return l;
	return -1;
}

static double share_median(const struct tsob_calibration *cal, const struct cal_cell *c, int l)
{
	size_t n = c->pairs[l] < cal->p.pairs ? c->pairs[l] : cal->p.pairs;

	return c->share[l] && n ? tsob_stats_median(c->share[l], n) : NAN;
}

/* Totals over cells: A/A flags of ab and of compare, and per level the cells with the power. */
struct totals {
	unsigned aa_pairs, aa_flags, runs_pairs, runs_flags;
	unsigned powered[L], cells[L];
};

static void totals(const struct tsob_calibration *cal, struct totals *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < cal->ncells; i++) {
		const struct cal_cell *c = &cal->cell[i];

		t->aa_pairs += c->aa_pairs;
		t->aa_flags += c->aa_flags;
		t->runs_pairs += c->runs_pairs;
		t->runs_flags += c->runs_flags;
		for (int l = 0; l < cal->p.nlevels; l++) {
			t->cells[l] += c->pairs[l] > 0;
			t->powered[l] += c->pairs[l] &&
					 (double)c->detected[l] / c->pairs[l] >= cal->p.power;
		}
	}
}

static double rate(unsigned k, unsigned n)
{
	return n ? (double)k / n : NAN;
}

void tsob_calibration_print(FILE *f, const struct tsob_calibration *cal)
{
	const struct tsob_cal_params *p = &cal->p;
	struct totals t;

	fprintf(f, "tsobench calibrate: %u pairs an experiment, %u rounds a pair (%s), alpha %g, "
		   "threshold %.3g%%, power asked %.0f%%\n",
		p->pairs, p->rounds, p->duet ? "duet" : "sides in random order", p->alpha,
		p->threshold * 100, p->power * 100);
	fprintf(f, "\n%-26s %9s %9s", "cell", "A/A ab", p->runs ? "A/A runs" : "");
	for (int l = 0; l < p->nlevels; l++)
		fprintf(f, " %7g%%: found (share)", p->levels[l]);
	fprintf(f, "  %s\n", "smallest found");
	for (size_t i = 0; i < cal->ncells; i++) {
		const struct cal_cell *c = &cal->cell[i];
		char a[32], b[32] = "";
		int s = smallest(cal, c);

		snprintf(a, sizeof(a), "%u/%u", c->aa_flags, c->aa_pairs);
		if (p->runs)
			snprintf(b, sizeof(b), "%u/%u", c->runs_flags, c->runs_pairs);
		fprintf(f, "%-26s %9s %9s", c->label, a, b);
		for (int l = 0; l < p->nlevels; l++)
			fprintf(f, "       %3u/%-3u (%5.2f%%)", c->detected[l], c->pairs[l],
				share_median(cal, c, l) * 100);
		if (s >= 0)
			fprintf(f, "  %g%%\n", p->levels[s]);
		else
			fprintf(f, "  none up to %g%%\n", p->nlevels ? p->levels[p->nlevels - 1] : 0);
	}
	totals(cal, &t);
	fprintf(f, "\nfalse alarms, ab: %u of %u cell-pairs (%.1f%%)", t.aa_flags, t.aa_pairs,
		rate(t.aa_flags, t.aa_pairs) * 100);
	if (p->runs)
		fprintf(f, "; compare of --runs %u files: %u of %u (%.1f%%)", p->runs, t.runs_flags,
			t.runs_pairs, rate(t.runs_flags, t.runs_pairs) * 100);
	fprintf(f, "\n");
	for (int l = 0; l < p->nlevels; l++)
		fprintf(f, "%g%% injected: %u of %u cells found in >= %.0f%% of pairs\n", p->levels[l],
			t.powered[l], t.cells[l], p->power * 100);
}

static json_object *cell_json(const struct tsob_calibration *cal, const struct cal_cell *c)
{
	json_object *o = json_object_new_object(), *lv = json_object_new_array();
	int s = smallest(cal, c);

	json_object_object_add(o, "cell", json_object_new_string(c->label));
	json_object_object_add(o, "aa_pairs", json_object_new_int((int)c->aa_pairs));
	json_object_object_add(o, "aa_flagged", json_object_new_int((int)c->aa_flags));
	json_object_object_add(o, "runs_aa_pairs", json_object_new_int((int)c->runs_pairs));
	json_object_object_add(o, "runs_aa_flagged", json_object_new_int((int)c->runs_flags));
	for (int l = 0; l < cal->p.nlevels; l++) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "injected_pct", tsob_json_num(cal->p.levels[l]));
		json_object_object_add(x, "measured_share", tsob_json_num(share_median(cal, c, l)));
		json_object_object_add(x, "pairs", json_object_new_int((int)c->pairs[l]));
		json_object_object_add(x, "detected", json_object_new_int((int)c->detected[l]));
		json_object_array_add(lv, x);
	}
	json_object_object_add(o, "levels", lv);
	json_object_object_add(o, "smallest_found_pct",
			       s >= 0 ? tsob_json_num(cal->p.levels[s]) : NULL);
	return o;
}

json_object *tsob_calibration_json(const struct tsob_calibration *cal)
{
	const struct tsob_cal_params *p = &cal->p;
	json_object *o = json_object_new_object(), *cells = json_object_new_array();
	json_object *lv = json_object_new_array();
	struct totals t;

	totals(cal, &t);
	json_object_object_add(o, "pairs", json_object_new_int((int)p->pairs));
	json_object_object_add(o, "rounds", json_object_new_int((int)p->rounds));
	json_object_object_add(o, "runs", json_object_new_int((int)p->runs));
	json_object_object_add(o, "duet", json_object_new_boolean(p->duet));
	json_object_object_add(o, "alpha", tsob_json_num(p->alpha));
	json_object_object_add(o, "threshold_pct", tsob_json_num(p->threshold * 100));
	json_object_object_add(o, "power", tsob_json_num(p->power));
	json_object_object_add(o, "aa_rate", tsob_json_num(rate(t.aa_flags, t.aa_pairs)));
	json_object_object_add(o, "runs_aa_rate", tsob_json_num(rate(t.runs_flags, t.runs_pairs)));
	for (int l = 0; l < p->nlevels; l++) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "injected_pct", tsob_json_num(p->levels[l]));
		json_object_object_add(x, "cells", json_object_new_int((int)t.cells[l]));
		json_object_object_add(x, "cells_with_power", json_object_new_int((int)t.powered[l]));
		json_object_array_add(lv, x);
	}
	json_object_object_add(o, "levels", lv);
	for (size_t i = 0; i < cal->ncells; i++)
		json_object_array_add(cells, cell_json(cal, &cal->cell[i]));
	json_object_object_add(o, "cells", cells);
	return o;
}

void tsob_calibration_free(struct tsob_calibration *cal)
{
	for (size_t i = 0; cal && i < cal->ncells; i++)
		for (int l = 0; l < L; l++)
			free(cal->cell[i].share[l]);
	free(cal);
}
