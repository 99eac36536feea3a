// SPDX-License-Identifier: MIT
#include "results.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "memmodel.h"
#include "util.h"

#ifndef TSOB_GIT_COMMIT
#define TSOB_GIT_COMMIT "unknown"
#endif
#ifndef TSOB_COMPILER
#define TSOB_COMPILER "unknown"
#endif
#ifndef TSOB_CFLAGS
#define TSOB_CFLAGS ""
#endif
#ifndef TSOB_VERSION
#define TSOB_VERSION "0"
#endif

static json_object *num(double v)
{
	/* JSON has no NaN: a statistic that does not exist is null. */
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static void utc_now(char *buf, size_t len, bool compact)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	if (compact)
		strftime(buf, len, "%Y%m%dT%H%M%SZ", &tm);
	else
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

json_object *tsob_results_stats(const struct tsob_stats *st)
{
	json_object *o = json_object_new_object(), *ci = json_object_new_array();

	json_object_object_add(o, "n", json_object_new_int64((int64_t)st->n));
	json_object_object_add(o, "median", num(st->median));
	json_object_object_add(o, "min", num(st->min));
	json_object_object_add(o, "max", num(st->max));
	json_object_object_add(o, "mean", num(st->mean));
	json_object_object_add(o, "stddev", num(st->stddev));
	json_object_object_add(o, "q1", num(st->q1));
	json_object_object_add(o, "q3", num(st->q3));
	json_object_array_add(ci, num(st->ci_lo));
	json_object_array_add(ci, num(st->ci_hi));
	json_object_object_add(o, "ci95", ci);
	json_object_object_add(o, "ci_level", num(st->ci_level));
	json_object_object_add(o, "cv", num(st->cv));
	json_object_object_add(o, "outliers", json_object_new_int64((int64_t)st->outliers));
	return o;
}

static json_object *strategies_json(const struct tsob_host *h)
{
	json_object *arr = json_object_new_array();

	for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "name", json_object_new_string(tsob_strategies[s].name));
		json_object_object_add(o, "available",
				       json_object_new_boolean(h->strat[s].available));
		json_object_object_add(o, "reason", h->strat[s].available
							    ? NULL
							    : json_object_new_string(h->strat[s].why));
		json_object_array_add(arr, o);
	}
	return arr;
}

static const char *timing_note(const struct tsob_host *h)
{
	if (h->emulated)
		return "emulated: timings say nothing about what ordering costs; instruction "
		       "counts and checksums are meaningful";
	if (!strcmp(h->arch, "x86_64"))
		return "x86-64 host: the original x86 code, already TSO; no arm64 ordering "
		       "strategy is compared here";
	if (h->exec.kind == TSOB_EXEC_VIRTUALIZED)
		return "virtualized arm64 (the real CPU under a hypervisor): timings are ordering "
		       "costs on this CPU, with the hypervisor's noise";
	return "native arm64: timings are ordering costs on this CPU";
}

