/* SPDX-License-Identifier: MIT */
/* Runs one cell (kernel × strategy × threads): warm-up, repetitions, checks. */
#ifndef TSOB_RUNNER_H
#define TSOB_RUNNER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "tsob/kernel.h"
#include "tsob/results.h" /* TSOB_MAX_THREADS */


enum tsob_cell_status {
	TSOB_CELL_OK,
	TSOB_CELL_CHECKSUM_FAILED,
	TSOB_CELL_UNAVAILABLE,
	TSOB_CELL_ERROR,
	TSOB_CELL_INTERRUPTED,
};

const char *tsob_cell_status_name(enum tsob_cell_status s);

struct tsob_cell_conf {
	const struct tsob_kernel *kernel; /* the object to run */
	enum tsob_strategy strategy;      /* as asked (hwtso runs the plain object) */
	unsigned threads;
	size_t size;
	unsigned warmup, repeat;          /* repeat: the most a cell may record */
	int cpu;                          /* first CPU to pin to, -1: see runner.c */
	const struct tsob_event *events;
	int nevents;
	unsigned barrier_timeout_ms;      /* a thread that never arrives is an error */
	/* Optional, on each worker before the start barrier (after pinning and the
	 * memory model). A hook that never returns ends as a barrier timeout. */
	void (*thread_init)(void *arg, unsigned tid);
	void *thread_init_arg;
};

struct tsob_cell {
	struct tsob_cell_conf conf;
	enum tsob_cell_status status;
	char reason[256];
	struct tsob_verdict verdict;       /* of the first failing run, else the last */
	uint64_t violations;               /* summed over every run */
	uint64_t ops;                      /* operations per run */
	unsigned n;                        /* repetitions recorded */
	unsigned cap;                      /* room in the arrays below (grows up to repeat) */
	uint64_t *wall_ns;                 /* [cap] */
	int *round;                        /* [cap]: the round each ran in, -1 when not interleaved */
	uint64_t *inject_ns;               /* [cap]: the extra work's time (longest thread) */
	uint64_t inject_iters;             /* extra work per thread and repetition; 0: none */
	uint64_t last_ns;                  /* wall time of the last step, warm-up or measured */
	/* [cap][threads][nevents] */
	struct tsob_count *counts;
	struct tsob_counter_status evstatus[TSOB_MAX_THREADS][TSOB_MAX_EVENTS];
	int pinned[TSOB_MAX_THREADS];      /* CPU asked for, -1 unpinned */
	uint64_t cpus_seen[TSOB_MAX_THREADS]; /* bit mask of CPUs each thread ran on (first 64) */
	int memmodel[TSOB_MAX_THREADS];    /* the model each thread confirmed */
	void *priv;                        /* the running threads, between open and close */
};

static inline struct tsob_count *tsob_cell_count(struct tsob_cell *c, unsigned rep, unsigned t,
						 int e)
{
	return &c->counts[((size_t)rep * c->conf.threads + t) * (size_t)c->conf.nevents + (size_t)e];
}

/*
 * Wait until @want threads have arrived or @now() passes @deadline_ns; returns
 * how many arrived, counted once more after the deadline. (The clock is a
 * parameter so that a test can make a thread arrive exactly at the deadline.)
 */
unsigned tsob_wait_arrival(atomic_uint *arrived, unsigned want, uint64_t deadline_ns,
			   uint64_t (*now)(void));

/*
 * A cell's life in three steps, so that the cells of a kernel can run
 * interleaved, one repetition each per round:
 * tsob_cell_open() sets the kernel up and starts its threads at the barrier
 * (0, or -ENOMEM; the status says whether it may run); tsob_cell_step() runs
 * one repetition, a warm-up or a measured one recorded with its @round (0, or
 * -1 once the cell cannot run more: failed, interrupted, all repetitions
 * done); tsob_cell_close() stops the threads and keeps what they saw.
 */
int tsob_cell_open(struct tsob_cell *cell, const struct tsob_cell_conf *conf);
int tsob_cell_step(struct tsob_cell *cell, bool measured, int round);
void tsob_cell_close(struct tsob_cell *cell);

/*
 * Append @iters iterations of extra work (inject.h) to every thread's part of
 * each following repetition, inside the timed span; its time is kept per
 * repetition in inject_ns. For calibrating the gate only.
 */
void tsob_cell_set_inject(struct tsob_cell *cell, uint64_t iters);

/* Whether the cell can take another step (open, not failed, room left). */
bool tsob_cell_can_step(const struct tsob_cell *cell);

/* Open, warm-up, repetitions, close: always fills status and reason. 0 or -ENOMEM. */
int tsob_cell_run(struct tsob_cell *cell, const struct tsob_cell_conf *conf);
/* Close if open, and free the samples. */
void tsob_cell_free(struct tsob_cell *cell);

#endif
