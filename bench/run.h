/* SPDX-License-Identifier: MIT */
/* `tsobench run` options, parsed apart from running so they can be tested and fuzzed. */
#ifndef TSOB_RUN_H
#define TSOB_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "counters.h"
#include "events.h"
#include "results.h"
#include "tsob/strategy.h"

#define MAX_KERNELS 64

struct tsob_run_opts {
	const char *kernels[MAX_KERNELS];
	int nkernels;
	bool strat[TSOB_NR_STRATEGIES];
	struct tsob_event events[TSOB_MAX_EVENTS];
	int nevents;
	unsigned repeat, warmup, threads, timeout_ms;
	int cpu;
	size_t size;
	bool quick, quiet;
	const char *out;
	const char *execution; /* --execution label, or NULL */
	enum tsob_format format;
};

/*
 * Parse `run` options into @o. Returns 0; 1 when --help was printed; -1 after
 * one line on stderr for bad usage. @argv is modified (lists are split in place).
 */
int tsob_run_parse(int argc, char **argv, struct tsob_run_opts *o);

#endif
