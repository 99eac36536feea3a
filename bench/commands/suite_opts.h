/* SPDX-License-Identifier: MIT */
/* Option rows the kernel-running commands share (run, emu): kernels and events into a suite. */
#ifndef TSOB_SUITE_OPTS_H
#define TSOB_SUITE_OPTS_H

#include "suite.h"
#include "tsob/err.h"

/* -w LIST: kernels by name, in the order given, each once. 0 or -EINVAL/-E2BIG with @e. */
int tsob_suite_opt_kernels(struct tsob_suite *s, const char *arg, struct tsob_err *e);

/* -e LIST: events as libpfm4 or perf name them. 0 or -EINVAL with @e. */
int tsob_suite_opt_events(struct tsob_suite *s, const char *arg, struct tsob_err *e);

/* What run and emu do without -w and -e: every kernel, the default events. */
void tsob_suite_default_kernels(struct tsob_suite *s);
void tsob_suite_default_events(struct tsob_suite *s);

/* --threads against every selected kernel's range: 0 or -EINVAL with @e. */
int tsob_suite_check_threads(const struct tsob_suite *s, struct tsob_err *e);

#endif
