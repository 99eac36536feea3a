// SPDX-License-Identifier: MIT
/*
 * Ping-pong: thread 0 sends a command, thread 1 answers; on one CPU every
 * round trip is two context switches. Commands rather than a bare token let
 * thread 0 tell thread 1 when to take counter snapshots and when to check its
 * memory model, without a second synchronisation channel.
 */
#include "ctxsw.h"
#include "placement.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "memmodel.h"
#include "tsob/err.h"
#include "tsob/parse.h"

const char *const tsob_ctxsw_methods[TSOB_CTXSW_NR_METHODS] = {"futex", "pipe"};

#define DEF PR_SET_MEM_MODEL_DEFAULT
#define TSO PR_SET_MEM_MODEL_TSO
const struct tsob_ctxsw_state_desc tsob_ctxsw_states[TSOB_CTXSW_NR_STATES] = {
    [TSOB_CTXSW_DEFAULT] = {.name = "default",
			    .summary = "both threads default, one CPU",
			    .model = {DEF, DEF},
			    .same_cpu = true},
    [TSOB_CTXSW_TSO] = {.name = "tso",
			.summary = "both threads TSO, one CPU",
			.model = {TSO, TSO},
			.same_cpu = true,
			.needs_tso = true},
    [TSOB_CTXSW_MIXED] = {.name = "mixed",
			  .summary = "one TSO, one default, one CPU: the model changes on every "
				     "switch",
			  .model = {TSO, DEF},
			  .same_cpu = true,
			  .needs_tso = true},
    [TSOB_CTXSW_CROSS] = {.name = "cross-cpu",
			  .summary = "both default, two CPUs: a wake-up on another CPU; each CPU "
				     "switches only to and from idle, never between the two",
			  .model = {DEF, DEF}},
};
#undef DEF
#undef TSO

enum pp_cmd {
	CMD_REPLY,
	CMD_PING,
	CMD_PING_CHECK,
	CMD_SNAP_START,
	CMD_SNAP_END,
	CMD_OPEN_COUNTERS,
	CMD_CLOSE_COUNTERS,
	CMD_STOP
};

struct pp_shared {
	const struct tsob_pingpong_conf *conf;
	struct tsob_pingpong *pp;
	_Atomic uint32_t word; /* futex: the command, CMD_REPLY when thread 0's turn */
	int to1[2], to0[2];    /* pipes: to thread 1, to thread 0 */
	pthread_barrier_t ready;
	int err[2];
	char why[2][200];
	/* Thread 1's counters and switches, exchanged through CMD_SNAP_*. */
	struct tsob_count start1[TSOB_MAX_EVENTS], delta1[TSOB_MAX_EVENTS];
	int64_t ru1_start, ru1_sum; /* ru1_sum: -1 once getrusage failed */
	uint64_t checks[2], mismatches[2];
};

static void fail(struct pp_shared *sh, int t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct pp_shared *sh, int t, const char *fmt, ...)
{
	va_list ap;

	if (sh->err[t])
		return;
	sh->err[t] = 1;
	va_start(ap, fmt);
	vsnprintf(sh->why[t], sizeof(sh->why[t]), fmt, ap);
	va_end(ap);
}

static long futex(_Atomic uint32_t *addr, int op, uint32_t val)
{
	return syscall(SYS_futex, (uint32_t *)addr, op, val, NULL, NULL, 0);
}

static void send_cmd(struct pp_shared *sh, int to, uint32_t cmd)
{
	if (sh->conf->method == TSOB_CTXSW_FUTEX) {
		atomic_store_explicit(&sh->word, cmd, memory_order_release);
		futex(&sh->word, FUTEX_WAKE_PRIVATE, 1);
		return;
	}
	/* 4 bytes a message, as perf bench sched pipe sends. */
	while (write(to ? sh->to1[1] : sh->to0[1], &cmd, sizeof(cmd)) < 0 && errno == EINTR)
		;
}

