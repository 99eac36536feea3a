// SPDX-License-Identifier: MIT
/*
 * tsobench ctxsw: what the per-thread memory model costs the kernel.
 *
 * The results document carries a top-level "ctxsw" object (cells stays empty):
 *
 * "ctxsw": {
 *   "cpu": N, "cross_cpu": N|null, "round_trips": N (per repetition),
 *   "repeat": N, "warmup": N, "check_switches": N,
 *   "memory_model": { "get": bool, "tso": bool, "reason": str|null },
 *   "futex" | "pipe": {
 *     "<default|tso|mixed|cross-cpu>": {
 *       "available": bool, "ok": bool (ran to the end), "reason": str|null, "summary": str,
 *       "cpus": [N, N], "models": [str|null, str|null],   (as each thread confirmed)
 *       "round_trips": N, "switches": N,  (nominal, 2 a round trip, timed repetitions)
 *       "observed_switches": N|null,      (getrusage of both threads, summed over the
 *                                          repetitions; a few switches a repetition
 *                                          come from the snapshot exchange)
 *       "cpus_seen": [[N...], [N...]],
 *       "ns_per_switch": { "values": [...], "stats": {...} },  (no counters open)
 *       "ns_per_switch_counted": {...}|null,  (the counted pass: counters on both threads
 *                                              make each switch dearer)
 *       "check": { "available": bool, "reason": str|null, "switches": N,
 *                  "wakeups_checked": N, "mismatches": N, "ns_per_switch": x|null },
 *       "mismatches": N,
 *       "counters_per_switch": { "<event>": { "available": bool, "reason": str|null,
 *                                             "values": [...], "stats": {...} } } } },
 *                              (from the counted pass, both threads summed)
 *   "prctl": { "available": bool, "cpu": N, "calls": N, "clock_ns": x,
 *              "<get|set_same|set_tso|set_default|set_pair>": { "available": bool,
 *                "reason": str|null, "summary": str, "ns_per_call": { "values", "stats" } } },
 *   "throughput": { "available": bool, "reason": str|null, "cpu": N, "seconds": x,
 *                   "unit": str, "states": { "<default|tso|mixed>": { "available": bool,
 *                     "ok": bool, "reason": str|null, "models": [str, str],
 *                     "ops_per_s": {...}, "process_ops_per_s": [{...}, {...}],
 *                     "switches_per_s": {...}, "checks": N, "mismatches": N } },
 *                   "mixed_vs_default": x|null, "tso_vs_default": x|null },
 *   "perf_bench": { "available": bool, "reason": str|null, "binary": str, "version": str,
 *                   "cpu": N, "loops": N, "command": str,   (one run of each mode after
 *                                                            each pipe/default repetition)
 *                   "threads": { "usecs_per_op": {...}, "ns_per_switch": x },
 *                   "processes": { "usecs_per_op": {...}, "ns_per_switch": x },
 *                   "ours_ns_per_switch": x, "ratio": x, "ratio_processes": x },
 *   "mismatches": N   (all checks together)
 * }
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "ctxsw.h"
#include "host.h"
#include "output.h"
#include "memmodel.h"
#include "results.h"
#include "stats.h"
#include "table.h"
#include "util.h"


struct ctxsw_opts {
	bool method[TSOB_CTXSW_NR_METHODS];
	bool state[TSOB_CTXSW_NR_STATES];
	struct tsob_event events[TSOB_MAX_EVENTS];
	int nevents;
	unsigned repeat, warmup;
	uint64_t round_trips, check_switches;
	int cpu, cross_cpu;
	double seconds;
	bool quick, quiet, no_perf, no_tput, no_prctl;
	const char *perf, *out;
	const char *execution; /* --execution label, or NULL */
};

/* What a run measured, kept for the table after the JSON is built. */
struct ctxsw_run {
	struct tsob_host host;
	const char *noprctl_why; /* NULL: PR_GET_MEM_MODEL works */
	const char *notso_why;	 /* NULL: PR_SET_MEM_MODEL(TSO) works */
	char why_buf[2][200];
	uint64_t mismatches;
	bool failed;
	double pipe_default_ns; /* median, for the perf bench ratio; NaN when not run */
	char perf_line[512];	/* printed after the table */
	struct tsob_perfbench pb;
	const char *perf_why; /* why perf bench does not run, NULL when it does */
	bool perf_open;
	int perf_cpu;
};