json_object *tsob_results_context(const struct tsob_run_info *info)
{
	const struct tsob_host *h = info->host;
	json_object *c = json_object_new_object(), *ev = json_object_new_array();
	json_object *mm = json_object_new_object(), *pmu = json_object_new_object();
	json_object *sig, *pev = json_object_new_object();
	char date[64], midr[32];

	utc_now(date, sizeof(date), false);
	json_object_object_add(c, "date", json_object_new_string(date));
	json_object_object_add(c, "command", json_object_new_string(info->command));
	json_object_object_add(c, "command_line",
			       json_object_new_string(info->argv_line ? info->argv_line : ""));
	json_object_object_add(c, "host", json_object_new_string(h->hostname));
	json_object_object_add(c, "arch", json_object_new_string(h->arch));
	json_object_object_add(c, "cpu_model", json_object_new_string(h->cpu_model));
	snprintf(midr, sizeof(midr), "0x%08llx", (unsigned long long)h->midr);
	json_object_object_add(c, "midr", h->has_midr ? json_object_new_string(midr) : NULL);
	json_object_object_add(c, "ncpus", json_object_new_int(h->ncpus));
	json_object_object_add(c, "kernel", json_object_new_string(h->kernel));
	json_object_object_add(c, "kernel_version", json_object_new_string(h->kernel_version));
	json_object_object_add(c, "execution", json_object_new_string(h->execution));
	json_object_object_add(c, "execution_detail", json_object_new_string(h->exec.detail));
	json_object_object_add(c, "execution_decided_by",
			       json_object_new_string(h->exec.decided_by));
	sig = json_object_new_array();
	for (int i = 0; i < h->exec.nsignals; i++)
		json_object_array_add(sig, json_object_new_string(h->exec.signals[i]));
	json_object_object_add(c, "execution_signals", sig);
	json_object_object_add(c, "emulated", json_object_new_boolean(h->emulated));
	json_object_object_add(c, "timing_note", json_object_new_string(timing_note(h)));
	json_object_object_add(c, "compiler", json_object_new_string(TSOB_COMPILER));
	json_object_object_add(c, "cflags", json_object_new_string(TSOB_CFLAGS));
	json_object_object_add(c, "tsobench_version", json_object_new_string(TSOB_VERSION));
	json_object_object_add(c, "git_commit", json_object_new_string(TSOB_GIT_COMMIT));
	json_object_object_add(c, "rmw", json_object_new_string(h->rmw));
	json_object_object_add(pmu, "present", json_object_new_boolean(h->pmu));
	json_object_object_add(pmu, "reason", h->pmu ? NULL : json_object_new_string(h->pmu_why));
	/* What the PMU can count, event by event (a PMU may count cycles and not instructions). */
	for (int i = 0; i < h->npmu_events; i++)
		json_object_object_add(pev, h->pmu_events[i].event,
				       h->pmu_events[i].counts
					       ? json_object_new_boolean(1)
					       : json_object_new_string(h->pmu_events[i].why));
	json_object_object_add(pmu, "events", pev);
	json_object_object_add(pmu, "perf_event_paranoid",
			       h->paranoid == -100 ? NULL : json_object_new_int(h->paranoid));
	json_object_object_add(pmu, "perf_user_access", h->perf_user_access < 0
								? NULL
								: json_object_new_int(h->perf_user_access));
	json_object_object_add(c, "pmu", pmu);
	json_object_object_add(mm, "supported", json_object_new_boolean(h->memmodel));
	json_object_object_add(mm, "current", h->memmodel ? json_object_new_string(
							     tsob_memmodel_name(h->memmodel_current))
							   : NULL);
	json_object_object_add(mm, "tso", json_object_new_boolean(h->hwtso));
	json_object_object_add(c, "memory_model", mm);
	for (int i = 0; i < info->nevents; i++)
		json_object_array_add(ev, json_object_new_string(info->events[i].name));
	json_object_object_add(c, "events", ev);
	json_object_object_add(c, "quick", json_object_new_boolean(info->quick));
	json_object_object_add(c, "repeat", json_object_new_int((int)info->repeat));
	json_object_object_add(c, "warmup", json_object_new_int((int)info->warmup));
	json_object_object_add(c, "cpu", info->cpu >= 0 ? json_object_new_int(info->cpu) : NULL);
	json_object_object_add(c, "strategies", strategies_json(h));
	return c;
}

json_object *tsob_results_new(const struct tsob_run_info *info)
{
	json_object *doc = json_object_new_object();

	json_object_object_add(doc, "schema", json_object_new_string(TSOB_SCHEMA_NAME));
	json_object_object_add(doc, "schema_version", json_object_new_int(TSOB_SCHEMA_VERSION));
	json_object_object_add(doc, "complete", json_object_new_boolean(0));
	json_object_object_add(doc, "incomplete_reason", json_object_new_string("running"));
	json_object_object_add(doc, "context", tsob_results_context(info));
	json_object_object_add(doc, "cells", json_object_new_array());
	return doc;
}

void tsob_results_set_complete(json_object *doc, bool complete, const char *why)
{
	json_object_object_add(doc, "complete", json_object_new_boolean(complete));
	json_object_object_add(doc, "incomplete_reason",
			       complete ? NULL : json_object_new_string(why ? why : "unknown"));
}

static json_object *series(const double *v, size_t n, struct tsob_stats *st)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_double(v[i]));
	json_object_object_add(o, "values", arr);
	tsob_stats_compute(v, n, st);
	json_object_object_add(o, "stats", tsob_results_stats(st));
	return o;
}

