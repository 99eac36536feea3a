/* SPDX-License-Identifier: MIT */
/* `tsobench run` options, parsed apart from running so they can be tested and fuzzed. */
#ifndef TSOB_RUN_H
#define TSOB_RUN_H

#include <stdbool.h>

#include "suite.h"
#include "tsob/opt.h"
#include "tsob/results.h"

struct tsob_run_opts {
	struct tsob_suite suite; /* what to measure */
	bool mode_set, events_set;
	unsigned runs;         /* fresh processes (runs.h); 1: this one */
	unsigned run_index;    /* --run-index: this process is that run of a parent's set */
	bool is_run_of_set;
	double precision_pct, budget_s;
	const char *out;
	const char *execution; /* --execution label, or NULL */
	int format;            /* enum tsob_format */
};

extern const struct tsob_cmd tsob_cmd_run;

/*
 * Parse `run` options into @o, defaults and checks across options included.
 * 0; 1 when --help was printed; or a negative errno with one line in @e.
 */
int tsob_run_parse(int argc, char **argv, struct tsob_run_opts *o, struct tsob_err *e);

#endif
