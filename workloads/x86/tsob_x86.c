// SPDX-License-Identifier: MIT
/*
 * tsob-x86: the kernels' x86 code (their plain objects, the original x86
 * program) as a static x86-64 program, to run under real x86 emulators.
 * It runs warm-up and repetitions itself, times the measured region only,
 * verifies every run and prints the lines of x86line.h.
 *
 * usage: tsob-x86 KERNEL SIZE THREADS WARMUP REPEAT [sync]
 *   SIZE is a number in the kernel's size unit, or quick or default.
 *   sync: print a mark around every measured region and wait for one byte on
 *   stdin after each, so that a driver can read counters there.
 *
 * A single-threaded run stays on the main thread and starts no thread at all:
 * emulators treat a process with a second thread differently (QEMU orders
 * every guest access only then), and a single-threaded x86 program has none.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tsob/kernel.h"
#include "x86line.h"

#define MAX_THREADS 256
#define MAX_COUNT 1000000 /* warm-up runs and repetitions */
/* Spins before a waiting worker sleeps: short, so that an emulator's count of
 * instructions is not dominated by idle workers. */
#define SPINS_BEFORE_SLEEP 2000

struct prog {
	const struct tsob_kernel *k;
	void *state;
	size_t size;
	unsigned nt, warmup, repeat;
	unsigned reps_done; /* repetitions printed with ok=1 */
	bool sync;
	/* Workers (nt > 1 only). */
	pthread_t thread[MAX_THREADS];
	int cpu[MAX_THREADS]; /* CPU to pin to, or -1 */
	atomic_uint gen;      /* bumped to start a run */
	atomic_uint done;
	atomic_int stop;
	pthread_mutex_t lock;
	pthread_cond_t go, finished;
	uint64_t t0[MAX_THREADS], t1[MAX_THREADS];
};

