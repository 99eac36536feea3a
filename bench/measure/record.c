// SPDX-License-Identifier: MIT
/* What the measuring side holds, turned into the results model (lib/results.h). */
#include "record.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memmodel.h"
#include "provenance.h"
#include "tsob/json.h"
#include "tsob_gitcommit.h" /* TSOB_GIT_COMMIT, TSOB_GIT_BRANCH: made at build time */

#ifndef TSOB_COMPILER
#define TSOB_COMPILER "unknown"
#endif
#ifndef TSOB_CFLAGS
#define TSOB_CFLAGS ""
#endif
#ifndef TSOB_VERSION
#define TSOB_VERSION "0"
#endif

static void utc_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
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


/* The order of the cells and its seed, runs, precision, extra work: what the statistics need. */
static void how_measured(json_object *c, const struct tsob_run_info *info)
{
	if (info->order) {
		json_object_object_add(c, "order", json_object_new_string(info->order));
		json_object_object_add(c, "seed", json_object_new_int64((int64_t)info->seed));
	}
	if (info->runs)
		json_object_object_add(c, "runs", json_object_new_int((int)info->runs));
	if (info->precision_pct > 0) {
		json_object_object_add(c, "precision_pct", tsob_json_num(info->precision_pct));
		json_object_object_add(c, "budget_s", tsob_json_num(info->budget_s));
	}
	if (info->inject_pct > 0)
		json_object_object_add(c, "injected_slowdown_pct", tsob_json_num(info->inject_pct));
}

json_object *tsob_record_context(const struct tsob_run_info *info)
{
	const struct tsob_host *h = info->host;
	json_object *c = json_object_new_object(), *ev = json_object_new_array();
	json_object *mm = json_object_new_object(), *pmu = json_object_new_object();
	json_object *sig, *pev = json_object_new_object();
	char date[64], midr[32];

	utc_now(date, sizeof(date));
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
	tsob_provenance_add(c, h->kernel);
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
	/* null where the build's checkout had no branch (a detached CI checkout) */
	json_object_object_add(c, "git_branch",
			       *TSOB_GIT_BRANCH ? json_object_new_string(TSOB_GIT_BRANCH) : NULL);
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
	how_measured(c, info);
	return c;
}

void tsob_record_ab(json_object *doc, const char *base, const char *new_, bool duet)
{
	json_object *ab = json_object_new_object();

	json_object_object_add(ab, "base", json_object_new_string(base));
	json_object_object_add(ab, "new", json_object_new_string(new_));
	json_object_object_add(ab, "duet", json_object_new_boolean(duet));
	/* Per round: the side that ran first (duet: that took the first half of the CPUs). */
	json_object_object_add(ab, "first", json_object_new_array());
	json_object_object_add(tsob_json_get(doc, "context"), "ab", ab);
}

void tsob_record_ab_round(json_object *doc, unsigned round, const char *first)
{
	json_object *a = tsob_json_get(tsob_json_get(tsob_json_get(doc, "context"), "ab"), "first");

	if (a)
		json_object_array_put_idx(a, round, json_object_new_string(first));
}

void tsob_record_section(json_object *doc, const char *name, json_object *section)
{
	json_object_object_add(doc, name, section);
}

void tsob_record_set_runs(json_object *doc, unsigned runs)
{
	json_object_object_add(tsob_json_get(doc, "context"), "runs",
			       json_object_new_int((int)runs));
}

json_object *tsob_record_new(const struct tsob_run_info *info)
{
	return tsob_results_new(info->command, tsob_record_context(info));
}

static json_object *unavailable(const char *reason)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "available", json_object_new_boolean(0));
	json_object_object_add(o, "reason", json_object_new_string(reason));
	return o;
}

