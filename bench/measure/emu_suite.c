// SPDX-License-Identifier: MIT
/* tsobench emu: kernels x emulator configurations, each cell a fresh emulator process. */
#include "emu_suite.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_record.h"
#include "proccount.h"
#include "tsob/err.h"
#include "tsob/parse.h"

const char *tsob_emu_timing_note(const struct tsob_host *host)
{
	if (host->emulated)
		return "emulated: this host is itself emulated, and each cell runs under an x86 "
		       "emulator on top; timings say nothing about what ordering costs; "
		       "instruction counts and checksums are meaningful";
	if (strcmp(host->arch, "aarch64") && strcmp(host->arch, "arm64"))
		return "emulated: each cell runs the x86-64 program under an x86-64 emulator on "
		       "this non-arm64 host (QEMU TCG translating x86-64 to x86-64); timings are "
		       "the emulator's here, not arm64 ordering costs";
	if (host->exec.kind == TSOB_EXEC_VIRTUALIZED)
		return "virtualized arm64 under x86 emulators: each cell's times are what the "
		       "emulator really costs on this CPU, with the hypervisor's noise (translation "
		       "and ordering together; start-up and warm-up measured apart)";
	return "native arm64 under x86 emulators: each cell's times are what the emulator "
	       "really costs on this CPU (translation and ordering together; start-up and "
	       "warm-up measured apart), next to the modelled strategies of tsobench run";
}

/* One cell's counting, through the hooks of tsob/emurun.h. */
struct counting {
	struct tsob_proccount *pc;
	struct tsob_emu_counts cnt;
	struct tsob_count begin[TSOB_MAX_EVENTS];
	unsigned repeat;
};

static int at_fork(void *arg, pid_t pid, char *why, size_t len)
{
	struct counting *c = arg;

	tsob_proccount_open(c->pc, pid);
	for (int e = 0; e < c->cnt.nevents; e++)
		c->cnt.status[e] = *tsob_proccount_status(c->pc, e);
	return 0;
}

static void at_mark(void *arg, const char *kind, unsigned i, int end)
{
	struct counting *c = arg;
	struct tsob_count now[TSOB_MAX_EVENTS];
	struct tsob_count *out = NULL;

	if (!end) {
		tsob_proccount_read(c->pc, c->begin);
		return;
	}
	tsob_proccount_read(c->pc, now);
	if (!strcmp(kind, "calib")) {
		out = c->cnt.calib;
		c->cnt.calibrated = true;
	} else if (!strcmp(kind, "rep") && i < c->repeat && i == c->cnt.nrep) {
		out = &c->cnt.rep[(size_t)c->cnt.nrep++ * (size_t)c->cnt.nevents];
	}
	for (int e = 0; out && e < c->cnt.nevents; e++)
		tsob_count_diff(&c->begin[e], &now[e], &out[e]);
}

static void at_wait(void *arg, pid_t pid, int status, const struct rusage *ru)
{
	struct counting *c = arg;
	struct tsob_count now[TSOB_MAX_EVENTS], zero = {.ok = true};

	/* From exec to exit: scaled like a repetition where it was multiplexed. */
	tsob_proccount_read(c->pc, now);
	for (int e = 0; e < c->cnt.nevents; e++)
		tsob_count_diff(&zero, &now[e], &c->cnt.total[e]);
	c->cnt.have_total = true;
	tsob_proccount_close(c->pc);
}

/* The operations and checksum the host's registry gives each kernel. */
struct reference {
	uint64_t ops, expected;
	uint64_t size;
	unsigned threads;
};

static int references(const struct tsob_emu_suite *s, struct reference *ref, char *why, size_t len)
{
	const struct tsob_suite *b = &s->base;

	for (int i = 0; i < b->nkernels; i++) {
		const struct tsob_kernel *k = tsob_suite_kernel(b->kernels[i]);
		int r;

		ref[i].threads = tsob_suite_threads(b, k);
		ref[i].size = b->size ? b->size : b->quick ? k->quick_size : k->default_size;
		r = tsob_emu_reference(k->name, ref[i].size, ref[i].threads, &ref[i].ops,
				       &ref[i].expected, why, len);
		if (r)
			return r;
	}
	return 0;
}

