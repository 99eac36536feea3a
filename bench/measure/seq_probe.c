// SPDX-License-Identifier: MIT
/*
 * The `tsobench seq` reader: CLOCK_MONOTONIC_RAW and per-thread libperf
 * counters around each call of a sequence, opened on the measuring thread
 * (workloads/seq runs every measurement on a thread of its own), which is
 * pinned and, for the TSO variant of a row, in the hardware TSO model first.
 */
#include "seq_probe.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memmodel.h"
#include "placement.h"

/*
 * Counters first, then the clock at the start; the clock, then the counters
 * at the stop: the timed interval sits inside the counted one. Whatever the
 * reads cost is the same for the u and the 2u call and cancels.
 */
static int reader_start(void *ctx)
{
	struct tsob_seq_reader *r = ctx;

	if (r->ctr)
		tsob_counters_snapshot(r->ctr, r->snap);
	return clock_gettime(CLOCK_MONOTONIC_RAW, &r->t0) ? -errno : 0;
}

static int reader_stop(void *ctx, uint64_t *values)
{
	struct tsob_seq_reader *r = ctx;
	struct tsob_count delta[TSOB_MAX_EVENTS];
	struct timespec t1;

	if (clock_gettime(CLOCK_MONOTONIC_RAW, &t1))
		return -errno;
	values[0] = (uint64_t)(t1.tv_sec - r->t0.tv_sec) * 1000000000u +
		    (uint64_t)(t1.tv_nsec - r->t0.tv_nsec);
	if (!r->ctr)
		return 0;
	tsob_counters_delta(r->ctr, r->snap, delta);
	/* A counter that did not count reads 0 here; the recorder reports it unavailable. */
	for (int e = 0; e < r->nevents; e++)
		values[1 + e] = delta[e].ok ? delta[e].value : 0;
	if (r->ncalls < r->maxcalls)
		memcpy(&r->calls[(size_t)r->ncalls * (size_t)r->nevents], delta,
		       (size_t)r->nevents * sizeof(delta[0]));
	r->ncalls++;
	return 0;
}

static int reader_setup(void *ctx, int tso, char *why, size_t len)
{
	struct tsob_seq_reader *r = ctx;
	int rc = tsob_cpu_pin_self(r->cpu);

	if (rc) {
		snprintf(why, len, "cannot pin the measuring thread to CPU %d: %s", r->cpu,
			 strerror(-rc));
		return rc;
	}
	if (tso && (rc = tsob_memmodel_enter_tso())) {
		snprintf(why, len, "PR_SET_MEM_MODEL(TSO) not granted on the measuring thread: %s",
			 rc == -EIO ? "PR_GET_MEM_MODEL does not confirm it" : strerror(-rc));
		return -EOPNOTSUPP;
	}
	r->memmodel = tsob_memmodel_get();
	r->cpu_first = sched_getcpu();
	if (r->nevents) {
		r->ctr = tsob_counters_open(r->events, r->nevents, r->status);
		if (!r->ctr) {
			snprintf(why, len, "no memory for the counters");
			return -ENOMEM;
		}
	}
	r->ncalls = 0;
	return 0;
}

static void reader_teardown(void *ctx)
{
	struct tsob_seq_reader *r = ctx;

	r->cpu_last = sched_getcpu();
	tsob_counters_close(r->ctr);
	r->ctr = NULL;
}

int tsob_seq_reader_init(struct tsob_seq_reader *r, const struct tsob_event *events, int nevents,
			 int cpu, unsigned reps, struct tsob_seq_probe *probe,
			 struct tsob_seq_hooks *hooks)
{
	memset(r, 0, sizeof(*r));
	r->events = events;
	r->nevents = nevents < TSOB_SEQ_MAX_EVENTS ? nevents : TSOB_SEQ_MAX_EVENTS;
	r->cpu = cpu;
	r->memmodel = -EINVAL;
	r->cpu_first = r->cpu_last = -1;
	r->maxcalls = 2 * reps;
	r->calls =
	    calloc((size_t)r->maxcalls * (size_t)(r->nevents ? r->nevents : 1), sizeof(*r->calls));
	if (!r->calls)
		return -ENOMEM;
	*probe = (struct tsob_seq_probe){
	    .nr = 1 + (unsigned)r->nevents,
	    .start = reader_start,
	    .stop = reader_stop,
	    .ctx = r,
	};
	probe->names[0] = "ns";
	for (int e = 0; e < r->nevents; e++)
		probe->names[1 + e] = events[e].name;
	*hooks = (struct tsob_seq_hooks){reader_setup, reader_teardown, r};
	return 0;
}

void tsob_seq_reader_free(struct tsob_seq_reader *r)
{
	tsob_counters_close(r->ctr);
	free(r->calls);
	r->ctr = NULL;
	r->calls = NULL;
}

bool tsob_seq_reader_calls(const struct tsob_seq_reader *r, unsigned first, unsigned n, int e,
			   struct tsob_count *out)
{
	memset(out, 0, sizeof(*out));
	if (!n || first + n > r->ncalls || first + n > r->maxcalls || e >= r->nevents)
		return false;
	out->ok = true;
	for (unsigned k = first; k < first + n; k++) {
		const struct tsob_count *c = &r->calls[(size_t)k * (size_t)r->nevents + (size_t)e];

		out->ok &= c->ok;
		out->scaled |= c->scaled;
		out->enabled += c->enabled;
		out->running += c->running;
		out->user_reads = (uint8_t)(out->user_reads + c->user_reads);
	}
	return true;
}