static json_object *counter_json(const struct tsob_cell *cell, int e)
{
	const struct tsob_cell_conf *conf = &cell->conf;
	json_object *o, *ena = json_object_new_array(), *run = json_object_new_array();
	json_object *per_thread = NULL;
	double *v = calloc(cell->n ? cell->n : 1, sizeof(*v));
	bool open = true, offered = true, scaled = false, refused = false;
	uint64_t reads = 0, user_reads = 0;
	json_object *ur = json_object_new_array();
	const char *why = NULL;
	struct tsob_stats st;

	for (unsigned t = 0; t < conf->threads; t++) {
		const struct tsob_counter_status *s = &cell->evstatus[t][e];

		if (!s->open) {
			open = false;
			if (!why || !*why)
				why = s->why;
		}
		offered &= s->user_offered;
	}
	if (!open || !cell->n || !v) {
		char reason[320];

		free(v);
		o = json_object_new_object();
		json_object_put(ena);
		json_object_put(run);
		json_object_put(ur);
		/* Every missing value has a reason: a thread that never opened its
		 * counters (it failed or never reached the barrier) has none of its own. */
		if (why && *why)
			snprintf(reason, sizeof(reason), "%s", why);
		else if (cell->status != TSOB_CELL_OK)
			snprintf(reason, sizeof(reason), "not measured: the cell ended as %s (%s)",
				 tsob_cell_status_name(cell->status), cell->reason);
		else
			snprintf(reason, sizeof(reason), "no repetition was recorded");
		json_object_object_add(o, "available", json_object_new_boolean(0));
		json_object_object_add(o, "reason", json_object_new_string(reason));
		return o;
	}
	if (conf->threads > 1)
		per_thread = json_object_new_array();
	for (unsigned r = 0; r < cell->n; r++) {
		uint64_t sum = 0, en = 0, rn = 0;
		json_object *pt = per_thread ? json_object_new_array() : NULL;

		unsigned rep_user = 0;

		for (unsigned t = 0; t < conf->threads; t++) {
			const struct tsob_count *c = tsob_cell_count((struct tsob_cell *)cell, r, t, e);

			rep_user += c->user_reads;
			sum += c->value;
			en += c->enabled;
			rn += c->running;
			scaled |= c->scaled;
			refused |= !c->ok;
			if (pt)
				json_object_array_add(pt, json_object_new_int64((int64_t)c->value));
		}
		v[r] = (double)sum;
		/* Two reads (start, end) per thread and repetition. */
		reads += 2 * conf->threads;
		user_reads += rep_user;
		json_object_array_add(ur, json_object_new_int((int)rep_user));
		json_object_array_add(ena, json_object_new_int64((int64_t)en));
		json_object_array_add(run, json_object_new_int64((int64_t)rn));
		if (pt)
			json_object_array_add(per_thread, pt);
	}
	if (refused) {
		/* Opened, but the PMU never scheduled it: no number is better than zero. */
		free(v);
		json_object_put(ena);
		json_object_put(run);
		json_object_put(per_thread);
		json_object_put(ur);
		o = json_object_new_object();
		json_object_object_add(o, "available", json_object_new_boolean(0));
		json_object_object_add(
			o, "reason",
			json_object_new_string("refused: the counter never ran (time_running 0)"));
		return o;
	}
	o = series(v, cell->n, &st);
	free(v);
	json_object_object_add(o, "available", json_object_new_boolean(1));
	json_object_object_add(o, "scaled", json_object_new_boolean(scaled));
	/* ":u" when kernel counting was refused and user time only was counted. */
	json_object_object_add(o, "modifier", json_object_new_string(cell->evstatus[0][e].modifier));
	/* The path each read really took (not what the page offered): see results/README.md. */
	json_object_object_add(o, "read_path",
			       json_object_new_string(user_reads == reads ? "user"
						      : user_reads == 0   ? "syscall"
									  : "mixed"));
	json_object_object_add(o, "user_read", json_object_new_boolean(user_reads == reads));
	json_object_object_add(o, "user_read_offered", json_object_new_boolean(offered));
	json_object_object_add(o, "user_reads", ur);
	json_object_object_add(o, "time_enabled", ena);
	json_object_object_add(o, "time_running", run);
	if (per_thread)
		json_object_object_add(o, "per_thread", per_thread);
	json_object_object_add(o, "per_op", cell->ops ? num(st.median / (double)cell->ops) : NULL);
	return o;
}

