// SPDX-License-Identifier: MIT
/* tsobench ctxsw: context-switch and prctl cost of the per-thread memory model. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ctxsw.h"
#include "placement.h"
#include "record.h"
#include "tsob/output.h"
#include "tsob/parse.h"

struct ctxsw_cmd_opts {
	struct tsob_ctxsw_opts c;
	bool methods_set, states_set, events_set;
	const char *out, *execution;
};

#define O struct ctxsw_cmd_opts

/* A list of names from @names into @sel. */
static int pick(const char *arg, const char *what, bool *sel, int n, const char *(*name)(int),
		struct tsob_err *e)
{
	char store[256], *items[16];
	int k = tsob_opt_list(arg, store, sizeof(store), items, 16, what, e);

	if (k < 0)
		return k;
	for (int i = 0; i < n; i++)
		sel[i] = false;
	for (int i = 0; i < k; i++) {
		int j = 0;

		while (j < n && strcmp(items[i], name(j)))
			j++;
		if (j == n)
			return tsob_err_set(e, -EINVAL, "unknown %s '%s'", what, items[i]);
		sel[j] = true;
	}
	return 0;
}

static const char *method_name(int i)
{
	return tsob_ctxsw_methods[i];
}

static const char *state_name(int i)
{
	return tsob_ctxsw_states[i].name;
}

static int opt_method(void *opts, const char *arg, struct tsob_err *e)
{
	((O *)opts)->methods_set = true;
	return pick(arg, "method", ((O *)opts)->c.method, TSOB_CTXSW_NR_METHODS, method_name, e);
}

static int opt_states(void *opts, const char *arg, struct tsob_err *e)
{
	((O *)opts)->states_set = true;
	return pick(arg, "state", ((O *)opts)->c.state, TSOB_CTXSW_NR_STATES, state_name, e);
}

static int opt_events(void *opts, const char *arg, struct tsob_err *e)
{
	struct tsob_ctxsw_opts *c = &((O *)opts)->c;
	char store[1024], *items[TSOB_MAX_EVENTS];
	int n = tsob_opt_list(arg, store, sizeof(store), items, TSOB_MAX_EVENTS, "events", e);

	if (n < 0)
		return n;
	for (c->nevents = 0; c->nevents < n; c->nevents++)
		if (tsob_event_resolve(items[c->nevents], &c->events[c->nevents]) == -ENOENT)
			return tsob_err_set(e, -EINVAL,
					    "unknown event '%s' (%s): 'tsobench events' lists what "
					    "this host knows",
					    items[c->nevents], c->events[c->nevents].why);
	((O *)opts)->events_set = true;
	return 0;
}

static int cpu_arg(const char *opt, const char *arg, int *cpu, struct tsob_err *e)
{
	uint64_t v;
	int r = tsob_parse_u64(arg, 0, CPU_SETSIZE - 1, &v);

	if (r == -EINVAL)
		return tsob_err_set(e, r, "%s '%s': not a number", opt, arg);
	if (r)
		return tsob_err_set(e, r, "%s %s: out of range (0 to %d)", opt, arg,
				    CPU_SETSIZE - 1);
	if (!tsob_cpu_allowed((int)v))
		return tsob_err_set(e, -EINVAL, "%s %s: no such CPU online for this process", opt,
				    arg);
	*cpu = (int)v;
	return 0;
}

static int opt_cpu(void *opts, const char *arg, struct tsob_err *e)
{
	return cpu_arg("--cpu", arg, &((O *)opts)->c.cpu, e);
}

static int opt_cross(void *opts, const char *arg, struct tsob_err *e)
{
	return cpu_arg("--cross-cpu", arg, &((O *)opts)->c.cross_cpu, e);
}

static const char *method_names(void)
{
	return "futex, pipe (default both)";
}

