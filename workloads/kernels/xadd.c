// SPDX-License-Identifier: MIT
/* Contended `lock xadd` counter: every thread increments one shared word. */
#include "common.h"

struct xadd {
	uint8_t *g;     /* guest: the counter, alone on its line */
	uint64_t *sums; /* per thread: sum of the values xadd returned */
	unsigned threads;
	size_t n; /* increments per thread */
};

static void xadd_destroy(void *state)
{
	struct xadd *k = state;

	if (!k)
		return;
	free(k->g);
	free(k->sums);
	free(k);
}

static void *xadd_create(const struct tsob_kconf *conf)
{
	struct xadd *k;

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
	k->sums = calloc(k->threads, sizeof(*k->sums));
	if (!k->g || !k->sums) {
		xadd_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	return k;
}

static void xadd_reset(void *state)
{
	struct xadd *k = state;

	memset(k->g, 0, TSOB_LINE);
	memset(k->sums, 0, k->threads * sizeof(*k->sums));
}

static void xadd_run(void *state, unsigned tid)
{
	struct xadd *k = state;
	uint8_t *g = k->g;
	size_t n = k->n;
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += TSOB_XADD64(g, 0, 1);
	k->sums[tid] = sum;
}

static int xadd_verify(void *state, struct tsob_verdict *v)
{
	struct xadd *k = state;
	uint64_t total = (uint64_t)k->threads * k->n, counter, sums = 0;

	memcpy(&counter, k->g, 8);
	for (unsigned t = 0; t < k->threads; t++)
		sums += k->sums[t];
	v->checksum = counter;
	v->expected = total;
	v->violations = 0;
	/* Locked RMW is a full barrier in every strategy: nothing here may be lost. */
	if (counter != total)
		return tsob_verdict_shared(v, "lock xadd lost or invented increments");
	if (sums != total * (total - 1) / 2)
		return tsob_verdict_shared(v, "lock xadd returned duplicate old values");
	return tsob_verdict_shared(v, NULL);
}

static uint64_t xadd_ops(const void *state)
{
	const struct xadd *k = state;

	return (uint64_t)k->threads * k->n;
}

static void xadd_corrupt(void *state)
{
	struct xadd *k = state;

	k->g[0] ^= 1;
}

TSOB_KERNEL_DEFINE(xadd) = {
	.name = "xadd",
	.stands_for = "contended lock xadd on one shared counter (atomic statistics counter)",
	.unit = "xadd",
	.size_unit = "xadd per thread",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 256,
	.quick_size = 20000,
	.default_size = 2000000,
	.create = xadd_create,
	.reset = xadd_reset,
	.run = xadd_run,
	.verify = xadd_verify,
	.ops = xadd_ops,
	.destroy = xadd_destroy,
	.corrupt = xadd_corrupt,
};
