/* SPDX-License-Identifier: MIT */
/*
 * CPU placement, in one place for every benchmark: which CPUs this process may
 * use, which comes after a given one, how threads are spread, and pinning the
 * calling thread. The runner, the context-switch benchmarks and the litmus
 * harness's callers all place threads through here.
 */
#ifndef TSOB_PLACEMENT_H
#define TSOB_PLACEMENT_H

#include <sched.h>
#include <stdbool.h>

struct tsob_cpus {
	int n;
	int cpu[CPU_SETSIZE]; /* allowed CPUs, in increasing order */
};

/* The CPUs this process may run on. 0, or a negative errno (then n is 0). */
int tsob_cpus_allowed(struct tsob_cpus *s);

/* Whether this process may run on @cpu. */
bool tsob_cpu_allowed(int cpu);

/* The first allowed CPU (-1 when none). */
int tsob_cpu_first(const struct tsob_cpus *s);

/* The allowed CPU after @cpu, wrapping around; -1 when @cpu is the only one or not allowed. */
int tsob_cpu_next(const struct tsob_cpus *s, int cpu);

/*
 * Where @nthreads threads go. @first >= 0: thread t on the t-th allowed CPU
 * counting from @first (wrapping: more threads than CPUs share). @first < 0:
 * unpinned (-1) for one thread; distinct CPUs, from the first allowed, for
 * several when there are enough, else unpinned. Fills @out[0..nthreads).
 */
void tsob_cpu_plan(const struct tsob_cpus *s, int first, unsigned nthreads, int *out);

/* Pin the calling thread to @cpu (-1: leave it). 0, or a negative errno. */
int tsob_cpu_pin_self(int cpu);

/* Pin the calling process (all future threads) to @cpu, for forked children. */
int tsob_cpu_pin_process(int cpu);

#endif
