/* SPDX-License-Identifier: MIT */
/*
 * A run of the kernels: every selected kernel x strategy, each cell measured
 * by the runner and recorded in the results document, strategies this host
 * cannot run recorded as unavailable with the reason.
 *
 * The cells of one kernel (its strategies) run interleaved by default: all
 * open at once, one repetition of each per round, in an order shuffled every
 * round from a recorded seed, so that each strategy's ratio to plain is a
 * paired ratio across rounds and a drift of the machine hits every strategy
 * alike. --order sequential measures one cell after the other instead.
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
/* With --precision: the most repetitions a cell may take. */
#define TSOB_SUITE_MAX_REPEAT 1000000
/* Seeds are kept below 2^53, so that a results file holds them exactly. */
#define TSOB_SEED_MAX ((1ull << 53) - 1)

enum tsob_order { TSOB_ORDER_INTERLEAVED, TSOB_ORDER_SEQUENTIAL };

struct tsob_suite {
	const char *kernels[TSOB_SUITE_MAX_KERNELS]; /* names, in the order given */
	int nkernels;
	bool strat[TSOB_NR_STRATEGIES];
	struct tsob_event events[TSOB_MAX_EVENTS];
	int nevents;
	unsigned repeat, warmup; /* with precision: repeat is the least */
	unsigned threads;      /* for multi-threaded kernels; 0: each kernel's choice (2) */
	unsigned timeout_ms;   /* how long threads may take to reach the start barrier */
	int cpu;               /* first CPU to pin to; -1: the runner's plan */
	size_t size;           /* 0: each kernel's default (or quick) size */
	bool quick, quiet;
	int order;             /* enum tsob_order */
	uint64_t seed;         /* of the interleaved order */
	double precision;      /* target CI half-width, a fraction of the median; 0: off */
	double budget_s;       /* with precision: seconds for the whole run */
	double inject_pct;     /* extra work on every cell (calibration, inject.h); 0: none */
};

/* Any object of kernel @name (for its description), or NULL when there is none. */
const struct tsob_kernel *tsob_suite_kernel(const char *name);

/* The thread count a cell of @k gets. */
unsigned tsob_suite_threads(const struct tsob_suite *s, const struct tsob_kernel *k);

/* The name of an enum tsob_order, as recorded. */
const char *tsob_order_name(int order);

/*
 * Run every cell into @doc. Returns TSOB_EXIT_OK, TSOB_EXIT_FAIL when a cell
 * failed its checks or could not run, or a negative errno (out of memory).
 * Stops between repetitions on SIGINT/SIGTERM (tsob_interrupted).
 */
int tsob_suite_run(const struct tsob_suite *s, const struct tsob_host *host, json_object *doc);

#endif
