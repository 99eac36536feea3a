// SPDX-License-Identifier: MIT
/* Quadword copy: what FEX and QEMU make of `rep movsq`, one load and one store per 8 bytes. */
#include "common.h"

struct copy64 {
	uint64_t *src;
	uint64_t *dst;
	size_t n; /* quadwords */
	uint64_t expected;
};

static void copy64_destroy(void *state)
{
	struct copy64 *k = state;

	if (!k)
		return;
	free(k->src);
	free(k->dst);
	free(k);
}

static void *copy64_create(const struct tsob_kconf *conf)
{
	struct copy64 *k;
	uint64_t seed = 64;

	if (!conf->size) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = conf->size;
	k->src = tsob_galloc(k->n * 8);
	k->dst = tsob_galloc(k->n * 8);
	if (!k->src || !k->dst) {
		copy64_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < k->n; i++)
		k->src[i] = tsob_rand(&seed);
	k->expected = tsob_hash_bytes(k->src, k->n * 8);
	return k;
}

static void copy64_reset(void *state)
{
	struct copy64 *k = state;

	memset(k->dst, 0, k->n * 8);
}

static void copy64_run(void *state, unsigned tid)
{
	struct copy64 *k = state;
	const uint64_t *src = k->src;
	uint64_t *dst = k->dst;
	size_t n = k->n;

	for (size_t i = 0; i < n; i++)
		TSOB_ST64(dst + i, 0, TSOB_LD64(src + i, 0));
}

static int copy64_verify(void *state, struct tsob_verdict *v)
{
	struct copy64 *k = state;

	v->checksum = tsob_hash_bytes(k->dst, k->n * 8);
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t copy64_ops(const void *state)
{
	const struct copy64 *k = state;

	return k->n;
}

static void copy64_corrupt(void *state)
{
	struct copy64 *k = state;

	k->dst[k->n / 2] ^= 0x10;
}

TSOB_KERNEL_DEFINE(copy64) = {
	.name = "copy64",
	.stands_for = "rep movsq: quadword copy, one guest load and store per 8 bytes",
	.unit = "qword",
	.size_unit = "qword",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 16 << 10,
	.default_size = 8 << 20,
	.create = copy64_create,
	.reset = copy64_reset,
	.run = copy64_run,
	.verify = copy64_verify,
	.ops = copy64_ops,
	.destroy = copy64_destroy,
	.corrupt = copy64_corrupt,
};
