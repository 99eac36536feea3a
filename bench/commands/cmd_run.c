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
#include "runs.h"
#include "suite_opts.h"
#include "table.h"
#include "tsob/output.h"
#include "tsob/parse.h"
#include "tsob/rng.h"

#define O struct tsob_run_opts

/* A build made to be slower, for testing the A/B gate on real builds (cmake -DTSOB_INJECT_PCT). */
#ifndef TSOB_INJECT_PCT
#define TSOB_INJECT_PCT 0
#endif

static const char *const formats[] = { "json", "csv", NULL };
static const char *const orders[] = { [TSOB_ORDER_INTERLEAVED] = "interleaved",
				      [TSOB_ORDER_SEQUENTIAL] = "sequential", NULL };

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
	TSOB_OPT_CHOICE(0, "order", O, suite.order, orders, "interleaved|sequential",
			"a kernel's strategies: one repetition of each per round,\n"
			"shuffled every round (default), or one cell after the other"),
	TSOB_OPT_UINT(0, "seed", O, suite.seed, 0, TSOB_SEED_MAX, "N",
		      "seed of the shuffled order (default: a fresh one; recorded)"),
	TSOB_OPT_UINT(0, "runs", O, runs, 1, TSOB_RUNS_MAX, "N",
		      "N fresh processes, all in one file; statistics and compare\n"
		      "then take the run as the unit (default 1)"),
	TSOB_OPT_DOUBLE(0, "precision", O, precision_pct, 0.01, 100, "PCT",
			"add repetitions (with --runs: runs) until every cell's 95% CI\n"
			"half-width is within PCT% of its median, or the budget is spent"),
	TSOB_OPT_DOUBLE(0, "budget", O, budget_s, 1, 86400, "SECONDS",
			"time for --precision (default 60)"),
	TSOB_OPT_DOUBLE(0, "inject-slowdown", O, suite.inject_pct, 0, 1000, "PCT",
			"append extra work of about PCT% to every repetition (executed\n"
			"instructions, share measured): for calibrating the A/B gate only"),
	/* Between a `run --runs` process and the runs it starts: not for users. */
	TSOB_OPT_UINT(0, "run-index", O, run_index, 0, TSOB_RUNS_MAX - 1, "I", NULL),
	TSOB_OPT_END_ROW,
};

static void defaults(void *opts)
{
	O *o = opts;

	o->suite.cpu = -1;
	o->suite.timeout_ms = 10000;
	o->suite.inject_pct = TSOB_INJECT_PCT;
	o->format = TSOB_FORMAT_JSON;
	o->runs = 1;
}

/* --runs, --precision, --budget, --seed and --run-index, checked together. */
static int finish_runs(O *o, const struct tsob_args *a, struct tsob_err *e)
{
	struct tsob_suite *s = &o->suite;

	if (!tsob_opt_given(&tsob_cmd_run, a, "seed"))
		s->seed = tsob_rng_fresh_seed() & TSOB_SEED_MAX;
	if (tsob_opt_given(&tsob_cmd_run, a, "budget") && !(o->precision_pct > 0))
		return tsob_err_set(e, -EINVAL, "--budget is the time for --precision: give both");
	if (!tsob_opt_given(&tsob_cmd_run, a, "budget"))
		o->budget_s = 60;
	o->is_run_of_set = tsob_opt_given(&tsob_cmd_run, a, "run-index");
	if (o->is_run_of_set) {
		/* One run of a parent's set: the parent counts runs and precision. */
		o->runs = 1;
		o->precision_pct = 0;
	}
	if (o->runs == 1 && o->precision_pct > 0) {
		s->precision = o->precision_pct / 100;
		s->budget_s = o->budget_s;
	}
	return 0;
}

