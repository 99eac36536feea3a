/* SPDX-License-Identifier: MIT */
/*
 * A run of the kernels: every selected kernel x strategy, each cell measured
 * by the runner and recorded in the results document, strategies this host
 * cannot run recorded as unavailable with the reason.
 */
#ifndef TSOB_SUITE_H
#define TSOB_SUITE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "counters.h"
#include "events.h"
#include "host.h"
#include "tsob/kernel.h"

#define TSOB_SUITE_MAX_KERNELS 64

struct tsob_suite {
	const char *kernels[TSOB_SUITE_MAX_KERNELS]; /* names, in the order given */
	int nkernels;
	bool strat[TSOB_NR_STRATEGIES];
	struct tsob_event events[TSOB_MAX_EVENTS];
	int nevents;
	unsigned repeat, warmup;
	unsigned threads;      /* for multi-threaded kernels; 0: each kernel's choice (2) */
	unsigned timeout_ms;   /* how long threads may take to reach the start barrier */
	int cpu;               /* first CPU to pin to; -1: the runner's plan */
	size_t size;           /* 0: each kernel's default (or quick) size */
	bool quick, quiet;
};

/* Any object of kernel @name (for its description), or NULL when there is none. */
const struct tsob_kernel *tsob_suite_kernel(const char *name);

/* The thread count a cell of @k gets. */
unsigned tsob_suite_threads(const struct tsob_suite *s, const struct tsob_kernel *k);

/*
 * Run every cell into @doc. Returns TSOB_EXIT_OK, TSOB_EXIT_FAIL when a cell
 * failed its checks or could not run, or a negative errno (out of memory).
 * Stops between repetitions on SIGINT/SIGTERM (tsob_interrupted).
 */
int tsob_suite_run(const struct tsob_suite *s, const struct tsob_host *host, json_object *doc);

#endif