static uint32_t recv_cmd(struct pp_shared *sh, int self)
{
	uint32_t v;

	if (sh->conf->method == TSOB_CTXSW_FUTEX) {
		if (self == 0) {
			while ((v = atomic_load_explicit(&sh->word, memory_order_acquire)) !=
			       CMD_REPLY)
				futex(&sh->word, FUTEX_WAIT_PRIVATE, v);
			return CMD_REPLY;
		}
		while ((v = atomic_load_explicit(&sh->word, memory_order_acquire)) == CMD_REPLY)
			futex(&sh->word, FUTEX_WAIT_PRIVATE, CMD_REPLY);
		return v;
	}
	for (;;) {
		ssize_t r = read(self ? sh->to1[0] : sh->to0[0], &v, sizeof(v));

		if (r == (ssize_t)sizeof(v))
			return v;
		if (r < 0 && errno == EINTR)
			continue;
		return CMD_STOP; /* the other end is gone */
	}
}

/* After a wake-up: is this thread's memory model still its own? */
static void check_model(struct pp_shared *sh, int t)
{
	int want = tsob_ctxsw_states[sh->conf->state].model[t];

	sh->checks[t]++;
	if (tsob_memmodel_get() != want)
		sh->mismatches[t]++;
}

static int64_t switches_now(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return -1;
	return (int64_t)ru.ru_nvcsw + (int64_t)ru.ru_nivcsw;
}

/* Add the switches since @start to *sum; a failed reading poisons the sum. */
static void add_switches(int64_t *sum, int64_t start)
{
	int64_t now = switches_now();

	if (*sum < 0 || start < 0 || now < 0)
		*sum = -1;
	else
		*sum += now - start;
}

static void note_cpu(struct pp_shared *sh, int t)
{
	int cpu = sched_getcpu();

	if (cpu >= 0 && cpu < 64)
		sh->pp->cpus_seen[t] |= 1ull << cpu;
}

/* Pin, set the model, meet the other thread. 0: go on; -1: stop. */
static int setup(struct pp_shared *sh, int t)
{
	const struct tsob_pingpong_conf *conf = sh->conf;
	int model = tsob_ctxsw_states[conf->state].model[t];
	int r = tsob_cpu_pin_self(conf->cpu[t]);

	if (r)
		fail(sh, t, "cannot pin thread %d to CPU %d: %s", t, conf->cpu[t], strerror(-r));
	if (!sh->err[t] && conf->set_model) {
		r = model == PR_SET_MEM_MODEL_TSO ? tsob_memmodel_enter_tso()
						  : tsob_memmodel_set(model);
		if (!r && tsob_memmodel_get() != model)
			r = -EIO;
		if (r)
			fail(sh, t, "thread %d: PR_SET_MEM_MODEL(%s) failed: %s", t,
			     tsob_memmodel_name(model),
			     r == -EIO ? "PR_GET_MEM_MODEL reports another model" : strerror(-r));
	}
	sh->pp->model[t] = conf->set_model ? tsob_memmodel_get() : -1;
	pthread_barrier_wait(&sh->ready);
	return sh->err[0] || sh->err[1] ? -1 : 0;
}

/* Open this thread's counters; true when at least one event counts. */
static bool open_counters(struct pp_shared *sh, int t, struct tsob_counters **ctr)
{
	const struct tsob_pingpong_conf *conf = sh->conf;
	bool any = false;

	*ctr = tsob_counters_open(conf->events, conf->nevents, sh->pp->evstatus[t]);
	for (int e = 0; *ctr && e < conf->nevents; e++)
		any |= sh->pp->evstatus[t][e].open;
	if (!*ctr)
		for (int e = 0; e < conf->nevents; e++)
			snprintf(sh->pp->evstatus[t][e].why, sizeof(sh->pp->evstatus[t][e].why),
				 "out of memory");
	return any;
}

static void *responder(void *arg)
{
	struct pp_shared *sh = arg;
	struct tsob_counters *ctr = NULL;

	if (setup(sh, 1))
		return NULL;
	for (;;) {
		uint32_t cmd = recv_cmd(sh, 1);

		if (cmd == CMD_STOP)
			break;
		if (cmd == CMD_PING_CHECK) {
			check_model(sh, 1);
		} else if (cmd == CMD_SNAP_START) {
			sh->ru1_start = switches_now();
			if (ctr)
				tsob_counters_snapshot(ctr, sh->start1);
		} else if (cmd == CMD_SNAP_END) {
			if (ctr)
				tsob_counters_delta(ctr, sh->start1, sh->delta1);
			add_switches(&sh->ru1_sum, sh->ru1_start);
			note_cpu(sh, 1);
		} else if (cmd == CMD_OPEN_COUNTERS) {
			open_counters(sh, 1, &ctr);
		} else if (cmd == CMD_CLOSE_COUNTERS) {
			tsob_counters_close(ctr);
			ctr = NULL;
		}
		send_cmd(sh, 0, CMD_REPLY);
	}
	tsob_counters_close(ctr);
	return NULL;
}

