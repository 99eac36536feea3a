// SPDX-License-Identifier: MIT
/* `tsobench seq`: the selected rows, each under its memory models, measured and recorded. */
#include "seq_suite.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/json.h"
#include "tsob/parse.h"

const char *const tsob_seq_tso_names[] = {"auto", "on", "off", NULL};

/* Calibration: the first try's iterations, and the bounds of what it may choose. */
#define CALIB_ITERS 100
#define MIN_ITERS 16
#define MAX_ITERS (1ull << 24)

int tsob_seq_suite_select(struct tsob_seq_suite *s, const char *pattern, struct tsob_err *e)
{
	const struct tsob_seq *row;
	const struct tsob_seq *keep[TSOB_SEQ_MAX_ROWS];
	size_t n = 0, matched = 0;

	/* Rebuilt in the table's order, so the order given does not matter. */
	for (size_t i = 0; (row = tsob_seq_at(i)) && n < TSOB_SEQ_MAX_ROWS; i++) {
		bool hit = !fnmatch(pattern, row->name, 0), had = false;

		for (size_t k = 0; k < s->nrows; k++)
			had |= s->rows[k] == row;
		matched += hit;
		if (hit || had)
			keep[n++] = row;
	}
	if (!matched)
		return tsob_err_set(
		    e, -EINVAL, "no sequence matches '%s': 'tsobench seq --list' shows the rows",
		    pattern);
	memcpy(s->rows, keep, n * sizeof(keep[0]));
	s->nrows = n;
	return 0;
}

const char *tsob_seq_groups(void)
{
	static char buf[128];
	const struct tsob_seq *row;
	size_t used = 0;

	if (buf[0])
		return buf;
	for (size_t i = 0; (row = tsob_seq_at(i)) && used < sizeof(buf); i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(tsob_seq_at(j)->group, row->group);
		if (!seen)
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
						 used ? ", " : "", row->group);
	}
	return buf;
}

int tsob_seq_suite_group(struct tsob_seq_suite *s, const char *group, struct tsob_err *e)
{
	const struct tsob_seq *row;
	size_t n = 0;
	bool known = false;

	for (size_t i = 0; (row = tsob_seq_at(i)); i++)
		known |= !strcmp(row->group, group);
	if (!known)
		return tsob_err_set(e, -EINVAL, "--group %s: no such group here (groups: %s)",
				    group, tsob_seq_groups());
	for (size_t k = 0; k < s->nrows; k++)
		if (!strcmp(s->rows[k]->group, group))
			s->rows[n++] = s->rows[k];
	s->nrows = n;
	return 0;
}

int tsob_seq_suite_event(struct tsob_seq_suite *s, const char *name, struct tsob_err *e)
{
	for (int i = 0; i < s->nevents; i++)
		if (!strcmp(s->events[i].name, name))
			return 0;
	if (s->nevents == TSOB_SEQ_MAX_EVENTS)
		return tsob_err_set(e, -E2BIG, "-e: too many events: the probe reads at most %d",
				    TSOB_SEQ_MAX_EVENTS);
	if (tsob_event_resolve(name, &s->events[s->nevents]) == -ENOENT)
		return tsob_err_set(
		    e, -EINVAL,
		    "unknown event '%s' (%s): 'tsobench events' lists what this host "
		    "knows",
		    name, s->events[s->nevents].why);
	s->nevents++;
	return 0;
}

/* One measurement with a reader of its own: 0, or a negative errno with @why. */
static int measure(const struct tsob_seq_suite *s, const struct tsob_seq *row,
		   const struct tsob_seq_conf *conf, int nevents, struct tsob_seq_sample *out,
		   struct tsob_seq_reader *rd, char *why, size_t len)
{
	struct tsob_seq_probe probe;
	struct tsob_seq_hooks hooks;

	if (tsob_seq_reader_init(rd, s->events, nevents, s->cpu, conf->reps, &probe, &hooks)) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	return tsob_seq_measure(row, conf, &probe, &hooks, out, why, len);
}

/*
 * Iterations for which the u call takes about target_ns, from a timed call
 * (time only; ten times longer until the call is long enough to time).
 */
