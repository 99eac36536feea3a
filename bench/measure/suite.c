// SPDX-License-Identifier: MIT
/* A run of the kernels: every kernel in turn, its strategies' cells measured and recorded. */
#include "suite.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "suite_internal.h"
#include "tsob/err.h"
#include "tsob/parse.h"

const struct tsob_kernel *tsob_suite_kernel(const char *name)
{
	for (int i = 0; tsob_registry[i]; i++)
		if (!strcmp(tsob_registry[i]->name, name))
			return tsob_registry[i];
	return NULL;
}

unsigned tsob_suite_threads(const struct tsob_suite *s, const struct tsob_kernel *k)
{
	unsigned t;

	if (k->max_threads <= 1)
		return 1;
	t = s->threads ? s->threads : 2;
	if (t < k->min_threads)
		t = k->min_threads;
	return t > k->max_threads ? k->max_threads : t;
}

const char *tsob_order_name(int order)
{
	return order == TSOB_ORDER_SEQUENTIAL ? "sequential" : "interleaved";
}

/* Progress on stderr, once a run has taken longer than two seconds. */
static void progress(struct suite_run *x, const char *kernel)
{
	x->done++;
	if (x->s->quiet || (!x->progress_on && tsob_now_ns() - x->start_ns < 2000000000ull))
		return;
	x->progress_on = true;
	fprintf(stderr, "[%d/%d] %s (%s)\n", x->done, x->total, kernel,
		tsob_order_name(x->s->order));
}

int tsob_suite_run(const struct tsob_suite *s, const struct tsob_host *host, json_object *doc)
{
	struct suite_run x = { .s = s, .host = host, .doc = doc, .start_ns = tsob_now_ns(),
			       .kernels_left = s->nkernels, .total = s->nkernels };
	int exit_code = TSOB_EXIT_OK;

	tsob_rng_seed(&x.rng, s->seed);
	x.end_ns = x.start_ns + (uint64_t)(s->budget_s * 1e9);
	for (int i = 0; i < s->nkernels && !tsob_interrupted; i++, x.kernels_left--) {
		int r;

		progress(&x, s->kernels[i]);
		r = tsob_suite_run_kernel(&x, s->kernels[i]);
		if (r < 0)
			return r;
		if (r)
			exit_code = TSOB_EXIT_FAIL;
	}
	return exit_code;
}
