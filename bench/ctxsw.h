/* SPDX-License-Identifier: MIT */
/*
 * tsobench ctxsw: what the per-thread memory model costs the kernel.
 *
 * ctxsw_pingpong.c: two threads pass a token (futex or pipe) and check their
 *                   memory model after every wake-up;
 * ctxsw_prctl.c:    the cost of PR_GET_MEM_MODEL and PR_SET_MEM_MODEL;
 * ctxsw_throughput.c: two CPU-bound processes time-sharing one CPU;
 * ctxsw_perfbench.c: `perf bench sched pipe`, the peer the pipe variant is checked against.
 */
#ifndef TSOB_CTXSW_H
#define TSOB_CTXSW_H

#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "events.h"

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

#endif
