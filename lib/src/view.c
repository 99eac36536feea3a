// SPDX-License-Identifier: MIT
/*
 * The typed view of a checked results document. Strings point into the JSON
 * document, which the view owns; statistics are recomputed from the raw
 * samples, never taken on trust.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results_internal.h"
#include "tsob/json.h"
#include "tsob/paired.h"

static int *indices(json_object *a, size_t n, struct tsob_err *e)
{
	int *x = malloc((n ? n : 1) * sizeof(*x));

	if (!x) {
		tsob_err_set(e, -ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		x[i] = a ? json_object_get_int(json_object_array_get_idx(a, i)) : -1;
	return x;
}

/* The median of each run's samples, and their statistics: the run as the unit. */
static int per_run(struct tsob_series *s, struct tsob_err *e)
{
	size_t k;

	s->run_id = malloc((s->n ? s->n : 1) * sizeof(*s->run_id));
	s->run_med = malloc((s->n ? s->n : 1) * sizeof(*s->run_med));
	if (!s->run_id || !s->run_med)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	k = tsob_group_medians(s->v, s->run, s->n, s->run_id, s->run_med);
	if (k == (size_t)-1)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	s->nruns = k;
	tsob_stats_compute(s->run_med, k, &s->run_st);
	return 0;
}

/* Samples of a {values, run?, round?} object (types and ranges already checked). */
static int read_series(json_object *o, struct tsob_series *s, const char *where,
		       struct tsob_err *e)
{
	json_object *vals = tsob_json_get(o, "values");
	size_t n = vals ? json_object_array_length(vals) : 0;

	memset(s, 0, sizeof(*s));
	s->v = malloc((n ? n : 1) * sizeof(*s->v));
	s->run = indices(tsob_json_get(o, "run"), n, e);
	s->round = indices(tsob_json_get(o, "round"), n, e);
	if (!s->v || !s->run || !s->round)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_object *x = json_object_array_get_idx(vals, i);

		if (!tsob_json_is_num(x))
			return tsob_err_set(e, -EINVAL, "%s.values[%zu] is not a number", where, i);
		s->v[i] = json_object_get_double(x);
	}
	s->n = n;
	tsob_stats_compute(s->v, n, &s->st);
	return per_run(s, e);
}

static void free_series(struct tsob_series *s)
{
	free(s->v);
	free(s->run);
	free(s->round);
	free(s->run_id);
	free(s->run_med);
}

const struct tsob_stats *tsob_series_stats(const struct tsob_series *s)
{
	return s->nruns > 1 ? &s->run_st : &s->st;
}

size_t tsob_series_pair_runs(const struct tsob_series *x, const struct tsob_series *y, double *a,
			     double *b)
{
	size_t n = 0, j = 0;

	/* Both lists of runs are ascending: one merge-like pass. */
	for (size_t i = 0; i < x->nruns; i++) {
		while (j < y->nruns && y->run_id[j] < x->run_id[i])
			j++;
		if (j < y->nruns && y->run_id[j] == x->run_id[i]) {
			a[n] = x->run_med[i];
			b[n++] = y->run_med[j];
		}
	}
	return n;
}

static int read_counters(json_object *ctr, struct tsob_view_cell *cell, const char *where,
			 struct tsob_err *e)
{
	char sub[160];

	cell->ctr = calloc((size_t)json_object_object_length(ctr) + 1, sizeof(*cell->ctr));
	if (!cell->ctr)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	json_object_object_foreach(ctr, name, val)
	{
		struct tsob_view_counter *k = &cell->ctr[cell->nctr++];

		k->name = name;
		k->available = tsob_json_get_bool(val, "available", false);
		k->reason = tsob_json_get_str(val, "reason");
		k->read_path = tsob_json_get_str(val, "read_path");
		k->modifier = tsob_json_get_str(val, "modifier");
		k->scaled = tsob_json_get_bool(val, "scaled", false);
		snprintf(sub, sizeof(sub), "%s.counters.%.40s", where, name);
		if (read_series(k->available ? val : NULL, &k->s, sub, e))
			return e->code;
	}
	return 0;
}

/* What --precision asked and reached, and the extra work of a calibration. */
static int read_extras(json_object *c, size_t i, struct tsob_view_cell *cell, struct tsob_err *e)
{
	json_object *p = tsob_json_get(c, "precision"), *inj = tsob_json_get(c, "injected");
	char where[96];

	if (p) {
		cell->precision.asked = true;
		cell->precision.reached = tsob_json_get_bool(p, "reached", false);
		cell->precision.target = tsob_json_get_num(p, "target_pct") / 100;
		cell->precision.half_width = tsob_json_get_num(p, "half_width_pct") / 100;
		cell->precision.reason = tsob_json_get_str(p, "reason");
	}
	cell->injected_pct = inj ? tsob_json_get_num(inj, "asked_pct") : 0;
	if (!(cell->injected_pct > 0))
		cell->injected_pct = 0;
	snprintf(where, sizeof(where), "cells[%zu].injected.share", i);
	return read_series(tsob_json_get(inj, "share"), &cell->injected_share, where, e);
}

