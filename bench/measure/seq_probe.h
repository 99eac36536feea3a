/* SPDX-License-Identifier: MIT */
/*
 * The reader `tsobench seq` plugs into workloads/seq's measurement core: a
 * probe (start/stop) that reads CLOCK_MONOTONIC_RAW and libperf counters, and
 * the thread-setup hooks that pin the measuring thread, enter the hardware TSO
 * model when asked and open that thread's counters. One reader per
 * measurement (row x memory model); it keeps what each call's counters said.
 */
#ifndef TSOB_SEQ_PROBE_H
#define TSOB_SEQ_PROBE_H

#include <stdbool.h>
#include <time.h>

#include "counters.h"
#include "events.h"
#include "tsob/seq.h"

/* The probe's values: time first, then one per event. */
#define TSOB_SEQ_MAX_EVENTS (TSOB_SEQ_MAX_VALUES - 1)

struct tsob_seq_reader {
	const struct tsob_event *events;
	int nevents;
	int cpu; /* pin the measuring thread here; -1: leave it */
	struct tsob_counters *ctr;
	struct tsob_counter_status status[TSOB_SEQ_MAX_EVENTS];
	struct tsob_count snap[TSOB_SEQ_MAX_EVENTS];
	struct timespec t0;
	/* Per probed call, in call order (two a repetition): each event's delta. */
	struct tsob_count *calls;
	unsigned ncalls, maxcalls;
	int memmodel;		 /* what PR_GET_MEM_MODEL confirmed, or a negative errno */
	int cpu_first, cpu_last; /* where the thread ran at set-up and at the end (-1: unknown) */
};

/*
 * Prepare @r for a measurement of @reps repetitions reading @events (at most
 * TSOB_SEQ_MAX_EVENTS) on CPU @cpu, and fill @probe and @hooks with it.
 * 0 or -ENOMEM; tsob_seq_reader_free() releases it.
 */
int tsob_seq_reader_init(struct tsob_seq_reader *r, const struct tsob_event *events, int nevents,
			 int cpu, unsigned reps, struct tsob_seq_probe *probe,
			 struct tsob_seq_hooks *hooks);
void tsob_seq_reader_free(struct tsob_seq_reader *r);

/*
 * Event @e over calls @first .. @first + @n - 1: their deltas combined (times
 * and user-space reads summed, ok only when all counted, scaled when any
 * was). False when those calls were not all recorded.
 */
bool tsob_seq_reader_calls(const struct tsob_seq_reader *r, unsigned first, unsigned n, int e,
			   struct tsob_count *out);

#endif