static void round_trips(struct pp_shared *sh, uint64_t n, uint32_t cmd)
{
	for (uint64_t i = 0; i < n; i++) {
		send_cmd(sh, 1, cmd);
		recv_cmd(sh, 0);
		if (cmd == CMD_PING_CHECK)
			check_model(sh, 0);
	}
}

static void add_counts(struct tsob_count *sum, const struct tsob_count *a,
		       const struct tsob_count *b, int n)
{
	for (int e = 0; e < n; e++) {
		sum[e].value = a[e].value + b[e].value;
		sum[e].raw = a[e].raw + b[e].raw;
		sum[e].enabled = a[e].enabled + b[e].enabled;
		sum[e].running = a[e].running + b[e].running;
		sum[e].ok = a[e].ok && b[e].ok;
		sum[e].scaled = a[e].scaled || b[e].scaled;
	}
}

/*
 * One repetition of @conf->round_trips, timed; with @ctr, counted too. The
 * snapshot exchange around it is outside the timed window.
 */
static void repetition(struct pp_shared *sh, struct tsob_counters *ctr, double *ns,
		       struct tsob_count *counts, int64_t *switches)
{
	const struct tsob_pingpong_conf *conf = sh->conf;
	struct tsob_count start[TSOB_MAX_EVENTS], delta[TSOB_MAX_EVENTS];
	int64_t ru;
	uint64_t t0, t1;

	send_cmd(sh, 1, CMD_SNAP_START);
	recv_cmd(sh, 0);
	ru = switches_now();
	if (ctr)
		tsob_counters_snapshot(ctr, start);
	t0 = tsob_now_ns();
	round_trips(sh, conf->round_trips, CMD_PING);
	t1 = tsob_now_ns();
	if (ctr)
		tsob_counters_delta(ctr, start, delta);
	add_switches(switches, ru);
	note_cpu(sh, 0);
	send_cmd(sh, 1, CMD_SNAP_END);
	recv_cmd(sh, 0);
	*ns = (double)(t1 - t0) / (2.0 * (double)conf->round_trips);
	if (ctr)
		add_counts(counts, delta, sh->delta1, conf->nevents);
}

/*
 * Timed repetitions run without counters: an enabled per-thread event makes
 * every switch of its thread dearer (the kernel switches its perf context
 * too), so counters per switch come from a second pass of repetitions.
 */
static void counted_pass(struct pp_shared *sh)
{
	const struct tsob_pingpong_conf *conf = sh->conf;
	struct tsob_pingpong *pp = sh->pp;
	struct tsob_counters *ctr = NULL;
	int64_t ignored = 0;

	if (!open_counters(sh, 0, &ctr)) {
		/* Nothing counts here (no PMU, no perf_event_open): say why for both. */
		memcpy(pp->evstatus[1], pp->evstatus[0], sizeof(pp->evstatus[1]));
		tsob_counters_close(ctr);
		return;
	}
	send_cmd(sh, 1, CMD_OPEN_COUNTERS);
	recv_cmd(sh, 0);
	for (unsigned r = 0; r < conf->repeat && !tsob_interrupted; r++) {
		repetition(sh, ctr, &pp->counted_ns_per_switch[r],
			   &pp->counts[(size_t)r * (size_t)conf->nevents], &ignored);
		pp->ncounted = r + 1;
	}
	send_cmd(sh, 1, CMD_CLOSE_COUNTERS);
	recv_cmd(sh, 0);
	tsob_counters_close(ctr);
}

