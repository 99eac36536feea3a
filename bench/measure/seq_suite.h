/* SPDX-License-Identifier: MIT */
/*
 * `tsobench seq`: the instruction sequences of workloads/seq, each measured
 * nanoBench's way (u and 2u copies, the difference per copy) under the
 * default memory model and, where the prctl grants it, under hardware TSO;
 * time per copy always, PMU counters per copy where they count; each row and
 * model recorded as one cell of the results model, rows this CPU cannot run
 * recorded unavailable with the reason.
 */
#ifndef TSOB_SEQ_SUITE_H
#define TSOB_SEQ_SUITE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "events.h"
#include "host.h"
#include "seq_probe.h"
#include "tsob/err.h"
#include "tsob/seq.h"

#define TSOB_SEQ_MAX_ROWS 128
/*
 * Calls a repetition makes of each variant, alternating which goes first; its
 * figure comes from the fastest u and the fastest 2u call. Noise only adds
 * time, so the fastest call is the least disturbed: one preemption no longer
 * turns a repetition negative.
 */
#define TSOB_SEQ_PAIRS 2

/* Which memory models each row runs under. */
enum tsob_seq_tso {
	TSOB_SEQ_TSO_AUTO, /* the default model, and TSO where the host grants it */
	TSOB_SEQ_TSO_ON,   /* both; a refused TSO is an unavailable cell */
	TSOB_SEQ_TSO_OFF,  /* the default model only */
};
extern const char *const tsob_seq_tso_names[]; /* "auto", "on", "off", NULL */

struct tsob_seq_suite {
	const struct tsob_seq *rows[TSOB_SEQ_MAX_ROWS]; /* in the table's order */
	size_t nrows;
	unsigned u;
	uint64_t iterations; /* per call; 0: calibrated per row so the u call takes target_ns */
	uint64_t target_ns;
	unsigned repeat, warmup;
	int tso; /* enum tsob_seq_tso */
	struct tsob_event events[TSOB_SEQ_MAX_EVENTS];
	int nevents;
	int cpu; /* the measuring thread's CPU; -1: unpinned */
	bool quiet;
};

/*
 * Add the rows whose name matches @pattern (a name or a shell glob) to @s, in
 * the table's order, each once. 0, or -EINVAL with @e when nothing matches.
 */
int tsob_seq_suite_select(struct tsob_seq_suite *s, const char *pattern, struct tsob_err *e);

/* Keep only the rows of group @group. 0, or -EINVAL with @e when it names no group. */
int tsob_seq_suite_group(struct tsob_seq_suite *s, const char *group, struct tsob_err *e);

/* "load, store, store-load, barrier, rmw, x86-op": the groups of this build's table. */
const char *tsob_seq_groups(void);

/* Add event @name unless it is there. 0, -EINVAL (unknown: reason in @e) or -E2BIG. */
int tsob_seq_suite_event(struct tsob_seq_suite *s, const char *name, struct tsob_err *e);

/*
 * Measure every selected row into @doc: cells, and the "seq" section.
 * Returns TSOB_EXIT_OK, TSOB_EXIT_FAIL when a row failed (not merely
 * unavailable), or a negative errno. Stops between rows on SIGINT/SIGTERM.
 */
int tsob_seq_suite_run(const struct tsob_seq_suite *s, const struct tsob_host *host,
		       json_object *doc);

/* Recording (seq_record.c): one measured row, or one that did not run, as a cell. */
struct tsob_seq_done {
	const struct tsob_seq *row;
	int tso;
	const struct tsob_seq_conf *conf;      /* conf->reps = repetitions x TSOB_SEQ_PAIRS */
	const struct tsob_seq_sample *samples; /* one per pair of calls */
	const struct tsob_seq_reader *reader;
	const struct tsob_seq_suite *suite;
};
void tsob_seq_record_cell(json_object *doc, const struct tsob_seq_done *d);
void tsob_seq_record_other(json_object *doc, const struct tsob_seq_suite *s,
			   const struct tsob_seq *row, int tso, const char *status,
			   const char *why);
void tsob_seq_record_section(json_object *doc, const struct tsob_seq_suite *s,
			     const char *tso_reason);

#endif
