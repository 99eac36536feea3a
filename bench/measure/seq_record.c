// SPDX-License-Identifier: MIT
/*
 * `tsobench seq` rows as cells of the results model: kernel is the row's
 * name, strategy "seq" (the default memory model) or "seq-tso" (the same code
 * under hardware TSO), one thread; wall_ns and counters hold per-copy figures
 * per repetition, the "seq" object the row and the raw readings of both calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "memmodel.h"
#include "seq_suite.h"
#include "tsob/json.h"
#include "tsob/results.h"
#include "tsob/strategy.h"

/* The events that give cycles: a figure in cycles where one of them counted. */
static const char *const cycle_events[] = {"cycles", "cpu-cycles", "cpu_cycles"};

static bool is_cycles(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(cycle_events); i++)
		if (!strcasecmp(name, cycle_events[i]))
			return true;
	return false;
}

static json_object *needs_json(const struct tsob_seq *row)
{
	static const struct {
		unsigned bit;
		const char *name;
	} bits[] = {{TSOB_SEQ_NEED_LRCPC, "LRCPC"},
		    {TSOB_SEQ_NEED_LRCPC2, "LRCPC2"},
		    {TSOB_SEQ_NEED_LSE, "LSE"},
		    {TSOB_SEQ_NEED_NO_LSE, "no LSE"}};
	json_object *a = json_object_new_array();
	unsigned needs = row->needs;

	/* A strategy's row needs what the strategy needs. */
	if (row->strategy >= 0 && tsob_strategies[row->strategy].needs == TSOB_NEED_LRCPC)
		needs |= TSOB_SEQ_NEED_LRCPC;
	if (row->strategy >= 0 && tsob_strategies[row->strategy].needs == TSOB_NEED_LRCPC2)
		needs |= TSOB_SEQ_NEED_LRCPC2;
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		if (needs & bits[i].bit)
			json_object_array_add(a, json_object_new_string(bits[i].name));
	return a;
}

/* The row: what it is, and how it ran (@conf NULL: it did not). */
static json_object *seq_json(const struct tsob_seq_suite *s, const struct tsob_seq *row, int tso,
			     const struct tsob_seq_conf *conf)
{
	json_object *o = json_object_new_object();
	char insns[512];

	tsob_seq_format_insns(row, insns, sizeof(insns));
	json_object_object_add(o, "group", json_object_new_string(row->group));
	json_object_object_add(o, "form", json_object_new_string(tsob_seq_form_name(row->form)));
	json_object_object_add(o, "needs", needs_json(row));
	json_object_object_add(o, "insns", json_object_new_string(insns));
	json_object_object_add(o, "instructions", json_object_new_int((int)row->count));
	json_object_object_add(o, "model", json_object_new_string(tso ? "tso" : "default"));
	json_object_object_add(o, "u", json_object_new_int((int)s->u));
	json_object_object_add(o, "iterations",
			       conf ? json_object_new_int64((int64_t)conf->iters) : NULL);
	json_object_object_add(o, "pairs", json_object_new_int(TSOB_SEQ_PAIRS));
	return o;
}

static json_object *cell_new(json_object *doc, const struct tsob_seq_suite *s,
			     const struct tsob_seq *row, int tso, const char *status,
			     const char *why)
{
	json_object *o =
	    tsob_results_cell_add(doc, row->name, tso ? "seq-tso" : "seq", 1, status, why);

	json_object_object_add(o, "stands_for", json_object_new_string(row->stands_for));
	json_object_object_add(o, "ops", json_object_new_int(1));
	json_object_object_add(o, "unit", json_object_new_string("copy"));
	json_object_object_add(o, "warmup", json_object_new_int((int)s->warmup));
	json_object_object_add(o, "repeat", json_object_new_int((int)s->repeat));
	return o;
}

void tsob_seq_record_other(json_object *doc, const struct tsob_seq_suite *s,
			   const struct tsob_seq *row, int tso, const char *status, const char *why)
{
	json_object *o = cell_new(doc, s, row, tso, status, why);

	json_object_object_add(o, "seq", seq_json(s, row, tso, NULL));
}