static void *timer(void *arg)
{
	struct pp_shared *sh = arg;
	const struct tsob_pingpong_conf *conf = sh->conf;
	struct tsob_pingpong *pp = sh->pp;
	int64_t ru0_sum = 0, ru1_sum;
	uint64_t t0, t1;

	if (setup(sh, 0))
		return NULL;
	for (unsigned w = 0; w < conf->warmup && !tsob_interrupted; w++)
		round_trips(sh, conf->round_trips, CMD_PING);
	for (unsigned r = 0; r < conf->repeat && !tsob_interrupted; r++) {
		repetition(sh, NULL, &pp->ns_per_switch[r], NULL, &ru0_sum);
		pp->n = r + 1;
		if (conf->after_rep)
			conf->after_rep(conf->after_arg);
	}
	ru1_sum = sh->ru1_sum; /* before the counted pass adds to it */
	if (pp->n && ru0_sum >= 0 && ru1_sum >= 0)
		pp->observed_switches = ru0_sum + ru1_sum;
	if (conf->nevents && !tsob_interrupted)
		counted_pass(sh);
	if (conf->check_round_trips && !tsob_interrupted) {
		t0 = tsob_now_ns();
		round_trips(sh, conf->check_round_trips, CMD_PING_CHECK);
		t1 = tsob_now_ns();
		pp->checked = true;
		pp->check_switches = 2 * conf->check_round_trips;
		pp->check_ns_per_switch = (double)(t1 - t0) / (double)pp->check_switches;
	}
	send_cmd(sh, 1, CMD_STOP);
	return NULL;
}

int tsob_pingpong_run(struct tsob_pingpong *pp, const struct tsob_pingpong_conf *conf)
{
	struct pp_shared *sh;
	pthread_t th[2];
	int r;

	memset(pp, 0, sizeof(*pp));
	pp->observed_switches = -1;
	pp->model[0] = pp->model[1] = -1;
	pp->ns_per_switch = calloc(conf->repeat ? conf->repeat : 1, sizeof(double));
	pp->counted_ns_per_switch = calloc(conf->repeat ? conf->repeat : 1, sizeof(double));
	pp->counts = calloc((size_t)(conf->repeat ? conf->repeat : 1) *
				(size_t)(conf->nevents ? conf->nevents : 1),
			    sizeof(struct tsob_count));
	sh = calloc(1, sizeof(*sh));
	if (!pp->ns_per_switch || !pp->counted_ns_per_switch || !pp->counts || !sh) {
		free(sh);
		tsob_pingpong_free(pp);
		return -ENOMEM;
	}
	sh->conf = conf;
	sh->pp = pp;
	sh->ru1_start = -1;
	sh->to1[0] = sh->to1[1] = sh->to0[0] = sh->to0[1] = -1;
	if (conf->method == TSOB_CTXSW_PIPE &&
	    (pipe2(sh->to1, O_CLOEXEC) || pipe2(sh->to0, O_CLOEXEC))) {
		snprintf(pp->reason, sizeof(pp->reason), "pipe: %s", strerror(errno));
		goto out;
	}
	pthread_barrier_init(&sh->ready, NULL, 2);
	r = pthread_create(&th[1], NULL, responder, sh);
	if (r) {
		snprintf(pp->reason, sizeof(pp->reason), "pthread_create: %s", strerror(r));
		goto out_barrier;
	}
	r = pthread_create(&th[0], NULL, timer, sh);
	if (r) {
		/* Let the responder through the barrier and out. */
		fail(sh, 0, "pthread_create: %s", strerror(r));
		pthread_barrier_wait(&sh->ready);
		pthread_join(th[1], NULL);
		snprintf(pp->reason, sizeof(pp->reason), "pthread_create: %s", strerror(r));
		goto out_barrier;
	}
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	if (sh->err[0] || sh->err[1]) {
		snprintf(pp->reason, sizeof(pp->reason), "%s",
			 sh->err[0] ? sh->why[0] : sh->why[1]);
		goto out_barrier;
	}
	pp->wakeups_checked = sh->checks[0] + sh->checks[1];
	pp->mismatches = sh->mismatches[0] + sh->mismatches[1];
	if (tsob_interrupted && pp->n < conf->repeat)
		snprintf(pp->reason, sizeof(pp->reason), "interrupted after %u repetitions", pp->n);
	else
		pp->ok = true;
out_barrier:
	pthread_barrier_destroy(&sh->ready);
out:
	for (int i = 0; i < 2; i++) {
		if (sh->to1[i] >= 0)
			close(sh->to1[i]);
		if (sh->to0[i] >= 0)
			close(sh->to0[i]);
	}
	free(sh);
	return 0;
}

void tsob_pingpong_free(struct tsob_pingpong *pp)
{
	free(pp->ns_per_switch);
	free(pp->counted_ns_per_switch);
	free(pp->counts);
	pp->ns_per_switch = pp->counted_ns_per_switch = NULL;
	pp->counts = NULL;
}
