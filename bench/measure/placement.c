// SPDX-License-Identifier: MIT
/* CPU placement: allowed CPUs, the next one, plans for threads, pinning. */
#include "placement.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

int tsob_cpus_allowed(struct tsob_cpus *s)
{
	cpu_set_t set;

	s->n = 0;
	if (sched_getaffinity(0, sizeof(set), &set))
		return -errno;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			s->cpu[s->n++] = c;
	return 0;
}

bool tsob_cpu_allowed(int cpu)
{
	cpu_set_t set;

	return cpu >= 0 && cpu < CPU_SETSIZE && !sched_getaffinity(0, sizeof(set), &set) &&
	       CPU_ISSET(cpu, &set);
}

int tsob_cpu_first(const struct tsob_cpus *s)
{
	return s->n ? s->cpu[0] : -1;
}

static int index_of(const struct tsob_cpus *s, int cpu)
{
	for (int i = 0; i < s->n; i++)
		if (s->cpu[i] == cpu)
			return i;
	return -1;
}

int tsob_cpu_next(const struct tsob_cpus *s, int cpu)
{
	int i = index_of(s, cpu);

	if (i < 0 || s->n < 2)
		return -1;
	return s->cpu[(i + 1) % s->n];
}

void tsob_cpu_plan(const struct tsob_cpus *s, int first, unsigned nthreads, int *out)
{
	int i0 = first >= 0 ? index_of(s, first) : 0;

	for (unsigned t = 0; t < nthreads; t++)
		out[t] = -1;
	if (!s->n)
		return;
	if (first >= 0) {
		/* From the asked CPU on; further threads on the next allowed ones. */
		for (unsigned t = 0; t < nthreads; t++)
			out[t] = s->cpu[((i0 < 0 ? 0 : i0) + (int)t) % s->n];
	} else if (nthreads > 1 && (int)nthreads <= s->n) {
		/* Several threads: distinct CPUs when there are enough. */
		for (unsigned t = 0; t < nthreads; t++)
			out[t] = s->cpu[t];
	}
}

int tsob_cpu_pin_self(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

int tsob_cpu_pin_process(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}
