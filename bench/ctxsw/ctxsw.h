/* SPDX-License-Identifier: MIT */
/*
 * tsobench ctxsw: what the per-thread memory model costs the kernel. One
 * benchmark a file, as perf bench has them:
 *
 * pingpong.c:   two threads pass a token (futex or pipe) and check their
 *               memory model after every wake-up;
 * prctl.c:      the cost of PR_GET_MEM_MODEL and PR_SET_MEM_MODEL;
 * throughput.c: two CPU-bound processes time-sharing one CPU;
 * perfbench.c:  `perf bench sched pipe`, the peer the pipe variant is checked against;
 * suite*.c:     running them in order into the results' "ctxsw" section;
 * record.c:     that section's JSON and the table's rows.
 */
#ifndef TSOB_CTXSW_H
#define TSOB_CTXSW_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

#include "counters.h"
#include "events.h"
#include "host.h"

enum tsob_ctxsw_method { TSOB_CTXSW_FUTEX, TSOB_CTXSW_PIPE, TSOB_CTXSW_NR_METHODS };

enum tsob_ctxsw_state {
	TSOB_CTXSW_DEFAULT, /* both threads default, one CPU */
	TSOB_CTXSW_TSO,	    /* both TSO, one CPU */
	TSOB_CTXSW_MIXED,   /* one TSO, one default: the model changes on every switch */
	TSOB_CTXSW_CROSS,   /* both default, two CPUs: wake-up cost without a switch between them */
	TSOB_CTXSW_NR_STATES
};

struct tsob_ctxsw_state_desc {
	const char *name;
	const char *summary;
	int model[2]; /* PR_SET_MEM_MODEL_* of thread 0 (the timer) and thread 1 */
	bool same_cpu;
	bool needs_tso;
};

extern const char *const tsob_ctxsw_methods[TSOB_CTXSW_NR_METHODS];
extern const struct tsob_ctxsw_state_desc tsob_ctxsw_states[TSOB_CTXSW_NR_STATES];

/* One method × state: warm-up, timed repetitions, then the checked pass. */
struct tsob_pingpong_conf {
	enum tsob_ctxsw_method method;
	enum tsob_ctxsw_state state;
	int cpu[2];	      /* thread 0, thread 1 */
	uint64_t round_trips; /* per repetition; 2 switches each */
	unsigned warmup, repeat;
	uint64_t check_round_trips; /* 0: no checked pass */
	bool set_model;		    /* the kernel has the prctl: set and confirm each model */
	/* Called by the timing thread after each timed repetition, while both sleep. */
	void (*after_rep)(void *arg);
	void *after_arg;
	const struct tsob_event *events;
	int nevents;
};

struct tsob_pingpong {
	bool ok;
	char reason[256];      /* why not ok */
	unsigned n;	       /* repetitions recorded */
	double *ns_per_switch; /* [repeat] */
	/* The counted pass: as many repetitions again, with counters on both threads. */
	unsigned ncounted;
	double *counted_ns_per_switch; /* [repeat]: perturbed by the counters themselves */
	struct tsob_count *counts;     /* [repeat][nevents], both threads summed */
	struct tsob_counter_status evstatus[2][TSOB_MAX_EVENTS];
	int64_t
	    observed_switches; /* getrusage(RUSAGE_THREAD) over the timed repetitions, -1 unknown */
	uint64_t cpus_seen[2]; /* bit masks (first 64 CPUs) */
	int model[2];	       /* each thread's model as GET confirmed, -1 unknown */
	/* The checked pass: PR_GET_MEM_MODEL after every wake-up. */
	bool checked;
	uint64_t check_switches;
	uint64_t wakeups_checked;
	uint64_t mismatches; /* GET returned another model or failed */
	double check_ns_per_switch;
};

/* Run one method × state; fills ok/reason. Returns 0 or -ENOMEM. */
int tsob_pingpong_run(struct tsob_pingpong *pp, const struct tsob_pingpong_conf *conf);
void tsob_pingpong_free(struct tsob_pingpong *pp);

/* The prctl calls themselves, timed on one thread pinned to @cpu. */
enum tsob_prctl_case {
	TSOB_PRCTL_GET,		/* PR_GET_MEM_MODEL */
	TSOB_PRCTL_SET_SAME,	/* PR_SET_MEM_MODEL(DEFAULT) while default: no change */
	TSOB_PRCTL_SET_TSO,	/* default → TSO */
	TSOB_PRCTL_SET_DEFAULT, /* TSO → default */
	TSOB_PRCTL_SET_PAIR,	/* TSO then default, per pair, timed as one batch */
	TSOB_PRCTL_NR_CASES
};

struct tsob_prctl_case_result {
	bool available;
	char reason[200];
	unsigned n;
	double *ns_per_call; /* [repeat] */
};

struct tsob_prctl {
	uint64_t calls;	 /* per repetition */
	double clock_ns; /* the bracketing clock pair's own cost, subtracted */
	struct tsob_prctl_case_result c[TSOB_PRCTL_NR_CASES];
};

