/* SPDX-License-Identifier: MIT */
/* What the host is and what it can measure; filled once at start-up. */
#ifndef TSOB_HOST_H
#define TSOB_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "execution.h"
#include "tsob/strategy.h"

struct tsob_strategy_avail {
	bool available;
	char why[160]; /* empty when available */
};

struct tsob_host {
	char arch[65];       /* uname -m */
	char hostname[65];
	char kernel[65];    /* uname -r */
	char kernel_version[65];
	char cpu_model[300];
	bool has_midr;
	uint64_t midr;       /* arm64 MIDR_EL1 of CPU 0 */
	int ncpus;           /* online CPUs */
	bool pmu;            /* at least one hardware event could be opened */
	char pmu_why[160];   /* why none could */
	/* Each generic hardware event probed: whether it opened, and why not. */
	struct tsob_pmu_probe {
		const char *event; /* perf's name: "cycles", "instructions", ... */
		bool counts;
		char why[120];
	} pmu_events[4];
	int npmu_events;
	int paranoid;        /* /proc/sys/kernel/perf_event_paranoid, or -100 when unreadable */
	int perf_user_access; /* arm64 only; -1 when absent */
	bool memmodel;       /* PR_GET_MEM_MODEL works */
	int memmodel_err;    /* its errno when not */
	int memmodel_current;
	bool hwtso;          /* PR_SET_MEM_MODEL(TSO) works on this thread (checked in a child thread) */
	int hwtso_err;
	const char *rmw;     /* locked-RMW form: "lse", "llsc", "x86-lock" */
	/* How the code executes: native, virtualized (real CPU) or emulated, and why. */
	struct tsob_execution exec;
	char execution[64];  /* tsob_exec_kind_name(exec.kind) */
	bool emulated;       /* exec.kind is emulated: timings say nothing about ordering cost */
	struct tsob_strategy_avail strat[TSOB_NR_STRATEGIES];
};

/*
 * Probe the host. Never fails; what cannot be read is reported as such. The
 * execution label comes from detection, or from TSOBENCH_EXECUTION when set.
 */
void tsob_host_probe(struct tsob_host *h);

/*
 * Override the detected execution with the user's "KIND[:DETAIL]" (the
 * --execution option). 0, or -EINVAL for a label that names no kind.
 */
int tsob_host_set_execution(struct tsob_host *h, const char *label);

/* A name for an arm64 MIDR ("ARM Neoverse N1"), or NULL. */
const char *tsob_midr_name(uint64_t midr);

#endif