static json_object *cell_base(const char *kernel, const char *strategy, unsigned threads,
			      const char *status, const char *reason)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "kernel", json_object_new_string(kernel));
	json_object_object_add(o, "strategy", json_object_new_string(strategy));
	json_object_object_add(o, "threads", json_object_new_int((int)threads));
	json_object_object_add(o, "status", json_object_new_string(status));
	json_object_object_add(o, "reason", reason && *reason ? json_object_new_string(reason)
							      : NULL);
	return o;
}

void tsob_results_add_unavailable(json_object *doc, const char *kernel, const char *strategy,
				  unsigned threads, const char *why)
{
	json_object *cells;

	if (json_object_object_get_ex(doc, "cells", &cells))
		json_object_array_add(cells,
				      cell_base(kernel, strategy, threads, "unavailable", why));
}

void tsob_results_add_cell(json_object *doc, const struct tsob_cell *cell)
{
	const struct tsob_cell_conf *conf = &cell->conf;
	json_object *o, *cells, *chk, *ctr, *cpus, *pinned, *models;
	double *wall = calloc(cell->n ? cell->n : 1, sizeof(*wall));
	struct tsob_stats st;
	char hex[32];

	if (!json_object_object_get_ex(doc, "cells", &cells) || !wall) {
		free(wall);
		return;
	}
	o = cell_base(conf->kernel->name, tsob_strategies[conf->strategy].name, conf->threads,
		      tsob_cell_status_name(cell->status), cell->reason);
	json_object_object_add(o, "stands_for", json_object_new_string(conf->kernel->stands_for));
	json_object_object_add(o, "size", json_object_new_int64((int64_t)conf->size));
	json_object_object_add(o, "size_unit",
			       json_object_new_string(conf->kernel->size_unit ? conf->kernel->size_unit
									       : conf->kernel->unit));
	json_object_object_add(o, "ops", json_object_new_int64((int64_t)cell->ops));
	json_object_object_add(o, "unit", json_object_new_string(conf->kernel->unit));
	json_object_object_add(o, "warmup", json_object_new_int((int)conf->warmup));
	json_object_object_add(o, "repeat", json_object_new_int((int)conf->repeat));

	chk = json_object_new_object();
	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)cell->verdict.checksum);
	json_object_object_add(chk, "got", json_object_new_string(hex));
	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)cell->verdict.expected);
	json_object_object_add(chk, "expected", json_object_new_string(hex));
	json_object_object_add(chk, "ok",
			       json_object_new_boolean(cell->status != TSOB_CELL_CHECKSUM_FAILED));
	json_object_object_add(o, "checksum", chk);
	json_object_object_add(o, "ordering_violations",
			       json_object_new_int64((int64_t)cell->violations));

	pinned = json_object_new_array();
	cpus = json_object_new_array();
	models = json_object_new_array();
	for (unsigned t = 0; t < conf->threads; t++) {
		json_object *seen = json_object_new_array();

		json_object_array_add(pinned, cell->pinned[t] >= 0
						      ? json_object_new_int(cell->pinned[t])
						      : NULL);
		for (int c = 0; c < 64; c++)
			if (cell->cpus_seen[t] & (1ull << c))
				json_object_array_add(seen, json_object_new_int(c));
		json_object_array_add(cpus, seen);
		json_object_array_add(models,
				      cell->memmodel[t] >= 0
					      ? json_object_new_string(
							tsob_memmodel_name(cell->memmodel[t]))
					      : NULL);
	}
	json_object_object_add(o, "pinned_cpus", pinned);
	json_object_object_add(o, "cpus_seen", cpus);
	json_object_object_add(o, "memory_model", models);

	for (unsigned i = 0; i < cell->n; i++)
		wall[i] = (double)cell->wall_ns[i];
	json_object_object_add(o, "wall_ns", series(wall, cell->n, &st));
	free(wall);
	json_object_object_add(o, "wall_ns_per_op",
			       cell->ops && cell->n ? num(st.median / (double)cell->ops) : NULL);

	ctr = json_object_new_object();
	for (int e = 0; e < conf->nevents; e++)
		json_object_object_add(ctr, conf->events[e].name, counter_json(cell, e));
	json_object_object_add(o, "counters", ctr);
	json_object_array_add(cells, o);
}

