// SPDX-License-Identifier: MIT
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/strategy.h"

struct tsob_table {
	const struct tsob_host *host;
	bool unavailable[TSOB_NR_STRATEGIES];
	char why[TSOB_NR_STRATEGIES][160];
	json_object *doc;
};

struct tsob_table *tsob_table_new(const struct tsob_host *h)
{
	struct tsob_table *t = calloc(1, sizeof(*t));

	if (t)
		t->host = h;
	return t;
}

void tsob_table_unavailable(struct tsob_table *t, int s, const char *why)
{
	if (!t || s < 0 || s >= TSOB_NR_STRATEGIES)
		return;
	t->unavailable[s] = true;
	snprintf(t->why[s], sizeof(t->why[s]), "%s", why);
}

void tsob_table_add_cells(struct tsob_table *t, json_object *doc)
{
	if (t)
		t->doc = json_object_get(doc);
}

void tsob_fmt_ns(char *buf, size_t len, double ns)
{
	if (!isfinite(ns))
		snprintf(buf, len, "-");
	else if (ns >= 1e9)
		snprintf(buf, len, "%.3f s", ns / 1e9);
	else if (ns >= 1e6)
		snprintf(buf, len, "%.3f ms", ns / 1e6);
	else if (ns >= 1e3)
		snprintf(buf, len, "%.3f us", ns / 1e3);
	else
		snprintf(buf, len, "%.2f ns", ns);
}

static double dget(json_object *o, const char *path)
{
	char key[64];
	const char *dot;
	json_object *v = o;

	while (v && *path) {
		dot = strchr(path, '.');
		snprintf(key, sizeof(key), "%.*s", dot ? (int)(dot - path) : (int)strlen(path), path);
		if (!json_object_object_get_ex(v, key, &v))
			return NAN;
		path = dot ? dot + 1 : "";
	}
	return v && !json_object_is_type(v, json_type_null) ? json_object_get_double(v) : NAN;
}

static const char *sget(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v) : "";
}

/* The median wall time of the plain cell with the same kernel and threads. */
static double plain_median(json_object *cells, json_object *c)
{
	for (size_t i = 0; i < json_object_array_length(cells); i++) {
		json_object *p = json_object_array_get_idx(cells, i);

		if (!strcmp(sget(p, "strategy"), "plain") &&
		    !strcmp(sget(p, "kernel"), sget(c, "kernel")) &&
		    dget(p, "threads") == dget(c, "threads") && !strcmp(sget(p, "status"), "ok"))
			return dget(p, "wall_ns.stats.median");
	}
	return NAN;
}

static double counter_median(json_object *c, const char *name, bool *avail)
{
	json_object *ctr, *e, *a;

	*avail = false;
	if (!json_object_object_get_ex(c, "counters", &ctr) ||
	    !json_object_object_get_ex(ctr, name, &e) ||
	    !json_object_object_get_ex(e, "available", &a) || !json_object_get_boolean(a))
		return NAN;
	*avail = true;
	return dget(e, "stats.median");
}