static void help(void)
{
	printf(
	    "usage: tsobench ctxsw [OPTIONS]\n"
	    "  -m, --method LIST      futex,pipe (default both)\n"
	    "  -s, --states LIST      default,tso,mixed,cross-cpu (default all; tso and mixed\n"
	    "                         need PR_SET_MEM_MODEL(TSO))\n"
	    "  -r, --repeat N         timed repetitions per state (default 10, --quick 5)\n"
	    "      --warmup N         warm-up repetitions (default 1)\n"
	    "      --iterations N     round trips (2 switches) per repetition (default 20000,\n"
	    "                         --quick 1000)\n"
	    "      --check-switches N switches per state with PR_GET_MEM_MODEL checked after\n"
	    "                         every wake-up (default 100000, --quick 20000; 0: none)\n"
	    "      --cpu N            the CPU both threads share (default: the first allowed)\n"
	    "      --cross-cpu N      the second CPU of the cross-cpu control (default: next)\n"
	    "      --seconds X        wall time of a throughput repetition (default 1,\n"
	    "                         --quick 0.2)\n"
	    "      --no-throughput    skip the two-process throughput form\n"
	    "      --no-prctl         skip timing the prctl calls\n"
	    "  -e, --events LIST      counters per switch, counted in a second pass so the timed\n"
	    "                         one runs with none open (default: %s",
	    tsob_default_events[0]);
	for (int i = 1; i < tsob_nr_default_events; i++)
		printf(",%s", tsob_default_events[i]);
	printf(
	    ")\n"
	    "      --no-perf-bench    skip the cross-check with perf bench sched pipe\n"
	    "      --perf PATH        the perf binary (default: perf on PATH, then perf_*)\n"
	    "      --quick            a CI-sized run\n"
	    "      --execution KIND[:DETAIL]  native, virtualized or emulated, where\n"
	    "                         detection cannot know\n"
	    "  -o FILE                results file (default: results/ctxsw-HOST-ARCH-TIME.json)\n"
	    "  -q, --quiet            no progress on stderr\n"
	    "exit: 0 ok, 1 a memory-model mismatch or a failed state, 2 bad usage\n");
}

/* The first allowed CPU after @cpu (wrapping), or -1 when @cpu is the only one. */
static int next_cpu(int cpu)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return -1;
	for (int i = 1; i < CPU_SETSIZE; i++) {
		int c = (cpu + i) % CPU_SETSIZE;

		if (CPU_ISSET(c, &set))
			return c == cpu ? -1 : c;
	}
	return -1;
}