extern const char *const tsob_prctl_cases[TSOB_PRCTL_NR_CASES];
extern const char *const tsob_prctl_case_summary[TSOB_PRCTL_NR_CASES];

/*
 * @get_why, @tso_why: why PR_GET_MEM_MODEL / PR_SET_MEM_MODEL(TSO) cannot be
 * used here, NULL when they can. Returns 0 or -ENOMEM.
 */
int tsob_prctl_measure(struct tsob_prctl *p, int cpu, uint64_t calls, unsigned repeat,
		       const char *get_why, const char *tso_why);
void tsob_prctl_free(struct tsob_prctl *p);

/* Two CPU-bound processes time-sharing one CPU for a fixed wall time. */
struct tsob_tput_conf {
	int cpu;
	int model[2];
	bool set_model;
	double seconds;
	unsigned repeat;
};

struct tsob_tput {
	bool ok;
	char reason[256];
	unsigned n;
	double *ops_per_s; /* [repeat]: both processes */
	double *proc_ops_per_s[2];
	double *switches_per_s; /* [repeat]: both processes' context switches */
	uint64_t checks, mismatches;
};

/* One load and one store of plain memory; the unit of the throughput form. */
#define TSOB_TPUT_UNIT "load+store pairs"

int tsob_tput_run(struct tsob_tput *t, const struct tsob_tput_conf *conf);
void tsob_tput_free(struct tsob_tput *t);

/* `perf bench sched pipe`, pinned to one CPU, threaded (-T) and process mode. */
struct tsob_perfbench {
	bool available; /* at least one run in each mode, none failed */
	bool broken;	/* perf is missing or a run failed: see reason */
	char reason[256];
	char binary[256];
	char version[64];
	uint64_t loops;
	unsigned n, cap;
	double *usecs_threads; /* [cap]: usecs/op, one op = one round trip */
	double *usecs_procs;
};

/* Find perf (@perf, or perf on PATH, or perf_*); -ENOMEM or 0 (broken says if usable). */
int tsob_perfbench_open(struct tsob_perfbench *pb, const char *perf, uint64_t loops, unsigned runs);
/* One run in each mode; 0, or -1 when perf is unusable or @runs are done. */
int tsob_perfbench_step(struct tsob_perfbench *pb, int cpu);
void tsob_perfbench_free(struct tsob_perfbench *pb);

/*
 * ---- the suite: `tsobench ctxsw` ----
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

struct tsob_ctxsw_opts {
	bool method[TSOB_CTXSW_NR_METHODS];
	bool state[TSOB_CTXSW_NR_STATES];
	struct tsob_event events[TSOB_MAX_EVENTS];
	int nevents;
	unsigned repeat, warmup;
	uint64_t round_trips, check_switches;
	int cpu, cross_cpu;
	double seconds;
	bool quick, quiet, no_perf, no_tput, no_prctl;
	const char *perf;  /* the perf binary, or NULL: perf on PATH */
};

struct tsob_ctxsw_run {
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

/*
 * Run what @o selects into the "ctxsw" section of @doc, printing the table
 * as it goes; @run carries the host in and the outcome out. 0, or a negative
 * errno (out of memory). Stops between parts on SIGINT/SIGTERM.
 */
int tsob_ctxsw_suite_run(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run,
			 json_object *doc);

/* The parts, in the order the suite runs them (suite_pingpong.c, suite_calls.c). */
int tsob_ctxsw_perf_prepare(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run);
int tsob_ctxsw_run_pingpong(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run,
			    json_object *ctxsw);
void tsob_ctxsw_perf_record(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run,
			    json_object *ctxsw);
int tsob_ctxsw_run_prctl(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run,
			 json_object *ctxsw);
int tsob_ctxsw_run_throughput(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run,
			      json_object *ctxsw);

/* JSON and table rows (record.c). */
json_object *tsob_ctxsw_jstr(const char *s);
json_object *tsob_ctxsw_jmodel(int m);
json_object *tsob_ctxsw_jseries(const double *v, size_t n, double *median);
json_object *tsob_ctxsw_junavailable(const char *why);
json_object *tsob_ctxsw_counters_json(const struct tsob_pingpong *pp,
				      const struct tsob_pingpong_conf *conf);
json_object *tsob_ctxsw_check_json(const struct tsob_pingpong *pp, const char *why);
json_object *tsob_ctxsw_state_json(const struct tsob_pingpong *pp,
				   const struct tsob_pingpong_conf *conf, const char *check_why,
				   double *median);
void tsob_ctxsw_row_unavailable(const char *part, const char *name, const char *why);
void tsob_ctxsw_row_series(const char *part, const char *name, json_object *series, double scale,
			   const char *extra);
void tsob_ctxsw_progress(const struct tsob_ctxsw_opts *o, const char *what, const char *state);

#endif