static int calibrate(const struct tsob_seq_suite *s, const struct tsob_seq *row, int tso,
		     uint64_t *iters, char *why, size_t len)
{
	struct tsob_seq_conf conf = {.u = s->u, .iters = CALIB_ITERS, .reps = 1, .tso = tso};
	struct tsob_seq_sample sample;
	struct tsob_seq_reader rd;
	double ns = 0, want;
	int rc;

	for (;;) {
		conf.warmup = 1;
		rc = measure(s, row, &conf, 0, &sample, &rd, why, len);
		tsob_seq_reader_free(&rd);
		if (rc)
			return rc;
		ns = (double)sample.raw_u[0];
		if (ns * 10 >= (double)s->target_ns || conf.iters >= MAX_ITERS)
			break;
		conf.iters *= 10;
	}
	want = ns > 0 ? (double)s->target_ns * (double)conf.iters / ns : (double)MAX_ITERS;
	*iters = want < MIN_ITERS ? MIN_ITERS : want > MAX_ITERS ? MAX_ITERS : (uint64_t)want;
	return 0;
}

/* One row under one memory model: TSOB_EXIT_OK, TSOB_EXIT_FAIL, or -ENOMEM. */
static int run_row(const struct tsob_seq_suite *s, const struct tsob_seq *row, int tso,
		   json_object *doc)
{
	struct tsob_seq_conf conf = {.u = s->u,
				     .iters = s->iterations,
				     .reps = s->repeat * TSOB_SEQ_PAIRS,
				     .warmup = s->warmup,
				     .tso = tso};
	struct tsob_seq_sample *samples;
	struct tsob_seq_reader rd;
	char why[256];
	int rc = 0;

	if (!tsob_seq_available(row, tso, why, sizeof(why))) {
		tsob_seq_record_other(doc, s, row, tso, "unavailable", why);
		return TSOB_EXIT_OK;
	}
	samples = calloc(conf.reps, sizeof(*samples));
	if (!samples)
		return -ENOMEM;
	if (!conf.iters)
		rc = calibrate(s, row, tso, &conf.iters, why, sizeof(why));
	if (!rc) {
		rc = measure(s, row, &conf, s->nevents, samples, &rd, why, sizeof(why));
		if (!rc)
			tsob_seq_record_cell(
			    doc, &(struct tsob_seq_done){row, tso, &conf, samples, &rd, s});
		tsob_seq_reader_free(&rd);
	}
	free(samples);
	if (rc == -ENOMEM)
		return rc;
	if (rc == -EOPNOTSUPP) {
		/* Refused before anything ran: the prctl, or what the CPU lacks. */
		tsob_seq_record_other(doc, s, row, tso, "unavailable", why);
		return TSOB_EXIT_OK;
	}
	if (rc) {
		tsob_warn("%s%s: %s", row->name, tso ? " (tso)" : "", why);
		tsob_seq_record_other(doc, s, row, tso, "error", why);
		return TSOB_EXIT_FAIL;
	}
	return TSOB_EXIT_OK;
}

/* Asked for TSO but no row ran under it: the first refusal's reason, else the host's. */
static const char *tso_refused(json_object *doc, const struct tsob_host *host)
{
	json_object *cells = tsob_json_get(doc, "cells");
	const char *why = NULL;

	for (size_t i = 0; i < json_object_array_length(cells); i++) {
		json_object *c = json_object_array_get_idx(cells, i);

		if (strcmp(tsob_json_get_str(c, "strategy"), "seq-tso"))
			continue;
		if (!strcmp(tsob_json_get_str(c, "status"), "ok"))
			return NULL;
		if (!why)
			why = tsob_json_get_str(c, "reason");
	}
	return why ? why : host->strat[TSOB_HWTSO].why;
}

int tsob_seq_suite_run(const struct tsob_seq_suite *s, const struct tsob_host *host,
		       json_object *doc)
{
	/* auto: TSO only where this host grants it, and the reason once where not. */
	bool tso = s->tso == TSOB_SEQ_TSO_ON || (s->tso == TSOB_SEQ_TSO_AUTO && host->hwtso);
	uint64_t start = tsob_now_ns();
	int exit_code = TSOB_EXIT_OK;
	bool progress = false;

	for (size_t i = 0; i < s->nrows && !tsob_interrupted; i++)
		for (int m = 0; m <= (int)tso && !tsob_interrupted; m++) {
			int r = run_row(s, s->rows[i], m, doc);

			if (r < 0)
				return r;
			if (r)
				exit_code = TSOB_EXIT_FAIL;
			/* Progress on stderr once the run has taken more than two seconds. */
			progress |= !s->quiet && tsob_now_ns() - start > 2000000000ull;
			if (progress)
				fprintf(stderr, "[%zu/%zu] %s%s\n", i + 1, s->nrows,
					s->rows[i]->name, m ? " (tso)" : "");
		}
	tsob_seq_record_section(doc, s,
				s->tso == TSOB_SEQ_TSO_OFF ? "not asked for (--tso off)"
				: tso			   ? tso_refused(doc, host)
							   : host->strat[TSOB_HWTSO].why);
	return exit_code;
}