static int parse_list(char *arg, bool *sel, int nsel, const char *what, const char *(*name)(int),
		      const char *choices)
{
	char *items[16];
	int n = tsob_split_list(arg, items, 16);

	if (n <= 0)
		return TSOB_FAIL("ctxsw: empty or too long %s list", what);
	for (int i = 0; i < nsel; i++)
		sel[i] = false;
	for (int i = 0; i < n; i++) {
		int k = 0;

		while (k < nsel && strcmp(items[i], name(k)))
			k++;
		if (k == nsel)
			return TSOB_FAIL("ctxsw: unknown %s '%s': use %s", what, items[i], choices);
		sel[k] = true;
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

static int parse_events(char *arg, struct ctxsw_opts *o)
{
	char *items[TSOB_MAX_EVENTS];
	int n = tsob_split_list(arg, items, TSOB_MAX_EVENTS);

	if (n == -E2BIG)
		return TSOB_FAIL("ctxsw: too many events (at most %d)", TSOB_MAX_EVENTS);
	if (n < 0)
		return TSOB_FAIL("ctxsw: empty list of events");
	o->nevents = 0;
	for (int i = 0; i < n; i++) {
		if (tsob_event_resolve(items[i], &o->events[o->nevents]) == -ENOENT)
			return TSOB_FAIL("ctxsw: unknown event '%s' (%s): 'tsobench events' lists what "
				    "this host knows",
				    items[i], o->events[o->nevents].why);
		o->nevents++;
	}
	return 0;
}

static int parse_opts(int argc, char **argv, struct ctxsw_opts *o)
{
	enum {
		O_WARMUP = 256,
		O_ITER,
		O_CHECK,
		O_CPU,
		O_CROSS,
		O_SECONDS,
		O_NO_TPUT,
		O_NO_PRCTL,
		O_NO_PERF,
		O_PERF,
		O_QUICK,
		O_EXEC
	};
	static const struct option opts[] = {
	    {"method", required_argument, NULL, 'm'},
	    {"states", required_argument, NULL, 's'},
	    {"repeat", required_argument, NULL, 'r'},
	    {"warmup", required_argument, NULL, O_WARMUP},
	    {"iterations", required_argument, NULL, O_ITER},
	    {"check-switches", required_argument, NULL, O_CHECK},
	    {"cpu", required_argument, NULL, O_CPU},
	    {"cross-cpu", required_argument, NULL, O_CROSS},
	    {"seconds", required_argument, NULL, O_SECONDS},
	    {"no-throughput", no_argument, NULL, O_NO_TPUT},
	    {"no-prctl", no_argument, NULL, O_NO_PRCTL},
	    {"events", required_argument, NULL, 'e'},
	    {"no-perf-bench", no_argument, NULL, O_NO_PERF},
	    {"perf", required_argument, NULL, O_PERF},
	    {"quick", no_argument, NULL, O_QUICK},
	    {"execution", required_argument, NULL, O_EXEC},
	    {"output", required_argument, NULL, 'o'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool repeat_set = false, iter_set = false, check_set = false, seconds_set = false;
	bool events_set = false, warmup_set = false;
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->cpu = o->cross_cpu = -1;
	for (int i = 0; i < TSOB_CTXSW_NR_METHODS; i++)
		o->method[i] = true;
	for (int i = 0; i < TSOB_CTXSW_NR_STATES; i++)
		o->state[i] = true;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:s:r:e:o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (parse_list(optarg, o->method, TSOB_CTXSW_NR_METHODS, "method",
				       method_name, "futex or pipe"))
				return -1;
			break;
		case 's':
			if (parse_list(optarg, o->state, TSOB_CTXSW_NR_STATES, "state", state_name,
				       "default, tso, mixed or cross-cpu"))
				return -1;
			break;
		case 'r':
			if (tsob_opt_u64("ctxsw", "--repeat", optarg, 1, 100000, &v))
				return -1;
			o->repeat = (unsigned)v;
			repeat_set = true;
			break;
		case O_WARMUP:
			if (tsob_opt_u64("ctxsw", "--warmup", optarg, 0, 100000, &v))
				return -1;
			o->warmup = (unsigned)v;
			warmup_set = true;
			break;
		case O_ITER:
			if (tsob_opt_u64("ctxsw", "--iterations", optarg, 1, 1000000000, &v))
				return -1;
			o->round_trips = v;
			iter_set = true;
			break;
		case O_CHECK:
			if (tsob_opt_u64("ctxsw", "--check-switches", optarg, 0, 10000000000ull, &v))
				return -1;
			o->check_switches = v;
			check_set = true;
			break;
		case O_CPU:
		case O_CROSS:
			if (tsob_opt_u64("ctxsw", c == O_CPU ? "--cpu" : "--cross-cpu", optarg, 0,
				      CPU_SETSIZE - 1, &v))
				return -1;
			if (!tsob_cpu_allowed((int)v))
				return TSOB_FAIL("ctxsw: %s %s: no such CPU online for this process "
					    "(this host has %ld)",
					    c == O_CPU ? "--cpu" : "--cross-cpu", optarg,
					    sysconf(_SC_NPROCESSORS_ONLN));
			*(c == O_CPU ? &o->cpu : &o->cross_cpu) = (int)v;
			break;
		case O_SECONDS:
			if (tsob_parse_double(optarg, 0.001, 3600, &o->seconds))
				return TSOB_FAIL("ctxsw: --seconds '%s': a number from 0.001 to 3600",
					    optarg);
			seconds_set = true;
			break;
		case O_NO_TPUT:
			o->no_tput = true;
			break;
		case O_NO_PRCTL:
			o->no_prctl = true;
			break;
		case 'e':
			if (parse_events(optarg, o))
				return -1;
			events_set = true;
			break;
		case O_NO_PERF:
			o->no_perf = true;
			break;
		case O_PERF:
			if (!*optarg)
				return TSOB_FAIL("ctxsw: --perf needs a program name");
			o->perf = optarg;
			break;
		case O_QUICK:
			o->quick = true;
			break;
		case 'o':
			if (!*optarg)
				return TSOB_FAIL("ctxsw: -o needs a file name");
			o->out = optarg;
			break;
		case O_EXEC:
			if (!tsob_execution_label_ok(optarg))
				return TSOB_FAIL("%s: --execution '%s': say native, virtualized or "
						 "emulated, optionally with :DETAIL", "ctxsw", optarg);
			o->execution = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			help();
			return 1;
		case ':':
			return TSOB_FAIL("ctxsw: %s needs a value", argv[optind - 1]);
		default:
			return TSOB_FAIL("ctxsw: unknown option '%s': try 'tsobench ctxsw --help'",
				    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return TSOB_FAIL("ctxsw: unexpected argument '%s'", argv[optind]);
	if (o->cpu >= 0 && o->cpu == o->cross_cpu)
		return TSOB_FAIL("ctxsw: --cross-cpu %d is --cpu: the control needs two CPUs",
			    o->cross_cpu);
	if (!repeat_set)
		o->repeat = o->quick ? 5 : 10;
	if (!warmup_set)
		o->warmup = 1;
	if (!iter_set)
		o->round_trips = o->quick ? 1000 : 20000;
	if (!check_set)
		o->check_switches = o->quick ? 20000 : 100000;
	if (!seconds_set)
		o->seconds = o->quick ? 0.2 : 1.0;
	if (!events_set)
		for (int i = 0; i < tsob_nr_default_events; i++)
			tsob_event_resolve(tsob_default_events[i], &o->events[o->nevents++]);
	if (o->cpu < 0) {
		cpu_set_t set;

		if (sched_getaffinity(0, sizeof(set), &set))
			return TSOB_FAIL("ctxsw: sched_getaffinity: %s", strerror(errno));
		for (o->cpu = 0; o->cpu < CPU_SETSIZE && !CPU_ISSET(o->cpu, &set); o->cpu++)
			;
	}
	if (o->cross_cpu < 0)
		o->cross_cpu = next_cpu(o->cpu);
	return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

static json_object *jnum(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *jstr(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static json_object *jmodel(int m)
{
	return m >= 0 ? json_object_new_string(tsob_memmodel_name(m)) : NULL;
}

/* {"values": [...], "stats": {...}}; *median gets the median. */
static json_object *jseries(const double *v, size_t n, double *median)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();
	struct tsob_stats st;

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, jnum(v[i]));
	tsob_stats_compute(v, n, &st);
	json_object_object_add(o, "values", arr);
	json_object_object_add(o, "stats", tsob_results_stats(&st));
	if (median)
		*median = st.median;
	return o;
}

static json_object *junavailable(const char *why)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "available", json_object_new_boolean(0));
	json_object_object_add(o, "reason", json_object_new_string(why));
	return o;
}

static json_object *counters_json(const struct tsob_pingpong *pp,
				  const struct tsob_pingpong_conf *conf)
{
	json_object *all = json_object_new_object();
	double per_rep = 2.0 * (double)conf->round_trips;
	double *v = calloc(pp->ncounted ? pp->ncounted : 1, sizeof(double));

	for (int e = 0; e < conf->nevents && v; e++) {
		const char *why = NULL;
		json_object *o;

		for (int t = 0; t < 2; t++)
			if (!pp->evstatus[t][e].open)
				why = pp->evstatus[t][e].why;
		for (unsigned r = 0; r < pp->ncounted && !why; r++) {
			const struct tsob_count *c =
			    &pp->counts[(size_t)r * (size_t)conf->nevents + (size_t)e];

			if (!c->ok)
				why = "refused: the counter never ran (time_running 0)";
			v[r] = (double)c->value / per_rep;
		}
		if (!why && !pp->ncounted)
			why = "no repetition was recorded";
		if (why) {
			json_object_object_add(all, conf->events[e].name, junavailable(why));
			continue;
		}
		o = jseries(v, pp->ncounted, NULL);
		json_object_object_add(o, "available", json_object_new_boolean(1));
		json_object_object_add(o, "reason", NULL);
		json_object_object_add(all, conf->events[e].name, o);
	}
	free(v);
	return all;
}

static json_object *check_json(const struct tsob_pingpong *pp, const char *why)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "available", json_object_new_boolean(pp->checked));
	json_object_object_add(o, "reason", pp->checked ? NULL : jstr(why));
	json_object_object_add(o, "switches", json_object_new_int64((int64_t)pp->check_switches));
	json_object_object_add(o, "wakeups_checked",
			       json_object_new_int64((int64_t)pp->wakeups_checked));
	json_object_object_add(o, "mismatches", json_object_new_int64((int64_t)pp->mismatches));
	json_object_object_add(o, "ns_per_switch",
			       pp->checked ? jnum(pp->check_ns_per_switch) : NULL);
	return o;
}

static json_object *state_json(const struct tsob_pingpong *pp,
			       const struct tsob_pingpong_conf *conf, const char *check_why,
			       double *median)
{
	json_object *o = json_object_new_object(), *cpus = json_object_new_array();
	json_object *models = json_object_new_array(), *seen = json_object_new_array();

	json_object_object_add(o, "available", json_object_new_boolean(1));
	json_object_object_add(o, "ok", json_object_new_boolean(pp->ok));
	json_object_object_add(o, "reason", pp->ok ? NULL : jstr(pp->reason));
	json_object_object_add(o, "summary",
			       json_object_new_string(tsob_ctxsw_states[conf->state].summary));
	for (int t = 0; t < 2; t++) {
		json_object *s = json_object_new_array();

		json_object_array_add(cpus, json_object_new_int(conf->cpu[t]));
		json_object_array_add(models, jmodel(pp->model[t]));
		for (int c = 0; c < 64; c++)
			if (pp->cpus_seen[t] & (1ull << c))
				json_object_array_add(s, json_object_new_int(c));
		json_object_array_add(seen, s);
	}
	json_object_object_add(o, "cpus", cpus);
	json_object_object_add(o, "models", models);
	json_object_object_add(o, "cpus_seen", seen);
	json_object_object_add(o, "round_trips", json_object_new_int64((int64_t)conf->round_trips));
	json_object_object_add(o, "switches",
			       json_object_new_int64((int64_t)(2 * conf->round_trips * pp->n)));
	json_object_object_add(
	    o, "observed_switches",
	    pp->observed_switches >= 0 ? json_object_new_int64(pp->observed_switches) : NULL);
	json_object_object_add(o, "ns_per_switch", jseries(pp->ns_per_switch, pp->n, median));
	json_object_object_add(o, "ns_per_switch_counted",
			       pp->ncounted ? jseries(pp->counted_ns_per_switch, pp->ncounted, NULL)
					    : NULL);
	json_object_object_add(o, "check", check_json(pp, check_why));
	json_object_object_add(o, "mismatches", json_object_new_int64((int64_t)pp->mismatches));
	json_object_object_add(o, "counters_per_switch", counters_json(pp, conf));
	return o;
}

/* ---- the table ----------------------------------------------------------- */

static void row_unavailable(const char *part, const char *name, const char *why)
{
	printf("%-10s %-11s unavailable: %s\n", part, name, why);
}

static void row_series(const char *part, const char *name, json_object *series, double scale,
		       const char *extra)
{
	json_object *st = json_object_object_get(series, "stats");
	json_object *ci = json_object_object_get(st, "ci95");
	double med = json_object_get_double(json_object_object_get(st, "median"));
	double cv = json_object_get_double(json_object_object_get(st, "cv"));
	char m[32], lo[32] = "-", hi[32] = "-";

	tsob_fmt_ns(m, sizeof(m), med * scale);
	if (json_object_array_length(ci) == 2 && json_object_array_get_idx(ci, 0) &&
	    json_object_array_get_idx(ci, 1)) {
		tsob_fmt_ns(lo, sizeof(lo),
			    json_object_get_double(json_object_array_get_idx(ci, 0)) * scale);
		tsob_fmt_ns(hi, sizeof(hi),
			    json_object_get_double(json_object_array_get_idx(ci, 1)) * scale);
	}
	printf("%-10s %-11s %12s  [%s, %s]  cv %.1f%%%s\n", part, name, m, lo, hi, cv * 100.0,
	       extra ? extra : "");
}

/* ---- the parts of a run ---------------------------------------------------- */

static void progress(const struct ctxsw_opts *o, const char *what, const char *state)
{
	if (!o->quiet)
		fprintf(stderr, "ctxsw: %s%s%s\n", what, state ? " / " : "", state ? state : "");
}

/* Find perf before the pipe default state, whose repetitions it alternates with. */
static int perf_prepare(const struct ctxsw_opts *o, struct ctxsw_run *run)
{
	run->perf_cpu = o->cpu;
	if (o->no_perf)
		run->perf_why = "skipped (--no-perf-bench)";
	else if (run->host.emulated)
		run->perf_why =
		    "emulated execution: perf would run natively, not under the same emulation";
	else if (!o->method[TSOB_CTXSW_PIPE] || !o->state[TSOB_CTXSW_DEFAULT])
		run->perf_why = "needs the pipe method's default state in the same run";
	if (run->perf_why)
		return 0;
	if (tsob_perfbench_open(&run->pb, o->perf, o->round_trips, o->repeat))
		return -ENOMEM;
	if (run->pb.broken)
		run->perf_why = run->pb.reason;
	run->perf_open = !run->perf_why;
	return 0;
}

static void perf_step(void *arg)
{
	struct ctxsw_run *run = arg;

	tsob_perfbench_step(&run->pb, run->perf_cpu);
}

static void perf_record(const struct ctxsw_opts *o, struct ctxsw_run *run, json_object *ctxsw)
{
	struct tsob_perfbench *pb = &run->pb;
	const char *why = run->perf_why;
	json_object *po;
	double t_med = NAN, p_med = NAN;
	char cmd[384];

	if (!why && !isfinite(run->pipe_default_ns))
		why = "the pipe method's default state did not run";
	if (!why && !pb->available)
		why = pb->reason[0] ? pb->reason : "interrupted";
	if (why) {
		json_object_object_add(ctxsw, "perf_bench", junavailable(why));
		snprintf(run->perf_line, sizeof(run->perf_line),
			 "perf bench sched pipe: not run: %s", why);
		return;
	}
	po = json_object_new_object();
	json_object_object_add(po, "available", json_object_new_boolean(1));
	json_object_object_add(po, "reason", NULL);
	json_object_object_add(po, "binary", json_object_new_string(pb->binary));
	json_object_object_add(po, "version", json_object_new_string(pb->version));
	json_object_object_add(po, "cpu", json_object_new_int(o->cpu));
	json_object_object_add(po, "loops", json_object_new_int64((int64_t)pb->loops));
	snprintf(cmd, sizeof(cmd), "taskset -c %d %s bench sched pipe -l %llu [-T]", o->cpu,
		 pb->binary, (unsigned long long)pb->loops);
	json_object_object_add(po, "command", json_object_new_string(cmd));
	for (int mode = 0; mode < 2; mode++) {
		json_object *m = json_object_new_object();
		double *med = mode ? &p_med : &t_med;

		json_object_object_add(
		    m, "usecs_per_op",
		    jseries(mode ? pb->usecs_procs : pb->usecs_threads, pb->n, med));
		/* One op is a round trip: two switches. */
		json_object_object_add(m, "ns_per_switch", jnum(*med * 1000.0 / 2.0));
		json_object_object_add(po, mode ? "processes" : "threads", m);
	}
	json_object_object_add(po, "ours_ns_per_switch", jnum(run->pipe_default_ns));
	json_object_object_add(po, "ratio", jnum(run->pipe_default_ns / (t_med * 500.0)));
	json_object_object_add(po, "ratio_processes", jnum(run->pipe_default_ns / (p_med * 500.0)));
	json_object_object_add(ctxsw, "perf_bench", po);
	{
		char ours[32], th[32], pr[32];

		tsob_fmt_ns(ours, sizeof(ours), run->pipe_default_ns);
		tsob_fmt_ns(th, sizeof(th), t_med * 500.0);
		tsob_fmt_ns(pr, sizeof(pr), p_med * 500.0);
		snprintf(run->perf_line, sizeof(run->perf_line),
			 "perf bench sched pipe (perf %s, CPU %d, %u runs of %llu loops): -T %s a "
			 "switch, processes %s; pipe/default here %s: ratio %.3f (threads), %.3f "
			 "(processes)",
			 pb->version, o->cpu, pb->n, (unsigned long long)pb->loops, th, pr, ours,
			 run->pipe_default_ns / (t_med * 500.0),
			 run->pipe_default_ns / (p_med * 500.0));
	}
}

static int run_pingpong(const struct ctxsw_opts *o, struct ctxsw_run *run, json_object *ctxsw)
{
	run->pipe_default_ns = NAN;
	for (int m = 0; m < TSOB_CTXSW_NR_METHODS; m++) {
		json_object *mo;

		if (!o->method[m])
			continue;
		mo = json_object_new_object();
		json_object_object_add(ctxsw, tsob_ctxsw_methods[m], mo);
		for (int s = 0; s < TSOB_CTXSW_NR_STATES && !tsob_interrupted; s++) {
			const struct tsob_ctxsw_state_desc *d = &tsob_ctxsw_states[s];
			struct tsob_pingpong_conf conf = {
			    .method = m,
			    .state = s,
			    .cpu = {o->cpu, o->cpu},
			    .round_trips = o->round_trips,
			    .warmup = o->warmup,
			    .repeat = o->repeat,
			    .set_model = !run->noprctl_why,
			    .events = o->events,
			    .nevents = o->nevents,
			};
			struct tsob_pingpong pp;
			char extra[160];
			double med;

			if (!o->state[s])
				continue;
			if (d->needs_tso && run->notso_why) {
				json_object_object_add(mo, d->name, junavailable(run->notso_why));
				row_unavailable(tsob_ctxsw_methods[m], d->name, run->notso_why);
				continue;
			}
			if (!d->same_cpu && o->cross_cpu < 0) {
				const char *why = "only one CPU is available to this process";

				json_object_object_add(mo, d->name, junavailable(why));
				row_unavailable(tsob_ctxsw_methods[m], d->name, why);
				continue;
			}
			if (!d->same_cpu)
				conf.cpu[1] = o->cross_cpu;
			if (!run->noprctl_why)
				conf.check_round_trips = (o->check_switches + 1) / 2;
			if (m == TSOB_CTXSW_PIPE && s == TSOB_CTXSW_DEFAULT && run->perf_open) {
				/* The peer runs between the repetitions it is compared with. */
				conf.after_rep = perf_step;
				conf.after_arg = run;
				progress(o, "pipe / default", "perf bench sched pipe");
			} else {
				progress(o, tsob_ctxsw_methods[m], d->name);
			}
			if (tsob_pingpong_run(&pp, &conf))
				return -ENOMEM;
			if (!pp.ok) {
				tsob_warn("%s / %s: %s", tsob_ctxsw_methods[m], d->name, pp.reason);
				run->failed |= !tsob_interrupted;
			}
			run->mismatches += pp.mismatches;
			json_object_object_add(mo, d->name,
					       state_json(&pp, &conf, run->noprctl_why, &med));
			if (m == TSOB_CTXSW_PIPE && s == TSOB_CTXSW_DEFAULT && pp.n)
				run->pipe_default_ns = med;
			if (pp.checked)
				snprintf(extra, sizeof(extra),
					 "  %llu switches, %llu checked, %llu "
					 "mismatches",
					 (unsigned long long)(2 * conf.round_trips * pp.n),
					 (unsigned long long)pp.wakeups_checked,
					 (unsigned long long)pp.mismatches);
			else
				snprintf(extra, sizeof(extra), "  %llu switches, not checked",
					 (unsigned long long)(2 * conf.round_trips * pp.n));
			if (pp.n)
				row_series(
				    tsob_ctxsw_methods[m], d->name,
				    json_object_object_get(json_object_object_get(mo, d->name),
							   "ns_per_switch"),
				    1.0, extra);
			else
				row_unavailable(tsob_ctxsw_methods[m], d->name, pp.reason);
			tsob_pingpong_free(&pp);
		}
	}
	return 0;
}

static int run_prctl(const struct ctxsw_opts *o, struct ctxsw_run *run, json_object *ctxsw)
{
	uint64_t calls = o->quick ? 10000 : 100000;
	struct tsob_prctl p;
	json_object *po;
	bool any = false;

	if (o->no_prctl)
		return 0;
	progress(o, "prctl", NULL);
	if (tsob_prctl_measure(&p, o->cpu, calls, o->repeat, run->noprctl_why, run->notso_why))
		return -ENOMEM;
	po = json_object_new_object();
	json_object_object_add(po, "cpu", json_object_new_int(o->cpu));
	json_object_object_add(po, "calls", json_object_new_int64((int64_t)calls));
	json_object_object_add(po, "clock_ns", jnum(p.clock_ns));
	for (int c = 0; c < TSOB_PRCTL_NR_CASES; c++) {
		const struct tsob_prctl_case_result *cr = &p.c[c];
		json_object *co;

		if (!cr->available || !cr->n) {
			const char *why = cr->available ? "interrupted" : cr->reason;

			co = junavailable(why);
			row_unavailable("prctl", tsob_prctl_cases[c], why);
		} else {
			co = json_object_new_object();
			json_object_object_add(co, "available", json_object_new_boolean(1));
			json_object_object_add(co, "reason", NULL);
			json_object_object_add(co, "ns_per_call",
					       jseries(cr->ns_per_call, cr->n, NULL));
			row_series("prctl", tsob_prctl_cases[c],
				   json_object_object_get(co, "ns_per_call"), 1.0, NULL);
			any = true;
		}
		json_object_object_add(co, "summary",
				       json_object_new_string(tsob_prctl_case_summary[c]));
		json_object_object_add(po, tsob_prctl_cases[c], co);
	}
	json_object_object_add(po, "available", json_object_new_boolean(any));
	json_object_object_add(ctxsw, "prctl", po);
	tsob_prctl_free(&p);
	return 0;
}

static int run_throughput(const struct ctxsw_opts *o, struct ctxsw_run *run, json_object *ctxsw)
{
	static const enum tsob_ctxsw_state states[] = {TSOB_CTXSW_DEFAULT, TSOB_CTXSW_TSO,
						       TSOB_CTXSW_MIXED};
	json_object *to = json_object_new_object(), *so = json_object_new_object();
	double total[TSOB_CTXSW_NR_STATES];
	bool any = false;

	json_object_object_add(ctxsw, "throughput", to);
	if (o->no_tput) {
		json_object_put(so);
		json_object_object_add(to, "available", json_object_new_boolean(0));
		json_object_object_add(to, "reason",
				       json_object_new_string("skipped (--no-throughput)"));
		return 0;
	}
	json_object_object_add(to, "cpu", json_object_new_int(o->cpu));
	json_object_object_add(to, "seconds", jnum(o->seconds));
	json_object_object_add(to, "unit", json_object_new_string(TSOB_TPUT_UNIT));
	json_object_object_add(to, "states", so);
	for (size_t i = 0; i < ARRAY_SIZE(states); i++) {
		const struct tsob_ctxsw_state_desc *d = &tsob_ctxsw_states[states[i]];
		struct tsob_tput_conf conf = {.cpu = o->cpu,
					      .model = {d->model[0], d->model[1]},
					      .set_model = !run->noprctl_why,
					      .seconds = o->seconds,
					      .repeat = o->repeat};
		struct tsob_tput t;
		json_object *x, *pp;
		char extra[128];

		total[states[i]] = NAN;
		if (!o->state[states[i]] || tsob_interrupted)
			continue;
		if (d->needs_tso && run->notso_why) {
			json_object_object_add(so, d->name, junavailable(run->notso_why));
			row_unavailable("throughput", d->name, run->notso_why);
			continue;
		}
		progress(o, "throughput", d->name);
		if (tsob_tput_run(&t, &conf))
			return -ENOMEM;
		if (!t.ok) {
			tsob_warn("throughput / %s: %s", d->name, t.reason);
			run->failed |= !tsob_interrupted;
		}
		run->mismatches += t.mismatches;
		x = json_object_new_object();
		json_object_object_add(x, "available", json_object_new_boolean(1));
		json_object_object_add(x, "ok", json_object_new_boolean(t.ok));
		json_object_object_add(x, "reason", t.ok ? NULL : jstr(t.reason));
		pp = json_object_new_array();
		json_object_array_add(pp, jmodel(d->model[0]));
		json_object_array_add(pp, jmodel(d->model[1]));
		json_object_object_add(x, "models", pp);
		json_object_object_add(x, "ops_per_s",
				       jseries(t.ops_per_s, t.n, &total[states[i]]));
		pp = json_object_new_array();
		json_object_array_add(pp, jseries(t.proc_ops_per_s[0], t.n, NULL));
		json_object_array_add(pp, jseries(t.proc_ops_per_s[1], t.n, NULL));
		json_object_object_add(x, "process_ops_per_s", pp);
		json_object_object_add(x, "switches_per_s", jseries(t.switches_per_s, t.n, NULL));
		json_object_object_add(x, "checks", json_object_new_int64((int64_t)t.checks));
		json_object_object_add(x, "mismatches",
				       json_object_new_int64((int64_t)t.mismatches));
		json_object_object_add(so, d->name, x);
		if (t.n) {
			double sw = tsob_stats_median(t.switches_per_s, t.n);

			snprintf(extra, sizeof(extra),
				 "  (%.0f switches/s, %llu checks, %llu "
				 "mismatches)",
				 sw, (unsigned long long)t.checks,
				 (unsigned long long)t.mismatches);
			printf("%-10s %-11s %9.1f M %s/s (%s %.1f M/s, %s %.1f M/s)%s\n",
			       "throughput", d->name, total[states[i]] / 1e6, TSOB_TPUT_UNIT,
			       tsob_memmodel_name(d->model[0]),
			       tsob_stats_median(t.proc_ops_per_s[0], t.n) / 1e6,
			       tsob_memmodel_name(d->model[1]),
			       tsob_stats_median(t.proc_ops_per_s[1], t.n) / 1e6, extra);
			any = true;
		} else {
			row_unavailable("throughput", d->name, t.reason);
		}
		tsob_tput_free(&t);
	}
	json_object_object_add(to, "available", json_object_new_boolean(any));
	json_object_object_add(to, "reason",
			       any ? NULL : json_object_new_string("no throughput state ran"));
	json_object_object_add(to, "mixed_vs_default",
			       jnum(total[TSOB_CTXSW_MIXED] / total[TSOB_CTXSW_DEFAULT]));
	json_object_object_add(to, "tso_vs_default",
			       jnum(total[TSOB_CTXSW_TSO] / total[TSOB_CTXSW_DEFAULT]));
	return 0;
}

static void probe_model(struct ctxsw_run *run)
{
	const struct tsob_host *h = &run->host;

	if (!h->memmodel) {
		snprintf(run->why_buf[0], sizeof(run->why_buf[0]),
			 "kernel has no PR_GET_MEM_MODEL (%s): boot a kernel with kernel-patch/",
			 strerror(h->memmodel_err));
		run->noprctl_why = run->notso_why = run->why_buf[0];
	} else if (!h->hwtso) {
		snprintf(run->why_buf[1], sizeof(run->why_buf[1]),
			 "PR_SET_MEM_MODEL(TSO) refused (%s): this CPU has no TSO mode",
			 strerror(h->hwtso_err));
		run->notso_why = run->why_buf[1];
	}
}

static json_object *ctxsw_header(const struct ctxsw_opts *o, const struct ctxsw_run *run)
{
	json_object *c = json_object_new_object(), *mm = json_object_new_object();

	json_object_object_add(c, "cpu", json_object_new_int(o->cpu));
	json_object_object_add(c, "cross_cpu",
			       o->cross_cpu >= 0 ? json_object_new_int(o->cross_cpu) : NULL);
	json_object_object_add(c, "round_trips", json_object_new_int64((int64_t)o->round_trips));
	json_object_object_add(c, "repeat", json_object_new_int((int)o->repeat));
	json_object_object_add(c, "warmup", json_object_new_int((int)o->warmup));
	json_object_object_add(c, "check_switches",
			       json_object_new_int64((int64_t)o->check_switches));
	json_object_object_add(mm, "get", json_object_new_boolean(!run->noprctl_why));
	json_object_object_add(mm, "tso", json_object_new_boolean(!run->notso_why));
	json_object_object_add(mm, "reason", jstr(run->notso_why));
	json_object_object_add(c, "memory_model", mm);
	return c;
}

int cmd_ctxsw(int argc, char **argv)
{
	struct ctxsw_opts o;
	struct ctxsw_run *run;
	struct tsob_run_info info;
	json_object *doc, *ctxsw;
	char path[512], shown[512];
	const char *why;
	int r, exit_code;

	r = parse_opts(argc, argv, &o);
	if (r)
		return r > 0 ? TSOB_EXIT_OK : TSOB_EXIT_USAGE;
	run = calloc(1, sizeof(*run));
	if (!run) {
		tsob_warn("out of memory");
		return TSOB_EXIT_FAIL;
	}
	tsob_host_probe(&run->host);
	if (o.execution)
		tsob_host_set_execution(&run->host, o.execution);
	if (o.out)
		snprintf(path, sizeof(path), "%s", o.out);
	else
		tsob_results_default_path(path, sizeof(path), &run->host, "ctxsw",
					  TSOB_FORMAT_JSON);
	if (tsob_check_writable(path, &why)) {
		free(run);
		return tsob_usage_error("cannot write results to %s: %s", path, why);
	}
	snprintf(shown, sizeof(shown), "%s", path);
	if (tsob_output_take_stdout(path, sizeof(path)))
		return tsob_usage_error("cannot keep standard output for the results: %s",
					strerror(errno));
	probe_model(run);
	tsob_counters_init();
	tsob_install_signal_handlers();
	info = (struct tsob_run_info){.host = &run->host,
				      .command = "ctxsw",
				      .argv_line = tsob_argv_line,
				      .quick = o.quick,
				      .repeat = o.repeat,
				      .warmup = o.warmup,
				      .cpu = o.cpu,
				      .events = o.events,
				      .nevents = o.nevents};
	doc = tsob_results_new(&info);
	ctxsw = ctxsw_header(&o, run);
	json_object_object_add(doc, "ctxsw", ctxsw);

	printf("tsobench ctxsw: CPU %d", o.cpu);
	if (o.cross_cpu >= 0)
		printf(" (cross-cpu control: CPU %d)", o.cross_cpu);
	printf(", %u x %llu round trips; %s, %s%s\n", o.repeat, (unsigned long long)o.round_trips,
	       run->host.arch, run->host.execution,
	       run->host.emulated ? " (emulated: timings are not hardware costs)" : "");
	r = perf_prepare(&o, run);
	if (!r)
		r = run_pingpong(&o, run, ctxsw);
	if (!r)
		perf_record(&o, run, ctxsw);
	tsob_perfbench_free(&run->pb);
	if (!r && !tsob_interrupted)
		r = run_prctl(&o, run, ctxsw);
	if (!r && !tsob_interrupted)
		r = run_throughput(&o, run, ctxsw);
	if (r) {
		tsob_warn("out of memory");
		json_object_put(doc);
		free(run);
		return TSOB_EXIT_FAIL;
	}
	json_object_object_add(ctxsw, "mismatches",
			       json_object_new_int64((int64_t)run->mismatches));
	tsob_results_set_complete(doc, !tsob_interrupted, "interrupted by a signal");
	if (tsob_results_save(path, doc, TSOB_FORMAT_JSON)) {
		json_object_put(doc);
		free(run);
		return TSOB_EXIT_FAIL;
	}
	if (run->perf_line[0])
		printf("%s\n", run->perf_line);
	printf("memory-model mismatches: %llu\n", (unsigned long long)run->mismatches);
	printf("results: %s%s\n", shown, tsob_interrupted ? " (incomplete: interrupted)" : "");
	if (run->mismatches)
		tsob_warn("%llu memory-model mismatches: a thread woke up with another thread's "
			  "model",
			  (unsigned long long)run->mismatches);
	exit_code = tsob_interrupted		     ? 130
		    : run->mismatches || run->failed ? TSOB_EXIT_FAIL
						     : TSOB_EXIT_OK;
	json_object_put(doc);
	free(run);
	return exit_code;
}
