// SPDX-License-Identifier: MIT
/*
 * Several runs in one document: the cells of each run's document (a fresh
 * process of `run --runs`, one side of a round of `ab`) appended to one, every
 * sample labelled with its run, so that readers can take the run as the unit.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results_internal.h"
#include "tsob/json.h"
#include "tsob/paired.h"

/* Per-sample arrays of a series or counter, appended run after run. */
static const char *const per_sample[] = { "values",	  "user_reads", "time_enabled",
					  "time_running", "per_thread", NULL };

/* Worse statuses win when runs disagree about a cell. */
static const char *const severity[] = { "ok", "unavailable", "interrupted", "error",
					"checksum-failed", NULL };

static int rank_of(const char *status)
{
	for (int i = 0; severity[i]; i++)
		if (status && !strcmp(status, severity[i]))
			return i;
	return 0;
}

static json_object *copy(json_object *o)
{
	json_object *c = NULL;

	return o && !json_object_deep_copy(o, &c, NULL) ? c : NULL;
}

static bool same_str(json_object *a, json_object *b, const char *key)
{
	const char *x = tsob_json_get_str(a, key), *y = tsob_json_get_str(b, key);

	return (!x && !y) || (x && y && !strcmp(x, y));
}

static json_object *find_cell(json_object *dst, json_object *c, const char *side)
{
	json_object *cells = tsob_json_get(dst, "cells");

	for (size_t i = 0; i < json_object_array_length(cells); i++) {
		json_object *d = json_object_array_get_idx(cells, i);
		const char *ds = tsob_json_get_str(d, "side");

		if (same_str(d, c, "kernel") && same_str(d, c, "strategy") &&
		    json_object_get_int(tsob_json_get(d, "threads")) ==
			    json_object_get_int(tsob_json_get(c, "threads")) &&
		    ((!ds && !side) || (ds && side && !strcmp(ds, side))))
			return d;
	}
	return NULL;
}

/* Append @src's samples of a series-like object to @dst's, labelled with @run. */
static void append_samples(json_object *dst, json_object *src, int run)
{
	json_object *vals = tsob_json_get(src, "values"), *round = tsob_json_get(src, "round");
	json_object *druns = tsob_json_get(dst, "run"), *drounds = tsob_json_get(dst, "round");
	size_t n = vals ? json_object_array_length(vals) : 0;

	if (!druns) {
		druns = json_object_new_array();
		json_object_object_add(dst, "run", druns);
	}
	if (!drounds) {
		drounds = json_object_new_array();
		json_object_object_add(dst, "round", drounds);
	}
	for (int k = 0; per_sample[k]; k++) {
		json_object *from = tsob_json_get(src, per_sample[k]);
		json_object *to = tsob_json_get(dst, per_sample[k]);

		if (!from || from == to)
			continue;
		if (!to) {
			to = json_object_new_array();
			json_object_object_add(dst, per_sample[k], to);
		}
		for (size_t i = 0; i < json_object_array_length(from); i++)
			json_object_array_add(to, copy(json_object_array_get_idx(from, i)));
	}
	for (size_t i = 0; i < n; i++) {
		json_object *r = round ? json_object_array_get_idx(round, i) : NULL;

		json_object_array_add(druns, json_object_new_int(run));
		/* -1 marks a sample of a run that was not interleaved (dropped at the end). */
		json_object_array_add(drounds, json_object_new_int(r ? json_object_get_int(r) : -1));
	}
}

/* A series of a copied cell: start its run labels from scratch, then take @src's samples. */
static json_object *fresh_series(json_object *src, int run)
{
	json_object *s = copy(src);

	for (int k = 0; per_sample[k]; k++)
		if (tsob_json_get(s, per_sample[k]))
			json_object_object_add(s, per_sample[k], json_object_new_array());
	json_object_object_del(s, "run");
	json_object_object_del(s, "round");
	append_samples(s, src, run);
	return s;
}

