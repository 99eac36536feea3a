// SPDX-License-Identifier: MIT
/*
 * tsobench emu: the kernels as x86-64 programs (tsob-x86) under real x86
 * emulators and their ordering settings (the rows of emulators.conf), each
 * cell a fresh emulator process with counters that follow it; or, with
 * --litmus (`tsobench emu litmus`), the litmus tests under them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "emu_litmus.h"
#include "emu_suite.h"
#include "emutable.h"
#include "record.h"
#include "suite_opts.h"
#include "tsob/json.h"
#include "tsob/litmus.h"
#include "tsob/output.h"
#include "tsob/parse.h"

#define DEFAULT_ITERATIONS 100000
#define QUICK_ITERATIONS 10000
#define QUICK_LIMIT_S 2.0

struct emu_opts {
	struct tsob_emu_suite s;
	struct tsob_emu_litmus_suite l;
	const char *configs, *conf, *prog, *out, *execution;
	bool litmus, list, events_set, no_counters;
	double time_limit_s;
};

#define O struct emu_opts

static int opt_kernels(void *opts, const char *arg, struct tsob_err *e)
{
	return tsob_suite_opt_kernels(&((O *)opts)->s.base, arg, e);
}

static int opt_events(void *opts, const char *arg, struct tsob_err *e)
{
	((O *)opts)->events_set = true;
	return tsob_suite_opt_events(&((O *)opts)->s.base, arg, e);
}

static int opt_tests(void *opts, const char *arg, struct tsob_err *e)
{
	char store[256], *items[32];
	int n = tsob_opt_list(arg, store, sizeof(store), items, 32, "tests", e);

	for (int i = 0; i < n; i++)
		if (!tsob_litmus_lookup(items[i]))
			return tsob_err_set(e, -EINVAL,
					    "unknown litmus test '%s': 'tsobench litmus --help' "
					    "lists them",
					    items[i]);
	((O *)opts)->l.tests = arg;
	return n < 0 ? n : 0;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_STRING('c', "config", O, configs, "LIST",
			"emulator configurations: rows of the configuration file\n"
			"(default: all; --list shows them)"),
	TSOB_OPT_STRING(0, "conf", O, conf, "FILE",
			"the configurations (default: $TSOB_EMU_CONF, else the\n"
			"emulators.conf of the source tree)"),
	TSOB_OPT_FLAG(0, "list", O, list, "list the configurations and where each can run"),
	TSOB_OPT_STRING(0, "prog", O, prog, "FILE",
			"the x86-64 program: tsob-x86, or tsob-x86-litmus with --litmus\n"
			"(default: $TSOB_X86 or $TSOB_X86_LITMUS, else the build's)"),
	TSOB_OPT_CALL('w', "workload", opt_kernels, "LIST",
		      "kernels to run (default: all; see 'tsobench list')"),
	TSOB_OPT_CALL_MORE('e', "events", opt_events, "LIST",
			   "events, counted on the emulator and every thread it starts",
			   tsob_events_default_help),
	TSOB_OPT_FLAG(0, "no-counters", O, no_counters,
		      "count nothing (tsob-x86 then runs without marks)"),
	TSOB_OPT_UINT('r', "repeat", O, s.base.repeat, 1, 1000000, "N",
		      "measured repetitions per cell (default 10, --quick 5)"),
	TSOB_OPT_UINT(0, "warmup", O, s.base.warmup, 0, 1000000, "N",
		      "warm-up runs per cell, in the same process (default 2,\n--quick 1)"),
	TSOB_OPT_UINT(0, "threads", O, s.base.threads, 1, TSOB_MAX_THREADS, "N",
		      "thread count for multi-threaded kernels (default 2)"),
	TSOB_OPT_UINT(0, "size", O, s.base.size, 1, 1ull << 36, "N",
		      "problem size, in each kernel's size unit"),
	TSOB_OPT_FLAG(0, "quick", O, s.base.quick, "a CI-sized run: small sizes, fewer repetitions"),
	TSOB_OPT_UINT(0, "timeout-ms", O, s.timeout_ms, 1, 86400000, "N",
		      "how long one emulator process may run before it is killed\n"
		      "(default 600000)"),
	TSOB_OPT_FLAG(0, "litmus", O, litmus, "the litmus tests instead of the kernels"),
	TSOB_OPT_CALL('t', "tests", opt_tests, "LIST", "with --litmus: the tests (default: all)"),
	TSOB_OPT_UINT('n', "iterations", O, l.iterations, 1, 1ull << 40, "N",
		      "with --litmus: iterations per test (default 100000,\n--quick 10000)"),
	TSOB_OPT_UINT(0, "seed", O, l.seed, 0, INT64_MAX, "N",
		      "with --litmus: seed of the random delays (default: the clock)"),
	TSOB_OPT_DOUBLE(0, "time-limit", O, time_limit_s, 0.001, 86400, "S",
			"with --litmus: end a test after S seconds (--quick: 2)"),
	TSOB_OPT_STRING('o', "output", O, out, "FILE",
			"results file (default: results/emu-HOST-ARCH-TIME.json)"),
	TSOB_OPT_EXECUTION(O, execution),
	TSOB_OPT_FLAG('q', "quiet", O, s.base.quiet, "no progress on stderr"),
	TSOB_OPT_END_ROW,
};

static void defaults(void *opts)
{
	O *o = opts;

	o->s.timeout_ms = 600000;
	o->s.base.cpu = -1;
	o->l.tests = "all";
}

/* The x86-64 program: the option, the environment, or the build's. */
static int program(O *o, struct tsob_err *e)
{
	const char *env = getenv(o->litmus ? "TSOB_X86_LITMUS" : "TSOB_X86");
#ifdef TSOB_X86_PATH
	const char *built = o->litmus ? TSOB_X86_LITMUS_PATH : TSOB_X86_PATH;
#else
	const char *built = NULL;
#endif

	if (!o->prog)
		o->prog = env && *env ? env : built;
	if (!o->prog)
		return tsob_err_set(
		    e, -ENOENT,
		    "%s not built: x86_64-linux-gnu-gcc missing (Debian "
		    "gcc-x86-64-linux-gnu and libc6-dev-amd64-cross); or give --prog",
		    o->litmus ? "tsob-x86-litmus" : "tsob-x86");
	if (access(o->prog, X_OK))
		return tsob_err_set(e, -ENOENT, "--prog %s: not an executable file (%s)", o->prog,
				    strerror(errno));
	o->s.prog = o->l.prog = o->prog;
	return 0;
}

