// SPDX-License-Identifier: MIT
/*
 * Throughput form: two CPU-bound processes pinned to one CPU share it at the
 * scheduler's tick rate, each doing plain loads and stores for a fixed wall
 * time. Processes, not threads, because that is how a translated x86 program
 * and a native one meet on a CPU; fork() gives each a clean model to set.
 */
#include "ctxsw.h"
#include "placement.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "memmodel.h"
#include "tsob/err.h"
#include "tsob/parse.h"

#define WORDS 4096     /* 32 KiB a process: stays in L1 */
#define CHECK_EVERY 64 /* chunks between two PR_GET_MEM_MODEL checks */
#define START_DELAY_NS 20000000ull

struct tput_proc {
	uint64_t ops, checks, mismatches, sink;
	uint64_t switches, ns; /* context switches within the timed window, and its length */
	int err;
	char why[160];
};

struct tput_shared {
	_Atomic int ready;
	_Atomic int go;
	uint64_t start_ns, end_ns; /* published by go */
	struct tput_proc proc[2];
};

static uint64_t chunk(uint64_t *buf, uint64_t x)
{
	for (size_t i = 0; i < WORDS; i++) {
		x = (x << 1 | x >> 63) ^ buf[i];
		buf[i] = x + i;
	}
	return x;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000ull),
			      .tv_nsec = (long)(ns % 1000000000ull)};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static uint64_t switches_self(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (uint64_t)ru.ru_nvcsw + (uint64_t)ru.ru_nivcsw;
}

static void __attribute__((noreturn))
child(struct tput_shared *sh, const struct tsob_tput_conf *conf, int t)
{
	struct tput_proc *me = &sh->proc[t];
	int model = conf->model[t];
	uint64_t *buf = malloc(WORDS * sizeof(*buf)), x = (uint64_t)t + 1, n = 0, end, sw, t0, t1;
	int r = tsob_cpu_pin_process(conf->cpu);

	if (r) {
		me->err = -r;
		snprintf(me->why, sizeof(me->why), "cannot pin to CPU %d: %s", conf->cpu,
			 strerror(-r));
	} else if (!buf) {
		me->err = ENOMEM;
		snprintf(me->why, sizeof(me->why), "out of memory");
	} else if (conf->set_model) {
		r = model == PR_SET_MEM_MODEL_TSO ? tsob_memmodel_enter_tso()
						  : tsob_memmodel_set(model);
		if (!r && tsob_memmodel_get() != model)
			r = -EIO;
		if (r) {
			me->err = -r;
			snprintf(me->why, sizeof(me->why), "PR_SET_MEM_MODEL(%s) failed: %s",
				 tsob_memmodel_name(model),
				 r == -EIO ? "PR_GET_MEM_MODEL reports another model"
					   : strerror(-r));
		}
	}
	atomic_fetch_add(&sh->ready, 1);
	if (me->err)
		_exit(1);
	for (size_t i = 0; i < WORDS; i++)
		buf[i] = i * 0x9e3779b97f4a7c15ull;
	while (!atomic_load_explicit(&sh->go, memory_order_acquire))
		sched_yield();
	end = sh->end_ns;
	while (tsob_now_ns() < sh->start_ns)
		sched_yield();
	sw = switches_self();
	t0 = tsob_now_ns();
	do {
		x = chunk(buf, x);
		me->ops += WORDS;
		if (conf->set_model && ++n % CHECK_EVERY == 0) {
			me->checks++;
			me->mismatches += tsob_memmodel_get() != model;
		}
	} while ((t1 = tsob_now_ns()) < end);
	me->switches = switches_self() - sw;
	me->ns = t1 - t0;
	if (conf->set_model) {
		me->checks++;
		me->mismatches += tsob_memmodel_get() != model;
	}
	me->sink = x;
	_exit(0);
}