static int write_json(FILE *f, void *arg)
{
	const char *s = json_object_to_json_string_ext(arg, JSON_C_TO_STRING_PRETTY |
								    JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!s)
		return -ENOMEM;
	if (fputs(s, f) < 0 || fputc('\n', f) < 0 || fflush(f))
		return errno ? -errno : -EIO;
	return 0;
}

static double get_d(json_object *o, const char *k1, const char *k2)
{
	json_object *a, *b;

	if (!json_object_object_get_ex(o, k1, &a) || !json_object_object_get_ex(a, k2, &b) ||
	    !b)
		return NAN;
	return json_object_get_double(b);
}

static void csv_metric(FILE *f, json_object *cell, const char *metric, json_object *m,
		       const char *unit)
{
	json_object *st, *ci;
	const char *k = json_object_get_string(json_object_object_get(cell, "kernel"));
	const char *s = json_object_get_string(json_object_object_get(cell, "strategy"));
	int t = json_object_get_int(json_object_object_get(cell, "threads"));
	double lo = NAN, hi = NAN;

	if (!json_object_object_get_ex(m, "stats", &st))
		return;
	/* Files read back may hold anything the loader does not check: test types. */
	if (json_object_object_get_ex(st, "ci95", &ci) && json_object_is_type(ci, json_type_array) &&
	    json_object_array_length(ci) == 2) {
		lo = json_object_get_double(json_object_array_get_idx(ci, 0));
		hi = json_object_get_double(json_object_array_get_idx(ci, 1));
	}
	fprintf(f, "%.6g,%s,%s,%s,%s,%d,%.6g,%.6g,%.4g,%d\n", get_d(m, "stats", "median"), unit,
		metric, k, s, t, lo, hi, get_d(m, "stats", "cv") * 100.0,
		json_object_get_int(json_object_object_get(st, "n")));
}

static int write_csv(FILE *f, void *arg)
{
	json_object *doc = arg, *cells;

	fprintf(f, "# tsobench %s, schema %d: median,unit,metric,kernel,strategy,threads,"
		   "ci95_lo,ci95_hi,cv_percent,n\n",
		TSOB_VERSION, TSOB_SCHEMA_VERSION);
	if (!json_object_object_get_ex(doc, "cells", &cells))
		return 0;
	for (size_t i = 0; i < json_object_array_length(cells); i++) {
		json_object *c = json_object_array_get_idx(cells, i), *m, *ctr;

		if (json_object_object_get_ex(c, "wall_ns", &m))
			csv_metric(f, c, "wall-time", m, "ns");
		if (!json_object_object_get_ex(c, "counters", &ctr) ||
		    !json_object_is_type(ctr, json_type_object))
			continue;
		json_object_object_foreach(ctr, name, val)
		{
			json_object *avail;

			if (json_object_object_get_ex(val, "available", &avail) &&
			    json_object_get_boolean(avail))
				csv_metric(f, c, name, val, "");
			else
				fprintf(f, "<not supported>,,%s,%s,%s,%d,,,,0\n", name,
					json_object_get_string(json_object_object_get(c, "kernel")),
					json_object_get_string(
						json_object_object_get(c, "strategy")),
					json_object_get_int(json_object_object_get(c, "threads")));
		}
	}
	if (fflush(f) || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}

int tsob_results_save(const char *path, json_object *doc, enum tsob_format fmt)
{
	const char *what = "";
	int r = tsob_atomic_write(path, fmt == TSOB_FORMAT_CSV ? write_csv : write_json, doc,
				  &what);

	if (r)
		tsob_warn("cannot write %s: %s (%s); any earlier file there is unchanged", path,
			  what, strerror(-r));
	return r;
}

void tsob_results_default_path(char *buf, size_t len, const struct tsob_host *h,
			       const char *command, enum tsob_format fmt)
{
	char date[32];

	utc_now(date, sizeof(date), true);
	snprintf(buf, len, "results/%s-%s-%s-%s.%s", command, h->hostname, h->arch, date,
		 fmt == TSOB_FORMAT_CSV ? "csv" : "json");
}

static int expect(json_object *o, const char *key, json_type type, char *why, size_t len,
		  const char *where)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v)) {
		snprintf(why, len, "%s has no \"%s\"", where, key);
		return -1;
	}
	if (!json_object_is_type(v, type) &&
	    !(type == json_type_double && json_object_is_type(v, json_type_int))) {
		snprintf(why, len, "%s.\"%s\" should be %s, is %s", where, key,
			 json_type_to_name(type), json_type_to_name(json_object_get_type(v)));
		return -1;
	}
	return 0;
}