static int read_cell(json_object *c, size_t i, struct tsob_view_cell *cell, struct tsob_err *e)
{
	json_object *ctr = tsob_json_get(c, "counters");
	char where[96];

	cell->json = c;
	cell->kernel = tsob_json_get_str(c, "kernel");
	cell->strategy = tsob_json_get_str(c, "strategy");
	cell->status = tsob_json_get_str(c, "status");
	cell->reason = tsob_json_get_str(c, "reason");
	cell->unit = tsob_json_get_str(c, "unit");
	cell->size_unit = tsob_json_get_str(c, "size_unit");
	cell->side = tsob_json_get_str(c, "side");
	cell->threads = json_object_get_int(tsob_json_get(c, "threads"));
	cell->ops = tsob_json_get_num(c, "ops");
	cell->size = tsob_json_get_num(c, "size");
	cell->violations = tsob_json_get_num(c, "ordering_violations");
	if (!(cell->ops > 0))
		cell->ops = 0;
	if (!(cell->size > 0))
		cell->size = 0;
	if (!(cell->violations > 0))
		cell->violations = 0;
	snprintf(where, sizeof(where), "cells[%zu].wall_ns", i);
	if (read_series(tsob_json_get(c, "wall_ns"), &cell->wall, where, e) ||
	    read_extras(c, i, cell, e))
		return e->code;
	snprintf(where, sizeof(where), "cells[%zu]", i);
	if (tsob_view_read_emu(c, cell, e) || tsob_view_read_seq(c, cell, e))
		return e->code;
	return ctr ? read_counters(ctr, cell, where, e) : 0;
}

static void read_context(struct tsob_view *v)
{
	json_object *ctx = tsob_json_get(v->doc, "context"), *side;
	double runs = tsob_json_get_num(ctx, "runs"), ncpus = tsob_json_get_num(ctx, "ncpus");

	v->schema_version = json_object_get_int(tsob_json_get(v->doc, "schema_version"));
	v->command = tsob_json_get_str(ctx, "command");
	v->host = tsob_json_get_str(ctx, "host");
	v->arch = tsob_json_get_str(ctx, "arch");
	v->cpu_model = tsob_json_get_str(ctx, "cpu_model");
	v->midr = tsob_json_get_str(ctx, "midr");
	v->kernel = tsob_json_get_str(ctx, "kernel");
	v->execution = tsob_json_get_str(ctx, "execution");
	v->execution_detail = tsob_json_get_str(ctx, "execution_detail");
	v->timing_note = tsob_json_get_str(ctx, "timing_note");
	v->date = tsob_json_get_str(ctx, "date");
	v->git_commit = tsob_json_get_str(ctx, "git_commit");
	v->command_line = tsob_json_get_str(ctx, "command_line");
	v->tsobench_version = tsob_json_get_str(ctx, "tsobench_version");
	v->compiler = tsob_json_get_str(ctx, "compiler");
	v->cflags = tsob_json_get_str(ctx, "cflags");
	v->git_branch = tsob_json_get_str(ctx, "git_branch");
	v->emulated = tsob_json_get_bool(ctx, "emulated", false);
	v->complete = tsob_json_get_bool(v->doc, "complete", false);
	v->incomplete_reason = tsob_json_get_str(v->doc, "incomplete_reason");
	v->runs = runs >= 1 ? (int)runs : 1;
	v->order = tsob_json_get_str(ctx, "order");
	v->ab_base = tsob_json_get_str(tsob_json_get(ctx, "ab"), "base");
	v->ab_new = tsob_json_get_str(tsob_json_get(ctx, "ab"), "new");
	v->ab_duet = tsob_json_get_bool(tsob_json_get(ctx, "ab"), "duet", false);
	side = tsob_json_get(tsob_json_get(ctx, "sides"), "new");
	v->new_commit = tsob_json_get_str(side, "git_commit");
	v->new_compiler = tsob_json_get_str(side, "compiler");
	v->new_cflags = tsob_json_get_str(side, "cflags");
	v->ncpus = ncpus >= 1 ? (int)ncpus : 0;
}

