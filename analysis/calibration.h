/* SPDX-License-Identifier: MIT */
/*
 * `tsobench calibrate`, the reading: from the experiments' documents, per
 * cell, how often the gate flags a change that is not there (A/A pairs of
 * `ab`, and of `compare` on --runs files) and how often it finds extra work
 * of a known size (power), with the share of each repetition that work was
 * measured to take; then the smallest injected slowdown found in at least
 * the target fraction of pairs.
 */
#ifndef TSOB_CALIBRATION_H
#define TSOB_CALIBRATION_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "tsob/err.h"

#define TSOB_CALIBRATION_MAX_LEVELS 16

struct tsob_cal_params {
	double alpha, threshold; /* the gate's, threshold a fraction */
	double power;		 /* the detection rate asked for, e.g. 0.9 */
	double levels[TSOB_CALIBRATION_MAX_LEVELS]; /* injected slowdowns, percent, ascending */
	int nlevels;
	unsigned pairs, rounds, runs;
	bool duet;
};

struct tsob_calibration;

struct tsob_calibration *tsob_calibration_new(const struct tsob_cal_params *p);

/*
 * Count one experiment: an A/B document @a (@level -1: A/A, else the index of
 * its injected level), or two `run --runs` documents @a and @b (@level -2).
 * The documents stay the caller's. 0, or a negative errno with @e.
 */
int tsob_calibration_add(struct tsob_calibration *cal, int level, json_object *a, json_object *b,
			 struct tsob_err *e);

void tsob_calibration_print(FILE *f, const struct tsob_calibration *cal);

/* The "calibration" section of the results file. */
json_object *tsob_calibration_json(const struct tsob_calibration *cal);

void tsob_calibration_free(struct tsob_calibration *cal);

#endif
