/* SPDX-License-Identifier: MIT */
/*
 * The interface between the driver and the translated kernels.
 *
 * A kernel source is compiled once per strategy; each compilation exports one
 * struct tsob_kernel whose run() uses that strategy's guest-access layer.
 * The driver knows kernels only through tsob_registry[].
 */
#ifndef TSOB_KERNEL_H
#define TSOB_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "tsob/strategy.h"

struct tsob_kconf {
	size_t size;      /* problem size, in the kernel's size_unit */
	unsigned threads; /* threads that will call run() concurrently */
};

struct tsob_verdict {
	uint64_t checksum; /* what this run produced */
	uint64_t expected; /* what the reference implementation produced */
	/* Multi-threaded kernels: lost or reordered messages, torn reads, ...
	 * Expected to be non-zero only for `plain` on a weakly ordered CPU. */
	uint64_t violations;
	char detail[160];  /* one line, empty when all is well */
};

struct tsob_kernel {
	const char *name;       /* e.g. "memcpy8" */
	const char *stands_for; /* one line: which x86 code this is */
	const char *unit;       /* what one operation is: "byte", "node", "probe" */
	/* What --size counts. Where it is the unit itself, ops() == size. */
	const char *size_unit;
	enum tsob_strategy strategy; /* strategy this object was compiled for */
	unsigned min_threads;   /* 1 for single-threaded kernels */
	unsigned max_threads;   /* 1 for single-threaded kernels */
	size_t quick_size;      /* --quick problem size */
	size_t default_size;    /* default problem size */

	/* Allocate guest memory and build the input; computes the reference
	 * result with plain C. Returns NULL with errno set on failure. */
	void *(*create)(const struct tsob_kconf *conf);
	/* Restore the initial guest state before a repetition (not measured). */
	void (*reset)(void *state);
	/* The measured code. Called once per repetition on each of
	 * conf->threads threads, tid in [0, threads). Must not allocate. */
	void (*run)(void *state, unsigned tid);
	/* Check the last run against the reference. 0: correct; 1: wrong.
	 * Ordering violations are counted in v; they make a run wrong except
	 * in plain objects on arm64 (see tsob_cell_failed() for hwtso). */
	int (*verify)(void *state, struct tsob_verdict *v);
	/* Operations one run performs, for per-operation figures. */
	uint64_t (*ops)(const void *state);
	void (*destroy)(void *state);
	/* Test hook: damage the guest output of the last run in a way no memory
	 * ordering can explain, so that verify() must return 1. */
	void (*corrupt)(void *state);
};

/* Every (kernel, strategy) object built for this architecture, NULL-ended.
 * hwtso has no objects of its own: it runs the plain ones with TSO on. */
extern const struct tsob_kernel *const tsob_registry[];

/* The object for @kernel compiled for @s (plain for hwtso), or NULL. */
const struct tsob_kernel *tsob_registry_find(const char *kernel, enum tsob_strategy s);

/* Whether a run of a cell measured as strategy @s failed, given what verify()
 * returned: 1 if verify() said so, or if ordering violations were observed
 * although @s promises TSO. verify() itself tolerates violations in plain
 * objects on arm64, which also serve hwtso: only the caller knows TSO was on. */
int tsob_cell_failed(enum tsob_strategy s, int verify_rc, const struct tsob_verdict *v);

#endif
