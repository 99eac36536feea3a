/* SPDX-License-Identifier: MIT */
/* `tsobench litmus` measured: running the cells, the results' "litmus" section, the tables. */
#ifndef TSOB_LITMUS_SUITE_H
#define TSOB_LITMUS_SUITE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "tsob/litmus.h"

enum tsob_litmus_status {
	TSOB_LITMUS_OK,		 /* no outcome x86-TSO forbids */
	TSOB_LITMUS_VIOLATION,	 /* forbidden outcomes where x86 ordering is required */
	TSOB_LITMUS_WEAK,	 /* forbidden outcomes from plain on a weakly ordered CPU */
	TSOB_LITMUS_UNAVAILABLE, /* the strategy cannot run here */
	TSOB_LITMUS_ERROR,	 /* the test could not run */
};

/* One test with one strategy. */
struct tsob_litmus_cell {
	const struct tsob_litmus_test *test;
	enum tsob_strategy strategy;
	bool available;
	char why[200];	  /* why not available */
	bool must_be_tso; /* tsob_litmus_must_be_tso() */
	struct tsob_litmus_result res;
};

struct tsob_litmus_params {
	uint64_t iterations; /* asked per cell */
	unsigned batch, stagger;
	uint64_t seed;
	double time_limit_s; /* 0: none */
};

enum tsob_litmus_status tsob_litmus_cell_status(const struct tsob_litmus_cell *c);
const char *tsob_litmus_status_name(enum tsob_litmus_status s);

/* The "litmus" object of the results document (format in litmus_report.c). */
json_object *tsob_litmus_json(const struct tsob_litmus_params *p,
			      const struct tsob_litmus_cell *cells, unsigned ncells);

/*
 * Run the available cells with the threads placed on distinct CPUs where
 * there are enough. TSOB_EXIT_OK, or TSOB_EXIT_FAIL when a cell could not run
 * or showed an outcome x86-TSO forbids where ordering is required. Stops
 * between batches on SIGINT/SIGTERM.
 */
int tsob_litmus_suite_run(struct tsob_litmus_cell *cells, unsigned ncells,
			  const struct tsob_litmus_params *p, bool quiet);

/* Histograms, one block per test with a column per strategy, then the verdict. */
void tsob_litmus_print(FILE *out, const struct tsob_litmus_cell *cells, unsigned ncells,
		       unsigned ncpus);

#endif
