// SPDX-License-Identifier: MIT
#include "dataset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v = get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static bool is_num(json_object *v)
{
	return v &&
	       (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int));
}

static double get_num(json_object *o, const char *key)
{
	json_object *v = get(o, key);

	return is_num(v) ? json_object_get_double(v) : NAN;
}

static bool get_bool(json_object *o, const char *key, bool dflt)
{
	json_object *v = get(o, key);

	return v && json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v) : dflt;
}

/* Samples of a {values: [...]} object; -1 with a reason if one is not a number. */
static int read_series(json_object *o, struct tsob_series *s, char *why, size_t len,
		       const char *where)
{
	json_object *vals = get(o, "values");
	size_t n;

	memset(s, 0, sizeof(*s));
	if (!vals) {
		tsob_stats_compute(NULL, 0, &s->st);
		return 0;
	}
	if (!json_object_is_type(vals, json_type_array)) {
		snprintf(why, len, "%s.values is not an array", where);
		return -1;
	}
	n = json_object_array_length(vals);
	s->v = calloc(n ? n : 1, sizeof(*s->v));
	if (!s->v) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *x = json_object_array_get_idx(vals, i);

		if (!is_num(x) || !isfinite(json_object_get_double(x))) {
			snprintf(why, len, "%s.values[%zu] is not a number", where, i);
			return -1;
		}
		s->v[i] = json_object_get_double(x);
	}
	s->n = n;
	/* Statistics are recomputed from the raw samples, never taken on trust. */
	tsob_stats_compute(s->v, n, &s->st);
	return 0;
}

static int read_cell(json_object *c, size_t i, struct tsob_ds_cell *cell, char *why, size_t len)
{
	json_object *w = get(c, "wall_ns"), *ctr = get(c, "counters");
	char where[96];

	cell->kernel = get_str(c, "kernel");
	cell->strategy = get_str(c, "strategy");
	cell->status = get_str(c, "status");
	cell->reason = get_str(c, "reason");
	cell->unit = get_str(c, "unit");
	cell->threads = json_object_get_int(get(c, "threads"));
	cell->ops = get_num(c, "ops");
	if (!(cell->ops > 0))
		cell->ops = 0;
	cell->size = get_num(c, "size");
	if (!(cell->size > 0))
		cell->size = 0;
	snprintf(where, sizeof(where), "cells[%zu].wall_ns", i);
	if (w && read_series(w, &cell->wall, why, len, where))
		return -1;
	if (!w)
		tsob_stats_compute(NULL, 0, &cell->wall.st);
	if (!ctr)
		return 0;
	if (!json_object_is_type(ctr, json_type_object)) {
		snprintf(why, len, "cells[%zu].counters is not an object", i);
		return -1;
	}
	cell->ctr = calloc((size_t)json_object_object_length(ctr) + 1, sizeof(*cell->ctr));
	if (!cell->ctr) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	json_object_object_foreach(ctr, name, val)
	{
		struct tsob_ds_counter *k = &cell->ctr[cell->nctr++];

		k->name = name;
		snprintf(where, sizeof(where), "cells[%zu].counters.%.40s", i, name);
		if (!json_object_is_type(val, json_type_object)) {
			snprintf(why, len, "%s is not an object", where);
			return -1;
		}
		k->available = get_bool(val, "available", false);
		k->reason = get_str(val, "reason");
		if (read_series(k->available ? val : NULL, &k->s, why, len, where))
			return -1;
	}
	return 0;
}

/* Pull a {median, ci95} out of whatever a ctxsw row offers. */
static bool ctxsw_measure(json_object *row, struct tsob_ds_ctxsw *r)
{
	static const char *const keys[] = {"ns_per_switch", "ns_per_call", "ns_per_op",
					   "per_switch_ns", "latency_ns",  "ns"};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_object *v = get(row, keys[i]), *st, *ci;
		struct tsob_stats s;
		struct tsob_series ser;
		char why[64];

		if (!v)
			continue;
		r->unit = strstr(keys[i], "call") ? "ns per call" : "ns per switch";
		if (is_num(v)) {
			r->median = r->lo = r->hi = json_object_get_double(v);
			r->n = 1;
			return true;
		}
		if (get(v, "values") && !read_series(v, &ser, why, sizeof(why), "")) {
			s = ser.st;
			free(ser.v);
			if (s.n) {
				r->median = s.median;
				r->lo = s.ci_lo;
				r->hi = s.ci_hi;
				r->n = s.n;
				return true;
			}
		}
		st = get(v, "stats") ? get(v, "stats") : v;
		r->median = get_num(st, "median");
		ci = get(st, "ci95");
		if (ci && json_object_is_type(ci, json_type_array) &&
		    json_object_array_length(ci) == 2) {
			r->lo = json_object_get_double(json_object_array_get_idx(ci, 0));
			r->hi = json_object_get_double(json_object_array_get_idx(ci, 1));
		} else {
			r->lo = r->hi = r->median;
		}
		r->n = (size_t)fmax(0, get_num(st, "n"));
		if (isfinite(r->median))
			return true;
	}
	return false;
}

