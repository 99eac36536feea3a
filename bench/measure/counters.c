// SPDX-License-Identifier: MIT
#include "counters.h"

#include <errno.h>
#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tsob_counters {
	int n;
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	struct perf_evsel *evsel[TSOB_MAX_EVENTS];
};

static int quiet(enum libperf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

void tsob_counters_init(void)
{
	libperf_init(quiet);
}

void tsob_counters_explain(int err, char *why, size_t len)
{
	switch (err) {
	case ENOENT:
	case EOPNOTSUPP:
		snprintf(why, len, "no hardware PMU for this event (%s)", strerror(err));
		break;
	case ENODEV:
		snprintf(why, len, "this PMU is not on this CPU (%s)", strerror(err));
		break;
	case ENOSYS:
		snprintf(why, len, "perf_event_open is not available (ENOSYS)");
		break;
	case EACCES:
	case EPERM:
		snprintf(why, len, "not permitted (%s): check /proc/sys/kernel/perf_event_paranoid",
			 strerror(err));
		break;
	default:
		snprintf(why, len, "perf_event_open: %s", strerror(err));
	}
}

/*
 * Software events that keep their meaning when counted in user mode only, as
 * perf stat falls back to ":u": task time, and the page faults user code
 * takes. Context switches and migrations happen in the kernel: counted with
 * exclude_kernel they would read a silent zero.
 */
bool tsob_counters_user_only_ok(const struct perf_event_attr *a)
{
	if (a->type != PERF_TYPE_SOFTWARE)
		return true;
	switch (a->config) {
	case PERF_COUNT_SW_TASK_CLOCK:
	case PERF_COUNT_SW_CPU_CLOCK:
	case PERF_COUNT_SW_PAGE_FAULTS:
	case PERF_COUNT_SW_PAGE_FAULTS_MIN:
	case PERF_COUNT_SW_PAGE_FAULTS_MAJ:
		return true;
	default:
		return false;
	}
}

/* Create and open event @i with @attr; 0, or a negative errno (nothing left open). */
static int open_one(struct tsob_counters *c, int i, const struct perf_event_attr *attr,
		    struct tsob_counter_status *st)
{
	int err;

	c->evsel[i] = perf_evsel__new((struct perf_event_attr *)attr);
	if (!c->evsel[i])
		return -ENOMEM;
	err = perf_evsel__open(c->evsel[i], c->cpus, c->threads);
	if (err) {
		perf_evsel__delete(c->evsel[i]);
		c->evsel[i] = NULL;
		return err < 0 ? err : -err;
	}
	return 0;
}

struct tsob_counters *tsob_counters_open(const struct tsob_event *ev, int n,
					 struct tsob_counter_status *status)
{
	struct tsob_counters *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->n = n > TSOB_MAX_EVENTS ? TSOB_MAX_EVENTS : n;
	/* Private maps: libperf's shared defaults are not thread-safe to create. */
	c->cpus = perf_cpu_map__new_any_cpu();
	c->threads = perf_thread_map__new_dummy();
	if (!c->cpus || !c->threads) {
		tsob_counters_close(c);
		return NULL;
	}
	perf_thread_map__set_pid(c->threads, 0, 0); /* pid 0: the calling thread */
	for (int i = 0; i < c->n; i++) {
		struct perf_event_attr attr = ev[i].attr;
		struct tsob_counter_status *st = &status[i];
		int err;

		memset(st, 0, sizeof(*st));
		if (!ev[i].encoded) {
			snprintf(st->why, sizeof(st->why), "%s", ev[i].why);
			continue;
		}
		attr.disabled = 1;
		attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
#if defined(__aarch64__)
		/* Ask for EL0 counter access (honoured when perf_user_access=1). */
		if (attr.type != PERF_TYPE_SOFTWARE)
			attr.config1 |= 0x2;
#endif
		err = open_one(c, i, &attr, st);
		if ((err == -EACCES || err == -EPERM) && !attr.exclude_kernel) {
			/* Counting kernel time is refused (perf_event_paranoid >= 2 for this
			 * user): count user time only where the name still means that. */
			if (!tsob_counters_user_only_ok(&attr)) {
				snprintf(st->why, sizeof(st->why),
					 "counted only in the kernel, which perf_event_paranoid "
					 "forbids this user (%s); run as root or lower it to 1",
					 strerror(-err));
				continue;
			}
			attr.exclude_kernel = 1;
			attr.exclude_hv = 1;
			err = open_one(c, i, &attr, st);
			if (!err)
				snprintf(st->modifier, sizeof(st->modifier), "u");
		}
		if (err) {
			tsob_counters_explain(-err, st->why, sizeof(st->why));
			continue;
		}
		st->open = true;
		perf_evsel__enable(c->evsel[i]);
		if (!perf_evsel__mmap(c->evsel[i], 0)) {
			struct perf_event_mmap_page *pc = perf_evsel__mmap_base(c->evsel[i], 0, 0);

			st->user_offered = pc && pc->cap_user_rdpmc;
		}
	}
	return c;
}

/*
 * Whether libperf's read takes the user-space path now: it does exactly when
 * the mmap page offers rdpmc and the event has a hardware index. On 6.12 with
 * perf_user_access=0 the page offers rdpmc but the index is 0: read(2).
 */
static bool user_path(struct perf_evsel *ev)
{
	struct perf_event_mmap_page *pc = perf_evsel__mmap_base(ev, 0, 0);

	return pc && pc->cap_user_rdpmc && __atomic_load_n(&pc->index, __ATOMIC_RELAXED);
}

void tsob_counters_snapshot(struct tsob_counters *c, struct tsob_count *snap)
{
	for (int i = 0; i < c->n; i++) {
		struct perf_counts_values v;
		bool user;

		memset(&snap[i], 0, sizeof(snap[i]));
		if (!c->evsel[i])
			continue;
		user = user_path(c->evsel[i]);
		if (perf_evsel__read(c->evsel[i], 0, 0, &v))
			continue;
		snap[i].user_reads = user;
		snap[i].raw = v.val;
		snap[i].enabled = v.ena;
		snap[i].running = v.run;
		snap[i].ok = true;
	}
}

void tsob_count_diff(const struct tsob_count *start, const struct tsob_count *now,
		     struct tsob_count *o)
{
	memset(o, 0, sizeof(*o));
	if (!now->ok || !start->ok)
		return;
	o->user_reads = (uint8_t)(start->user_reads + now->user_reads);
	o->raw = now->raw - start->raw;
	o->enabled = now->enabled - start->enabled;
	o->running = now->running - start->running;
	o->value = o->raw;
	/* Never ran while enabled: refused by the PMU, not a zero. */
	o->ok = o->running > 0 || o->enabled == 0;
	if (o->running && o->running < o->enabled) {
		/* Multiplexed: extrapolate, and say so. */
		o->scaled = true;
		o->value = (uint64_t)((double)o->raw * (double)o->enabled / (double)o->running +
				      0.5);
	}
}

void tsob_counters_delta(struct tsob_counters *c, const struct tsob_count *start,
			 struct tsob_count *out)
{
	struct tsob_count now[TSOB_MAX_EVENTS];

	tsob_counters_snapshot(c, now);
	for (int i = 0; i < c->n; i++)
		tsob_count_diff(&start[i], &now[i], &out[i]);
}

void tsob_counters_close(struct tsob_counters *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n; i++) {
		if (!c->evsel[i])
			continue;
		perf_evsel__munmap(c->evsel[i]);
		perf_evsel__close(c->evsel[i]);
		perf_evsel__delete(c->evsel[i]);
	}
	perf_thread_map__put(c->threads);
	perf_cpu_map__put(c->cpus);
	free(c);
}
