/* SPDX-License-Identifier: MIT */
/*
 * Recording what the measuring side holds (a host, a run's options, a cell
 * the runner measured) in the results model of lib/ (tsob/results.h).
 */
#ifndef TSOB_RECORD_H
#define TSOB_RECORD_H

#include <json-c/json.h>
#include <stdbool.h>

#include "events.h"
#include "host.h"
#include "runner.h"
#include "tsob/results.h"

struct tsob_run_info {
	const struct tsob_host *host;
	const char *command;   /* what produced the file: "run", "ctxsw", "litmus", "ab" */
	const char *argv_line; /* the command line */
	bool quick;
	unsigned repeat, warmup;
	int cpu;
	const struct tsob_event *events;
	int nevents;
	/* How the cells were ordered (run, ab): NULL for commands without cells. */
	const char *order;
	uint64_t seed;
	unsigned runs;         /* 0: not said (one run) */
	double precision_pct, budget_s, inject_pct; /* 0: not asked */
};

/* The "context" object every results file carries. */
json_object *tsob_record_context(const struct tsob_run_info *info);

/* A new results document with that context (tsob_results_new()). */
json_object *tsob_record_new(const struct tsob_run_info *info);

/* An A/B document: its two builds, duet or not, and each round's order (context.ab). */
void tsob_record_ab(json_object *doc, const char *base, const char *new_, bool duet);
void tsob_record_ab_round(json_object *doc, unsigned round, const char *first);

/* A top-level section of the document (taken over), e.g. "calibration". */
void tsob_record_section(json_object *doc, const char *name, json_object *section);

/* How many runs the document holds (context.runs). */
void tsob_record_set_runs(json_object *doc, unsigned runs);

/* Append a measured cell (raw samples, statistics, counters, placement); returns it. */
json_object *tsob_record_cell(json_object *doc, const struct tsob_cell *cell);

/* What --precision asked (@target_pct), reached, after @n repetitions; @why when not. */
void tsob_record_precision(json_object *cell, double target_pct, double half_width_pct,
			   unsigned n, bool reached, const char *why);

/* The extra work appended to each repetition (calibration): asked, and its measured share. */
void tsob_record_injected(json_object *cell, const struct tsob_cell *c, double asked_pct);

/* Append a cell that was not run (strategy unavailable here), with the reason. */
void tsob_record_unavailable(json_object *doc, const char *kernel, const char *strategy,
			     unsigned threads, const char *why);

#endif