/* The rows named by -c (default: all of them), in the order given, each once. */
static int configs(O *o, const struct tsob_emu_conf *conf, struct tsob_err *e)
{
	struct tsob_emu_suite *s = &o->s;
	char store[1024], *items[TSOB_EMU_MAX_CONFIGS];
	int n;

	if (!o->configs || !strcmp(o->configs, "all")) {
		for (unsigned i = 0; i < tsob_emu_conf_nconfigs(conf); i++)
			if (s->nconfigs < TSOB_EMU_MAX_CONFIGS)
				s->configs[s->nconfigs++] = tsob_emu_conf_config(conf, i);
		return 0;
	}
	n = tsob_opt_list(o->configs, store, sizeof(store), items, TSOB_EMU_MAX_CONFIGS,
			  "configurations", e);
	for (int i = 0; i < n; i++) {
		const struct tsob_emu_config *c = tsob_emu_conf_find(conf, items[i]);
		bool dup = false;

		if (!c)
			return tsob_err_set(e, -EINVAL,
					    "unknown configuration '%s' (not a row of %s): "
					    "'tsobench emu --list' shows them",
					    items[i], o->conf);
		for (int j = 0; j < s->nconfigs; j++)
			dup |= s->configs[j] == c;
		if (!dup)
			s->configs[s->nconfigs++] = c;
	}
	return n < 0 ? n : 0;
}

/* Defaults that depend on other options and the host, and checks across options. */
static int finish(O *o, const struct tsob_args *a, const struct tsob_host *host, struct tsob_err *e)
{
	struct tsob_suite *b = &o->s.base;
	bool quick = b->quick;

	if (a->npos && strcmp(a->pos[0], "litmus"))
		return tsob_err_set(
		    e, -EINVAL, "unknown argument '%s': only 'litmus' may follow 'emu'", a->pos[0]);
	o->litmus |= a->npos > 0;
	if (!tsob_opt_given(&tsob_cmd_emu, a, "repeat"))
		b->repeat = quick ? 5 : 10;
	if (!tsob_opt_given(&tsob_cmd_emu, a, "warmup"))
		b->warmup = quick ? 1 : 2;
	if (o->no_counters && o->events_set)
		return tsob_err_set(e, -EINVAL, "--no-counters and --events: choose one");
	if (!o->events_set)
		tsob_suite_default_events(b);
	if (o->no_counters)
		b->nevents = 0;
	tsob_suite_default_kernels(b);
	if (!tsob_opt_given(&tsob_cmd_emu, a, "iterations"))
		o->l.iterations = quick ? QUICK_ITERATIONS : DEFAULT_ITERATIONS;
	if (!tsob_opt_given(&tsob_cmd_emu, a, "time-limit") && quick)
		o->time_limit_s = QUICK_LIMIT_S;
	o->l.limit_ms = (unsigned)(o->time_limit_s * 1000.0 + 0.5);
	if (!tsob_opt_given(&tsob_cmd_emu, a, "seed"))
		o->l.seed = tsob_now_ns() & INT64_MAX;
	o->l.timeout_ms = o->s.timeout_ms;
	o->l.quiet = b->quiet;
	(void)host;
	return tsob_suite_check_threads(b, e);
}

/* --list: every row, where its emulator is or why it cannot run here. */
static void list(const struct tsob_emu_conf *conf)
{
	for (unsigned i = 0; i < tsob_emu_conf_nconfigs(conf); i++) {
		const struct tsob_emu_config *c = tsob_emu_conf_config(conf, i);
		struct tsob_emu_avail avail;

		tsob_emu_available(c, &avail);
		printf("%-22s %-7s tso %-7s hwtso %-5s %s\n%22s %s\n", c->name, c->emulator->name,
		       tsob_emu_tso_name(c->tso), tsob_emu_hwtso_name(c->hwtso),
		       avail.available ? "available:" : "unavailable:", "", avail.how);
	}
}