static void read_strategies(struct tsob_view *v)
{
	json_object *strat = tsob_json_get(tsob_json_get(v->doc, "context"), "strategies");
	size_t n;

	if (!strat || !json_object_is_type(strat, json_type_array))
		return;
	n = json_object_array_length(strat);
	v->strat = calloc(n + 1, sizeof(*v->strat));
	for (size_t i = 0; v->strat && i < n; i++) {
		json_object *s = json_object_array_get_idx(strat, i);

		if (!tsob_json_get_str(s, "name"))
			continue;
		v->strat[v->nstrat].name = tsob_json_get_str(s, "name");
		v->strat[v->nstrat].available = tsob_json_get_bool(s, "available", false);
		v->strat[v->nstrat].reason = tsob_json_get_str(s, "reason");
		v->nstrat++;
	}
}

int tsob_view_from_json(json_object *doc, const char *name, struct tsob_view *v,
			struct tsob_err *e)
{
	json_object *cells, *sec;

	memset(v, 0, sizeof(*v));
	v->doc = doc;
	v->name = name;
	if (tsob_results_check(doc, e))
		goto fail;
	read_context(v);
	cells = tsob_json_get(doc, "cells");
	v->ncells = json_object_array_length(cells);
	v->cells = calloc(v->ncells + 1, sizeof(*v->cells));
	if (!v->cells) {
		tsob_err_set(e, -ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < v->ncells; i++) {
		if (read_cell(json_object_array_get_idx(cells, i), i, &v->cells[i], e))
			goto fail;
		v->sides |= v->cells[i].side != NULL;
	}
	read_strategies(v);
	if ((sec = tsob_json_get(doc, "ctxsw")))
		tsob_view_read_ctxsw(v, sec);
	v->litmus = tsob_json_get(doc, "litmus");
	if ((sec = tsob_json_get(doc, "seq")))
		tsob_view_read_seq_section(v, sec);
	return 0;
fail:
	tsob_err_prefix(e, "%s", name ? name : "results");
	tsob_view_free(v);
	return e->code;
}

int tsob_view_load(const char *path, struct tsob_view *v, struct tsob_err *e)
{
	json_object *doc;
	int r = tsob_results_parse_file(path, &doc, e);

	if (r) {
		memset(v, 0, sizeof(*v));
		return r;
	}
	return tsob_view_from_json(doc, path, v, e);
}

void tsob_view_free(struct tsob_view *v)
{
	for (size_t i = 0; v->cells && i < v->ncells; i++) {
		free_series(&v->cells[i].wall);
		free_series(&v->cells[i].injected_share);
		for (size_t k = 0; k < v->cells[i].nctr; k++)
			free_series(&v->cells[i].ctr[k].s);
		free(v->cells[i].ctr);
		free(v->cells[i].emu);
		free(v->cells[i].seq);
	}
	free(v->cells);
	free(v->strat);
	free(v->ctxsw);
	json_object_put(v->doc);
	memset(v, 0, sizeof(*v));
}

const struct tsob_view_counter *tsob_view_counter(const struct tsob_view_cell *c,
						  const char *name)
{
	for (size_t k = 0; k < c->nctr; k++)
		if (!strcmp(c->ctr[k].name, name))
			return &c->ctr[k];
	return NULL;
}

const struct tsob_view_cell *tsob_view_find(const struct tsob_view *v, const char *kernel,
					    const char *strategy, int threads, const char *side)
{
	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];

		if (!strcmp(c->kernel, kernel) && !strcmp(c->strategy, strategy) &&
		    c->threads == threads && (!side || (c->side && !strcmp(c->side, side))))
			return c;
	}
	return NULL;
}

void tsob_view_cell_label(const struct tsob_view_cell *c, char *buf, size_t len)
{
	if (c->threads > 1)
		snprintf(buf, len, "%s/%dt", c->kernel, c->threads);
	else
		snprintf(buf, len, "%s", c->kernel);
}

bool tsob_view_cell_ok(const struct tsob_view_cell *c)
{
	return c->wall.n > 0 && !strcmp(c->status, "ok");
}

const char *tsob_view_banner(const struct tsob_view *v)
{
	const char *note = v->timing_note;
	bool arm64 = v->arch && (!strcmp(v->arch, "aarch64") || !strcmp(v->arch, "arm64"));

	if (v->emulated)
		return note && strstr(note, "emulated")
			       ? note
			       : "emulated: timings say nothing about what ordering costs";
	if (!arm64)
		return note ? note : "not an arm64 host: timings here are not ordering costs";
	if (note && strncmp(note, "native arm64", 12) && strncmp(note, "virtualized arm64", 17))
		return note;
	return NULL;
}
