/* SPDX-License-Identifier: MIT */
/*
 * Results files: one JSON document per run (schema in results/), written
 * atomically; or CSV rows in the style of `perf stat -x,`.
 */
#ifndef TSOB_RESULTS_H
#define TSOB_RESULTS_H

#include <json-c/json.h>
#include <stdbool.h>

#include "events.h"
#include "host.h"
#include "runner.h"
#include "stats.h"

#define TSOB_SCHEMA_NAME "tsobench-results"
#define TSOB_SCHEMA_VERSION 1

enum tsob_format { TSOB_FORMAT_JSON, TSOB_FORMAT_CSV };

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
json_object *tsob_results_context(const struct tsob_run_info *info);

/* A new results document: schema, version, context, empty cells. */
json_object *tsob_results_new(const struct tsob_run_info *info);

/* Mark the document complete or not (with the reason). */
void tsob_results_set_complete(json_object *doc, bool complete, const char *why);

/* Append a measured cell (with raw samples and statistics) to doc.cells. */
void tsob_results_add_cell(json_object *doc, const struct tsob_cell *cell);

/* Append a cell that was not run (strategy unavailable here). */
void tsob_results_add_unavailable(json_object *doc, const char *kernel, const char *strategy,
				  unsigned threads, const char *why);

/* The statistics object used everywhere in the schema. */
json_object *tsob_results_stats(const struct tsob_stats *st);

/* Write @doc to @path atomically. 0, or -errno with one line already on stderr. */
int tsob_results_save(const char *path, json_object *doc, enum tsob_format fmt);

/* A default path: results/<command>-<host>-<arch>-<UTC time>.<ext>. */
void tsob_results_default_path(char *buf, size_t len, const struct tsob_host *h,
			       const char *command, enum tsob_format fmt);

/*
 * Read a results file: 0, or -1 with a one-line reason in @why (not JSON,
 * truncated, another schema or version, fields of the wrong type).
 */
int tsob_results_load(const char *path, json_object **doc, char *why, size_t len);

#endif