static void ctxsw_label(json_object *row, size_t idx, char *buf, size_t len)
{
	static const char *const keys[] = {"state",  "name", "variant", "mechanism",
					   "method", "call", "mode",	"kind"};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && used < len; i++) {
		const char *s = get_str(row, keys[i]);

		if (s && *s)
			used +=
			    (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", s);
	}
	if (!buf[0])
		snprintf(buf, len, "#%zu", idx);
}

static bool ctxsw_grow(struct tsob_ds *ds)
{
	struct tsob_ds_ctxsw *grown;

	if (ds->nctxsw < ds->ctxsw_cap)
		return true;
	grown = realloc(ds->ctxsw, (ds->ctxsw_cap * 2 + 8) * sizeof(*ds->ctxsw));
	if (!grown)
		return false;
	ds->ctxsw = grown;
	ds->ctxsw_cap = ds->ctxsw_cap * 2 + 8;
	return true;
}

/* One row; @name is the state when the section is keyed by state. */
static void ctxsw_row(struct tsob_ds *ds, json_object *row, const char *name, const char *group,
		      size_t idx)
{
	struct tsob_ds_ctxsw *r;
	const char *status = get_str(row, "status");

	if (!ctxsw_grow(ds))
		return;
	r = &ds->ctxsw[ds->nctxsw++];
	memset(r, 0, sizeof(*r));
	r->group = group;
	if (name)
		snprintf(r->label, sizeof(r->label), "%s %s", name, group);
	else
		ctxsw_label(row, idx, r->label, sizeof(r->label));
	r->reason = get_str(row, "reason");
	r->available =
	    get_bool(row, "available", true) && (!status || strcmp(status, "unavailable"));
	r->median = r->lo = r->hi = NAN;
	if (r->available && !ctxsw_measure(row, r)) {
		r->available = false;
		if (!r->reason)
			r->reason = "no ns-per-switch figure in this row";
	}
}

static bool ctxsw_is_row(json_object *o)
{
	const char *status = get_str(o, "status");

	return json_object_is_type(o, json_type_object) &&
	       (get(o, "ns_per_switch") || get(o, "ns_per_call") ||
		(get(o, "available") && !get_bool(o, "available", true)) ||
		(status && !strcmp(status, "unavailable")));
}

/*
 * Tolerant: the section (or any member of it) may be an array of rows, or an
 * object keyed by state ("futex": {"default": {...}, "tso": {...}}); a row is
 * an object with ns_per_switch or ns_per_call, or one marked unavailable.
 */
static void read_ctxsw(struct tsob_ds *ds, json_object *sec)
{
	if (json_object_is_type(sec, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(sec); i++)
			if (ctxsw_is_row(json_object_array_get_idx(sec, i)))
				ctxsw_row(ds, json_object_array_get_idx(sec, i), NULL, "ctxsw", i);
	} else if (json_object_is_type(sec, json_type_object)) {
		json_object_object_foreach(sec, group, val)
		{
			if (json_object_is_type(val, json_type_array)) {
				for (size_t i = 0; i < json_object_array_length(val); i++)
					if (ctxsw_is_row(json_object_array_get_idx(val, i)))
						ctxsw_row(ds, json_object_array_get_idx(val, i),
							  NULL, group, i);
			} else if (json_object_is_type(val, json_type_object)) {
				json_object_object_foreach(val, state, row)
				{
					if (ctxsw_is_row(row))
						ctxsw_row(ds, row, state, group, 0);
				}
			}
		}
	}
	if (!ds->nctxsw)
		ds->ctxsw_note = "it holds no rows this tsobench can read (objects with "
				 "ns_per_switch or ns_per_call)";
}