static json_object *unavailable(const char *reason)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "available", json_object_new_boolean(0));
	json_object_object_add(o, "reason", json_object_new_string(reason));
	return o;
}

/*
 * Value @v (0: ns, 1 + e: event e) per copy in repetition @rep: the fastest
 * 2u call less the fastest u call of its pairs, over u x iterations.
 */
static double per_copy(const struct tsob_seq_done *d, unsigned rep, int v)
{
	const struct tsob_seq_sample *s = &d->samples[rep * TSOB_SEQ_PAIRS];
	uint64_t lo_u = s->raw_u[v], lo_2u = s->raw_2u[v];

	for (unsigned k = 1; k < TSOB_SEQ_PAIRS; k++) {
		lo_u = s[k].raw_u[v] < lo_u ? s[k].raw_u[v] : lo_u;
		lo_2u = s[k].raw_2u[v] < lo_2u ? s[k].raw_2u[v] : lo_2u;
	}
	return ((double)lo_2u - (double)lo_u) / ((double)d->conf->u * (double)d->conf->iters);
}

/* Event @e's per-copy series, or why it has none (never a silent zero). */
static json_object *counter_json(const struct tsob_seq_done *d, int e)
{
	const struct tsob_seq_reader *rd = d->reader;
	const unsigned calls = 2 * TSOB_SEQ_PAIRS, n = d->conf->reps / TSOB_SEQ_PAIRS;
	json_object *o, *ena, *run, *ur;
	struct tsob_count c;
	unsigned user = 0;
	bool scaled = false;
	double *v;

	if (!rd->status[e].open)
		return unavailable(rd->status[e].why);
	for (unsigned r = 0; r < n; r++)
		if (!tsob_seq_reader_calls(rd, r * calls, calls, e, &c) || !c.ok)
			return unavailable("refused: the counter never ran (time_running 0)");
	v = calloc(n, sizeof(*v));
	if (!v)
		return unavailable("out of memory");
	ena = json_object_new_array();
	run = json_object_new_array();
	ur = json_object_new_array();
	for (unsigned r = 0; r < n; r++) {
		tsob_seq_reader_calls(rd, r * calls, calls, e, &c);
		v[r] = per_copy(d, r, 1 + e);
		scaled |= c.scaled;
		user += c.user_reads;
		json_object_array_add(ena, json_object_new_int64((int64_t)c.enabled));
		json_object_array_add(run, json_object_new_int64((int64_t)c.running));
		json_object_array_add(ur, json_object_new_int(c.user_reads));
	}
	o = tsob_results_series(v, n, NULL, NULL, NULL);
	free(v);
	json_object_object_add(o, "available", json_object_new_boolean(1));
	json_object_object_add(o, "scaled", json_object_new_boolean(scaled));
	json_object_object_add(o, "modifier", json_object_new_string(rd->status[e].modifier));
	/* Two reads a call: at its start and at its stop. */
	json_object_object_add(o, "read_path",
			       json_object_new_string(user == 2 * calls * n ? "user"
						      : user == 0	    ? "syscall"
									    : "mixed"));
	json_object_object_add(o, "user_read", json_object_new_boolean(user == 2 * calls * n));
	json_object_object_add(o, "user_read_offered",
			       json_object_new_boolean(rd->status[e].user_offered));
	json_object_object_add(o, "user_reads", ur);
	json_object_object_add(o, "time_enabled", ena);
	json_object_object_add(o, "time_running", run);
	return o;
}

