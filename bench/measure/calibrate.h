/* SPDX-License-Identifier: MIT */
/*
 * `tsobench calibrate`, the measuring: this machine's A/B gate exercised on
 * builds whose difference is known. A/A pairs run this tsobench against
 * itself; power pairs give the NEW side extra work of a known size appended
 * to every repetition (inject.h: executed instructions whose share of each
 * repetition is measured, not a sleep). Optionally, A/A pairs of `run --runs`
 * files too, for the gate of `compare`. Each experiment's documents go to a
 * sink (the analysis, which the measuring side does not know).
 */
#ifndef TSOB_CALIBRATE_H
#define TSOB_CALIBRATE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "host.h"
#include "tsob/err.h"

#define TSOB_CAL_MAX_LEVELS 16

struct tsob_cal_conf {
	const char *self;         /* this tsobench, as BASE and NEW */
	char *const *run_args;    /* the `run` options of every process, NULL-ended */
	int nrun_args;
	unsigned pairs, rounds;   /* pairs per experiment, rounds per A/B pair */
	unsigned runs;            /* compare's A/A: runs a file; 0: not measured */
	bool duet, quiet;
	double levels[TSOB_CAL_MAX_LEVELS]; /* injected slowdowns, percent */
	int nlevels;
	uint64_t seed;
	const struct tsob_host *host;
};

/*
 * Called with each experiment's documents (taken back by the caller after the
 * call): an A/B pair (@level -1 for A/A, else the index of the injected
 * level; @b NULL), or compare's A/A pair of `run --runs` files (@level -2).
 * Returns 0 or a negative errno with @e, which stops the calibration.
 */
typedef int (*tsob_cal_sink)(void *arg, int level, unsigned pair, json_object *a, json_object *b,
			     struct tsob_err *e);

/*
 * Run every experiment in an order shuffled from the seed, so that a drift
 * of the machine over the calibration does not fall on one level.
 * TSOB_EXIT_OK, TSOB_EXIT_INTERRUPTED, or a negative errno with @e.
 */
int tsob_calibrate_measure(const struct tsob_cal_conf *c, tsob_cal_sink sink, void *arg,
			   struct tsob_err *e);

#endif
