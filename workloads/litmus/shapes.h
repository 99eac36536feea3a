/* SPDX-License-Identifier: MIT */
/*
 * The litmus programs, written once. Each thread's body is a sequence of
 *
 *	ST(loc, value)	guest store of a constant
 *	LD(loc, reg)	guest load into register reg (registers are numbered
 *			across the whole test: r0, r1, ... as herd and litmus7 print them)
 *
 * on the locations LX and LY. The including file defines ST and LD: threads.c
 * turns them into guest accesses of one strategy (compiled once per strategy),
 * tests.c into data, which the x86-TSO model test enumerates. So the code that
 * runs and the program the outcome table was checked against cannot drift apart.
 * All locations start at 0. Shapes and names follow herdtools' catalogue.
 */
#ifndef TSOB_LITMUS_SHAPES_H
#define TSOB_LITMUS_SHAPES_H

enum { LX, LY };

/* Message passing: data then flag; the reader reads flag then data. */
#define MP_P0 ST(LX, 1) ST(LY, 1)
#define MP_P1 LD(LY, 0) LD(LX, 1)

/* Store buffering: each thread stores, then loads the other's location. */
#define SB_P0 ST(LX, 1) LD(LY, 0)
#define SB_P1 ST(LY, 1) LD(LX, 1)

/* Load buffering: each thread loads, then stores the other's location. */
#define LB_P0 LD(LX, 0) ST(LY, 1)
#define LB_P1 LD(LY, 1) ST(LX, 1)

/* S: a store followed by a flag; the reader of the flag then stores to x. */
#define S_P0 ST(LX, 2) ST(LY, 1)
#define S_P1 LD(LY, 0) ST(LX, 1)

/* R: two stores against a store then a load (store->load across threads). */
#define R_P0 ST(LX, 1) ST(LY, 1)
#define R_P1 ST(LY, 2) LD(LX, 0)

/* 2+2W: two stores each, in opposite orders. */
#define W22_P0 ST(LX, 2) ST(LY, 1)
#define W22_P1 ST(LY, 2) ST(LX, 1)

/* Independent reads of independent writes: do two readers agree on the order? */
#define IRIW_P0 ST(LX, 1)
#define IRIW_P1 ST(LY, 1)
#define IRIW_P2 LD(LX, 0) LD(LY, 1)
#define IRIW_P3 LD(LY, 2) LD(LX, 3)

/* Coherence of read-read: two loads of one location never go back in time. */
#define CORR_P0 ST(LX, 1)
#define CORR_P1 LD(LX, 0) LD(LX, 1)

#endif
