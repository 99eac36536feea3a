// SPDX-License-Identifier: MIT
/* tsobench export: a results file as Google Benchmark JSON or perf-stat-style CSV. */
#include <errno.h>
#include <stdio.h>

#include "commands.h"
#include "export.h"
#include "tsob/output.h"
#include "tsob/results.h"

struct export_opts {
	int format;
	const char *out;
};

static const char *const formats[] = { "gbench", "csv", NULL };

static void defaults(void *o)
{
	((struct export_opts *)o)->format = -1;
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct export_opts *o = opts;
	struct tsob_view v;
	int r;

	if (o->format < 0)
		return tsob_err_set(e, -EINVAL, "give --format gbench or --format csv");
	if (o->out && (r = tsob_output_check(o->out, "the export", e)))
		return r;
	if ((r = tsob_view_load(a->pos[0], &v, e)))
		return r;
	r = o->format ? tsob_export_csv(&v, o->out ? o->out : "-", e)
		      : tsob_export_gbench_write(&v, o->out ? o->out : "-", e);
	tsob_view_free(&v);
	return r < 0 ? r : TSOB_EXIT_OK;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_CHOICE('f', "format", struct export_opts, format, formats, "gbench|csv",
			"gbench: Google Benchmark JSON (its tools/compare.py, Bencher,\n"
			"github-action-benchmark): one entry per repetition named\n"
			"KERNEL/STRATEGY/size:N/threads:N, real_time in ns per run of\n"
			"the kernel, items_per_second its operations per second,\n"
			"cpu_time from task-clock, counters per operation;\n"
			"csv: the CSV of 'tsobench run --format csv', as 'perf stat -x,':\n"
			"median,unit,metric,kernel,strategy,threads,ci95_lo,ci95_hi,\n"
			"cv_percent,n"),
	TSOB_OPT_STRING('o', "output", struct export_opts, out, "FILE",
			"where to write (default: standard output)"),
	TSOB_OPT_END_ROW,
};

const struct tsob_cmd tsob_cmd_export = {
	.name = "export",
	.summary = "results as Google Benchmark JSON or perf-stat-style CSV",
	.usage = "--format gbench|csv RESULTS.json [-o FILE]",
	.min_args = 1,
	.max_args = 1,
	.opts = options,
	.epilogue = "exit: 0 ok, 2 bad usage or input (nothing is written)\n",
	.opts_size = sizeof(struct export_opts),
	.defaults = defaults,
	.run = run,
};