static const char *state_names(void)
{
	static char buf[128];

	if (!buf[0])
		for (int i = 0, used = 0; i < TSOB_CTXSW_NR_STATES; i++)
			used += snprintf(buf + used, sizeof(buf) - (size_t)used, "%s%s",
					 i ? ", " : "", tsob_ctxsw_states[i].name);
	return buf;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_CALL_MORE('m', "method", opt_method, "LIST", "how the token is passed:",
			   method_names),
	TSOB_OPT_CALL_MORE('s', "states", opt_states, "LIST",
			   "states (default all; tso and mixed need PR_SET_MEM_MODEL(TSO)):",
			   state_names),
	TSOB_OPT_UINT('r', "repeat", O, c.repeat, 1, 100000, "N",
		      "timed repetitions per state (default 10, --quick 5)"),
	TSOB_OPT_UINT(0, "warmup", O, c.warmup, 0, 100000, "N", "warm-up repetitions (default 1)"),
	TSOB_OPT_UINT(0, "iterations", O, c.round_trips, 1, 1000000000, "N",
		      "round trips (2 switches) per repetition (default 20000,\n--quick 1000)"),
	TSOB_OPT_UINT(0, "check-switches", O, c.check_switches, 0, 10000000000ull, "N",
		      "switches per state with PR_GET_MEM_MODEL checked after\n"
		      "every wake-up (default 100000, --quick 20000; 0: none)"),
	TSOB_OPT_CALL(0, "cpu", opt_cpu, "N", "the CPU both threads share (default: the first allowed)"),
	TSOB_OPT_CALL(0, "cross-cpu", opt_cross, "N",
		      "the second CPU of the cross-cpu control (default: the next)"),
	TSOB_OPT_DOUBLE(0, "seconds", O, c.seconds, 0.001, 3600, "X",
			"wall time of a throughput repetition (default 1, --quick 0.2)"),
	TSOB_OPT_FLAG(0, "no-throughput", O, c.no_tput, "skip the two-process throughput form"),
	TSOB_OPT_FLAG(0, "no-prctl", O, c.no_prctl, "skip timing the prctl calls"),
	TSOB_OPT_CALL_MORE('e', "events", opt_events, "LIST",
			   "counters per switch, counted in a second pass so the timed\n"
			   "one runs with none open",
			   tsob_events_default_help),
	TSOB_OPT_FLAG(0, "no-perf-bench", O, c.no_perf,
		      "skip the cross-check with perf bench sched pipe"),
	TSOB_OPT_STRING(0, "perf", O, c.perf, "PATH",
			"the perf binary (default: perf on PATH, then perf_*)"),
	TSOB_OPT_FLAG(0, "quick", O, c.quick, "a CI-sized run"),
	TSOB_OPT_EXECUTION(O, execution),
	TSOB_OPT_STRING('o', "output", O, out, "FILE",
			"results file (default: results/ctxsw-HOST-ARCH-TIME.json)"),
	TSOB_OPT_FLAG('q', "quiet", O, c.quiet, "no progress on stderr"),
	TSOB_OPT_END_ROW,
};

static void defaults(void *opts)
{
	struct tsob_ctxsw_opts *c = &((O *)opts)->c;

	c->cpu = c->cross_cpu = -1;
	for (int i = 0; i < TSOB_CTXSW_NR_METHODS; i++)
		c->method[i] = true;
	for (int i = 0; i < TSOB_CTXSW_NR_STATES; i++)
		c->state[i] = true;
}