static void merge_counter(json_object *dctr, const char *name, json_object *src, int run)
{
	json_object *d = tsob_json_get(dctr, name);
	char why[320];

	if (!d) {
		json_object_object_add(dctr, name, tsob_json_get_bool(src, "available", false)
							   ? fresh_series(src, run)
							   : copy(src));
		return;
	}
	if (!tsob_json_get_bool(d, "available", false))
		return; /* unavailable in an earlier run: stays so, with that reason */
	if (!tsob_json_get_bool(src, "available", false)) {
		snprintf(why, sizeof(why), "run %d: %s", run,
			 tsob_json_get_str(src, "reason") ? tsob_json_get_str(src, "reason") : "");
		json_object_object_add(dctr, name, copy(src));
		json_object_object_add(tsob_json_get(dctr, name), "reason",
				       json_object_new_string(why));
		return;
	}
	append_samples(d, src, run);
	json_object_object_add(d, "scaled",
			       json_object_new_boolean(tsob_json_get_bool(d, "scaled", false) ||
						       tsob_json_get_bool(src, "scaled", false)));
	json_object_object_add(d, "user_read",
			       json_object_new_boolean(tsob_json_get_bool(d, "user_read", false) &&
						       tsob_json_get_bool(src, "user_read", false)));
	if (!same_str(d, src, "read_path"))
		json_object_object_add(d, "read_path", json_object_new_string("mixed"));
}

/* The cell's status: the worse of the runs', with the run named in the reason. */
static void merge_status(json_object *d, json_object *c, int run, bool first)
{
	const char *st = tsob_json_get_str(c, "status");
	char why[400];

	if (first ? rank_of(st) <= 1 : rank_of(st) <= rank_of(tsob_json_get_str(d, "status")))
		return;
	snprintf(why, sizeof(why), "run %d: %.360s", run,
		 tsob_json_get_str(c, "reason") ? tsob_json_get_str(c, "reason") : st);
	json_object_object_add(d, "status", json_object_new_string(st));
	json_object_object_add(d, "reason", json_object_new_string(why));
}

static void merge_cell(json_object *dst, json_object *c, int run, const char *side)
{
	json_object *d = find_cell(dst, c, side), *ctr = tsob_json_get(c, "counters"), *dctr;
	json_object *w = tsob_json_get(c, "wall_ns");
	json_object *share = tsob_json_get(tsob_json_get(c, "injected"), "share"), *dshare;
	bool fresh = !d;

	if (fresh) {
		d = copy(c);
		if (side)
			json_object_object_add(d, "side", json_object_new_string(side));
		json_object_object_del(d, "wall_ns");
		json_object_object_del(d, "counters");
		json_object_array_add(tsob_json_get(dst, "cells"), d);
		if (share)
			json_object_object_add(tsob_json_get(d, "injected"), "share",
					       fresh_series(share, run));
	} else if (share && (dshare = tsob_json_get(tsob_json_get(d, "injected"), "share"))) {
		append_samples(dshare, share, run);
	}
	merge_status(d, c, run, fresh);
	if (w && tsob_json_get(d, "wall_ns"))
		append_samples(tsob_json_get(d, "wall_ns"), w, run);
	else if (w)
		json_object_object_add(d, "wall_ns", fresh_series(w, run));
	if (!ctr)
		return;
	if (!(dctr = tsob_json_get(d, "counters"))) {
		dctr = json_object_new_object();
		json_object_object_add(d, "counters", dctr);
	}
	json_object_object_foreach(ctr, name, val)
		merge_counter(dctr, name, val, run);
}

