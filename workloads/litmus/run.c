// SPDX-License-Identifier: MIT
/*
 * The litmus harness, run the way litmus7 runs tests on hardware: one thread
 * per CPU, many iterations in batches, fresh locations for every iteration
 * (a zeroed block of their own per batch), every thread released from a spin
 * barrier at each iteration and then held back by a random number of loop
 * steps, so that over many iterations many relative timings are tried.
 *
 * Before a batch every thread reads all of its locations, so each iteration
 * starts with the lines shared by all caches: a store then has to wait for
 * its line while a load of the other location is served at once, which is
 * the window in which store buffering (SB, R) can be seen.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "code.h"

/* Spins after which a waiting thread starts to yield its CPU. */
#define SPIN_BEFORE_YIELD 20000
/* With a time limit, the first batch measures how fast iterations go. */
#define FIRST_TIMED_BATCH 64

struct shared {
	_Alignas(TSOB_LITMUS_LINE) atomic_ulong arrived; /* barrier arrivals, ever */
	_Alignas(TSOB_LITMUS_LINE) atomic_int abort;	 /* a thread could not be started */
	/* Written by thread 0 before a barrier, read by all after it. */
	unsigned batch_n; /* iterations in this batch; 0 ends the run */
	uint64_t done;
	const struct tsob_litmus_conf *conf;
	const struct tsob_litmus_test *test;
	struct tsob_litmus_result *res;
	tsob_litmus_fn fn[TSOB_LITMUS_MAX_THREADS];
	char *guest;				 /* batch blocks of TSOB_LITMUS_BLOCK bytes */
	uint32_t *regs[TSOB_LITMUS_MAX_THREADS]; /* per thread: batch rows of MAX_VARS */
	unsigned reg_owner[TSOB_LITMUS_MAX_VARS];
	unsigned nthreads;
	bool yield; /* time-shared: yield at once when waiting */
	uint64_t start_ns;
	int err[TSOB_LITMUS_MAX_THREADS];
	char why[TSOB_LITMUS_MAX_THREADS][160];
};

