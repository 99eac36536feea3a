/* SPDX-License-Identifier: MIT */
/*
 * Extra work of a known size, for calibrating the A/B gate: a slowdown that
 * is executed instructions, not a sleep, so that it meets the same caches,
 * frequency and neighbours as the kernel it is appended to, and whose share
 * of each repetition is measured rather than assumed.
 */
#ifndef TSOB_INJECT_H
#define TSOB_INJECT_H

#include <stdint.h>

/*
 * @iters iterations of a dependent chain of 64-bit multiply-adds (on x86-64:
 * imul, add, and the loop's add, cmp and branch; on arm64: madd, subs, b.ne),
 * which the compiler can neither drop nor shorten. Returns the chain's value.
 */
uint64_t tsob_inject_work(uint64_t iters);

/* This thread's time per iteration, in ns: the median of five timed batches. */
double tsob_inject_ns_per_iter(void);

/* Iterations that add @pct percent to a repetition of @kernel_ns. */
uint64_t tsob_inject_iters(double pct, double kernel_ns);

#endif
