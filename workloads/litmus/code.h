/* SPDX-License-Identifier: MIT */
/*
 * Inside the litmus library: the per-strategy code tables (threads.c, compiled
 * once per strategy) and the guest memory layout they share with the harness.
 */
#ifndef TSOB_LITMUS_CODE_H
#define TSOB_LITMUS_CODE_H

#include <stdint.h>

#include "tsob/litmus.h"

/* Every shape, in the order of tsob_litmus_tests[]. */
enum {
	TSOB_LITMUS_ID_MP,
	TSOB_LITMUS_ID_SB,
	TSOB_LITMUS_ID_LB,
	TSOB_LITMUS_ID_S,
	TSOB_LITMUS_ID_R,
	TSOB_LITMUS_ID_2P2W,
	TSOB_LITMUS_ID_IRIW,
	TSOB_LITMUS_ID_CORR,
	TSOB_LITMUS_NR,
};

/* Each location of an iteration has a line of its own (128 bytes: Apple
 * cores' line size), so no two locations or iterations share one. */
#define TSOB_LITMUS_LINE 128
#define TSOB_LITMUS_BLOCK (TSOB_LITMUS_NR_LOCS * TSOB_LITMUS_LINE)

/* One thread of one iteration: @guest is the iteration's block of locations,
 * @regs receives TSOB_LITMUS_MAX_VARS registers (the thread's own are set). */
typedef void (*tsob_litmus_fn)(char *guest, uint32_t *regs);

struct tsob_litmus_code {
	enum tsob_strategy strategy;
	tsob_litmus_fn fn[TSOB_LITMUS_NR][TSOB_LITMUS_MAX_THREADS];
};

/* The code compiled for @s (plain for hwtso), or NULL. */
const struct tsob_litmus_code *tsob_litmus_code(enum tsob_strategy s);

#endif
