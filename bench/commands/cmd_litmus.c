// SPDX-License-Identifier: MIT
/* tsobench litmus: the ordering litmus tests for every strategy, into a results file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "host.h"
#include "litmus_suite.h"
#include "record.h"
#include "tsob/litmus.h"
#include "tsob/output.h"
#include "tsob/parse.h"

#define DEFAULT_ITERATIONS 1000000
#define QUICK_ITERATIONS 100000
/* Emulators run one vCPU at a time or on a TSO host: they show plumbing, not
 * hardware reorderings, and 40 tests must fit in 20 s there. */
#define QUICK_ITERATIONS_EMULATED 10000
/* --quick: how long one test may take, natively and under emulation (in the
 * guest's time: under -icount that is instructions, not seconds). */
#define QUICK_LIMIT_S 2.0
#define QUICK_LIMIT_EMULATED_S 0.3

struct litmus_opts {
	bool test[32]; /* by test id */
	bool strat[TSOB_NR_STRATEGIES];
	bool tests_set, mode_set;
	struct tsob_litmus_params p;
	bool quick, quiet;
	const char *out;
	const char *execution; /* --execution label, or NULL */
};

#define O struct litmus_opts

static int opt_tests(void *opts, const char *arg, struct tsob_err *e)
{
	O *o = opts;
	char store[256], *items[32];
	int n = tsob_opt_list(arg, store, sizeof(store), items, 32, "tests", e);

	for (int i = 0; i < n; i++) {
		const struct tsob_litmus_test *t = tsob_litmus_lookup(items[i]);

		if (!t)
			return tsob_err_set(e, -EINVAL,
					    "unknown litmus test '%s': 'tsobench litmus --help' "
					    "lists them",
					    items[i]);
		o->test[t->id] = true;
	}
	o->tests_set = true;
	return n < 0 ? n : 0;
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
		o->strat[s] = true;
	}
	o->mode_set = true;
	return n < 0 ? n : 0;
}

/* "MP, SB, LB, ...": the test table's names, for the help. */
static const char *test_names(void)
{
	static char buf[128];

	if (!buf[0])
		for (unsigned i = 0, used = 0; i < tsob_litmus_nr_tests && used < sizeof(buf); i++)
			used += (unsigned)snprintf(buf + used, sizeof(buf) - used, "%s%s",
						   i ? ", " : "", tsob_litmus_tests[i].name);
	return buf;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_CALL_MORE('t', "tests", opt_tests, "LIST", "tests (default: all):", test_names),
	TSOB_OPT_CALL_MORE('m', "mode", opt_mode, "LIST", "strategies (default: all):",
			   tsob_strategy_choices),
	TSOB_OPT_UINT('n', "iterations", O, p.iterations, 1, 1ull << 40, "N",
		      "iterations per test and strategy (default 1000000,\n"
		      "--quick 100000, emulated 10000)"),
	TSOB_OPT_UINT(0, "batch", O, p.batch, 1, 1000000, "N",
		      "iterations per batch, each on fresh locations (default 1000)"),
	TSOB_OPT_UINT(0, "stagger", O, p.stagger, 0, 1000000, "N",
		      "largest random delay before an iteration, in loop steps\n(default 256)"),
	TSOB_OPT_UINT(0, "seed", O, p.seed, 0, INT64_MAX, "N",
		      "seed of the random delays (default: from the clock)"),
	TSOB_OPT_DOUBLE(0, "time-limit", O, p.time_limit_s, 0.001, 86400, "S",
			"end a test after S seconds even if iterations remain\n"
			"(default: none; --quick: 2, emulated 0.3)"),
	TSOB_OPT_FLAG(0, "quick", O, quick, "a CI-sized run"),
	TSOB_OPT_EXECUTION(O, execution),
	TSOB_OPT_STRING('o', "output", O, out, "FILE",
			"results file (default: results/litmus-HOST-ARCH-TIME.json)"),
	TSOB_OPT_FLAG('q', "quiet", O, quiet, "no progress on stderr"),
	TSOB_OPT_END_ROW,
};

static void defaults(void *opts)
{
	O *o = opts;

	o->p.batch = 1000;
	o->p.stagger = 256; /* best of 0..4096 for SB on an x86-64 host */
}