/* Measure into @doc: the cells, or the litmus section. */
static int measure(O *o, json_object *doc, struct tsob_err *e)
{
	json_object *section = NULL;
	char why[320];
	int r;

	if (!o->litmus) {
		why[0] = '\0';
		r = tsob_emu_suite_run(&o->s, doc, why, sizeof(why));
		return r < 0 ? tsob_err_set(e, r, "%s", why[0] ? why : "out of memory") : r;
	}
	memcpy(o->l.configs, o->s.configs, sizeof(o->l.configs));
	o->l.nconfigs = o->s.nconfigs;
	r = tsob_emu_litmus_suite_run(&o->l, &section, stdout);
	json_object_object_add(doc, "litmus", section);
	return r < 0 ? tsob_err_set(e, r, "out of memory") : r;
}

static int run_emu(O *o, const struct tsob_host *host, struct tsob_err *e)
{
	struct tsob_run_info info = {.host = host,
				     .command = "emu",
				     .argv_line = tsob_command_line(),
				     .quick = o->s.base.quick,
				     .repeat = o->s.base.repeat,
				     .warmup = o->s.base.warmup,
				     .cpu = -1,
				     .events = o->s.base.events,
				     .nevents = o->s.base.nevents};
	char path[512], shown[512];
	json_object *doc, *ctx;
	struct tsob_view v;
	int r, exit_code;

	if ((r = tsob_results_out(o->out, "emu", host->hostname, host->arch, TSOB_FORMAT_JSON, path,
				  sizeof(path), shown, sizeof(shown), e)))
		return r;
	tsob_signals_install();
	doc = tsob_record_new(&info);
	ctx = tsob_json_get(doc, "context");
	json_object_object_add(ctx, "timing_note",
			       json_object_new_string(tsob_emu_timing_note(host)));
	json_object_object_add(ctx, "emu_conf", json_object_new_string(o->conf));
	json_object_object_add(ctx, "emu_prog", json_object_new_string(o->prog));
	exit_code = measure(o, doc, e);
	if (exit_code < 0) {
		json_object_put(doc);
		return exit_code;
	}
	tsob_results_set_complete(doc, !tsob_interrupted, "interrupted by a signal");
	r = tsob_results_save(path, doc, TSOB_FORMAT_JSON, e);
	/* The table is the analysis's reading of the same document. */
	if (!r && !o->litmus && !(r = tsob_view_from_json(json_object_get(doc), shown, &v, e))) {
		tsob_emutable_print(stdout, &v);
		tsob_view_free(&v);
	}
	json_object_put(doc);
	if (r)
		return r;
	printf("results: %s%s\n", shown, tsob_interrupted ? " (incomplete: interrupted)" : "");
	return tsob_interrupted ? TSOB_EXIT_INTERRUPTED : exit_code;
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	O *o = opts;
	struct tsob_emu_conf *conf;
	struct tsob_host host;
	char why[512];
	int r;

	if (!o->conf)
		o->conf = tsob_emu_conf_default();
	if (tsob_emu_conf_load(o->conf, &conf, why, sizeof(why)))
		return tsob_err_set(e, -EINVAL, "%s", why);
	if (o->list) {
		list(conf);
		tsob_emu_conf_free(conf);
		return TSOB_EXIT_OK;
	}
	tsob_host_probe(&host);
	if (o->execution)
		tsob_host_set_execution(&host, o->execution);
	r = finish(o, a, &host, e);
	if (!r)
		r = configs(o, conf, e);
	if (!r)
		r = program(o, e);
	if (!r) {
		tsob_counters_init();
		r = run_emu(o, &host, e);
	}
	tsob_emu_conf_free(conf);
	return r;
}

const struct tsob_cmd tsob_cmd_emu = {
	.name = "emu",
	.summary = "the kernels (or litmus tests) as x86-64 programs under real emulators",
	.usage = "[litmus] [OPTIONS]",
	.max_args = 1,
	.opts = options,
	.epilogue = "Each cell (kernel x configuration x threads) is a fresh emulator process running\n"
		    "tsob-x86, checksums verified against this host's reference, counters following the\n"
		    "emulator and its threads. Cells are results cells whose strategy is emu:CONFIG;\n"
		    "'tsobench report RUN.json EMU.json' draws them beside the modelled strategies.\n"
		    "An emulator that is not installed is reported unavailable with the reason.\n"
		    "exit: 0 ok; 1 a cell failed or could not run, or an ordering violation (or a\n"
		    "forbidden litmus outcome) under a configuration that claims x86-TSO; 2 bad usage;\n"
		    "130 interrupted (the finished cells are kept)\n",
	.opts_size = sizeof(struct emu_opts),
	.defaults = defaults,
	.run = run,
};