/*
 * The range of every number a cell may carry, checked here once so that no
 * consumer converts a crafted value (ops of 1e19 into an int64, say). Series
 * ("values" arrays) are checked by check_series().
 */
struct num_rule {
	const char *key;
	double min, max;
	bool integer;
};

#define TSOB_MAX_EXACT 9007199254740992.0 /* 2^53: larger integers lose precision as doubles */

static const struct num_rule cell_rules[] = {
	{ "threads", 1, TSOB_MAX_THREADS, true },
	{ "size", 0, TSOB_MAX_EXACT, true },
	{ "ops", 0, TSOB_MAX_EXACT, true },
	{ "warmup", 0, 1e9, true },
	{ "repeat", 0, 1e9, true },
	{ "ordering_violations", 0, TSOB_MAX_EXACT, true },
	{ "wall_ns_per_op", 0, 1e18, false },
};

static bool is_number(json_object *v)
{
	return json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int);
}

static int check_num(json_object *v, const struct num_rule *r, const char *key, char *why,
		     size_t len, const char *where)
{
	double d;

	if (!v || json_object_is_type(v, json_type_null))
		return 0;
	if (!is_number(v)) {
		snprintf(why, len, "%s.%s is not a number", where, key);
		return -1;
	}
	d = json_object_get_double(v);
	if (!isfinite(d) || d < r->min || d > r->max || (r->integer && d != floor(d))) {
		snprintf(why, len, "%s.%s = %.17g is out of range (%s %.17g to %.17g)", where,
			 key, d, r->integer ? "an integer from" : "from", r->min, r->max);
		return -1;
	}
	return 0;
}

/* A {values: [...]} series: every sample a finite number in [0, max]. */
static int check_series(json_object *o, double max, char *why, size_t len, const char *where)
{
	json_object *vals;
	struct num_rule r = { "values", 0, max, false };

	if (!json_object_is_type(o, json_type_object))
		return 0;
	if (!json_object_object_get_ex(o, "values", &vals))
		return 0;
	if (!json_object_is_type(vals, json_type_array)) {
		snprintf(why, len, "%s.values is not an array", where);
		return -1;
	}
	for (size_t j = 0; j < json_object_array_length(vals); j++) {
		char key[32];

		snprintf(key, sizeof(key), "values[%zu]", j);
		if (check_num(json_object_array_get_idx(vals, j), &r, key, why, len, where))
			return -1;
	}
	return 0;
}

static int check_cell_numbers(json_object *c, char *why, size_t len, const char *where)
{
	json_object *v, *ctr;
	char sub[160];

	for (size_t i = 0; i < ARRAY_SIZE(cell_rules); i++) {
		if (!json_object_object_get_ex(c, cell_rules[i].key, &v))
			continue;
		if (check_num(v, &cell_rules[i], cell_rules[i].key, why, len, where))
			return -1;
	}
	snprintf(sub, sizeof(sub), "%s.wall_ns", where);
	if (json_object_object_get_ex(c, "wall_ns", &v) && check_series(v, 1e18, why, len, sub))
		return -1;
	if (!json_object_object_get_ex(c, "counters", &ctr) ||
	    !json_object_is_type(ctr, json_type_object))
		return 0;
	json_object_object_foreach(ctr, name, val)
	{
		snprintf(sub, sizeof(sub), "%s.counters.%.40s", where, name);
		if (check_series(val, 1.8446744073709552e19, why, len, sub))
			return -1;
	}
	return 0;
}