/* Defaults that depend on other options and on how this host executes. */
static void finish(O *o, const struct tsob_args *a, const struct tsob_host *host)
{
	if (!o->tests_set)
		for (unsigned i = 0; i < tsob_litmus_nr_tests; i++)
			o->test[i] = true;
	if (!o->mode_set)
		for (int s = 0; s < TSOB_NR_STRATEGIES; s++)
			o->strat[s] = true;
	if (!tsob_opt_given(&tsob_cmd_litmus, a, "iterations"))
		o->p.iterations = !o->quick	  ? DEFAULT_ITERATIONS
				  : host->emulated ? QUICK_ITERATIONS_EMULATED
						   : QUICK_ITERATIONS;
	if (o->quick && !tsob_opt_given(&tsob_cmd_litmus, a, "time-limit"))
		o->p.time_limit_s = host->emulated ? QUICK_LIMIT_EMULATED_S : QUICK_LIMIT_S;
	if (!tsob_opt_given(&tsob_cmd_litmus, a, "seed"))
		o->p.seed = tsob_now_ns() & INT64_MAX;
}

/* The cells: each selected test x strategy, unavailable ones with the reason. */
static unsigned plan(const O *o, const struct tsob_host *host, struct tsob_litmus_cell *cells)
{
	unsigned n = 0;

	for (unsigned i = 0; i < tsob_litmus_nr_tests; i++)
		for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
			struct tsob_litmus_cell *c = &cells[n];

			if (!o->test[i] || !o->strat[s])
				continue;
			n++;
			c->test = &tsob_litmus_tests[i];
			c->strategy = s;
			c->must_be_tso = tsob_litmus_must_be_tso(s);
			c->available = host->strat[s].available && tsob_litmus_has_code(s);
			snprintf(c->why, sizeof(c->why), "%s",
				 !host->strat[s].available ? host->strat[s].why
							   : "no litmus code for it in this build");
		}
	return n;
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	O *o = opts;
	struct tsob_host host;
	struct tsob_run_info info;
	struct tsob_litmus_cell *cells;
	json_object *doc;
	char path[512], shown[512];
	unsigned ncells;
	int r, exit_code;

	tsob_host_probe(&host);
	if (o->execution)
		tsob_host_set_execution(&host, o->execution);
	finish(o, a, &host);
	if ((r = tsob_results_out(o->out, "litmus", host.hostname, host.arch, TSOB_FORMAT_JSON,
				  path, sizeof(path), shown, sizeof(shown), e)))
		return r;
	cells = calloc(tsob_litmus_nr_tests * TSOB_NR_STRATEGIES, sizeof(*cells));
	if (!cells)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	ncells = plan(o, &host, cells);

	tsob_signals_install();
	exit_code = tsob_litmus_suite_run(cells, ncells, &o->p, o->quiet);
	info = (struct tsob_run_info){ .host = &host, .command = "litmus",
				       .argv_line = tsob_command_line(), .quick = o->quick,
				       .cpu = -1 };
	doc = tsob_record_new(&info);
	json_object_object_add(doc, "litmus", tsob_litmus_json(&o->p, cells, ncells));
	tsob_results_set_complete(doc, !tsob_interrupted, "interrupted by a signal");
	r = tsob_results_save(path, doc, TSOB_FORMAT_JSON, e);
	if (!r) {
		tsob_litmus_print(stdout, cells, ncells, (unsigned)host.ncpus);
		printf("results: %s%s\n", shown, tsob_interrupted ? " (incomplete: interrupted)" : "");
	}
	json_object_put(doc);
	free(cells);
	if (r)
		return r;
	return tsob_interrupted ? TSOB_EXIT_INTERRUPTED : exit_code;
}

const struct tsob_cmd tsob_cmd_litmus = {
	.name = "litmus",
	.summary = "ordering litmus tests for every strategy",
	.usage = "[OPTIONS]",
	.opts = options,
	.epilogue = "Outcomes are classed by x86-TSO: sc (allowed by sequential consistency), relaxed\n"
		    "(allowed by x86-TSO only: a load passed its thread's earlier store) and FORBIDDEN.\n"
		    "exit: 0 no forbidden outcome where x86 ordering is required, 1 one was seen or a\n"
		    "test could not run, 2 bad usage, 130 interrupted\n",
	.opts_size = sizeof(struct litmus_opts),
	.defaults = defaults,
	.run = run,
};