struct worker {
	struct shared *sh;
	unsigned tid;
	pthread_t thread;
	uint64_t rng;
	uint32_t *delay; /* per iteration of the batch */
	unsigned long gen;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* xorshift64*: cheap, and good enough to spread delays. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

static uint64_t rng_seed(uint64_t seed, unsigned tid)
{
	/* splitmix64 of seed and thread: never 0, distinct per thread. */
	uint64_t z = seed + 0x9e3779b97f4a7c15ull * (tid + 1);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return z ? z : 1;
}

/*
 * The spin-wait hint: PAUSE on x86-64; on arm64 YIELD, a hint to hardware,
 * which QEMU's round-robin TCG (one vCPU at a time, as under -icount) takes
 * as the cue to run the next vCPU instead of spinning out its time slice.
 */
static inline void cpu_relax(void)
{
#if defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("pause" ::: "memory");
#endif
}

/* All threads wait here until all have arrived. false: the run was aborted. */
static bool barrier(struct worker *w)
{
	struct shared *sh = w->sh;
	unsigned long target = ++w->gen * sh->nthreads;
	unsigned spins = 0;

	atomic_fetch_add_explicit(&sh->arrived, 1, memory_order_acq_rel);
	while (atomic_load_explicit(&sh->arrived, memory_order_acquire) < target) {
		cpu_relax();
		if (sh->yield || ++spins > SPIN_BEFORE_YIELD) {
			if (atomic_load_explicit(&sh->abort, memory_order_relaxed))
				return false;
			sched_yield();
		}
	}
	return true;
}

static inline void delay(uint32_t n)
{
	while (n--)
		__asm__ __volatile__("");
}

/* Thread 0, between batches: decide the next batch and give it fresh locations. */
static void plan_batch(struct shared *sh)
{
	const struct tsob_litmus_conf *conf = sh->conf;
	uint64_t left = conf->iterations - sh->done, spent = now_ns() - sh->start_ns;

	/* Set by a signal handler: an atomic load, so that the read is one (and TSan knows). */
	if (left && conf->stop && __atomic_load_n(conf->stop, __ATOMIC_RELAXED)) {
		sh->res->stopped = true;
		left = 0;
	} else if (left && sh->done && conf->time_limit_ns && spent >= conf->time_limit_ns) {
		sh->res->stopped = true;
		left = 0;
	}
	if (left > conf->batch)
		left = conf->batch;
	if (left && conf->time_limit_ns) {
		/* Size batches to end near the limit: a batch cannot be cut short. */
		uint64_t fit = FIRST_TIMED_BATCH;

		if (sh->done)
			fit = (conf->time_limit_ns - spent) / (spent / sh->done + 1);
		if (left > fit)
			left = fit ? fit : 1;
	}
	sh->batch_n = (unsigned)left;
	memset(sh->guest, 0, (size_t)sh->batch_n * TSOB_LITMUS_BLOCK);
}

/* Thread 0, after a batch: one outcome per iteration into the histogram. */
static void tally(struct shared *sh, unsigned n)
{
	const struct tsob_litmus_test *t = sh->test;
	uint32_t v[TSOB_LITMUS_MAX_VARS];

	for (unsigned i = 0; i < n; i++) {
		const volatile char *g = sh->guest + (size_t)i * TSOB_LITMUS_BLOCK;

		for (unsigned j = 0; j < t->nvars; j++) {
			const struct tsob_litmus_var *var = &t->vars[j];

			if (var->reg >= 0)
				v[j] =
				    sh->regs[sh->reg_owner[var->reg]]
					    [(size_t)i * TSOB_LITMUS_MAX_VARS + (unsigned)var->reg];
			else
				v[j] =
				    *(const volatile uint32_t *)(g + var->loc * TSOB_LITMUS_LINE);
		}
		sh->res->counts[tsob_litmus_key(t, v)]++;
	}
	sh->done += n;
	sh->res->iterations = sh->done;
}

/* Every thread, before a batch: bring the batch's lines into this CPU's cache. */
static void prefetch(const struct shared *sh, unsigned n)
{
	uint32_t sum = 0;

	for (size_t off = 0; off < (size_t)n * TSOB_LITMUS_BLOCK; off += TSOB_LITMUS_LINE)
		sum += *(const volatile uint32_t *)(sh->guest + off);
	__asm__ __volatile__("" : : "r"(sum));
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	const struct tsob_litmus_conf *conf = sh->conf;
	tsob_litmus_fn fn = sh->fn[w->tid];
	uint32_t *regs = sh->regs[w->tid];
	unsigned tid = w->tid;
	int r;

	if (!sh->err[tid] && conf->thread_init) {
		r = conf->thread_init(conf->thread_init_arg, tid, sh->why[tid],
				      sizeof(sh->why[tid]));
		if (r)
			sh->err[tid] = r < 0 ? r : -EIO;
	}
	if (!barrier(w))
		return NULL;
	for (unsigned t = 0; t < sh->nthreads; t++)
		if (sh->err[t])
			return NULL;

	for (;;) {
		unsigned n;

		for (unsigned i = 0; i < conf->batch; i++)
			w->delay[i] = conf->stagger
					  ? (uint32_t)(rng_next(&w->rng) % (conf->stagger + 1u))
					  : 0;
		if (tid == 0)
			plan_batch(sh);
		if (!barrier(w))
			return NULL;
		n = sh->batch_n;
		if (!n)
			break;
		prefetch(sh, n);
		if (!barrier(w))
			return NULL;
		for (unsigned i = 0; i < n; i++) {
			barrier(w);
			delay(w->delay[i]);
			fn(sh->guest + (size_t)i * TSOB_LITMUS_BLOCK,
			   regs + (size_t)i * TSOB_LITMUS_MAX_VARS);
		}
		if (!barrier(w))
			return NULL;
		if (tid == 0)
			tally(sh, n);
	}
	return NULL;
}

static void *zalloc_aligned(size_t align, size_t len)
{
	size_t rounded = (len + align - 1) / align * align;
	void *p = aligned_alloc(align, rounded ? rounded : align);

	if (p)
		memset(p, 0, rounded ? rounded : align);
	return p;
}

static int start_workers(struct shared *sh, struct worker *w, struct tsob_litmus_result *res)
{
	unsigned started = 0;
	int r = 0;

	for (; started < sh->nthreads; started++) {
		r = pthread_create(&w[started].thread, NULL, worker_main, &w[started]);
		if (r)
			break;
	}
	if (r) {
		atomic_store(&sh->abort, 1);
		snprintf(res->reason, sizeof(res->reason), "cannot start test thread %u: %s",
			 started, strerror(r));
		res->err = -r;
	}
	for (unsigned t = 0; t < started; t++)
		pthread_join(w[t].thread, NULL);
	return res->err;
}

/* The shared state and each thread's: 0, or -ENOMEM (the caller frees what was made). */
static int setup(const struct tsob_litmus_conf *conf, const struct tsob_litmus_code *code,
		 struct shared *sh, struct worker *w, struct tsob_litmus_result *res)
{
	const struct tsob_litmus_test *t = conf->test;