/* Defaults that depend on other options, and the CPUs. */
static int finish(O *o, const struct tsob_args *a, struct tsob_err *e)
{
	struct tsob_ctxsw_opts *c = &o->c;
	struct tsob_cpus cpus;
	bool quick = c->quick;

	if (c->cpu >= 0 && c->cpu == c->cross_cpu)
		return tsob_err_set(e, -EINVAL, "--cross-cpu %d is --cpu: the control needs two CPUs",
				    c->cross_cpu);
	if (!tsob_opt_given(&tsob_cmd_ctxsw, a, "repeat"))
		c->repeat = quick ? 5 : 10;
	if (!tsob_opt_given(&tsob_cmd_ctxsw, a, "warmup"))
		c->warmup = 1;
	if (!tsob_opt_given(&tsob_cmd_ctxsw, a, "iterations"))
		c->round_trips = quick ? 1000 : 20000;
	if (!tsob_opt_given(&tsob_cmd_ctxsw, a, "check-switches"))
		c->check_switches = quick ? 20000 : 100000;
	if (!tsob_opt_given(&tsob_cmd_ctxsw, a, "seconds"))
		c->seconds = quick ? 0.2 : 1.0;
	if (!o->events_set)
		for (int i = 0; i < tsob_nr_default_events; i++)
			tsob_event_resolve(tsob_default_events[i], &c->events[c->nevents++]);
	if (tsob_cpus_allowed(&cpus) || !cpus.n)
		return tsob_err_set(e, -EINVAL, "no CPU this process may run on");
	if (c->cpu < 0)
		c->cpu = tsob_cpu_first(&cpus);
	if (c->cross_cpu < 0)
		c->cross_cpu = tsob_cpu_next(&cpus, c->cpu);
	return 0;
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	O *o = opts;
	struct tsob_ctxsw_run *run;
	struct tsob_run_info info;
	json_object *doc;
	char path[512], shown[512];
	int r;

	if ((r = finish(o, a, e)))
		return r;
	run = calloc(1, sizeof(*run));
	if (!run)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	tsob_host_probe(&run->host);
	if (o->execution)
		tsob_host_set_execution(&run->host, o->execution);
	r = tsob_results_out(o->out, "ctxsw", run->host.hostname, run->host.arch, TSOB_FORMAT_JSON,
			     path, sizeof(path), shown, sizeof(shown), e);
	if (r) {
		free(run);
		return r;
	}
	tsob_counters_init();
	tsob_signals_install();
	info = (struct tsob_run_info){ .host = &run->host, .command = "ctxsw",
				       .argv_line = tsob_command_line(), .quick = o->c.quick,
				       .repeat = o->c.repeat, .warmup = o->c.warmup,
				       .cpu = o->c.cpu, .events = o->c.events,
				       .nevents = o->c.nevents };
	doc = tsob_record_new(&info);
	if ((r = tsob_ctxsw_suite_run(&o->c, run, doc)))
		r = tsob_err_set(e, r, "out of memory");
	else {
		tsob_results_set_complete(doc, !tsob_interrupted, "interrupted by a signal");
		r = tsob_results_save(path, doc, TSOB_FORMAT_JSON, e);
	}
	if (!r) {
		if (run->perf_line[0])
			printf("%s\n", run->perf_line);
		printf("memory-model mismatches: %llu\n", (unsigned long long)run->mismatches);
		printf("results: %s%s\n", shown, tsob_interrupted ? " (incomplete: interrupted)" : "");
		if (run->mismatches)
			tsob_warn("%llu memory-model mismatches: a thread woke up with another "
				  "thread's model",
				  (unsigned long long)run->mismatches);
		r = tsob_interrupted			? TSOB_EXIT_INTERRUPTED
		    : run->mismatches || run->failed ? TSOB_EXIT_FAIL
						     : TSOB_EXIT_OK;
	}
	json_object_put(doc);
	free(run);
	return r;
}

const struct tsob_cmd tsob_cmd_ctxsw = {
	.name = "ctxsw",
	.summary = "context-switch and prctl cost of the per-thread memory model",
	.usage = "[OPTIONS]",
	.opts = options,
	.epilogue = "exit: 0 ok, 1 a memory-model mismatch or a failed state, 2 bad usage,\n"
		    "130 interrupted\n",
	.opts_size = sizeof(struct ctxsw_cmd_opts),
	.defaults = defaults,
	.run = run,
};
