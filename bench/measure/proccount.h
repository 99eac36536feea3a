/* SPDX-License-Identifier: MIT */
/*
 * Counters that follow another process and every thread it creates (libperf,
 * inherit), for tsobench emu: opened on a child between fork and exec,
 * enabled by its exec (so they count the emulator from its first instruction),
 * read at the marks around each measured region, closed after the wait.
 * counters.h is the per-thread kind `tsobench run` uses; this is its
 * per-process variant. Reads always take read(2): an inherited counter
 * spans threads on several CPUs, so no user-space read can see it whole.
 */
#ifndef TSOB_PROCCOUNT_H
#define TSOB_PROCCOUNT_H

#include <sys/types.h>

#include "counters.h"
#include "events.h"

struct tsob_proccount;

/* A set for @n events (@ev must outlive it); NULL only when out of memory. */
struct tsob_proccount *tsob_proccount_new(const struct tsob_event *ev, int n);

/*
 * Open the events on process @pid, disabled until it calls execve, inherited
 * by its threads and children, close-on-exec here. Never fails as a whole:
 * each event's status (tsob_proccount_status) says whether it opened and why
 * not. An open set is closed first.
 */
void tsob_proccount_open(struct tsob_proccount *pc, pid_t pid);

/* The status of event @i since the last open. */
const struct tsob_counter_status *tsob_proccount_status(const struct tsob_proccount *pc, int i);

/* A snapshot of every event: totals since exec over the process and its threads. */
void tsob_proccount_read(struct tsob_proccount *pc, struct tsob_count *snap);

void tsob_proccount_close(struct tsob_proccount *pc);
void tsob_proccount_free(struct tsob_proccount *pc);

#endif