/* Progress on stderr, once a run has taken longer than two seconds. */
struct progress {
	uint64_t start;
	int done, total;
	bool on;
};

static void progress(const struct tsob_emu_suite *s, struct progress *p, const char *kernel,
		     const char *config)
{
	p->done++;
	if (s->base.quiet || (!p->on && tsob_now_ns() - p->start < 2000000000ull))
		return;
	p->on = true;
	fprintf(stderr, "[%d/%d] %s / %s%s\n", p->done, p->total, kernel, TSOB_EMU_STRATEGY_PREFIX,
		config);
}

/* One cell: 1 when it fails the run, 0 when not, -ENOMEM. */
static int run_cell(const struct tsob_emu_suite *s, const struct tsob_emu_config *c,
		    const struct tsob_kernel *k, const struct reference *ref, struct counting *cnt,
		    json_object *doc)
{
	struct tsob_emu_hooks hooks = {at_fork, NULL, at_mark, at_wait, cnt};
	struct tsob_emu_avail avail;
	struct tsob_emu_cell_conf cc = {
	    .config = c,
	    .avail = &avail,
	    .prog = s->prog,
	    .kernel = k->name,
	    .size = ref->size,
	    .threads = ref->threads,
	    .warmup = s->base.warmup,
	    .repeat = s->base.repeat,
	    .timeout_ms = s->timeout_ms,
	    .sync = s->base.nevents > 0,
	    .have_reference = true,
	    .ops = ref->ops,
	    .expected = ref->expected,
	    .hooks = s->base.nevents > 0 ? &hooks : NULL,
	    .stop = &tsob_interrupted,
	};
	struct tsob_emu_cell cell;
	int fails;

	tsob_emu_available(c, &avail);
	memset(cnt->cnt.rep, 0, sizeof(*cnt->cnt.rep) * s->base.repeat * TSOB_MAX_EVENTS);
	cnt->cnt.nrep = 0;
	cnt->cnt.calibrated = cnt->cnt.have_total = false;
	if (tsob_emu_cell_run(&cc, &cell))
		return -ENOMEM;
	fails = tsob_emu_cell_fails(&cell, c);
	if (fails)
		tsob_warn("%s / %s%s: %s: %s", k->name, TSOB_EMU_STRATEGY_PREFIX, c->name,
			  tsob_emu_status_name(cell.status), cell.error);
	tsob_emu_record_cell(doc, &cc, k, &cell, cc.hooks ? &cnt->cnt : NULL);
	tsob_emu_cell_free(&cell);
	return fails;
}

int tsob_emu_suite_run(const struct tsob_emu_suite *s, json_object *doc, char *why, size_t len)
{
	const struct tsob_suite *b = &s->base;
	struct reference *ref = calloc((size_t)b->nkernels + 1, sizeof(*ref));
	struct counting cnt = {.repeat = b->repeat};
	struct progress p = {.start = tsob_now_ns(), .total = b->nkernels * s->nconfigs};
	int exit_code = TSOB_EXIT_OK, r = 0;

	cnt.cnt.events = b->events;
	cnt.cnt.nevents = b->nevents;
	cnt.pc = tsob_proccount_new(b->events, b->nevents);
	cnt.cnt.rep = calloc((size_t)b->repeat * TSOB_MAX_EVENTS + 1, sizeof(*cnt.cnt.rep));
	if (!ref || !cnt.pc || !cnt.cnt.rep) {
		r = -ENOMEM;
		goto out;
	}
	/* Every kernel's reference first: bad input stops the run before any cell. */
	if ((r = references(s, ref, why, len)))
		goto out;
	for (int i = 0; i < b->nkernels && !tsob_interrupted; i++)
		for (int j = 0; j < s->nconfigs && !tsob_interrupted; j++) {
			const struct tsob_kernel *k = tsob_suite_kernel(b->kernels[i]);

			progress(s, &p, k->name, s->configs[j]->name);
			r = run_cell(s, s->configs[j], k, &ref[i], &cnt, doc);
			if (r < 0)
				goto out;
			if (r)
				exit_code = TSOB_EXIT_FAIL;
		}
	r = exit_code;
out:
	tsob_proccount_free(cnt.pc);
	free(cnt.cnt.rep);
	free(ref);
	return r;
}
