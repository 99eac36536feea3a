// SPDX-License-Identifier: MIT
/* Counters on another process and its threads (inherit), opened before its exec. */
#include "proccount.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tsob_proccount {
	const struct tsob_event *ev;
	int n;
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	struct perf_evsel *evsel[TSOB_MAX_EVENTS];
	struct tsob_counter_status status[TSOB_MAX_EVENTS];
};

struct tsob_proccount *tsob_proccount_new(const struct tsob_event *ev, int n)
{
	struct tsob_proccount *pc = calloc(1, sizeof(*pc));

	if (!pc)
		return NULL;
	pc->ev = ev;
	pc->n = n > TSOB_MAX_EVENTS ? TSOB_MAX_EVENTS : n;
	pc->cpus = perf_cpu_map__new_any_cpu();
	pc->threads = perf_thread_map__new_dummy();
	if (!pc->cpus || !pc->threads) {
		tsob_proccount_free(pc);
		return NULL;
	}
	return pc;
}

/*
 * libperf opens its descriptors without O_CLOEXEC and does not hand them out:
 * mark every perf descriptor of this process close-on-exec, so that no later
 * child (the next cell's emulator) inherits a counter.
 */
static void perf_fds_cloexec(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[300], link[64];
		ssize_t n;
		int fd = atoi(de->d_name);

		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0 || fd == dirfd(d))
			continue;
		link[n] = '\0';
		if (!strcmp(link, "anon_inode:[perf_event]"))
			fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
	}
	closedir(d);
}

static int open_one(struct tsob_proccount *pc, int i, struct perf_event_attr *attr)
{
	int err;

	pc->evsel[i] = perf_evsel__new(attr);
	if (!pc->evsel[i])
		return -ENOMEM;
	err = perf_evsel__open(pc->evsel[i], pc->cpus, pc->threads);
	if (err) {
		perf_evsel__delete(pc->evsel[i]);
		pc->evsel[i] = NULL;
		return err < 0 ? err : -err;
	}
	return 0;
}

/* Event @i, with the ":u" fallback counters.c applies where kernel counting is refused. */
static void open_event(struct tsob_proccount *pc, int i)
{
	struct tsob_counter_status *st = &pc->status[i];
	struct perf_event_attr attr = pc->ev[i].attr;
	int err;

	memset(st, 0, sizeof(*st));
	if (!pc->ev[i].encoded) {
		snprintf(st->why, sizeof(st->why), "%s", pc->ev[i].why);
		return;
	}
	attr.disabled = 1;
	attr.inherit = 1;	 /* the emulator's threads, and anything it starts */
	attr.enable_on_exec = 1; /* from the emulator's first instruction */
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	err = open_one(pc, i, &attr);
	if ((err == -EACCES || err == -EPERM) && !attr.exclude_kernel) {
		if (!tsob_counters_user_only_ok(&attr)) {
			snprintf(st->why, sizeof(st->why),
				 "counted only in the kernel, which perf_event_paranoid forbids "
				 "this user (%s); run as root or lower it to 1",
				 strerror(-err));
			return;
		}
		attr.exclude_kernel = 1;
		attr.exclude_hv = 1;
		err = open_one(pc, i, &attr);
		if (!err)
			snprintf(st->modifier, sizeof(st->modifier), "u");
	}
	if (err)
		tsob_counters_explain(-err, st->why, sizeof(st->why));
	else
		st->open = true;
}

void tsob_proccount_open(struct tsob_proccount *pc, pid_t pid)
{
	tsob_proccount_close(pc);
	perf_thread_map__set_pid(pc->threads, 0, pid);
	for (int i = 0; i < pc->n; i++)
		open_event(pc, i);
	perf_fds_cloexec();
}

const struct tsob_counter_status *tsob_proccount_status(const struct tsob_proccount *pc, int i)
{
	return &pc->status[i];
}

void tsob_proccount_read(struct tsob_proccount *pc, struct tsob_count *snap)
{
	for (int i = 0; i < pc->n; i++) {
		struct perf_counts_values v;

		memset(&snap[i], 0, sizeof(snap[i]));
		/* read(2) on an inherited counter sums the process and its live threads. */
		if (!pc->evsel[i] || perf_evsel__read(pc->evsel[i], 0, 0, &v))
			continue;
		snap[i].raw = v.val;
		snap[i].enabled = v.ena;
		snap[i].running = v.run;
		snap[i].ok = true;
	}
}

void tsob_proccount_close(struct tsob_proccount *pc)
{
	for (int i = 0; i < pc->n; i++) {
		if (!pc->evsel[i])
			continue;
		perf_evsel__close(pc->evsel[i]);
		perf_evsel__delete(pc->evsel[i]);
		pc->evsel[i] = NULL;
	}
}

void tsob_proccount_free(struct tsob_proccount *pc)
{
	if (!pc)
		return;
	tsob_proccount_close(pc);
	perf_thread_map__put(pc->threads);
	perf_cpu_map__put(pc->cpus);
	free(pc);
}
