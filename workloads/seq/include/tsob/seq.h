/* SPDX-License-Identifier: MIT */
/*
 * Instruction-sequence microbenchmarks (nanoBench's method): each row of the
 * table is one short sequence, compiled unrolled 8, 16, 32 and 64 times inside
 * a loop; running the u and the 2u version and subtracting cancels the loop,
 * the call and the reading, leaving (t(2u) - t(u)) / (u * iterations) per copy.
 *
 * The table (tsob_seq_at/find), whether this CPU can run a row
 * (tsob_seq_available: HWCAP checks, never SIGILL), and the measurement core
 * (tsob_seq_measure), which reads whatever the caller's probe reads: the
 * monotonic clock here (tsob_seq_clock_probe), PMU counters in the driver.
 */
#ifndef TSOB_SEQ_H
#define TSOB_SEQ_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Copies per unrolled function: 8 << i for fn[i]; u can be 8, 16 or 32. */
#define TSOB_SEQ_NR_UNROLLS 4
#define TSOB_SEQ_MIN_U 8
/* The buffer every function works on: one page, so it stays in L1. */
#define TSOB_SEQ_BUF_SIZE 4096
/* Values one probe reading may carry (time, cycles, instructions, events). */
#define TSOB_SEQ_MAX_VALUES 8

enum tsob_seq_form {
	TSOB_SEQ_LATENCY,    /* each copy depends on the previous one's result */
	TSOB_SEQ_THROUGHPUT, /* copies independent (same address for stores and RMW) */
};

/* What a row needs from the CPU; checked against the HWCAPs (workloads/src/cpu.c). */
enum {
	TSOB_SEQ_NEED_LRCPC = 1 << 0,  /* LDAPR */
	TSOB_SEQ_NEED_LRCPC2 = 1 << 1, /* LDAPUR, STLUR */
	TSOB_SEQ_NEED_LSE = 1 << 2,    /* LDADD, SWP, CAS */
	TSOB_SEQ_NEED_NO_LSE = 1 << 3, /* the access layer's LL/SC path: taken only without LSE */
};

/* Runs @iters iterations of the loop over a buffer prepared by tsob_seq_prepare(). */
typedef void (*tsob_seq_fn)(uint64_t iters, void *buf);

struct tsob_seq {
	const char *name;	/* e.g. "ldar_lat", "x86_mov_load_lat.ldapr" */
	const char *group;	/* load, store, store-load, barrier, rmw, x86-op */
	const char *insns;	/* one copy, "; "-separated; %x[p] is the register holding p */
	const char *stands_for; /* one line */
	enum tsob_seq_form form;
	unsigned needs; /* TSOB_SEQ_NEED_* */
	int strategy;	/* access-layer rows: the strategy that emitted it; else -1 */
	unsigned count; /* instructions executed per copy */
	tsob_seq_fn fn[TSOB_SEQ_NR_UNROLLS];
};

/* The table, in a fixed order: rows of this architecture only. */
size_t tsob_seq_count(void);
const struct tsob_seq *tsob_seq_at(size_t i);
const struct tsob_seq *tsob_seq_find(const char *name);
const char *tsob_seq_form_name(enum tsob_seq_form form);

/* @insns with operands as register names (%x[p] -> xp, %[p] -> %p). */
void tsob_seq_format_insns(const struct tsob_seq *row, char *buf, size_t len);

/* 1 if this CPU can run @row (under the hardware TSO model when @tso, as far
 * as the build and CPU can tell: the prctl's answer is the thread-setup
 * hook's); else 0 with a one-line reason in @why. */
int tsob_seq_available(const struct tsob_seq *row, int tso, char *why, size_t len);

/* Lays out a buffer of TSOB_SEQ_BUF_SIZE bytes, aligned to it: p (word 0 and
 * word 1 point at the buffer, so loads can chain through them), q = p + 64
 * (stores), r = p + 128 (read-modify-writes, 0). */
void tsob_seq_prepare(void *buf);

/* A reading: start() right before a call, stop() right after it, on the
 * measuring thread. stop() gives what happened since start(), one value per
 * name. Both return 0 or a negative errno. */
struct tsob_seq_probe {
	unsigned nr;				/* 1..TSOB_SEQ_MAX_VALUES */
	const char *names[TSOB_SEQ_MAX_VALUES]; /* "ns", "cycles", "instructions", ... */
	const char *note;			/* shown with the figures; may be NULL */
	int (*start)(void *ctx);
	int (*stop)(void *ctx, uint64_t *values);
	void *ctx;
};

/* What the driver plugs in on the measuring thread (a fresh thread per
 * measurement, so a memory model or an affinity never leaks to the caller):
 * thread_setup() runs before anything else there: pin the thread, open
 * per-thread counters and, when @tso, enter the hardware TSO model
 * (prctl(PR_SET_MEM_MODEL, PR_SET_MEM_MODEL_TSO)); it returns 0, -EOPNOTSUPP
 * (the row is unavailable: reason in @why) or another negative errno.
 * thread_teardown() runs last, when setup succeeded. */
struct tsob_seq_hooks {
	int (*thread_setup)(void *ctx, int tso, char *why, size_t len);
	void (*thread_teardown)(void *ctx);
	void *ctx;
};

struct tsob_seq_conf {
	unsigned u;	 /* copies in the short variant (8, 16 or 32); the long one has 2u */
	uint64_t iters;	 /* loop iterations per call */
	unsigned reps;	 /* repetitions, one sample each */
	unsigned warmup; /* untimed calls of each variant before the first repetition */
	int tso;	 /* run under the hardware TSO memory model (needs thread_setup) */
};

/* One repetition: the readings of the two calls, and per value
 * (raw_2u - raw_u) / (u * iters): what one copy of the sequence cost. */
struct tsob_seq_sample {
	uint64_t raw_u[TSOB_SEQ_MAX_VALUES];
	uint64_t raw_2u[TSOB_SEQ_MAX_VALUES];
	double per_copy[TSOB_SEQ_MAX_VALUES];
};

/* Measures @row: @conf->reps samples into @out (the u and 2u calls alternate
 * which goes first). 0 on success; -EOPNOTSUPP when the row cannot run here
 * (never a SIGILL), -EINVAL for a bad @conf or @probe, another negative errno
 * on failure; on any error @why holds one line. */
int tsob_seq_measure(const struct tsob_seq *row, const struct tsob_seq_conf *conf,
		     const struct tsob_seq_probe *probe, const struct tsob_seq_hooks *hooks,
		     struct tsob_seq_sample *out, char *why, size_t len);

/* The probe available everywhere: CLOCK_MONOTONIC_RAW, one value "ns".
 * Without a cycle counter the figures are time per copy, not cycles. */
struct tsob_seq_clock {
	struct timespec t0;
};
#define TSOB_SEQ_CLOCK_NOTE "time per instruction, no cycle counter"
void tsob_seq_clock_probe(struct tsob_seq_probe *probe, struct tsob_seq_clock *clock);

#endif
