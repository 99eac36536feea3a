/* SPDX-License-Identifier: MIT */
/* Event names → perf_event_attr, through libpfm4. */
#ifndef TSOB_EVENTS_H
#define TSOB_EVENTS_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdio.h>

struct tsob_event {
	char name[96];           /* as the user wrote it */
	char fstr[192];          /* libpfm4's fully qualified name */
	struct perf_event_attr attr;
	bool encoded;            /* libpfm4 knew it */
	char why[160];           /* why it could not be encoded */
};

/* Initialise libpfm4 once; 0 or a negative value (with a message in *why). */
int tsob_events_init(const char **why);

/* Resolve @name; fills @ev. Returns 0, or -ENOENT for an unknown event. */
int tsob_event_resolve(const char *name, struct tsob_event *ev);

/* Names run by default: generic events; the unavailable ones are reported. */
extern const char *const tsob_default_events[];
extern const int tsob_nr_default_events;
/* "default: task-clock,context-switches,...": for help texts. */
const char *tsob_events_default_help(void);

/*
 * Print every event libpfm4 can encode on this host whose "pmu::event" name
 * contains @pattern (case-insensitive; NULL for all). Returns the count.
 */
int tsob_events_list(FILE *out, const char *pattern);

#endif
