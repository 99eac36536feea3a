// SPDX-License-Identifier: MIT
/*
 * The probe every host has: CLOCK_MONOTONIC_RAW (not slewed by NTP), in ns.
 * Where the driver has a cycle counter it plugs in its own probe instead.
 */
#include <errno.h>

#include "tsob/seq.h"

static int tsob_seq_clock_start(void *ctx)
{
	struct tsob_seq_clock *c = ctx;

	return clock_gettime(CLOCK_MONOTONIC_RAW, &c->t0) ? -errno : 0;
}

static int tsob_seq_clock_stop(void *ctx, uint64_t *values)
{
	struct tsob_seq_clock *c = ctx;
	struct timespec t1;

	if (clock_gettime(CLOCK_MONOTONIC_RAW, &t1))
		return -errno;
	values[0] = (uint64_t)(t1.tv_sec - c->t0.tv_sec) * 1000000000u +
		    (uint64_t)(t1.tv_nsec - c->t0.tv_nsec);
	return 0;
}

void tsob_seq_clock_probe(struct tsob_seq_probe *probe, struct tsob_seq_clock *clock)
{
	*probe = (struct tsob_seq_probe){
	    .nr = 1,
	    .names = {"ns"},
	    .note = TSOB_SEQ_CLOCK_NOTE,
	    .start = tsob_seq_clock_start,
	    .stop = tsob_seq_clock_stop,
	    .ctx = clock,
	};
}