/* What a side's build was (from its first run), and each run's seed. */
static void merge_context(json_object *dst, json_object *src, int run, const char *side)
{
	static const char *const build[] = { "git_commit", "tsobench_version", "compiler", "cflags",
					     "command_line", "injected_slowdown_pct", NULL };
	json_object *dctx = tsob_json_get(dst, "context"), *sctx = tsob_json_get(src, "context");
	json_object *into = dctx, *seeds;

	if (side) {
		json_object *sides = tsob_json_get(dctx, "sides");

		if (!sides) {
			sides = json_object_new_object();
			json_object_object_add(dctx, "sides", sides);
		}
		if (!(into = tsob_json_get(sides, side))) {
			into = json_object_new_object();
			for (int i = 0; build[i]; i++)
				json_object_object_add(into, build[i],
						       copy(tsob_json_get(sctx, build[i])));
			json_object_object_add(sides, side, into);
		}
	}
	if (!(seeds = tsob_json_get(into, "run_seeds"))) {
		seeds = json_object_new_array();
		json_object_object_add(into, "run_seeds", seeds);
	}
	json_object_array_put_idx(seeds, (size_t)run, copy(tsob_json_get(sctx, "seed")));
}

int tsob_results_merge_run(json_object *dst, json_object *src, int run, const char *side,
			   struct tsob_err *e)
{
	json_object *cells;

	if (tsob_results_check(src, e))
		return e->code;
	cells = tsob_json_get(src, "cells");
	for (size_t i = 0; i < json_object_array_length(cells); i++)
		merge_cell(dst, json_object_array_get_idx(cells, i), run, side);
	merge_context(dst, src, run, side);
	return 0;
}

/*
 * A merged series: statistics of all its samples, rounds only where every
 * run was interleaved. Returns the median of the per-run medians.
 */
static double finish_series(json_object *s)
{
	json_object *vals = tsob_json_get(s, "values"), *runs = tsob_json_get(s, "run");
	json_object *rounds = tsob_json_get(s, "round");
	size_t n = vals ? json_object_array_length(vals) : 0, k;
	double *v = malloc((n ? n : 1) * 2 * sizeof(*v)), unit = NAN;
	int *run = malloc((n ? n : 1) * 2 * sizeof(*run));
	struct tsob_stats st;

	for (size_t i = 0; rounds && i < json_object_array_length(rounds); i++)
		if (json_object_get_int(json_object_array_get_idx(rounds, i)) < 0) {
			json_object_object_del(s, "round");
			break;
		}
	if (!v || !run) {
		free(v);
		free(run);
		return NAN;
	}
	for (size_t i = 0; i < n; i++) {
		v[i] = json_object_get_double(json_object_array_get_idx(vals, i));
		run[i] = runs ? json_object_get_int(json_object_array_get_idx(runs, i)) : 0;
	}
	tsob_stats_compute(v, n, &st);
	json_object_object_add(s, "stats", tsob_results_stats(&st));
	k = tsob_group_medians(v, run, n, run + n, v + n);
	if (k != (size_t)-1 && k)
		unit = tsob_stats_median(v + n, k);
	free(v);
	free(run);
	return unit;
}

static json_object *per_op(double median, json_object *cell)
{
	double ops = tsob_json_get_num(cell, "ops");

	return ops > 0 && isfinite(median) ? tsob_json_num(median / ops) : NULL;
}

void tsob_results_merge_finish(json_object *dst)
{
	json_object *cells = tsob_json_get(dst, "cells");

	for (size_t i = 0; i < json_object_array_length(cells); i++) {
		json_object *c = json_object_array_get_idx(cells, i);
		json_object *w = tsob_json_get(c, "wall_ns"), *ctr = tsob_json_get(c, "counters");
		json_object *share = tsob_json_get(tsob_json_get(c, "injected"), "share");

		if (w)
			json_object_object_add(c, "wall_ns_per_op", per_op(finish_series(w), c));
		if (share)
			finish_series(share);
		if (!ctr)
			continue;
		json_object_object_foreach(ctr, name, val)
		{
			(void)name;
			if (tsob_json_get_bool(val, "available", false))
				json_object_object_add(val, "per_op",
						       per_op(finish_series(val), c));
		}
	}
}