struct worker_arg {
	struct prog *p;
	unsigned tid;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int say(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One line on stderr; returns @status for `return say(...)`. */
static int say(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("tsob-x86: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

static int parse_count(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct prog *p)
{
	uint64_t v;

	if (argc < 6 || argc > 7 || (argc == 7 && strcmp(argv[6], "sync")))
		return say(TSOB_X86_EXIT_USAGE,
			   "usage: tsob-x86 KERNEL SIZE THREADS WARMUP REPEAT [sync]");
	p->k = tsob_registry_find(argv[1], TSOB_PLAIN);
	if (!p->k)
		return say(TSOB_X86_EXIT_USAGE, "unknown kernel '%s' (tsobench list names them)",
			   argv[1]);
	if (!strcmp(argv[2], "quick"))
		p->size = p->k->quick_size;
	else if (!strcmp(argv[2], "default"))
		p->size = p->k->default_size;
	else if (!parse_count(argv[2], 1, SIZE_MAX / 2, &v))
		p->size = (size_t)v;
	else
		return say(TSOB_X86_EXIT_USAGE, "bad SIZE '%s': a number >= 1, quick or default",
			   argv[2]);
	if (parse_count(argv[3], p->k->min_threads, p->k->max_threads, &v) || v > MAX_THREADS)
		return say(TSOB_X86_EXIT_USAGE, "bad THREADS '%s': %s takes %u to %u", argv[3],
			   p->k->name, p->k->min_threads,
			   p->k->max_threads < MAX_THREADS ? p->k->max_threads : MAX_THREADS);
	p->nt = (unsigned)v;
	if (parse_count(argv[4], 0, MAX_COUNT, &v))
		return say(TSOB_X86_EXIT_USAGE, "bad WARMUP '%s': 0 to %d", argv[4], MAX_COUNT);
	p->warmup = (unsigned)v;
	if (parse_count(argv[5], 1, MAX_COUNT, &v))
		return say(TSOB_X86_EXIT_USAGE, "bad REPEAT '%s': 1 to %d", argv[5], MAX_COUNT);
	p->repeat = (unsigned)v;
	p->sync = argc == 7;
	return 0;
}

/* A mark around a measured region; in sync mode, wait for the driver's byte. */
static int mark(const struct prog *p, const char *phase, const char *kind, unsigned i)
{
	char ack;

	if (!p->sync)
		return 0;
	printf(TSOB_X86_TAG " mark %s %s=%u\n", phase, kind, i);
	fflush(stdout);
	if (read(STDIN_FILENO, &ack, 1) != 1)
		return say(TSOB_X86_EXIT_FAILED, "sync: no acknowledgement on stdin");
	return 0;
}

static void wait_go(struct prog *p, unsigned *seen)
{
	for (unsigned spins = 0; spins < SPINS_BEFORE_SLEEP; spins++) {
		if (atomic_load_explicit(&p->gen, memory_order_acquire) != *seen)
			goto out;
		__builtin_ia32_pause();
	}
	pthread_mutex_lock(&p->lock);
	while (atomic_load(&p->gen) == *seen)
		pthread_cond_wait(&p->go, &p->lock);
	pthread_mutex_unlock(&p->lock);
out:
	*seen = atomic_load_explicit(&p->gen, memory_order_acquire);
}

static void *worker_main(void *arg)
{
	struct worker_arg *w = arg;
	struct prog *p = w->p;
	unsigned tid = w->tid, seen = 0;

	if (p->cpu[tid] >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(p->cpu[tid], &set);
		/* Best effort, as in tsobench run: an unpinned run is still correct. */
		pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
	for (;;) {
		wait_go(p, &seen);
		if (atomic_load(&p->stop))
			break;
		p->t0[tid] = now_ns();
		p->k->run(p->state, tid);
		p->t1[tid] = now_ns();
		if (atomic_fetch_add(&p->done, 1) + 1 == p->nt) {
			pthread_mutex_lock(&p->lock);
			pthread_cond_signal(&p->finished);
			pthread_mutex_unlock(&p->lock);
		}
	}
	return NULL;
}

/* Distinct CPUs for the threads when there are enough, as tsobench run does. */
static void plan_cpus(struct prog *p)
{
	cpu_set_t set;
	unsigned n = 0;

	for (unsigned t = 0; t < p->nt; t++)
		p->cpu[t] = -1;
	if (sched_getaffinity(0, sizeof(set), &set) || (unsigned)CPU_COUNT(&set) < p->nt)
		return;
	for (int c = 0; c < CPU_SETSIZE && n < p->nt; c++)
		if (CPU_ISSET(c, &set))
			p->cpu[n++] = c;
}

static void bump(struct prog *p)
{
	pthread_mutex_lock(&p->lock);
	atomic_fetch_add_explicit(&p->gen, 1, memory_order_release);
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->lock);
}

/* 0, or an exit status; @started counts the threads that were started. */
static int start_workers(struct prog *p, struct worker_arg *args, unsigned *started)
{
	*started = 0;
	if (p->nt == 1)
		return 0;
	plan_cpus(p);
	for (unsigned t = 0; t < p->nt; t++) {
		args[t] = (struct worker_arg){.p = p, .tid = t};
		if (pthread_create(&p->thread[t], NULL, worker_main, &args[t]))
			return say(TSOB_X86_EXIT_FAILED, "cannot start thread %u", t);
		(*started)++;
	}
	return 0;
}

static void stop_workers(struct prog *p, unsigned started)
{
	atomic_store(&p->stop, 1);
	bump(p);
	for (unsigned t = 0; t < started; t++)
		pthread_join(p->thread[t], NULL);
}

/* One run of the kernel on all its threads; returns the measured wall time. */
static uint64_t run_once(struct prog *p)
{
	uint64_t lo = UINT64_MAX, hi = 0;

	if (p->nt == 1) {
		lo = now_ns();
		p->k->run(p->state, 0);
		return now_ns() - lo;
	}
	atomic_store(&p->done, 0);
	bump(p);
	pthread_mutex_lock(&p->lock);
	while (atomic_load(&p->done) < p->nt)
		pthread_cond_wait(&p->finished, &p->lock);
	pthread_mutex_unlock(&p->lock);
	for (unsigned t = 0; t < p->nt; t++) {
		lo = p->t0[t] < lo ? p->t0[t] : lo;
		hi = p->t1[t] > hi ? p->t1[t] : hi;
	}
	return hi - lo;
}

/* Reset, run between marks, verify and print the line. 0, or an exit status. */
static int one_run(struct prog *p, const char *kind, unsigned i)
{
	struct tsob_verdict v;
	uint64_t wall;
	int bad;

	if (p->k->reset)
		p->k->reset(p->state);
	if ((bad = mark(p, "begin", kind, i)))
		return bad;
	wall = run_once(p);
	if ((bad = mark(p, "end", kind, i)))
		return bad;
	memset(&v, 0, sizeof(v));
	bad = tsob_cell_failed(TSOB_PLAIN, p->k->verify(p->state, &v), &v);
	printf(TSOB_X86_TAG " %s=%u wall_ns=%" PRIu64 " ops=%" PRIu64 " checksum=0x%016" PRIx64
			    " expected=0x%016" PRIx64 " violations=%" PRIu64 " ok=%d\n",
	       kind, i, wall, p->k->ops(p->state), v.checksum, v.expected, v.violations, !bad);
	fflush(stdout);
	if (bad)
		return say(TSOB_X86_EXIT_FAILED, "%s %s %u: %s", p->k->name, kind, i,
			   v.detail[0] ? v.detail : "wrong result");
	return 0;
}

/*
 * The measured region without the kernel: marks and clock reads, what a
 * counter read at the marks adds to every repetition. After the warm-up, so
 * that an emulator has translated this path already, as it has for the runs.
 */
static int calibrate(struct prog *p)
{
	volatile uint64_t wall;
	uint64_t t0;
	int rc;

	if ((rc = mark(p, "begin", "calib", 0)))
		return rc;
	t0 = now_ns();
	wall = now_ns() - t0;
	(void)wall;
	return mark(p, "end", "calib", 0);
}

static int run_all(struct prog *p)
{
	int rc;

	for (unsigned i = 0; i < p->warmup; i++)
		if ((rc = one_run(p, "warmup", i)))
			return rc;
	if ((rc = calibrate(p)))
		return rc;
	for (unsigned i = 0; i < p->repeat; i++) {
		if ((rc = one_run(p, "rep", i)))
			return rc;
		p->reps_done++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t t_start = now_ns();
	struct worker_arg *args;
	struct prog *p;
	unsigned started = 0;
	int rc;

	p = calloc(1, sizeof(*p));
	args = calloc(MAX_THREADS, sizeof(*args));
	if (!p || !args)
		return say(TSOB_X86_EXIT_FAILED, "out of memory");
	if ((rc = parse_args(argc, argv, p)))
		return rc;
	errno = 0;
	p->state = p->k->create(&(struct tsob_kconf){.size = p->size, .threads = p->nt});
	if (!p->state)
		return say(errno == EINVAL ? TSOB_X86_EXIT_USAGE : TSOB_X86_EXIT_FAILED,
			   "cannot set up %s with size %zu on %u threads: %s", p->k->name, p->size,
			   p->nt, strerror(errno ? errno : ENOMEM));
	printf(TSOB_X86_TAG " start t_ns=%" PRIu64 " kernel=%s unit=%s size=%zu threads=%u"
			    " warmup=%u repeat=%u ops=%" PRIu64 " sync=%d\n",
	       t_start, p->k->name, p->k->unit, p->size, p->nt, p->warmup, p->repeat,
	       p->k->ops(p->state), p->sync);
	fflush(stdout);

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->finished, NULL);
	rc = start_workers(p, args, &started);
	if (!rc)
		rc = run_all(p);
	stop_workers(p, started);
	printf(TSOB_X86_TAG " end reps=%u ok=%d\n", p->reps_done, rc == 0);
	fflush(stdout);
	p->k->destroy(p->state);
	free(args);
	free(p);
	return rc;
}
