// SPDX-License-Identifier: MIT
#include "runner.h"

#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inject.h"
#include "memmodel.h"
#include "placement.h"
#include "tsob/parse.h"

const char *tsob_cell_status_name(enum tsob_cell_status s)
{
	static const char *const names[] = {
		[TSOB_CELL_OK] = "ok",
		[TSOB_CELL_CHECKSUM_FAILED] = "checksum-failed",
		[TSOB_CELL_UNAVAILABLE] = "unavailable",
		[TSOB_CELL_ERROR] = "error",
		[TSOB_CELL_INTERRUPTED] = "interrupted",
	};
	return names[s];
}

struct worker {
	struct shared *sh;
	unsigned tid;
	pthread_t thread;
};

/* Heap-allocated: a worker stuck before the barrier may outlive tsob_cell_run. */
struct shared {
	struct tsob_cell *cell;
	struct tsob_cell_conf conf;
	struct worker w[TSOB_MAX_THREADS];
	void *state;
	atomic_uint arrived;
	/*
	 * A repetition: arm wakes the parked workers (a blocking wait, so that the
	 * idle cells of an interleaved kernel take no CPU from the one measured),
	 * they say ready and spin on go, which starts them together.
	 */
	unsigned arm;          /* generation, under lock */
	atomic_uint ready;
	atomic_uint go;        /* generation: bumped to start a repetition */
	atomic_uint done;
	atomic_int stop;
	int rep;               /* slot for this repetition's counts, -1 in warm-up */
	uint64_t inject_iters; /* extra work after the kernel, inside the timed span */
	pthread_mutex_t lock;
	pthread_cond_t cond;   /* the last worker to finish signals it */
	pthread_cond_t arm_cond;
	uint64_t t0[TSOB_MAX_THREADS], tk[TSOB_MAX_THREADS], t1[TSOB_MAX_THREADS];
	/* Per-thread results, copied into the cell once the workers are joined. */
	int pinned[TSOB_MAX_THREADS];
	uint64_t cpus_seen[TSOB_MAX_THREADS];
	int memmodel[TSOB_MAX_THREADS];
	struct tsob_counter_status evstatus[TSOB_MAX_THREADS][TSOB_MAX_EVENTS];
	int err[TSOB_MAX_THREADS];     /* 0, or a negative errno */
	char why[TSOB_MAX_THREADS][160];
	unsigned started;      /* workers created */
	bool stuck;            /* a worker never reached the barrier: it cannot be joined */
};

/* The strategy asks every measured thread for the TSO memory model (hwtso). */
static bool wants_tso(const struct tsob_cell_conf *conf)
{
	return tsob_strategies[conf->strategy].model == TSOB_MODEL_TSO;
}

