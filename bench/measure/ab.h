/* SPDX-License-Identifier: MIT */
/*
 * `tsobench ab BASE NEW`: two tsobench builds measured round by round, each
 * side a fresh process (`BIN run ... -o FILE`, an interface every tsobench
 * has), in an order drawn afresh every round; with duet, both at once on
 * disjoint halves of the allowed CPUs (Bulej et al., ICPE 2020), the halves
 * drawn every round too, so that interference hits both. One document holds
 * both sides, each cell with its side and every sample with its round as the
 * run, for a paired test across rounds (analysis/ab.h).
 */
#ifndef TSOB_AB_H
#define TSOB_AB_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "tsob/err.h"

#define TSOB_AB_MAX_ROUNDS 10000

struct tsob_ab_conf {
	const char *bin[2];   /* BASE and NEW executables */
	char *const *run_args; /* the `run` options both get, NULL-ended */
	unsigned rounds;      /* at least this many */
	bool duet;
	uint64_t seed;        /* of the order and the CPU halves */
	double precision;     /* > 0: add rounds until every cell's paired 95% CI is this narrow */
	double budget_s;      /* with precision: seconds for all rounds */
	double inject_new_pct; /* calibration: NEW runs with --inject-slowdown this */
	bool quiet;
	const char *keep_dir; /* keep each process's file here; NULL: a temporary directory */
};

/*
 * Check that @bin is a tsobench: it runs and `--version` says so. 0, or
 * -EINVAL with @e naming @label ("BASE", "NEW") and what it said.
 */
int tsob_ab_check_build(const char *bin, const char *label, struct tsob_err *e);

/*
 * Run the rounds into @doc (sides "base" and "new", run = round). Returns
 * TSOB_EXIT_OK, TSOB_EXIT_FAIL when a cell failed its checks on a side,
 * TSOB_EXIT_INTERRUPTED; or a negative errno with @e when a side could not
 * run, crashed, or wrote a file this tsobench cannot read (then @doc holds
 * the rounds before). Sets context.runs and *@done to the rounds done.
 */
int tsob_ab_measure(const struct tsob_ab_conf *c, json_object *doc, unsigned *done,
		    struct tsob_err *e);

#endif
