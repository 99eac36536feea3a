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
	const char *command;   /* what produced the file: "run", "ctxsw", "litmus" */
	const char *argv_line; /* the command line */
	bool quick;
	unsigned repeat, warmup;
	int cpu;
	const struct tsob_event *events;
	int nevents;
};

/* The "context" object every results file carries. */
json_object *tsob_record_context(const struct tsob_run_info *info);

/* A new results document with that context (tsob_results_new()). */
json_object *tsob_record_new(const struct tsob_run_info *info);

/* Append a measured cell (raw samples, statistics, counters, placement). */
void tsob_record_cell(json_object *doc, const struct tsob_cell *cell);

/* Append a cell that was not run (strategy unavailable here), with the reason. */
void tsob_record_unavailable(json_object *doc, const char *kernel, const char *strategy,
			     unsigned threads, const char *why);

#endif