static void fail(struct shared *sh, unsigned tid, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail(struct shared *sh, unsigned tid, int err, const char *fmt, ...)
{
	va_list ap;

	sh->err[tid] = err;
	va_start(ap, fmt);
	vsnprintf(sh->why[tid], sizeof(sh->why[tid]), fmt, ap);
	va_end(ap);
}

static void wait_arm(struct shared *sh, unsigned *seen)
{
	pthread_mutex_lock(&sh->lock);
	while (sh->arm == *seen)
		pthread_cond_wait(&sh->arm_cond, &sh->lock);
	*seen = sh->arm;
	pthread_mutex_unlock(&sh->lock);
}

static void wait_go(struct shared *sh, unsigned *seen)
{
	unsigned spins = 0;

	/* Spinning keeps the start skew between threads small; yield when time-shared. */
	while (atomic_load_explicit(&sh->go, memory_order_acquire) == *seen)
		if (++spins > 256)
			sched_yield();
	*seen = atomic_load_explicit(&sh->go, memory_order_acquire);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	struct tsob_cell *cell = sh->cell;
	const struct tsob_cell_conf *conf = &sh->conf;
	struct tsob_count start[TSOB_MAX_EVENTS], delta[TSOB_MAX_EVENTS];
	struct tsob_counters *ctr = NULL;
	unsigned tid = w->tid, seen = 0, armed = 0;
	int r;

	if ((r = tsob_cpu_pin_self(sh->pinned[tid])))
		fail(sh, tid, r, "cannot pin to the CPU: %s", strerror(-r));
	if (!sh->err[tid] && wants_tso(conf)) {
		r = tsob_memmodel_enter_tso();
		if (r)
			fail(sh, tid, r, "PR_SET_MEM_MODEL(TSO) failed on a measured thread: %s",
			     r == -EIO ? "PR_GET_MEM_MODEL does not report TSO" : strerror(-r));
	}
	r = tsob_memmodel_get();
	sh->memmodel[tid] = r;
	if (!sh->err[tid]) {
		ctr = tsob_counters_open(conf->events, conf->nevents, sh->evstatus[tid]);
		if (!ctr)
			fail(sh, tid, -ENOMEM, "%s", "out of memory opening counters");
	}
	if (conf->thread_init)
		conf->thread_init(conf->thread_init_arg, tid);
	atomic_fetch_add(&sh->arrived, 1);

	for (;;) {
		int cpu;

		wait_arm(sh, &armed);
		if (atomic_load(&sh->stop))
			break;
		atomic_fetch_add(&sh->ready, 1);
		wait_go(sh, &seen);
		if (atomic_load(&sh->stop) || sh->err[tid])
			break;
		tsob_counters_snapshot(ctr, start);
		sh->t0[tid] = tsob_now_ns();
		conf->kernel->run(sh->state, tid);
		sh->tk[tid] = tsob_now_ns();
		if (sh->inject_iters)
			tsob_inject_work(sh->inject_iters);
		sh->t1[tid] = tsob_now_ns();
		tsob_counters_delta(ctr, start, delta);
		cpu = sched_getcpu();
		if (cpu >= 0 && cpu < 64)
			sh->cpus_seen[tid] |= 1ull << cpu;
		if (sh->rep >= 0)
			for (int e = 0; e < conf->nevents; e++)
				*tsob_cell_count(cell, (unsigned)sh->rep, tid, e) = delta[e];
		if (wants_tso(conf) && tsob_memmodel_get() != PR_SET_MEM_MODEL_TSO)
			fail(sh, tid, -EIO, "%s", "the thread's memory model changed during the run");
		if (atomic_fetch_add(&sh->done, 1) + 1 == conf->threads) {
			pthread_mutex_lock(&sh->lock);
			pthread_cond_signal(&sh->cond);
			pthread_mutex_unlock(&sh->lock);
		}
	}
	tsob_counters_close(ctr);
	return NULL;
}

static void plan_pinning(struct tsob_cell *cell)
{
	struct tsob_cpus cpus; /* asked per cell: affinity may change between cells */

	tsob_cpus_allowed(&cpus);
	tsob_cpu_plan(&cpus, cell->conf.cpu, cell->conf.threads, cell->pinned);
}

unsigned tsob_wait_arrival(atomic_uint *arrived, unsigned want, uint64_t deadline_ns,
			   uint64_t (*now)(void))
{
	struct timespec nap = { 0, 100000 };
	unsigned n;

	while ((n = atomic_load(arrived)) < want) {
		/* Count once more after the deadline: a thread may arrive in between. */
		if (now() > deadline_ns)
			return atomic_load(arrived);
		nanosleep(&nap, NULL);
	}
	return n;
}

static void wait_done(struct shared *sh, unsigned want)
{
	pthread_mutex_lock(&sh->lock);
	while (atomic_load(&sh->done) < want)
		pthread_cond_wait(&sh->cond, &sh->lock);
	pthread_mutex_unlock(&sh->lock);
}

static int first_error(struct shared *sh, unsigned nt)
{
	for (unsigned t = 0; t < nt; t++)
		if (sh->err[t])
			return (int)t;
	return -1;
}

static void set_status(struct tsob_cell *cell, enum tsob_cell_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_status(struct tsob_cell *cell, enum tsob_cell_status st, const char *fmt, ...)
{
	va_list ap;

	cell->status = st;
	va_start(ap, fmt);
	vsnprintf(cell->reason, sizeof(cell->reason), fmt, ap);
	va_end(ap);
}

/* One repetition's checks: the verdict and, after the first failure, nothing more. */
static void check_run(struct tsob_cell *cell, struct shared *sh)
{
	const struct tsob_kernel *k = cell->conf.kernel;
	struct tsob_verdict v;
	int bad;

	memset(&v, 0, sizeof(v));
	/* hwtso runs the plain object: violations there are a failure too. */
	bad = tsob_cell_failed(cell->conf.strategy, k->verify(sh->state, &v), &v);
	cell->violations += v.violations;
	if (cell->status == TSOB_CELL_CHECKSUM_FAILED)
		return;
	cell->verdict = v;
	if (bad)
		set_status(cell, TSOB_CELL_CHECKSUM_FAILED, "checksum 0x%016llx, expected 0x%016llx%s%s",
			   (unsigned long long)v.checksum, (unsigned long long)v.expected,
			   v.detail[0] ? ": " : "", v.detail);
}

bool tsob_cell_can_step(const struct tsob_cell *cell)
{
	return cell->priv && cell->n < cell->conf.repeat &&
	       (cell->status == TSOB_CELL_OK || cell->status == TSOB_CELL_CHECKSUM_FAILED);
}

void tsob_cell_set_inject(struct tsob_cell *cell, uint64_t iters)
{
	cell->inject_iters = iters;
	if (cell->priv)
		((struct shared *)cell->priv)->inject_iters = iters;
}

/* Room for one more measured repetition: the arrays double, up to repeat. */
static int grow(struct tsob_cell *cell)
{
	size_t cap = cell->cap * 2 > cell->conf.repeat ? cell->conf.repeat : cell->cap * 2;
	size_t per = (size_t)cell->conf.threads * (size_t)(cell->conf.nevents ? cell->conf.nevents : 1);
	void *w, *r, *i, *c;

	if (cell->n < cell->cap)
		return 0;
	w = realloc(cell->wall_ns, cap * sizeof(*cell->wall_ns));
	cell->wall_ns = w ? w : cell->wall_ns;
	r = realloc(cell->round, cap * sizeof(*cell->round));
	cell->round = r ? r : cell->round;
	i = realloc(cell->inject_ns, cap * sizeof(*cell->inject_ns));
	cell->inject_ns = i ? i : cell->inject_ns;
	c = realloc(cell->counts, cap * per * sizeof(*cell->counts));
	cell->counts = c ? c : cell->counts;
	if (!w || !r || !i || !c) {
		set_status(cell, TSOB_CELL_ERROR, "out of memory after %u repetitions", cell->n);
		return -1;
	}
	memset(cell->counts + cell->cap * per, 0, (cap - cell->cap) * per * sizeof(*cell->counts));
	cell->cap = (unsigned)cap;
	return 0;
}

/* Wake the parked workers, wait until all spin, start them, wait for the last. */
static void one_repetition(struct shared *sh, unsigned nt)
{
	atomic_store(&sh->done, 0);
	atomic_store(&sh->ready, 0);
	pthread_mutex_lock(&sh->lock);
	sh->arm++;
	pthread_cond_broadcast(&sh->arm_cond);
	pthread_mutex_unlock(&sh->lock);
	while (atomic_load(&sh->ready) < nt)
		sched_yield();
	atomic_fetch_add_explicit(&sh->go, 1, memory_order_release);
	wait_done(sh, nt);
}

int tsob_cell_step(struct tsob_cell *cell, bool measured, int round)
{
	struct shared *sh = cell->priv;
	unsigned nt = cell->conf.threads;
	uint64_t lo = UINT64_MAX, hi = 0, inj = 0;
	int bad;

	if (!sh || (cell->status != TSOB_CELL_OK && cell->status != TSOB_CELL_CHECKSUM_FAILED))
		return -1;
	if (measured && (cell->n >= cell->conf.repeat || grow(cell)))
		return -1;
	if (tsob_interrupted) {
		set_status(cell, TSOB_CELL_INTERRUPTED, "interrupted after %u repetitions", cell->n);
		return -1;
	}
	if (cell->conf.kernel->reset)
		cell->conf.kernel->reset(sh->state);
	sh->rep = measured ? (int)cell->n : -1;
	one_repetition(sh, nt);
	if ((bad = first_error(sh, nt)) >= 0) {
		set_status(cell, wants_tso(&cell->conf) ? TSOB_CELL_UNAVAILABLE : TSOB_CELL_ERROR,
			   "thread %d: %s", bad, sh->why[bad]);
		return -1;
	}
	for (unsigned t = 0; t < nt; t++) {
		lo = sh->t0[t] < lo ? sh->t0[t] : lo;
		hi = sh->t1[t] > hi ? sh->t1[t] : hi;
		inj = sh->t1[t] - sh->tk[t] > inj ? sh->t1[t] - sh->tk[t] : inj;
	}
	check_run(cell, sh);
	cell->last_ns = hi - lo;
	if (measured) {
		cell->round[cell->n] = round;
		cell->inject_ns[cell->n] = sh->inject_iters ? inj : 0;
		cell->wall_ns[cell->n++] = hi - lo;
	}
	return 0;
}

static int alloc_cell(struct tsob_cell *cell, struct shared **shp)
{
	const struct tsob_cell_conf *conf = &cell->conf;
	/* Room for the usual run; --precision grows it as it goes. */
	size_t reps = conf->repeat > 1024 ? 64 : conf->repeat ? conf->repeat : 1;

	cell->cap = (unsigned)reps;
	cell->wall_ns = calloc(reps, sizeof(*cell->wall_ns));
	cell->round = calloc(reps, sizeof(*cell->round));
	cell->inject_ns = calloc(reps, sizeof(*cell->inject_ns));
	cell->counts = calloc(reps * conf->threads * (size_t)(conf->nevents ? conf->nevents : 1),
			      sizeof(*cell->counts));
	*shp = calloc(1, sizeof(**shp));
	if (!cell->wall_ns || !cell->round || !cell->inject_ns || !cell->counts || !*shp) {
		free(*shp);
		return -ENOMEM;
	}
	return 0;
}

/* Start the workers and wait for them at the barrier; the status says how it went. */
static void start(struct tsob_cell *cell, struct shared *sh)
{
	const struct tsob_cell_conf *conf = &cell->conf;
	unsigned nt = conf->threads, arrived;
	int bad;

	for (; sh->started < nt; sh->started++) {
		sh->w[sh->started] = (struct worker){ .sh = sh, .tid = sh->started };
		if (pthread_create(&sh->w[sh->started].thread, NULL, worker_main,
				   &sh->w[sh->started])) {
			set_status(cell, TSOB_CELL_ERROR, "cannot start thread %u", sh->started);
			return;
		}
	}
	arrived = tsob_wait_arrival(&sh->arrived, nt,
				    tsob_now_ns() + (uint64_t)conf->barrier_timeout_ms * 1000000ull,
				    tsob_now_ns);
	if (arrived < nt) {
		/* A stuck thread cannot be joined: report it and leave it. */
		set_status(cell, TSOB_CELL_ERROR,
			   "only %u of %u threads reached the start barrier within %u ms", arrived,
			   nt, conf->barrier_timeout_ms);
		sh->stuck = true;
		return;
	}
	if ((bad = first_error(sh, nt)) >= 0)
		set_status(cell, wants_tso(conf) ? TSOB_CELL_UNAVAILABLE : TSOB_CELL_ERROR,
			   "thread %d: %s", bad, sh->why[bad]);
}

int tsob_cell_open(struct tsob_cell *cell, const struct tsob_cell_conf *conf)
{
	struct tsob_kconf kc = { .size = conf->size, .threads = conf->threads };
	struct shared *sh;

	memset(cell, 0, sizeof(*cell));
	cell->conf = *conf;
	for (unsigned t = 0; t < TSOB_MAX_THREADS; t++)
		cell->memmodel[t] = -1;
	if (conf->threads < 1 || conf->threads > TSOB_MAX_THREADS) {
		set_status(cell, TSOB_CELL_ERROR, "bad thread count %u", conf->threads);
		return 0;
	}
	if (alloc_cell(cell, &sh))
		return -ENOMEM;
	plan_pinning(cell);
	memcpy(sh->pinned, cell->pinned, sizeof(sh->pinned));
	errno = 0;
	sh->state = conf->kernel->create(&kc);
	if (!sh->state) {
		set_status(cell, TSOB_CELL_ERROR, "cannot set up the kernel: %s",
			   strerror(errno ? errno : ENOMEM));
		free(sh);
		return 0;
	}
	cell->ops = conf->kernel->ops ? conf->kernel->ops(sh->state) : 0;
	sh->cell = cell;
	sh->conf = *conf;
	for (unsigned t = 0; t < TSOB_MAX_THREADS; t++)
		sh->memmodel[t] = -1;
	pthread_mutex_init(&sh->lock, NULL);
	pthread_cond_init(&sh->cond, NULL);
	pthread_cond_init(&sh->arm_cond, NULL);
	cell->priv = sh;
	start(cell, sh);
	return 0;
}

void tsob_cell_close(struct tsob_cell *cell)
{
	struct shared *sh = cell->priv;

	if (!sh)
		return;
	cell->priv = NULL;
	atomic_store(&sh->stop, 1);
	pthread_mutex_lock(&sh->lock);
	sh->arm++;
	pthread_cond_broadcast(&sh->arm_cond);
	pthread_mutex_unlock(&sh->lock);
	atomic_fetch_add_explicit(&sh->go, 1, memory_order_release);
	if (sh->stuck) {
		for (unsigned t = 0; t < sh->started; t++)
			pthread_detach(sh->w[t].thread);
		return; /* sh and the state stay with the stuck thread */
	}
	for (unsigned t = 0; t < sh->started; t++)
		pthread_join(sh->w[t].thread, NULL);
	memcpy(cell->cpus_seen, sh->cpus_seen, sizeof(cell->cpus_seen));
	memcpy(cell->memmodel, sh->memmodel, sizeof(cell->memmodel));
	memcpy(cell->evstatus, sh->evstatus, sizeof(cell->evstatus));
	cell->conf.kernel->destroy(sh->state);
	pthread_cond_destroy(&sh->cond);
	pthread_cond_destroy(&sh->arm_cond);
	pthread_mutex_destroy(&sh->lock);
	free(sh);
}

int tsob_cell_run(struct tsob_cell *cell, const struct tsob_cell_conf *conf)
{
	int r = tsob_cell_open(cell, conf);

	if (r)
		return r;
	for (unsigned i = 0; i < conf->warmup && !tsob_cell_step(cell, false, -1); i++)
		;
	while (!tsob_cell_step(cell, true, -1))
		;
	tsob_cell_close(cell);
	return 0;
}

void tsob_cell_free(struct tsob_cell *cell)
{
	tsob_cell_close(cell);
	free(cell->wall_ns);
	free(cell->round);
	free(cell->inject_ns);
	free(cell->counts);
	cell->wall_ns = NULL;
	cell->round = NULL;
	cell->inject_ns = NULL;
	cell->counts = NULL;
}