/* Why event @e has no values in @cell, or NULL when it has them. */
static const char *missing(const struct tsob_cell *cell, int e, char *buf, size_t len)
{
	const char *why = NULL;

	for (unsigned t = 0; t < cell->conf.threads; t++) {
		const struct tsob_counter_status *s = &cell->evstatus[t][e];

		if (!s->open && (!why || !*why))
			why = s->why[0] ? s->why : "";
	}
	if (why && *why)
		return why;
	/* Every missing value has a reason: a thread that never opened its
	 * counters (it failed or never reached the barrier) has none of its own. */
	if (why || !cell->n) {
		if (cell->status != TSOB_CELL_OK)
			snprintf(buf, len, "not measured: the cell ended as %s (%s)",
				 tsob_cell_status_name(cell->status), cell->reason);
		else
			snprintf(buf, len, "no repetition was recorded");
		return buf;
	}
	for (unsigned r = 0; r < cell->n; r++)
		for (unsigned t = 0; t < cell->conf.threads; t++)
			if (!tsob_cell_count((struct tsob_cell *)cell, r, t, e)->ok)
				/* Opened, but the PMU never scheduled it: no number beats a zero. */
				return "refused: the counter never ran (time_running 0)";
	return NULL;
}

/* Per repetition: the sum over threads, the times, the reads' paths; per thread values. */
struct samples {
	double *v;
	json_object *ena, *run, *user_reads, *per_thread;
	uint64_t reads, user;
	bool scaled;
};

static void collect(const struct tsob_cell *cell, int e, struct samples *x)
{
	unsigned nt = cell->conf.threads;

	for (unsigned r = 0; r < cell->n; r++) {
		uint64_t sum = 0, en = 0, rn = 0;
		unsigned rep_user = 0;
		json_object *pt = nt > 1 ? json_object_new_array() : NULL;

		for (unsigned t = 0; t < nt; t++) {
			const struct tsob_count *c = tsob_cell_count((struct tsob_cell *)cell, r, t, e);

			rep_user += c->user_reads;
			sum += c->value;
			en += c->enabled;
			rn += c->running;
			x->scaled |= c->scaled;
			if (pt)
				json_object_array_add(pt, json_object_new_int64((int64_t)c->value));
		}
		x->v[r] = (double)sum;
		x->reads += 2 * nt; /* two reads (start, end) per thread and repetition */
		x->user += rep_user;
		json_object_array_add(x->user_reads, json_object_new_int((int)rep_user));
		json_object_array_add(x->ena, json_object_new_int64((int64_t)en));
		json_object_array_add(x->run, json_object_new_int64((int64_t)rn));
		if (pt)
			json_object_array_add(x->per_thread, pt);
	}
}

static json_object *counter_json(const struct tsob_cell *cell, int e)
{
	struct samples x = { 0 };
	struct tsob_stats st;
	bool offered = true;
	char buf[320];
	const char *why = missing(cell, e, buf, sizeof(buf));
	json_object *o;

	if (why)
		return unavailable(why);
	x.v = calloc(cell->n, sizeof(*x.v));
	if (!x.v)
		return unavailable("out of memory");
	x.ena = json_object_new_array();
	x.run = json_object_new_array();
	x.user_reads = json_object_new_array();
	if (cell->conf.threads > 1)
		x.per_thread = json_object_new_array();
	collect(cell, e, &x);
	for (unsigned t = 0; t < cell->conf.threads; t++)
		offered &= cell->evstatus[t][e].user_offered;
	o = tsob_results_series(x.v, cell->n, NULL, NULL, &st);
	free(x.v);
	json_object_object_add(o, "available", json_object_new_boolean(1));
	json_object_object_add(o, "scaled", json_object_new_boolean(x.scaled));
	/* ":u" when kernel counting was refused and user time only was counted. */
	json_object_object_add(o, "modifier", json_object_new_string(cell->evstatus[0][e].modifier));
	/* The path each read really took (not what the page offered): see results/README.md. */
	json_object_object_add(o, "read_path",
			       json_object_new_string(x.user == x.reads ? "user"
						      : x.user == 0	  ? "syscall"
									  : "mixed"));
	json_object_object_add(o, "user_read", json_object_new_boolean(x.user == x.reads));
	json_object_object_add(o, "user_read_offered", json_object_new_boolean(offered));
	json_object_object_add(o, "user_reads", x.user_reads);
	json_object_object_add(o, "time_enabled", x.ena);
	json_object_object_add(o, "time_running", x.run);
	if (x.per_thread)
		json_object_object_add(o, "per_thread", x.per_thread);
	json_object_object_add(o, "per_op",
			       cell->ops ? tsob_json_num(st.median / (double)cell->ops) : NULL);
	return o;
}

