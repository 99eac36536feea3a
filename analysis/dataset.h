/* SPDX-License-Identifier: MIT */
/*
 * A results file as the analysis sees it: context, cells with their raw
 * samples, and the optional "ctxsw" and "litmus" sections, read through
 * tsob_results_load() and checked further for what report, compare and export
 * use. Strings point into the JSON document, which the dataset owns.
 */
#ifndef TSOB_DATASET_H
#define TSOB_DATASET_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "stats.h"

struct tsob_series {
	size_t n;
	double *v; /* raw samples, as recorded */
	struct tsob_stats st;
};

struct tsob_ds_counter {
	const char *name;
	bool available;
	const char *reason;
	struct tsob_series s;
};

struct tsob_ds_cell {
	const char *kernel, *strategy, *status, *reason, *unit;
	int threads;
	double ops;		 /* operations per repetition; 0 if not recorded */
	double size;		 /* the problem size; 0 if not recorded */
	struct tsob_series wall; /* n == 0: not measured */
	struct tsob_ds_counter *ctr;
	size_t nctr;
};

struct tsob_ds_strategy {
	const char *name;
	bool available;
	const char *reason;
};

/* One row of the context-switch section, whatever shape the section has. */
struct tsob_ds_ctxsw {
	char label[96];
	const char *group; /* the section member it came from, e.g. "states" */
	const char *unit;  /* "ns per switch", "ns per call" */
	bool available;
	const char *reason;
	double median, lo, hi;
	size_t n;
};

struct tsob_ds {
	json_object *doc;
	const char *path;
	const char *host, *arch, *cpu_model, *kernel, *execution, *timing_note, *date;
	const char *git_commit, *command_line, *incomplete_reason;
	bool emulated, complete;
	struct tsob_ds_cell *cells;
	size_t ncells;
	struct tsob_ds_strategy *strat;
	size_t nstrat;
	struct tsob_ds_ctxsw *ctxsw;
	size_t nctxsw, ctxsw_cap;
	const char *ctxsw_note; /* why a present section could not be read */
	json_object *litmus;	/* as found, or NULL */
};

/* 0, or -1 with a one-line reason in @why (naming @path). */
int tsob_ds_load(const char *path, struct tsob_ds *ds, char *why, size_t len);
void tsob_ds_free(struct tsob_ds *ds);

/* The counter @name of @c, or NULL. */
const struct tsob_ds_counter *tsob_ds_counter(const struct tsob_ds_cell *c, const char *name);

/* A cell's display name: "kernel" or "kernel/Nt" for N > 1 threads. */
void tsob_ds_cell_label(const struct tsob_ds_cell *c, char *buf, size_t len);

/* The measured cell for (kernel, strategy, threads), or NULL. */
const struct tsob_ds_cell *tsob_ds_find(const struct tsob_ds *ds, const char *kernel,
					const char *strategy, int threads);

/* A one-line banner when timings are not ordering costs (emulated, x86), else NULL. */
const char *tsob_ds_banner(const struct tsob_ds *ds);

#endif