/* One repetition. 0, or -1 with the reason in t->reason. */
static int one(struct tsob_tput *t, const struct tsob_tput_conf *conf, struct tput_shared *sh,
	       unsigned rep)
{
	pid_t pid[2] = {-1, -1};
	uint64_t waited = 0;
	int bad = 0;

	memset(sh, 0, sizeof(*sh));
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			child(sh, conf, i);
		if (pid[i] < 0) {
			snprintf(t->reason, sizeof(t->reason), "fork: %s", strerror(errno));
			bad = 1;
			break;
		}
	}
	while (!bad && atomic_load(&sh->ready) < 2 && waited < 10000000000ull) {
		sleep_ns(1000000);
		waited += 1000000;
	}
	sh->start_ns = tsob_now_ns() + START_DELAY_NS;
	sh->end_ns = sh->start_ns + (uint64_t)(conf->seconds * 1e9);
	atomic_store_explicit(&sh->go, 1, memory_order_release);
	if (!bad && atomic_load(&sh->ready) < 2) {
		snprintf(t->reason, sizeof(t->reason), "the processes did not start within 10 s");
		bad = 1;
	}
	for (int i = 0; i < 2; i++) {
		int status;

		if (pid[i] <= 0)
			continue;
		if (bad)
			kill(pid[i], SIGKILL);
		while (waitpid(pid[i], &status, 0) < 0 && errno == EINTR)
			;
		if (!bad && sh->proc[i].err) {
			snprintf(t->reason, sizeof(t->reason), "process %d: %s", i,
				 sh->proc[i].why);
			bad = 1;
		} else if (!bad && (!WIFEXITED(status) || WEXITSTATUS(status))) {
			snprintf(t->reason, sizeof(t->reason), "process %d ended abnormally", i);
			bad = 1;
		}
	}
	if (bad)
		return -1;
	t->switches_per_s[rep] = 0;
	for (int i = 0; i < 2; i++) {
		double s = (double)sh->proc[i].ns / 1e9;

		t->proc_ops_per_s[i][rep] = (double)sh->proc[i].ops / s;
		t->switches_per_s[rep] += (double)sh->proc[i].switches / s;
		t->checks += sh->proc[i].checks;
		t->mismatches += sh->proc[i].mismatches;
	}
	t->ops_per_s[rep] = t->proc_ops_per_s[0][rep] + t->proc_ops_per_s[1][rep];
	return 0;
}

int tsob_tput_run(struct tsob_tput *t, const struct tsob_tput_conf *conf)
{
	size_t n = conf->repeat ? conf->repeat : 1;
	struct tput_shared *sh;

	memset(t, 0, sizeof(*t));
	t->ops_per_s = calloc(n, sizeof(double));
	t->proc_ops_per_s[0] = calloc(n, sizeof(double));
	t->proc_ops_per_s[1] = calloc(n, sizeof(double));
	t->switches_per_s = calloc(n, sizeof(double));
	if (!t->ops_per_s || !t->proc_ops_per_s[0] || !t->proc_ops_per_s[1] || !t->switches_per_s) {
		tsob_tput_free(t);
		return -ENOMEM;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		snprintf(t->reason, sizeof(t->reason), "mmap: %s", strerror(errno));
		return 0;
	}
	fflush(NULL); /* nothing buffered is written twice by the children */
	for (unsigned r = 0; r < conf->repeat && !tsob_interrupted; r++) {
		if (one(t, conf, sh, r))
			break;
		t->n = r + 1;
	}
	munmap(sh, sizeof(*sh));
	if (t->n == conf->repeat)
		t->ok = true;
	else if (!t->reason[0])
		snprintf(t->reason, sizeof(t->reason), "interrupted after %u repetitions", t->n);
	return 0;
}

void tsob_tput_free(struct tsob_tput *t)
{
	free(t->ops_per_s);
	free(t->proc_ops_per_s[0]);
	free(t->proc_ops_per_s[1]);
	free(t->switches_per_s);
	memset(t, 0, sizeof(*t));
}