static int check_doc(json_object *doc, char *why, size_t len)
{
	json_object *v, *cells;

	if (!json_object_is_type(doc, json_type_object)) {
		snprintf(why, len, "not a tsobench results document (top level is not an object)");
		return -1;
	}
	if (expect(doc, "schema", json_type_string, why, len, "document"))
		return -1;
	json_object_object_get_ex(doc, "schema", &v);
	if (strcmp(json_object_get_string(v), TSOB_SCHEMA_NAME)) {
		snprintf(why, len, "schema is \"%s\", not \"%s\"", json_object_get_string(v),
			 TSOB_SCHEMA_NAME);
		return -1;
	}
	if (expect(doc, "schema_version", json_type_int, why, len, "document"))
		return -1;
	json_object_object_get_ex(doc, "schema_version", &v);
	if (json_object_get_int(v) != TSOB_SCHEMA_VERSION) {
		snprintf(why, len, "schema_version %d, this tsobench reads version %d",
			 json_object_get_int(v), TSOB_SCHEMA_VERSION);
		return -1;
	}
	if (expect(doc, "complete", json_type_boolean, why, len, "document") ||
	    expect(doc, "context", json_type_object, why, len, "document") ||
	    expect(doc, "cells", json_type_array, why, len, "document"))
		return -1;
	json_object_object_get_ex(doc, "context", &v);
	if (expect(v, "host", json_type_string, why, len, "context") ||
	    expect(v, "arch", json_type_string, why, len, "context") ||
	    expect(v, "kernel", json_type_string, why, len, "context") ||
	    expect(v, "cpu_model", json_type_string, why, len, "context"))
		return -1;
	json_object_object_get_ex(doc, "cells", &cells);
	for (size_t i = 0; i < json_object_array_length(cells); i++) {
		json_object *c = json_object_array_get_idx(cells, i), *w, *vals;
		char where[48];

		snprintf(where, sizeof(where), "cells[%zu]", i);
		if (!json_object_is_type(c, json_type_object)) {
			snprintf(why, len, "%s is not an object", where);
			return -1;
		}
		if (expect(c, "kernel", json_type_string, why, len, where) ||
		    expect(c, "strategy", json_type_string, why, len, where) ||
		    expect(c, "threads", json_type_int, why, len, where) ||
		    expect(c, "status", json_type_string, why, len, where))
			return -1;
		if (check_cell_numbers(c, why, len, where))
			return -1;
		if (!json_object_object_get_ex(c, "wall_ns", &w))
			continue;
		snprintf(where, sizeof(where), "cells[%zu].wall_ns", i);
		if (!json_object_is_type(w, json_type_object) ||
		    expect(w, "values", json_type_array, why, len, where))
			return -1;
		json_object_object_get_ex(w, "values", &vals);
		for (size_t j = 0; j < json_object_array_length(vals); j++) {
			json_object *x = json_object_array_get_idx(vals, j);

			if (!json_object_is_type(x, json_type_double) &&
			    !json_object_is_type(x, json_type_int)) {
				snprintf(why, len, "%s.values[%zu] is not a number", where, j);
				return -1;
			}
		}
	}
	return 0;
}

int tsob_results_load(const char *path, json_object **out, char *why, size_t len)
{
	FILE *f = fopen(path, "re");
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	json_object *doc = NULL;
	char *buf;
	long size;

	*out = NULL;
	if (!f) {
		snprintf(why, len, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		snprintf(why, len, "cannot read %s: not a regular file", path);
		fclose(f);
		return -1;
	}
	if (size == 0) {
		snprintf(why, len, "%s is empty", path);
		fclose(f);
		return -1;
	}
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		snprintf(why, len, "cannot read %s", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[size] = '\0';
	tok = json_tokener_new();
	doc = json_tokener_parse_ex(tok, buf, (int)size);
	jerr = json_tokener_get_error(tok);
	if (!doc || jerr != json_tokener_success) {
		snprintf(why, len, "%s is not valid JSON%s: %s", path,
			 jerr == json_tokener_continue ? " (truncated)" : "",
			 jerr == json_tokener_continue ? "unexpected end of file"
						       : json_tokener_error_desc(jerr));
		json_object_put(doc);
		json_tokener_free(tok);
		free(buf);
		return -1;
	}
	/* Trailing garbage after the document. */
	for (size_t i = json_tokener_get_parse_end(tok); i < (size_t)size; i++) {
		if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\t' && buf[i] != '\r') {
			snprintf(why, len, "%s has data after the JSON document", path);
			json_object_put(doc);
			json_tokener_free(tok);
			free(buf);
			return -1;
		}
	}
	json_tokener_free(tok);
	free(buf);
	if (check_doc(doc, why, len)) {
		char inner[256];

		snprintf(inner, sizeof(inner), "%s", why);
		snprintf(why, len, "%s: %s", path, inner);
		json_object_put(doc);
		return -1;
	}
	*out = doc;
	return 0;
}
