/* SPDX-License-Identifier: MIT */
/* Shared between suite.c (the walk over kernels) and suite_kernel.c (one kernel's cells). */
#ifndef TSOB_SUITE_INTERNAL_H
#define TSOB_SUITE_INTERNAL_H

#include "suite.h"
#include "tsob/rng.h"

struct suite_run {
	const struct tsob_suite *s;
	const struct tsob_host *host;
	json_object *doc;
	struct tsob_rng rng;   /* the interleaved order, from s->seed */
	uint64_t start_ns;
	uint64_t end_ns;       /* with precision: when the budget runs out */
	int kernels_left;      /* the budget left is shared among them */
	int done, total;       /* progress: kernels */
	bool progress_on;
	double inject_ns_per_iter; /* the extra work's speed here, timed at first need */
};

/*
 * Measure and record every selected strategy of kernel @name. Returns
 * TSOB_EXIT_OK, TSOB_EXIT_FAIL when a cell failed, or -ENOMEM.
 */
int tsob_suite_run_kernel(struct suite_run *x, const char *name);

#endif
