// SPDX-License-Identifier: MIT
/* A run of the kernels: every kernel x strategy cell, measured and recorded. */
#include "suite.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "record.h"
#include "runner.h"
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

/* Progress on stderr, once a run has taken longer than two seconds. */
struct progress {
	uint64_t start;
	int done, total;
	bool on;
};

static void progress_step(struct progress *p, const struct tsob_suite *s, const char *kernel,
			  const char *strategy)
{
	p->done++;
	if (s->quiet || (!p->on && tsob_now_ns() - p->start < 2000000000ull))
		return;
	p->on = true;
	fprintf(stderr, "[%d/%d] %s / %s\n", p->done, p->total, kernel, strategy);
}

static int run_cell(const struct tsob_suite *s, const struct tsob_kernel *k, int strat,
		    json_object *doc)
{
	struct tsob_cell_conf conf = {
		.kernel = k,
		.strategy = strat,
		.threads = tsob_suite_threads(s, k),
		.size = s->size ? s->size : s->quick ? k->quick_size : k->default_size,
		.warmup = s->warmup,
		.repeat = s->repeat,
		.cpu = s->cpu,
		.events = s->events,
		.nevents = s->nevents,
		.barrier_timeout_ms = s->timeout_ms,
	};
	struct tsob_cell cell;
	int failed;

	if (tsob_cell_run(&cell, &conf))
		return -ENOMEM;
	failed = cell.status == TSOB_CELL_CHECKSUM_FAILED || cell.status == TSOB_CELL_ERROR;
	if (failed)
		tsob_warn("%s / %s: %s: %s", k->name, tsob_strategies[strat].name,
			  tsob_cell_status_name(cell.status), cell.reason);
	tsob_record_cell(doc, &cell);
	tsob_cell_free(&cell);
	return failed;
}

int tsob_suite_run(const struct tsob_suite *s, const struct tsob_host *host, json_object *doc)
{
	struct progress p = { .start = tsob_now_ns() };
	int exit_code = TSOB_EXIT_OK;

	for (int i = 0; i < s->nkernels; i++)
		for (int st = 0; st < TSOB_NR_STRATEGIES; st++)
			p.total += s->strat[st] && host->strat[st].available;
	for (int i = 0; i < s->nkernels && !tsob_interrupted; i++) {
		const struct tsob_kernel *any = tsob_suite_kernel(s->kernels[i]);

		for (int st = 0; st < TSOB_NR_STRATEGIES && !tsob_interrupted; st++) {
			const struct tsob_kernel *k = tsob_registry_find(s->kernels[i], st);
			int r;

			if (!s->strat[st])
				continue;
			if (!host->strat[st].available || !k) {
				tsob_record_unavailable(doc, s->kernels[i], tsob_strategies[st].name,
							tsob_suite_threads(s, any),
							host->strat[st].available
								? "no object for this strategy"
								: host->strat[st].why);
				continue;
			}
			progress_step(&p, s, k->name, tsob_strategies[st].name);
			r = run_cell(s, k, st, doc);
			if (r < 0)
				return r;
			if (r)
				exit_code = TSOB_EXIT_FAIL;
		}
	}
	return exit_code;
}