void tsob_record_unavailable(json_object *doc, const char *kernel, const char *strategy,
				  unsigned threads, const char *why)
{
	tsob_results_cell_add(doc, kernel, strategy, threads, "unavailable", why);
}

json_object *tsob_record_cell(json_object *doc, const struct tsob_cell *cell)
{
	const struct tsob_cell_conf *conf = &cell->conf;
	json_object *o, *chk, *ctr, *cpus, *pinned, *models;
	double *wall = calloc(cell->n ? cell->n : 1, sizeof(*wall));
	struct tsob_stats st;
	bool interleaved = false;
	char hex[32];

	if (!wall)
		return NULL;
	o = tsob_results_cell_add(doc, conf->kernel->name, tsob_strategies[conf->strategy].name,
				  conf->threads,
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
	/* Rounds only when the cell ran interleaved with others (paired samples). */
	for (unsigned i = 0; i < cell->n && !interleaved; i++)
		interleaved = cell->round[i] >= 0;
	json_object_object_add(o, "wall_ns", tsob_results_series(wall, cell->n, NULL,
								   interleaved ? cell->round : NULL, &st));
	free(wall);
	json_object_object_add(o, "wall_ns_per_op",
			       cell->ops && cell->n ? tsob_json_num(st.median / (double)cell->ops) : NULL);

	ctr = json_object_new_object();
	for (int e = 0; e < conf->nevents; e++)
		json_object_object_add(ctr, conf->events[e].name, counter_json(cell, e));
	json_object_object_add(o, "counters", ctr);
	return o;
}

void tsob_record_precision(json_object *cell, double target_pct, double half_width_pct,
			   unsigned n, bool reached, const char *why)
{
	json_object *p = json_object_new_object();

	json_object_object_add(p, "target_pct", tsob_json_num(target_pct));
	json_object_object_add(p, "half_width_pct", tsob_json_num(half_width_pct));
	json_object_object_add(p, "n", json_object_new_int64((int64_t)n));
	json_object_object_add(p, "reached", json_object_new_boolean(reached));
	json_object_object_add(p, "reason", tsob_json_str(why));
	json_object_object_add(cell, "precision", p);
	/* The repetitions taken, not the ceiling the cell was opened with. */
	json_object_object_add(cell, "repeat", json_object_new_int64((int64_t)n));
}

void tsob_record_injected(json_object *cell, const struct tsob_cell *c, double asked_pct)
{
	json_object *o = json_object_new_object();
	double *share = calloc(c->n ? c->n : 1, sizeof(*share));

	if (!share)
		return;
	for (unsigned i = 0; i < c->n; i++)
		share[i] = c->wall_ns[i] ? (double)c->inject_ns[i] / (double)c->wall_ns[i] : 0;
	json_object_object_add(o, "asked_pct", tsob_json_num(asked_pct));
	json_object_object_add(o, "iterations", json_object_new_int64((int64_t)c->inject_iters));
	/* Measured per repetition: the extra work's time over the whole wall time. */
	json_object_object_add(o, "share", tsob_results_series(share, c->n, NULL, NULL, NULL));
	json_object_object_add(cell, "injected", o);
	free(share);
}