	sh->conf = conf;
	sh->test = t;
	sh->res = res;
	sh->nthreads = res->nthreads = t->nthreads;
	/* The caller placed the threads (its thread_init pins them): record where. */
	res->time_shared = conf->time_shared;
	sh->yield = res->time_shared;
	for (unsigned p = 0; p < t->nthreads; p++) {
		sh->fn[p] = code->fn[t->id][p];
		for (const struct tsob_litmus_op *op = t->prog[p]; op->kind; op++)
			if (op->kind == TSOB_LITMUS_LD)
				sh->reg_owner[op->arg] = p;
		w[p].sh = sh;
		w[p].tid = p;
		w[p].rng = rng_seed(conf->seed, p);
		res->cpus[p] = conf->cpus ? conf->cpus[p] : -1;
	}
	sh->guest = zalloc_aligned(4096, (size_t)conf->batch * TSOB_LITMUS_BLOCK);
	if (!sh->guest)
		return -ENOMEM;
	for (unsigned p = 0; p < t->nthreads; p++) {
		sh->regs[p] =
			zalloc_aligned(TSOB_LITMUS_LINE,
				       (size_t)conf->batch * TSOB_LITMUS_MAX_VARS * sizeof(uint32_t));
		w[p].delay = calloc(conf->batch, sizeof(uint32_t));
		if (!sh->regs[p] || !w[p].delay)
			return -ENOMEM;
	}
	return 0;
}

/* After the run: the first thread error, the time, and the outcome classes. */
static void finish(const struct shared *sh, struct tsob_litmus_result *res)
{
	const struct tsob_litmus_test *t = sh->test;

	for (unsigned p = 0; p < t->nthreads && !res->err; p++)
		if (sh->err[p]) {
			res->err = sh->err[p];
			snprintf(res->reason, sizeof(res->reason), "thread %u: %s", p, sh->why[p]);
		}
	res->elapsed_s = (double)(now_ns() - sh->start_ns) / 1e9;
	for (unsigned k = 0; k < tsob_litmus_nr_keys(t); k++) {
		enum tsob_litmus_class c = tsob_litmus_classify(t, k);

		if (c == TSOB_LITMUS_FORBIDDEN)
			res->forbidden += res->counts[k];
		else if (c == TSOB_LITMUS_RELAXED)
			res->relaxed += res->counts[k];
	}
}

int tsob_litmus_run(const struct tsob_litmus_conf *conf, struct tsob_litmus_result *res)
{
	const struct tsob_litmus_code *code = tsob_litmus_code(conf->strategy);
	struct worker w[TSOB_LITMUS_MAX_THREADS];
	struct shared *sh;

	memset(res, 0, sizeof(*res));
	memset(w, 0, sizeof(w));
	if (!conf->test || !conf->iterations || !conf->batch) {
		snprintf(res->reason, sizeof(res->reason), "no test, iterations or batch size");
		return res->err = -EINVAL;
	}
	if (!code) {
		snprintf(res->reason, sizeof(res->reason),
			 "no litmus code for strategy %s in this build",
			 tsob_strategies[conf->strategy].name);
		return res->err = -EOPNOTSUPP;
	}
	sh = zalloc_aligned(TSOB_LITMUS_LINE, sizeof(*sh));
	if (!sh || setup(conf, code, sh, w, res)) {
		snprintf(res->reason, sizeof(res->reason),
			 "out of memory for %u iterations per batch", conf->batch);
		res->err = -ENOMEM;
	} else {
		sh->start_ns = now_ns();
		if (!start_workers(sh, w, res))
			finish(sh, res);
	}
	if (sh) {
		free(sh->guest);
		for (unsigned p = 0; p < TSOB_LITMUS_MAX_THREADS; p++)
			free(sh->regs[p]);
	}
	for (unsigned p = 0; p < TSOB_LITMUS_MAX_THREADS; p++)
		free(w[p].delay);
	free(sh);
	return res->err;
}
