/* SPDX-License-Identifier: MIT */
/*
 * `tsobench run --runs N`: N fresh processes of this tsobench (the driver
 * re-executes itself), each a whole run with its own order of cells, merged
 * into one document where every sample carries its run. A fresh process, not
 * fresh threads and memory in this one, because what differs between runs on
 * a shared machine is what a process gets: its physical pages and their cache
 * colouring, the address-space layout, the heap's state, the CPUs it lands
 * on; a run inside a process that already ran would inherit all of them.
 */
#ifndef TSOB_RUNS_H
#define TSOB_RUNS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "tsob/err.h"

#define TSOB_RUNS_MAX 1000

struct tsob_runs_conf {
	unsigned runs;	   /* at least this many */
	double precision;  /* > 0: add runs until every cell's 95% CI across runs is this narrow */
	double budget_s;   /* with precision: seconds for all the runs */
	uint64_t seed;	   /* run i orders its cells from seed + i */
	int argc;	   /* this process's command line (argv[1] is "run"), for the children */
	char **argv;
	bool quiet;
};

/*
 * Run the processes and merge them into @doc. Returns TSOB_EXIT_OK,
 * TSOB_EXIT_FAIL when a cell failed, TSOB_EXIT_INTERRUPTED; or a negative
 * errno with @e when a run could not be made (then @doc holds the runs
 * before it, and is marked incomplete). Sets context.runs.
 */
int tsob_runs_measure(const struct tsob_runs_conf *c, json_object *doc, struct tsob_err *e);

#endif
