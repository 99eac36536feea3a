// SPDX-License-Identifier: MIT
/*
 * The measurement core: a row's u and 2u functions, each called between the
 * probe's start and stop on a thread of its own, the difference divided by
 * u * iterations. Loop, call and reading cost the same in both and cancel.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/seq.h"

struct tsob_seq_job {
	const struct tsob_seq *row;
	const struct tsob_seq_conf *conf;
	const struct tsob_seq_probe *probe;
	const struct tsob_seq_hooks *hooks;
	struct tsob_seq_sample *out;
	char *why;
	size_t len;
	int rc;
};

/* fn[] index of the u-copy function, or -1. */
static int tsob_seq_unroll_index(unsigned u)
{
	for (int i = 0; i + 1 < TSOB_SEQ_NR_UNROLLS; i++)
		if (u == (unsigned)TSOB_SEQ_MIN_U << i)
			return i;
	return -1;
}

static int tsob_seq_check(const struct tsob_seq_conf *conf, const struct tsob_seq_probe *probe,
			  char *why, size_t len)
{
	if (tsob_seq_unroll_index(conf->u) < 0) {
		snprintf(why, len,
			 "unroll factor %u: must be 8, 16 or 32 (the long variant has 2u)",
			 conf->u);
		return -EINVAL;
	}
	if (conf->iters == 0 || conf->iters > UINT64_MAX / 128 || conf->reps == 0) {
		snprintf(why, len,
			 "iterations must be 1..2^57 and repetitions at least 1 (iterations %llu, "
			 "repetitions %u)",
			 (unsigned long long)conf->iters, conf->reps);
		return -EINVAL;
	}
	if (!probe || !probe->start || !probe->stop || probe->nr == 0 ||
	    probe->nr > TSOB_SEQ_MAX_VALUES) {
		snprintf(why, len, "the probe needs start(), stop() and 1..%d values",
			 TSOB_SEQ_MAX_VALUES);
		return -EINVAL;
	}
	return 0;
}

/* One timed call: start, @fn, stop into @raw. */
static int tsob_seq_call(struct tsob_seq_job *job, tsob_seq_fn fn, void *buf, uint64_t *raw)
{
	const struct tsob_seq_probe *probe = job->probe;
	int rc = probe->start(probe->ctx);

	if (rc == 0) {
		fn(job->conf->iters, buf);
		rc = probe->stop(probe->ctx, raw);
	}
	if (rc)
		snprintf(job->why, job->len, "reading the probe failed: %s", strerror(-rc));
	return rc;
}

static int tsob_seq_run(struct tsob_seq_job *job, void *buf)
{
	const struct tsob_seq_conf *conf = job->conf;
	int k = tsob_seq_unroll_index(conf->u);
	tsob_seq_fn fn_u = job->row->fn[k], fn_2u = job->row->fn[k + 1];
	double copies = (double)conf->u * (double)conf->iters;

	tsob_seq_prepare(buf);
	for (unsigned w = 0; w < conf->warmup; w++) {
		fn_u(conf->iters, buf);
		fn_2u(conf->iters, buf);
	}
	for (unsigned r = 0; r < conf->reps; r++) {
		struct tsob_seq_sample *s = &job->out[r];
		/* Alternate which goes first, so a drift does not favour one. */
		int long_first = r & 1;
		int rc;

		memset(s, 0, sizeof(*s));
		rc = tsob_seq_call(job, long_first ? fn_2u : fn_u, buf,
				   long_first ? s->raw_2u : s->raw_u);
		if (rc == 0)
			rc = tsob_seq_call(job, long_first ? fn_u : fn_2u, buf,
					   long_first ? s->raw_u : s->raw_2u);
		if (rc)
			return rc;
		for (unsigned v = 0; v < job->probe->nr; v++)
			s->per_copy[v] = ((double)s->raw_2u[v] - (double)s->raw_u[v]) / copies;
	}
	return 0;
}

static void *tsob_seq_thread(void *arg)
{
	struct tsob_seq_job *job = arg;
	const struct tsob_seq_hooks *hooks = job->hooks;
	void *buf;

	if (hooks && hooks->thread_setup) {
		job->rc = hooks->thread_setup(hooks->ctx, job->conf->tso, job->why, job->len);
		if (job->rc) {
			if (!job->why[0])
				snprintf(job->why, job->len, "thread set-up failed: %s",
					 strerror(-job->rc));
			return NULL;
		}
	}
	buf = aligned_alloc(TSOB_SEQ_BUF_SIZE, TSOB_SEQ_BUF_SIZE);
	if (buf) {
		job->rc = tsob_seq_run(job, buf);
		free(buf);
	} else {
		job->rc = -ENOMEM;
		snprintf(job->why, job->len, "no memory for the buffer");
	}
	if (hooks && hooks->thread_teardown)
		hooks->thread_teardown(hooks->ctx);
	return NULL;
}

int tsob_seq_measure(const struct tsob_seq *row, const struct tsob_seq_conf *conf,
		     const struct tsob_seq_probe *probe, const struct tsob_seq_hooks *hooks,
		     struct tsob_seq_sample *out, char *why, size_t len)
{
	char scratch[160];
	struct tsob_seq_job job = {row, conf, probe, hooks, out, why, len, 0};
	pthread_t thread;
	int rc;

	if (!why || !len) {
		job.why = why = scratch;
		job.len = len = sizeof(scratch);
	}
	why[0] = '\0';
	if (!row || !conf || !out) {
		snprintf(why, len, "no row, configuration or output");
		return -EINVAL;
	}
	rc = tsob_seq_check(conf, probe, why, len);
	if (rc)
		return rc;
	if (!tsob_seq_available(row, conf->tso, why, len))
		return -EOPNOTSUPP;
	if (conf->tso && (!hooks || !hooks->thread_setup)) {
		snprintf(why, len,
			 "hardware TSO needs a thread-setup hook that enters it "
			 "(prctl PR_SET_MEM_MODEL); none given");
		return -EOPNOTSUPP;
	}
	rc = pthread_create(&thread, NULL, tsob_seq_thread, &job);
	if (rc) {
		snprintf(why, len, "cannot start the measuring thread: %s", strerror(rc));
		return -rc;
	}
	pthread_join(thread, NULL);
	return job.rc;
}