/* Defaults that depend on other options, and checks across options. */
static int finish(O *o, const struct tsob_args *a, struct tsob_err *e)
{
	struct tsob_suite *s = &o->suite;
	int r;

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
	if ((r = tsob_suite_check_threads(s, e)))
		return r;
	return finish_runs(o, a, e);
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

/* This process, or fresh ones (--runs): an exit status, or a negative errno with @e. */
static int measure(O *o, const struct tsob_host *host, json_object *doc, struct tsob_err *e)
{
	int r;

	if (o->runs > 1) {
		struct tsob_runs_conf c = { .runs = o->runs, .precision = o->precision_pct / 100,
					    .budget_s = o->budget_s, .seed = o->suite.seed,
					    .quiet = o->suite.quiet };

		c.argv = tsob_command_argv(&c.argc);
		return tsob_runs_measure(&c, doc, e);
	}
	r = tsob_suite_run(&o->suite, host, doc);
	return r < 0 ? tsob_err_set(e, r, "out of memory") : r;
}

static void info_of(const O *o, const struct tsob_host *host, struct tsob_run_info *info)
{
	*info = (struct tsob_run_info){ .host = host, .command = "run",
					.argv_line = tsob_command_line(), .quick = o->suite.quick,
					.repeat = o->suite.repeat, .warmup = o->suite.warmup,
					.cpu = o->suite.cpu, .events = o->suite.events,
					.nevents = o->suite.nevents,
					.order = tsob_order_name(o->suite.order),
					.seed = o->suite.seed, .runs = o->runs,
					.precision_pct = o->precision_pct, .budget_s = o->budget_s,
					.inject_pct = o->suite.inject_pct };
	if (!(o->precision_pct > 0))
		info->budget_s = 0;
}

/* Save what was measured, also after an error; print the table of the file. */
static int finish_file(O *o, json_object *doc, const char *path, const char *shown, int code,
		       struct tsob_err *e)
{
	bool measured = json_object_array_length(json_object_object_get(doc, "cells")) > 0;
	struct tsob_err se = { 0 };
	struct tsob_view v;
	char why[512];
	int r;

	snprintf(why, sizeof(why), "%s", code < 0 ? e->msg : "interrupted by a signal");
	tsob_results_set_complete(doc, code >= 0 && !tsob_interrupted, why);
	if (code < 0 && !measured)
		return code; /* nothing to keep: an earlier file stays as it was */
	if ((r = tsob_results_save(path, doc, o->format, code < 0 ? &se : e)))
		return code < 0 ? code : r;
	if (code < 0)
		return tsob_err_set(e, code, "%s; what was measured before is in %s, marked incomplete",
				    why, shown);
	/* The table is the analysis's reading of the same document. */
	if (!tsob_view_from_json(json_object_get(doc), shown, &v, e)) {
		tsob_table_print(stdout, &v);
		tsob_view_free(&v);
	}
	printf("results: %s%s\n", shown, tsob_interrupted ? " (incomplete: interrupted)" : "");
	return tsob_interrupted ? TSOB_EXIT_INTERRUPTED : code;
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	O *o = opts;
	struct tsob_host host;
	struct tsob_run_info info;
	json_object *doc;
	char path[512], shown[512];
	int r;

	if ((r = finish(o, a, e)))
		return r;
	tsob_host_probe(&host);
	if (o->execution)
		tsob_host_set_execution(&host, o->execution);
	if ((r = tsob_results_out(o->out, "run", host.hostname, host.arch, o->format, path,
				  sizeof(path), shown, sizeof(shown), e)))
		return r;
	if (o->suite.inject_pct > 0 && !o->is_run_of_set)
		tsob_warn("every repetition gets extra work of about %g%% (--inject-slowdown or a "
			  "TSOB_INJECT_PCT build): these timings are slowed on purpose",
			  o->suite.inject_pct);
	tsob_counters_init();
	tsob_signals_install();
	info_of(o, &host, &info);
	doc = tsob_record_new(&info);
	r = finish_file(o, doc, path, shown, measure(o, &host, doc, e), e);
	json_object_put(doc);
	return r;
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
