/* SPDX-License-Identifier: MIT */
/*
 * The `tsobench run` options that ab and calibrate hand on to every tsobench
 * process they start: kept as they were typed (a BASE build may be older and
 * know only some), and checked first with this build's `run` parser so that a
 * mistake is one line before anything runs. A command using these rows puts
 * struct tsob_runargs first in its options struct.
 */
#ifndef TSOB_RUNARGS_H
#define TSOB_RUNARGS_H

#include <stdbool.h>

#include "tsob/opt.h"

#define TSOB_RUNARGS_MAX 64

struct tsob_runargs {
	char *argv[TSOB_RUNARGS_MAX + 2]; /* "--workload", "copy8", ...; NULL-ended */
	int argc;
	bool quick;
};

int tsob_pass_workload(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_mode(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_events(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_repeat(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_warmup(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_cpu(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_threads(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_size(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_timeout(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_order(void *opts, const char *arg, struct tsob_err *e);
int tsob_pass_execution(void *opts, const char *arg, struct tsob_err *e);

/* The rows, for the option table of a command whose options struct @T begins with runargs. */
#define TSOB_RUNARGS_ROWS(T)                                                                       \
	TSOB_OPT_CALL('w', "workload", tsob_pass_workload, "LIST", "kernels (as for run)"),         \
	TSOB_OPT_CALL('m', "mode", tsob_pass_mode, "LIST", "strategies (as for run)"),               \
	TSOB_OPT_CALL('e', "events", tsob_pass_events, "LIST", "events (as for run)"),               \
	TSOB_OPT_CALL('r', "repeat", tsob_pass_repeat, "N", "repetitions per cell and process"),    \
	TSOB_OPT_CALL(0, "warmup", tsob_pass_warmup, "N", "warm-up runs per cell (as for run)"),     \
	TSOB_OPT_CALL(0, "cpu", tsob_pass_cpu, "N", "first CPU to pin to (as for run)"),             \
	TSOB_OPT_CALL(0, "threads", tsob_pass_threads, "N", "threads of multi-threaded kernels"),    \
	TSOB_OPT_CALL(0, "size", tsob_pass_size, "N", "problem size (as for run)"),                  \
	TSOB_OPT_CALL(0, "timeout-ms", tsob_pass_timeout, "N", "start-barrier timeout (as for run)"), \
	TSOB_OPT_CALL(0, "order", tsob_pass_order, "ORDER", "interleaved|sequential (as for run)"),  \
	TSOB_OPT_CALL(0, "execution", tsob_pass_execution, "KIND", "how this runs (as for run)"),    \
	TSOB_OPT_FLAG(0, "quick", T, runargs.quick, "a CI-sized run in every process")

/*
 * Check the options with this build's `run` parser (@cpu_free: refuse --cpu,
 * which --duet's halves would contradict) and end the list. 0, or a negative
 * errno with one line in @e.
 */
int tsob_runargs_finish(struct tsob_runargs *ra, bool cpu_free, struct tsob_err *e);

#endif
