// SPDX-License-Identifier: MIT
/* tsobench run: every selected kernel x strategy, with counters, into a results file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "counters.h"
#include "host.h"
#include "placement.h"
#include "record.h"
#include "run.h"
#include "suite_opts.h"
#include "table.h"
#include "tsob/output.h"
#include "tsob/parse.h"

#define O struct tsob_run_opts

static const char *const formats[] = { "json", "csv", NULL };

static int opt_kernels(void *opts, const char *arg, struct tsob_err *e)
{
	return tsob_suite_opt_kernels(&((O *)opts)->suite, arg, e);
}

static int opt_mode(void *opts, const char *arg, struct tsob_err *e)
{
	O *o = opts;
	char store[256], *items[TSOB_NR_STRATEGIES * 2];
	int n = tsob_opt_list(arg, store, sizeof(store), items, TSOB_NR_STRATEGIES * 2,
			      "strategies", e);

	for (int i = 0; i < n; i++) {
		int s = tsob_strategy_lookup(items[i]);

		if (s < 0)
			return tsob_err_set(e, -EINVAL, "unknown strategy '%s': use %s", items[i],
					    tsob_strategy_choices());
		o->suite.strat[s] = true;
	}
	o->mode_set = true;
	return n < 0 ? n : 0;
}

static int opt_events(void *opts, const char *arg, struct tsob_err *e)
{
	((O *)opts)->events_set = true;
	return tsob_suite_opt_events(&((O *)opts)->suite, arg, e);
}

static int opt_cpu(void *opts, const char *arg, struct tsob_err *e)
{
	uint64_t v;
	int r = tsob_parse_u64(arg, 0, CPU_SETSIZE - 1, &v);

	if (r == -EINVAL)
		return tsob_err_set(e, r, "--cpu '%s': not a number", arg);
	if (r || !tsob_cpu_allowed((int)v))
		return tsob_err_set(e, -EINVAL, "--cpu %s: no such CPU online for this process", arg);
	((O *)opts)->suite.cpu = (int)v;
	return 0;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_CALL('w', "workload", opt_kernels, "LIST",
		      "kernels to run (default: all; see 'tsobench list')"),
	TSOB_OPT_CALL_MORE('m', "mode", opt_mode, "LIST", "strategies (default: all):",
			   tsob_strategy_choices),
	TSOB_OPT_CALL_MORE('e', "events", opt_events, "LIST",
			   "libpfm4 or generic perf events; 'tsobench events' lists them", 
			   tsob_events_default_help),
	TSOB_OPT_UINT('r', "repeat", O, suite.repeat, 1, 1000000, "N",
		      "measured repetitions per cell (default 10, --quick 5)"),
	TSOB_OPT_UINT(0, "warmup", O, suite.warmup, 0, 1000000, "N",
		      "warm-up runs per cell (default 2, --quick 1)"),
	TSOB_OPT_CALL(0, "cpu", opt_cpu, "N",
		      "pin the measured thread to CPU N; more threads go to the\n"
		      "next allowed CPUs, wrapping around (default: unpinned;\n"
		      "multi-threaded kernels on distinct CPUs when there are enough)"),
	TSOB_OPT_UINT(0, "threads", O, suite.threads, 1, TSOB_MAX_THREADS, "N",
		      "thread count for multi-threaded kernels (default 2)"),
	TSOB_OPT_UINT(0, "size", O, suite.size, 1, 1ull << 36, "N",
		      "problem size, counted in each kernel's size unit\n"
		      "('tsobench list' shows units and default sizes)"),
	TSOB_OPT_FLAG(0, "quick", O, suite.quick, "a CI-sized run: small sizes, fewer repetitions"),
	TSOB_OPT_UINT(0, "timeout-ms", O, suite.timeout_ms, 1, 3600000, "N",
		      "how long threads may take to reach the start barrier\n(default 10000)"),
	TSOB_OPT_STRING('o', "output", O, out, "FILE",
			"results file (default: results/run-HOST-ARCH-TIME.json;\n"
			"'-': standard output)"),
	TSOB_OPT_CHOICE(0, "format", O, format, formats, "json|csv", "results format (default json)"),
	TSOB_OPT_EXECUTION(O, execution),
	TSOB_OPT_FLAG('q', "quiet", O, suite.quiet, "no progress on stderr"),
	TSOB_OPT_END_ROW,
};

static void defaults(void *opts)
{
	O *o = opts;

	o->suite.cpu = -1;
	o->suite.timeout_ms = 10000;
	o->format = TSOB_FORMAT_JSON;
}

/* Defaults that depend on other options, and checks across options. */
static int finish(O *o, const struct tsob_args *a, struct tsob_err *e)
{
	struct tsob_suite *s = &o->suite;

	if (!tsob_opt_given(&tsob_cmd_run, a, "repeat"))
		s->repeat = s->quick ? 5 : 10;
	if (!tsob_opt_given(&tsob_cmd_run, a, "warmup"))
		s->warmup = s->quick ? 1 : 2;
	if (!o->mode_set)
		for (int i = 0; i < TSOB_NR_STRATEGIES; i++)
			s->strat[i] = true;
	if (!o->events_set)
		tsob_suite_default_events(s);
	tsob_suite_default_kernels(s);
	return tsob_suite_check_threads(s, e);
}

