// SPDX-License-Identifier: MIT
/*
 * The memory-model prctl calls themselves. Calls that leave the model as it
 * was are timed as one batch; the two directions of a change alternate, so
 * each call is bracketed by clock reads and the clock pair's own cost (timed
 * the same way around nothing) is subtracted. Summed over many calls, the
 * clock's granularity (41.7 ns at 24 MHz on Apple cores) averages out.
 */
#include "ctxsw.h"
#include "placement.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memmodel.h"
#include "tsob/err.h"
#include "tsob/parse.h"

const char *const tsob_prctl_cases[TSOB_PRCTL_NR_CASES] = {
    [TSOB_PRCTL_GET] = "get",		[TSOB_PRCTL_SET_SAME] = "set_same",
    [TSOB_PRCTL_SET_TSO] = "set_tso",	[TSOB_PRCTL_SET_DEFAULT] = "set_default",
    [TSOB_PRCTL_SET_PAIR] = "set_pair",
};

const char *const tsob_prctl_case_summary[TSOB_PRCTL_NR_CASES] = {
    [TSOB_PRCTL_GET] = "PR_GET_MEM_MODEL",
    [TSOB_PRCTL_SET_SAME] = "PR_SET_MEM_MODEL(DEFAULT) on a default thread (no change)",
    [TSOB_PRCTL_SET_TSO] = "PR_SET_MEM_MODEL(TSO) on a default thread",
    [TSOB_PRCTL_SET_DEFAULT] = "PR_SET_MEM_MODEL(DEFAULT) on a TSO thread",
    [TSOB_PRCTL_SET_PAIR] = "PR_SET_MEM_MODEL(TSO) then (DEFAULT), per pair, one batch",
};

struct prctl_job {
	struct tsob_prctl *p;
	int cpu;
	unsigned repeat;
	int err;
	char why[200];
};

static double batch(int c, uint64_t n)
{
	uint64_t t0 = tsob_now_ns();

	for (uint64_t i = 0; i < n; i++) {
		if (c == TSOB_PRCTL_GET) {
			tsob_memmodel_get();
		} else if (c == TSOB_PRCTL_SET_SAME) {
			tsob_memmodel_set(PR_SET_MEM_MODEL_DEFAULT);
		} else {
			tsob_memmodel_set(PR_SET_MEM_MODEL_TSO);
			tsob_memmodel_set(PR_SET_MEM_MODEL_DEFAULT);
		}
	}
	return (double)(tsob_now_ns() - t0) / (double)n;
}

/* Mean time of each direction of a change, minus the clock pair. */
static void directions(uint64_t n, double clock_ns, double *to_tso, double *to_default)
{
	uint64_t sum_tso = 0, sum_def = 0;

	for (uint64_t i = 0; i < n; i++) {
		uint64_t t0 = tsob_now_ns(), t1, t2;

		tsob_memmodel_set(PR_SET_MEM_MODEL_TSO);
		t1 = tsob_now_ns();
		tsob_memmodel_set(PR_SET_MEM_MODEL_DEFAULT);
		t2 = tsob_now_ns();
		sum_tso += t1 - t0;
		sum_def += t2 - t1;
	}
	*to_tso = (double)sum_tso / (double)n - clock_ns;
	*to_default = (double)sum_def / (double)n - clock_ns;
}

static double clock_pair(uint64_t n)
{
	uint64_t sum = 0;

	for (uint64_t i = 0; i < n; i++) {
		uint64_t t0 = tsob_now_ns();

		sum += tsob_now_ns() - t0;
	}
	return (double)sum / (double)n;
}

static void *prctl_thread(void *arg)
{
	struct prctl_job *j = arg;
	struct tsob_prctl *p = j->p;
	int r = tsob_cpu_pin_self(j->cpu);

	if (r) {
		j->err = -r;
		snprintf(j->why, sizeof(j->why), "cannot pin to CPU %d: %s", j->cpu, strerror(-r));
		return NULL;
	}
	/* Confirm the cases the probe allowed on this very thread. */
	if (p->c[TSOB_PRCTL_SET_SAME].available && (r = tsob_memmodel_set(0)) < 0) {
		for (int c = TSOB_PRCTL_SET_SAME; c < TSOB_PRCTL_NR_CASES; c++) {
			p->c[c].available = false;
			snprintf(p->c[c].reason, sizeof(p->c[c].reason),
				 "PR_SET_MEM_MODEL(DEFAULT) failed: %s", strerror(-r));
		}
	}
	p->clock_ns = clock_pair(p->calls);
	for (unsigned rep = 0; rep < j->repeat && !tsob_interrupted; rep++) {
		double to_tso = 0, to_def = 0;

		for (int c = 0; c < TSOB_PRCTL_NR_CASES; c++) {
			if (!p->c[c].available)
				continue;
			if (c == TSOB_PRCTL_SET_TSO) {
				directions(p->calls, p->clock_ns, &to_tso, &to_def);
				p->c[c].ns_per_call[rep] = to_tso;
			} else if (c == TSOB_PRCTL_SET_DEFAULT) {
				p->c[c].ns_per_call[rep] = to_def;
			} else {
				p->c[c].ns_per_call[rep] = batch(c, p->calls);
			}
			p->c[c].n = rep + 1;
		}
	}
	/* Leave the thread as it came (it ends here anyway). */
	if (p->c[TSOB_PRCTL_SET_SAME].available)
		tsob_memmodel_set(PR_SET_MEM_MODEL_DEFAULT);
	return NULL;
}

int tsob_prctl_measure(struct tsob_prctl *p, int cpu, uint64_t calls, unsigned repeat,
		       const char *get_why, const char *tso_why)
{
	struct prctl_job j = {.p = p, .cpu = cpu, .repeat = repeat};
	pthread_t t;
	int r;

	memset(p, 0, sizeof(*p));
	p->calls = calls;
	for (int c = 0; c < TSOB_PRCTL_NR_CASES; c++) {
		struct tsob_prctl_case_result *cr = &p->c[c];

		cr->ns_per_call = calloc(repeat ? repeat : 1, sizeof(double));
		if (!cr->ns_per_call) {
			tsob_prctl_free(p);
			return -ENOMEM;
		}
		const char *why = c <= TSOB_PRCTL_SET_SAME || get_why ? get_why : tso_why;

		cr->available = !why;
		if (why)
			snprintf(cr->reason, sizeof(cr->reason), "%s", why);
	}
	r = pthread_create(&t, NULL, prctl_thread, &j);
	if (!r)
		pthread_join(t, NULL);
	else
		snprintf(j.why, sizeof(j.why), "pthread_create: %s", strerror(r));
	if (r || j.err)
		for (int c = 0; c < TSOB_PRCTL_NR_CASES; c++)
			if (p->c[c].available) {
				p->c[c].available = false;
				snprintf(p->c[c].reason, sizeof(p->c[c].reason), "%s", j.why);
			}
	return 0;
}

void tsob_prctl_free(struct tsob_prctl *p)
{
	for (int c = 0; c < TSOB_PRCTL_NR_CASES; c++) {
		free(p->c[c].ns_per_call);
		p->c[c].ns_per_call = NULL;
	}
}
