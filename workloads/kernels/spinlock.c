// SPDX-License-Identifier: MIT
/*
 * Test-and-test-and-set spinlock on `lock cmpxchg`, guarding four shared
 * counters; the owner is recorded with `xchg` and cleared, and the lock
 * released, with plain mov stores as x86 code does. Under TSO that is correct.
 * Without ordering, the counter stores or the owner clear can become visible
 * after the release: lost increments and overlapping owners are counted as
 * ordering violations.
 */
#include "common.h"

#define SL_LOCK 0   /* u32: 0 free, 1 held */
#define SL_OWNER 8  /* u64: 0, or tid + 1 of the holder */
#define SL_CTR 16   /* 4 x u64 counters, on the lock's line as in a real struct */

struct spinlock {
	uint8_t *g;     /* guest: lock, owner, counters */
	uint64_t *bad;  /* per thread: overlapping owners seen */
	unsigned threads;
	size_t n; /* critical sections per thread */
};

static void spinlock_destroy(void *state)
{
	struct spinlock *k = state;

	if (!k)
		return;
	free(k->g);
	free(k->bad);
	free(k);
}

static void *spinlock_create(const struct tsob_kconf *conf)
{
	struct spinlock *k;

	if (!conf->size || !conf->threads) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = conf->size;
	k->threads = conf->threads;
	k->g = tsob_galloc(TSOB_LINE);
	k->bad = calloc(k->threads, sizeof(*k->bad));
	if (!k->g || !k->bad) {
		spinlock_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	return k;
}

static void spinlock_reset(void *state)
{
	struct spinlock *k = state;

	memset(k->g, 0, TSOB_LINE);
	memset(k->bad, 0, k->threads * sizeof(*k->bad));
}

static void spinlock_run(void *state, unsigned tid)
{
	struct spinlock *k = state;
	uint8_t *g = k->g;
	size_t n = k->n;
	uint64_t me = tid + 1, bad = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned spins = 0;

		while (TSOB_LD32(g, SL_LOCK) != 0 || TSOB_CMPXCHG32(g, SL_LOCK, 0, 1) != 0)
			tsob_spin(&spins);
		bad += TSOB_XCHG64(g, SL_OWNER, me) != 0;
		TSOB_ST64(g, SL_CTR + 0, TSOB_LD64(g, SL_CTR + 0) + 1);
		TSOB_ST64(g, SL_CTR + 8, TSOB_LD64(g, SL_CTR + 8) + 1);
		TSOB_ST64(g, SL_CTR + 16, TSOB_LD64(g, SL_CTR + 16) + 1);
		TSOB_ST64(g, SL_CTR + 24, TSOB_LD64(g, SL_CTR + 24) + 1);
		TSOB_ST64(g, SL_OWNER, 0);
		TSOB_ST32(g, SL_LOCK, 0);
	}
	k->bad[tid] = bad;
}

static int spinlock_verify(void *state, struct tsob_verdict *v)
{
	struct spinlock *k = state;
	uint64_t total = (uint64_t)k->threads * k->n, c, owner, lost = 0, sum = 0;
	uint32_t lock;

	v->violations = 0;
	for (unsigned t = 0; t < k->threads; t++)
		v->violations += k->bad[t];
	for (int i = 0; i < 4; i++) {
		memcpy(&c, k->g + SL_CTR + 8 * i, 8);
		if (c > total)
			return tsob_verdict_shared(v, "a counter exceeds the number of increments");
		lost += total - c;
		sum += c;
	}
	memcpy(&lock, k->g + SL_LOCK, 4);
	memcpy(&owner, k->g + SL_OWNER, 8);
	v->checksum = sum;
	v->expected = 4 * total;
	v->violations += lost;
	if (lock != 0 || owner != 0)
		return tsob_verdict_shared(v, "lock or owner still set after the run");
	return tsob_verdict_shared(v, NULL);
}

static uint64_t spinlock_ops(const void *state)
{
	const struct spinlock *k = state;

	return (uint64_t)k->threads * k->n;
}

static void spinlock_corrupt(void *state)
{
	struct spinlock *k = state;

	k->g[SL_LOCK] = 1;
}

TSOB_KERNEL_DEFINE(spinlock) = {
	.name = "spinlock",
	.stands_for = "lock cmpxchg spinlock (mov release) guarding shared counters",
	.unit = "critical-section",
	.size_unit = "critical-section per thread",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 256,
	.quick_size = 10000,
	.default_size = 1000000,
	.create = spinlock_create,
	.reset = spinlock_reset,
	.run = spinlock_run,
	.verify = spinlock_verify,
	.ops = spinlock_ops,
	.destroy = spinlock_destroy,
	.corrupt = spinlock_corrupt,
};
