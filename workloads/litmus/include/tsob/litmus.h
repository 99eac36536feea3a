/* SPDX-License-Identifier: MIT */
/*
 * Litmus tests: the classic ordering shapes (MP, SB, LB, S, R, 2+2W, IRIW,
 * CoRR) written with the guest-access layer and compiled once per strategy,
 * run the way litmus7 runs them on hardware, with x86-TSO's verdict on every
 * outcome kept as data.
 *
 * A test is a table entry: its program (as data, from the same macros the
 * running code is compiled from, see shapes.h), what an outcome records
 * (registers, final values of locations) and every possible outcome with its
 * class: allowed by sequential consistency, allowed by x86-TSO only
 * ("relaxed": a load passed an earlier store of its own thread), or forbidden
 * by x86-TSO. tests/litmus/test_litmus_model.c checks that table against an
 * exhaustive enumeration of the x86-TSO store-buffer machine.
 */
#ifndef TSOB_LITMUS_H
#define TSOB_LITMUS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tsob/strategy.h"

#define TSOB_LITMUS_MAX_THREADS 4
#define TSOB_LITMUS_MAX_OPS 2  /* per thread */
#define TSOB_LITMUS_MAX_VARS 4 /* registers and final values an outcome records */
#define TSOB_LITMUS_MAX_OUTCOMES 16
#define TSOB_LITMUS_NR_LOCS 2 /* x and y */
/* An outcome is a key: each recorded value (0..2; 3 stands for anything
 * larger, which no test can produce) is a base-4 digit. */
#define TSOB_LITMUS_MAX_KEYS 256 /* 4^TSOB_LITMUS_MAX_VARS */

enum tsob_litmus_class {
	TSOB_LITMUS_SC,	       /* allowed by sequential consistency, so by x86-TSO too */
	TSOB_LITMUS_RELAXED,   /* allowed by x86-TSO but not by SC */
	TSOB_LITMUS_FORBIDDEN, /* forbidden by x86-TSO */
};

enum tsob_litmus_op_kind { TSOB_LITMUS_END, TSOB_LITMUS_ST, TSOB_LITMUS_LD };

struct tsob_litmus_op {
	unsigned char kind; /* enum tsob_litmus_op_kind */
	unsigned char loc;  /* 0: x, 1: y */
	unsigned char arg;  /* ST: the value stored; LD: the register loaded */
};

/* One value an outcome records: a register, or a location's final value. */
struct tsob_litmus_var {
	signed char reg; /* register number, or -1 */
	signed char loc; /* location, or -1 */
};

struct tsob_litmus_outcome {
	unsigned char v[TSOB_LITMUS_MAX_VARS]; /* in the order of the test's vars */
	enum tsob_litmus_class cls;
};

struct tsob_litmus_test {
	const char *name;    /* herd's name: "SB", "2+2W", ... */
	const char *summary; /* one line */
	/* One line: what a forbidden outcome would show; NULL when x86-TSO forbids nothing. */
	const char *forbidden_means;
	unsigned id; /* index in tsob_litmus_tests */
	unsigned nthreads, nvars, noutcomes;
	struct tsob_litmus_op prog[TSOB_LITMUS_MAX_THREADS][TSOB_LITMUS_MAX_OPS + 1];
	struct tsob_litmus_var vars[TSOB_LITMUS_MAX_VARS];
	/* Every combination of the vars' possible values, each with its class. */
	struct tsob_litmus_outcome outcomes[TSOB_LITMUS_MAX_OUTCOMES];
};

extern const struct tsob_litmus_test tsob_litmus_tests[];
extern const unsigned tsob_litmus_nr_tests;

/* The test called @name (case-insensitive), or NULL. */
const struct tsob_litmus_test *tsob_litmus_lookup(const char *name);

/* Outcome keys: 4^nvars of them. */
unsigned tsob_litmus_nr_keys(const struct tsob_litmus_test *t);
unsigned tsob_litmus_key(const struct tsob_litmus_test *t, const uint32_t *values);
/* The class of an outcome; anything not in the table is forbidden. */
enum tsob_litmus_class tsob_litmus_classify(const struct tsob_litmus_test *t, unsigned key);
const char *tsob_litmus_class_name(enum tsob_litmus_class c); /* "sc", "relaxed", "forbidden" */
/* "r0=1 r1=0", "r0=1 x=2": how herd and litmus7 print an outcome. */
void tsob_litmus_outcome_name(const struct tsob_litmus_test *t, unsigned key, char *buf,
			      size_t len);
/* One thread's program: "x=1; r0=y". */
void tsob_litmus_thread_name(const struct tsob_litmus_test *t, unsigned thread, char *buf,
			     size_t len);

/* 1 if this build has litmus code for @s (hwtso runs the plain code). */
int tsob_litmus_has_code(enum tsob_strategy s);
/* 0 only for code that is allowed to be weaker than x86-TSO: plain on arm64.
 * Everywhere else (every mapping, hwtso, and plain on x86-64, which is the
 * TSO hardware itself) a forbidden outcome is a bug. */
int tsob_litmus_must_be_tso(enum tsob_strategy s);

struct tsob_litmus_conf {
	const struct tsob_litmus_test *test;
	enum tsob_strategy strategy;
	uint64_t iterations;
	unsigned batch;		/* iterations per batch; each uses fresh locations */
	unsigned stagger;	/* largest random delay before an iteration, in loop steps */
	uint64_t seed;		/* for the delays */
	uint64_t time_limit_ns; /* stop after the batch that crosses it; 0: no limit */
	/* Run on every test thread before the first iteration: the caller's
	 * placement (pinning) and memory model (hwtso: the prctl). 0, or a
	 * negative errno with a reason in @why. */
	int (*thread_init)(void *arg, unsigned tid, char *why, size_t len);
	/* Where the caller put each thread (for the result), or NULL: unpinned. */
	const int *cpus;
	bool time_shared; /* fewer CPUs than threads: the threads yield while they wait */
	void *thread_init_arg;
	volatile sig_atomic_t *stop; /* checked between batches (SIGINT); may be NULL */
};

struct tsob_litmus_result {
	uint64_t iterations; /* run: fewer than asked after a time limit or stop */
	uint64_t counts[TSOB_LITMUS_MAX_KEYS];
	uint64_t forbidden; /* iterations whose outcome x86-TSO forbids */
	uint64_t relaxed;   /* iterations with an outcome TSO allows but SC does not */
	unsigned nthreads;
	int cpus[TSOB_LITMUS_MAX_THREADS]; /* the CPU each thread was pinned to */
	bool time_shared;		   /* fewer usable CPUs than threads: threads took turns */
	bool stopped;			   /* ended early: time limit or stop flag */
	double elapsed_s;
	int err; /* 0, or a negative errno: the cell did not run */
	char reason[200];
};

/* Run one test with one strategy. 0, or a negative errno with res->reason set. */
int tsob_litmus_run(const struct tsob_litmus_conf *conf, struct tsob_litmus_result *res);

#endif