int tsob_ds_load(const char *path, struct tsob_ds *ds, char *why, size_t len)
{
	json_object *ctx, *cells, *strat, *sec;
	char inner[256];

	memset(ds, 0, sizeof(*ds));
	ds->path = path;
	if (tsob_results_load(path, &ds->doc, why, len))
		return -1;
	ctx = get(ds->doc, "context");
	ds->host = get_str(ctx, "host");
	ds->arch = get_str(ctx, "arch");
	ds->cpu_model = get_str(ctx, "cpu_model");
	ds->kernel = get_str(ctx, "kernel");
	ds->execution = get_str(ctx, "execution");
	ds->timing_note = get_str(ctx, "timing_note");
	ds->date = get_str(ctx, "date");
	ds->git_commit = get_str(ctx, "git_commit");
	ds->command_line = get_str(ctx, "command_line");
	ds->emulated = get_bool(ctx, "emulated", false);
	ds->complete = get_bool(ds->doc, "complete", false);
	ds->incomplete_reason = get_str(ds->doc, "incomplete_reason");

	cells = get(ds->doc, "cells");
	ds->ncells = json_object_array_length(cells);
	ds->cells = calloc(ds->ncells + 1, sizeof(*ds->cells));
	if (!ds->cells) {
		snprintf(why, len, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < ds->ncells; i++)
		if (read_cell(json_object_array_get_idx(cells, i), i, &ds->cells[i], inner,
			      sizeof(inner))) {
			snprintf(why, len, "%s: %s", path, inner);
			goto fail;
		}

	strat = get(ctx, "strategies");
	if (strat && json_object_is_type(strat, json_type_array)) {
		size_t n = json_object_array_length(strat);

		ds->strat = calloc(n + 1, sizeof(*ds->strat));
		for (size_t i = 0; ds->strat && i < n; i++) {
			json_object *s = json_object_array_get_idx(strat, i);

			if (!get_str(s, "name"))
				continue;
			ds->strat[ds->nstrat].name = get_str(s, "name");
			ds->strat[ds->nstrat].available = get_bool(s, "available", false);
			ds->strat[ds->nstrat].reason = get_str(s, "reason");
			ds->nstrat++;
		}
	}
	sec = get(ds->doc, "ctxsw");
	if (sec)
		read_ctxsw(ds, sec);
	ds->litmus = get(ds->doc, "litmus");
	return 0;
fail:
	tsob_ds_free(ds);
	return -1;
}

void tsob_ds_free(struct tsob_ds *ds)
{
	for (size_t i = 0; ds->cells && i < ds->ncells; i++) {
		free(ds->cells[i].wall.v);
		for (size_t k = 0; k < ds->cells[i].nctr; k++)
			free(ds->cells[i].ctr[k].s.v);
		free(ds->cells[i].ctr);
	}
	free(ds->cells);
	free(ds->strat);
	free(ds->ctxsw);
	json_object_put(ds->doc);
	memset(ds, 0, sizeof(*ds));
}

const struct tsob_ds_counter *tsob_ds_counter(const struct tsob_ds_cell *c, const char *name)
{
	for (size_t k = 0; k < c->nctr; k++)
		if (!strcmp(c->ctr[k].name, name))
			return &c->ctr[k];
	return NULL;
}

void tsob_ds_cell_label(const struct tsob_ds_cell *c, char *buf, size_t len)
{
	if (c->threads > 1)
		snprintf(buf, len, "%s/%dt", c->kernel, c->threads);
	else
		snprintf(buf, len, "%s", c->kernel);
}

const struct tsob_ds_cell *tsob_ds_find(const struct tsob_ds *ds, const char *kernel,
					const char *strategy, int threads)
{
	for (size_t i = 0; i < ds->ncells; i++) {
		const struct tsob_ds_cell *c = &ds->cells[i];

		if (!strcmp(c->kernel, kernel) && !strcmp(c->strategy, strategy) &&
		    c->threads == threads)
			return c;
	}
	return NULL;
}

const char *tsob_ds_banner(const struct tsob_ds *ds)
{
	const char *note = ds->timing_note;
	bool arm64 = ds->arch && (!strcmp(ds->arch, "aarch64") || !strcmp(ds->arch, "arm64"));

	if (ds->emulated)
		return note && strstr(note, "emulated")
			   ? note
			   : "emulated: timings say nothing about what ordering costs";
	if (!arm64)
		return note ? note : "not an arm64 host: timings here are not ordering costs";
	if (note && strncmp(note, "native arm64", 12))
		return note;
	return NULL;
}