void tsob_table_print(struct tsob_table *t, FILE *out)
{
	const struct tsob_host *h = t->host;
	json_object *cells, *ctx, *ev;
	bool any_unavail = false;

	fprintf(out, "\ntsobench on %s: %s, %s, kernel %s, %s (%s)\n", h->hostname, h->arch,
		h->cpu_model, h->kernel, h->execution, h->exec.detail);
	if (h->emulated)
		fprintf(out, "NOTE: emulated execution (%s, %s): the times below are not ordering "
			     "costs; checksums and instruction counts are meaningful.\n",
			h->exec.detail, h->exec.decided_by);
	else if (!strcmp(h->arch, "x86_64"))
		fprintf(out, "NOTE: x86-64 host: this is the original x86 code (already TSO); "
			     "arm64 ordering costs need an arm64 machine.\n");
	fprintf(out, "\n%-16s %-8s %3s %11s %25s %6s %11s %8s %11s %9s  %s\n", "kernel",
		"strategy", "thr", "median", "95% CI of median", "cv", "per op", "vs plain",
		"task-clock", "instr/op", "status");
	if (!t->doc || !json_object_object_get_ex(t->doc, "cells", &cells))
		return;
	for (size_t i = 0; i < json_object_array_length(cells); i++) {
		json_object *c = json_object_array_get_idx(cells, i), *ci;
		char med[32], lo[32], hi[32], cib[72], per[32], vs[16], tc[32], ipo[16];
		double m, p, tcm, ins, ops;
		bool ok_tc, ok_ins;

		if (!strcmp(sget(c, "status"), "unavailable"))
			continue;
		m = dget(c, "wall_ns.stats.median");
		tsob_fmt_ns(med, sizeof(med), m);
		lo[0] = hi[0] = '\0';
		if (json_object_object_get_ex(c, "wall_ns", &ci) &&
		    json_object_object_get_ex(ci, "stats", &ci) &&
		    json_object_object_get_ex(ci, "ci95", &ci) && json_object_is_type(ci, json_type_array) &&
		    json_object_array_length(ci) == 2) {
			tsob_fmt_ns(lo, sizeof(lo),
				    json_object_get_double(json_object_array_get_idx(ci, 0)));
			tsob_fmt_ns(hi, sizeof(hi),
				    json_object_get_double(json_object_array_get_idx(ci, 1)));
		}
		snprintf(cib, sizeof(cib), "[%s, %s]", lo, hi);
		tsob_fmt_ns(per, sizeof(per), dget(c, "wall_ns_per_op"));
		p = plain_median(cells, c);
		if (h->emulated)
			snprintf(vs, sizeof(vs), "(emul.)"); /* no cost to show */
		else if (isfinite(p) && isfinite(m) && p > 0)
			snprintf(vs, sizeof(vs), "%.3fx", m / p);
		else
			snprintf(vs, sizeof(vs), "-");
		tcm = counter_median(c, "task-clock", &ok_tc);
		tsob_fmt_ns(tc, sizeof(tc), ok_tc ? tcm : NAN);
		ins = counter_median(c, "instructions", &ok_ins);
		ops = dget(c, "ops");
		if (ok_ins && ops > 0)
			snprintf(ipo, sizeof(ipo), "%.2f", ins / ops);
		else
			snprintf(ipo, sizeof(ipo), "-");
		fprintf(out, "%-16s %-8s %3d %11s %25s %5.1f%% %11s %8s %11s %9s  %s%s%s\n",
			sget(c, "kernel"), sget(c, "strategy"), (int)dget(c, "threads"), med, cib,
			dget(c, "wall_ns.stats.cv") * 100.0, per, vs, tc, ipo, sget(c, "status"),
			dget(c, "ordering_violations") > 0 ? " (ordering violations observed)" : "",
			"");
	}
	for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
		if (!t->unavailable[s])
			continue;
		if (!any_unavail)
			fprintf(out, "\nnot run here:\n");
		any_unavail = true;
		fprintf(out, "  %-8s %s\n", tsob_strategies[s].name, t->why[s]);
	}
	/* Counters that could not be counted, with the reason (never a silent zero). */
	if (json_object_object_get_ex(t->doc, "context", &ctx) &&
	    json_object_object_get_ex(ctx, "events", &ev)) {
		bool header = false;

		for (size_t e = 0; e < json_object_array_length(ev); e++) {
			const char *name = json_object_get_string(json_object_array_get_idx(ev, e));

			for (size_t i = 0; i < json_object_array_length(cells); i++) {
				json_object *c = json_object_array_get_idx(cells, i), *ctr, *x, *a;

				if (!json_object_object_get_ex(c, "counters", &ctr) ||
				    !json_object_object_get_ex(ctr, name, &x))
					continue;
				if (json_object_object_get_ex(x, "available", &a) &&
				    !json_object_get_boolean(a)) {
					if (!header)
						fprintf(out, "\nnot counted here:\n");
					header = true;
					fprintf(out, "  %-16s %s\n", name, sget(x, "reason"));
				}
				break;
			}
		}
	}
}

void tsob_table_free(struct tsob_table *t)
{
	if (!t)
		return;
	json_object_put(t->doc);
	free(t);
}