int tsob_run_parse(int argc, char **argv, struct tsob_run_opts *o, struct tsob_err *e)
{
	struct tsob_args a;
	int r;

	memset(o, 0, sizeof(*o));
	defaults(o);
	r = tsob_opt_parse(&tsob_cmd_run, argc, argv, o, &a, e);
	return r ? r : finish(o, &a, e);
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	O *o = opts;
	struct tsob_host host;
	struct tsob_run_info info;
	struct tsob_view v;
	json_object *doc;
	char path[512], shown[512];
	int r, exit_code;

	if ((r = finish(o, a, e)))
		return r;
	tsob_host_probe(&host);
	if (o->execution)
		tsob_host_set_execution(&host, o->execution);
	if (o->out)
		snprintf(path, sizeof(path), "%s", o->out);
	else
		tsob_results_default_path(path, sizeof(path), "run", host.hostname, host.arch,
					  o->format);
	if ((r = tsob_output_check(path, "results", e)))
		return r;
	snprintf(shown, sizeof(shown), "%s", path);
	if ((r = tsob_output_take_stdout(path, sizeof(path))))
		return tsob_err_set(e, r, "cannot keep standard output for the results");

	tsob_counters_init();
	tsob_signals_install();
	info = (struct tsob_run_info){ .host = &host, .command = "run",
				       .argv_line = tsob_command_line(), .quick = o->suite.quick,
				       .repeat = o->suite.repeat, .warmup = o->suite.warmup,
				       .cpu = o->suite.cpu, .events = o->suite.events,
				       .nevents = o->suite.nevents };
	doc = tsob_record_new(&info);
	exit_code = tsob_suite_run(&o->suite, &host, doc);
	if (exit_code < 0) {
		json_object_put(doc);
		return tsob_err_set(e, exit_code, "out of memory");
	}
	tsob_results_set_complete(doc, !tsob_interrupted, "interrupted by a signal");
	if ((r = tsob_results_save(path, doc, o->format, e))) {
		json_object_put(doc);
		return r;
	}
	/* The table is the analysis's reading of the same document. */
	if (!tsob_view_from_json(json_object_get(doc), shown, &v, e)) {
		tsob_table_print(stdout, &v);
		tsob_view_free(&v);
	}
	printf("results: %s%s\n", shown, tsob_interrupted ? " (incomplete: interrupted)" : "");
	json_object_put(doc);
	return tsob_interrupted ? TSOB_EXIT_INTERRUPTED : exit_code;
}

const struct tsob_cmd tsob_cmd_run = {
	.name = "run",
	.summary = "run kernels x strategies with counters and write results",
	.usage = "[OPTIONS]",
	.opts = options,
	.epilogue = "exit: 0 ok, 1 a checksum failed (reported in its cell), 2 bad usage,\n"
		    "130 interrupted (the finished cells are kept)\n",
	.opts_size = sizeof(struct tsob_run_opts),
	.defaults = defaults,
	.run = run,
};
