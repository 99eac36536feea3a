// SPDX-License-Identifier: MIT
/* summary.md: context switches, litmus outcomes, and what was not measured and why. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "tsob/fmt.h"
#include "tsob/json.h"

void rp_md_ctxsw(FILE *f, const struct report *rp)
{
	const struct tsob_view *ds = rp->ds;

	if (!ds->nctxsw && !ds->ctxsw_note)
		return;
	fprintf(f, "## Context switches\n\n");
	if (ds->ctxsw_note)
		fprintf(f, "The file has a ctxsw section, but %s.\n\n", ds->ctxsw_note);
	if (!ds->nctxsw)
		return;
	if (rp->ctxsw && rp->charts)
		fprintf(f, "![context-switch cost](ctxsw.png)\n\n");
	fprintf(f, "| state | group | median | 95%% CI | n |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < ds->nctxsw; i++) {
		const struct tsob_view_ctxsw *x = &ds->ctxsw[i];
		char label[128], why[256];

		rp_md_cell_text(label, sizeof(label), x->label);
		if (!x->available) {
			rp_md_cell_text(why, sizeof(why), x->reason ? x->reason : "not run");
			fprintf(f, "| %s | %s | unavailable: %s | | |\n", label, x->group, why);
			continue;
		}
		fprintf(f, "| %s | %s | %.1f %s | [%.1f, %.1f] | %zu |\n", label, x->group,
			x->median, x->unit, x->lo, x->hi, x->n);
	}
	fputc('\n', f);
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
		   ? json_object_get_string(v)
		   : NULL;
}

static bool jint(json_object *o, const char *key, int64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_int64(v);
	return true;
}

/* One litmus result: "0 forbidden, 12 relaxed / 100000", or why it did not run. */
static void litmus_text(json_object *t, char *buf, size_t len)
{
	const char *status = jstr(t, "status");
	int64_t forb = 0, relaxed = 0, iters = 0;
	json_object *must;
	bool tso =
	    json_object_object_get_ex(t, "must_be_tso", &must) && json_object_get_boolean(must);

	if (status && strcmp(status, "ok") && !jint(t, "iterations", &iters)) {
		snprintf(buf, len, "%s", status);
		return;
	}
	jint(t, "forbidden_observed", &forb);
	jint(t, "relaxed_observed", &relaxed);
	jint(t, "iterations", &iters);
	snprintf(buf, len, "%s%lld forbidden%s, %lld relaxed / %lld", forb && tso ? "**" : "",
		 (long long)forb, forb && tso ? "**" : "", (long long)relaxed, (long long)iters);
}

/* The litmus section, as a test x strategy table (tolerant of missing fields). */
void rp_md_litmus(FILE *f, const struct report *rp)
{
	json_object *l = rp->ds->litmus, *tests, *t;
	const char *strat[MAX_COLS], *names[128];
	size_t ns = 0, nn = 0, n;

	if (!l)
		return;
	fprintf(f, "## Litmus tests\n\n");
	if (jstr(l, "verdict"))
		fprintf(f, "Verdict: **%s**\n\n", jstr(l, "verdict"));
	if (!json_object_object_get_ex(l, "tests", &tests) ||
	    !json_object_is_type(tests, json_type_array)) {
		fprintf(f, "The litmus section has no tests array this tsobench can read.\n\n");
		return;
	}
	n = json_object_array_length(tests);
	for (size_t i = 0; i < n; i++) {
		const char *tn, *sn;
		bool seen = false;

		t = json_object_array_get_idx(tests, i);
		tn = jstr(t, "test");
		sn = jstr(t, "strategy");
		if (!tn || !sn)
			continue;
		for (size_t k = 0; k < ns; k++)
			seen |= !strcmp(strat[k], sn);
		if (!seen && ns < MAX_COLS)
			strat[ns++] = sn;
		seen = false;
		for (size_t k = 0; k < nn; k++)
			seen |= !strcmp(names[k], tn);
		if (!seen && nn < ARRAY_SIZE(names))
			names[nn++] = tn;
	}
	fprintf(f, "Per test and strategy: outcomes x86-TSO forbids (bold where the strategy "
		   "must give TSO), relaxed outcomes (TSO allows them, sequential consistency "
		   "does not), and iterations.\n\n| test |");
	rp_md_columns(f, strat, ns, 1);
	for (size_t r = 0; r < nn; r++) {
		fprintf(f, "| %s |", names[r]);
		for (size_t k = 0; k < ns; k++) {
			char buf[128] = "–";

			for (size_t i = 0; i < n; i++) {
				t = json_object_array_get_idx(tests, i);
				if (jstr(t, "test") && jstr(t, "strategy") &&
				    !strcmp(jstr(t, "test"), names[r]) &&
				    !strcmp(jstr(t, "strategy"), strat[k]))
					litmus_text(t, buf, sizeof(buf));
			}
			fprintf(f, " %s |", buf);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}

void rp_md_not_run(FILE *f, const struct report *rp)
{
	const struct tsob_view *ds = rp->ds;
	bool head = false;

	/* Strategies say nothing about seq rows alone: those say what did not run. */
	for (size_t i = 0; i < ds->nstrat && ds->ncells && (rp->g.nrows || !rp->seq); i++) {
		if (ds->strat[i].available)
			continue;
		if (!head)
			fprintf(f, "## Not measured here\n\n| what | why |\n|---|---|\n");
		head = true;
		fprintf(f, "| strategy %s | %s |\n", ds->strat[i].name,
			ds->strat[i].reason ? ds->strat[i].reason : "unavailable");
	}
	for (size_t i = 0; i < ds->ncells; i++) {
		const struct tsob_view_cell *c = &ds->cells[i];
		char label[128], why[256];

		if (!strcmp(c->status, "ok") || !strcmp(c->status, "unavailable"))
			continue;
		if (!head)
			fprintf(f, "## Not measured here\n\n| what | why |\n|---|---|\n");
		head = true;
		tsob_view_cell_label(c, label, sizeof(label));
		rp_md_cell_text(why, sizeof(why), c->reason);
		fprintf(f, "| cell %s / %s | **%s** %s |\n", label, c->strategy, c->status, why);
	}
	/* Each unavailable counter once, with its reason. */
	for (size_t i = 0; i < ds->ncells; i++)
		for (size_t k = 0; k < ds->cells[i].nctr; k++) {
			const struct tsob_view_counter *x = &ds->cells[i].ctr[k];
			bool seen = false;

			if (x->available)
				continue;
			for (size_t j = 0; j <= i && !seen; j++)
				for (size_t m = 0; m < ds->cells[j].nctr; m++) {
					if (j == i && m >= k)
						break;
					if (!ds->cells[j].ctr[m].available &&
					    !strcmp(ds->cells[j].ctr[m].name, x->name)) {
						seen = true;
						break;
					}
				}
			if (seen)
				continue;
			if (!head)
				fprintf(f, "## Not measured here\n\n| what | why |\n|---|---|\n");
			head = true;
			fprintf(f, "| counter %s | %s |\n", x->name, x->reason ? x->reason : "?");
		}
	if (head)
		fputc('\n', f);
}