/* Every call's reading (TSOB_SEQ_PAIRS of each variant a repetition), for each value read. */
static json_object *raw_json(const struct tsob_seq_done *d, json_object *ctr)
{
	json_object *raw = json_object_new_object();
	const char *const calls[] = {"u", "2u"};

	for (int k = 0; k < 2; k++) {
		json_object *o = json_object_new_object();

		for (int v = 0; v <= d->reader->nevents; v++) {
			const char *name = v ? d->reader->events[v - 1].name : "ns";
			json_object *a;

			if (v && !tsob_json_get_bool(tsob_json_get(ctr, name), "available", false))
				continue;
			a = json_object_new_array();
			for (unsigned r = 0; r < d->conf->reps; r++) {
				const struct tsob_seq_sample *x = &d->samples[r];
				uint64_t got = k ? x->raw_2u[v] : x->raw_u[v];

				json_object_array_add(a, json_object_new_int64((int64_t)got));
			}
			json_object_object_add(o, name, a);
		}
		json_object_object_add(raw, calls[k], o);
	}
	return raw;
}

/* Where the thread ran: asked for, seen, and the memory model it confirmed. */
static void placement_json(json_object *o, const struct tsob_seq_done *d)
{
	const struct tsob_seq_reader *rd = d->reader;
	json_object *seen = json_object_new_array(), *cpus = json_object_new_array();
	json_object *pinned = json_object_new_array(), *models = json_object_new_array();

	json_object_array_add(pinned, rd->cpu >= 0 ? json_object_new_int(rd->cpu) : NULL);
	if (rd->cpu_first >= 0)
		json_object_array_add(seen, json_object_new_int(rd->cpu_first));
	if (rd->cpu_last >= 0 && rd->cpu_last != rd->cpu_first)
		json_object_array_add(seen, json_object_new_int(rd->cpu_last));
	json_object_array_add(cpus, seen);
	json_object_array_add(models, rd->memmodel >= 0
					  ? json_object_new_string(tsob_memmodel_name(rd->memmodel))
					  : NULL);
	json_object_object_add(o, "pinned_cpus", pinned);
	json_object_object_add(o, "cpus_seen", cpus);
	json_object_object_add(o, "memory_model", models);
}

void tsob_seq_record_cell(json_object *doc, const struct tsob_seq_done *d)
{
	json_object *o = cell_new(doc, d->suite, d->row, d->tso, "ok", NULL);
	json_object *ctr = json_object_new_object(), *seq;
	const char *figure = "ns";
	unsigned n = d->conf->reps / TSOB_SEQ_PAIRS;
	double *ns = calloc(n, sizeof(*ns));

	if (!ns)
		return;
	placement_json(o, d);
	for (unsigned r = 0; r < n; r++)
		ns[r] = per_copy(d, r, 0);
	json_object_object_add(o, "wall_ns", tsob_results_series(ns, n, NULL, NULL, NULL));
	free(ns);
	for (int e = 0; e < d->reader->nevents; e++) {
		const char *name = d->reader->events[e].name;
		json_object *c = counter_json(d, e);

		if (!strcmp(figure, "ns") && is_cycles(name) &&
		    tsob_json_get_bool(c, "available", false))
			figure = name;
		json_object_object_add(ctr, name, c);
	}
	json_object_object_add(o, "counters", ctr);
	seq = seq_json(d->suite, d->row, d->tso, d->conf);
	json_object_object_add(seq, "figure", json_object_new_string(figure));
	json_object_object_add(seq, "figure_note",
			       strcmp(figure, "ns") ? NULL
						    : json_object_new_string(TSOB_SEQ_CLOCK_NOTE));
	json_object_object_add(seq, "raw", raw_json(d, ctr));
	json_object_object_add(o, "seq", seq);
}

void tsob_seq_record_section(json_object *doc, const struct tsob_seq_suite *s,
			     const char *tso_reason)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "tso", json_object_new_string(tsob_seq_tso_names[s->tso]));
	json_object_object_add(o, "tso_reason",
			       tso_reason ? json_object_new_string(tso_reason) : NULL);
	json_object_object_add(o, "u", json_object_new_int((int)s->u));
	json_object_object_add(o, "pairs", json_object_new_int(TSOB_SEQ_PAIRS));
	json_object_object_add(
	    o, "method",
	    json_object_new_string("per copy = (fastest 2u call - fastest u call) / (u * "
				   "iterations), each repetition over its pairs of calls, which "
				   "alternate which variant runs first"));
	json_object_object_add(doc, "seq", o);
}
