/* SPDX-License-Identifier: MIT */
/*
 * Per-thread counters through libperf. A set is opened by the thread it
 * measures, enabled around each repetition, and read with the mmap user-space
 * path where the kernel offers it.
 */
#ifndef TSOB_COUNTERS_H
#define TSOB_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/perf_event.h>

#include "events.h"

#define TSOB_MAX_EVENTS 16

struct tsob_counters;

struct tsob_count {
	uint64_t value;   /* scaled when multiplexed */
	uint64_t raw;     /* as counted */
	uint64_t enabled; /* ns */
	uint64_t running; /* ns */
	bool ok;          /* read, and the counter ran at all */
	bool scaled;      /* multiplexed: running < enabled */
	/* Reads that took the user-space path (a snapshot: 0 or 1; a repetition,
	 * the difference of two snapshots: 0 to 2). */
	uint8_t user_reads;
};

struct tsob_counter_status {
	bool open;
	bool user_offered; /* the mmap page offers user-space reads (cap_user_rdpmc) */
	char modifier[8];  /* perf's modifier the event was opened with: "", "u" */
	char why[160];     /* why it could not be opened */
};

/* Make libperf quiet; call once before any thread opens counters. */
void tsob_counters_init(void);

/*
 * Open @n events for the calling thread. Never fails as a whole: each event's
 * status says whether it opened and why not. Returns NULL only on ENOMEM.
 */
struct tsob_counters *tsob_counters_open(const struct tsob_event *ev, int n,
					 struct tsob_counter_status *status);
/*
 * Counters run from open to close; a repetition is the difference of two
 * snapshots, so no ioctl sits between the snapshot and the measured code.
 */
void tsob_counters_snapshot(struct tsob_counters *c, struct tsob_count *snap);
/* out[i] = now - start[i], scaled by enabled/running when multiplexed. */
void tsob_counters_delta(struct tsob_counters *c, const struct tsob_count *start,
			 struct tsob_count *out);
void tsob_counters_close(struct tsob_counters *c);

/* One event's repetition from two snapshots: scaled by enabled/running when
 * multiplexed (then ->scaled), not ok when it never ran. */
void tsob_count_diff(const struct tsob_count *start, const struct tsob_count *now,
		     struct tsob_count *out);

/* Whether @a keeps its meaning counted in user mode only (the ":u" fallback
 * where perf_event_paranoid refuses kernel counting). */
bool tsob_counters_user_only_ok(const struct perf_event_attr *a);

/* A one-line reason for a perf_event_open errno (-err). */
void tsob_counters_explain(int err, char *why, size_t len);

#endif
