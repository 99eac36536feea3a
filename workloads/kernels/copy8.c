// SPDX-License-Identifier: MIT
/* Byte copy: what FEX and QEMU make of `rep movsb`, one load and one store a byte. */
#include "common.h"

struct copy8 {
	uint8_t *src;
	uint8_t *dst;
	size_t n;
	uint64_t expected;
};

static void copy8_destroy(void *state)
{
	struct copy8 *k = state;

	if (!k)
		return;
	free(k->src);
	free(k->dst);
	free(k);
}

static void *copy8_create(const struct tsob_kconf *conf)
{
	struct copy8 *k;
	uint64_t seed = 8;

	if (!conf->size) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = conf->size;
	k->src = tsob_galloc(k->n);
	k->dst = tsob_galloc(k->n);
	if (!k->src || !k->dst) {
		copy8_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < k->n; i++)
		k->src[i] = (uint8_t)tsob_rand(&seed);
	k->expected = tsob_hash_bytes(k->src, k->n);
	return k;
}

static void copy8_reset(void *state)
{
	struct copy8 *k = state;

	memset(k->dst, 0, k->n);
}

static void copy8_run(void *state, unsigned tid)
{
	struct copy8 *k = state;
	const uint8_t *src = k->src;
	uint8_t *dst = k->dst;
	size_t n = k->n;

	for (size_t i = 0; i < n; i++)
		TSOB_ST8(dst + i, 0, TSOB_LD8(src + i, 0));
}

static int copy8_verify(void *state, struct tsob_verdict *v)
{
	struct copy8 *k = state;

	v->checksum = tsob_hash_bytes(k->dst, k->n);
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t copy8_ops(const void *state)
{
	const struct copy8 *k = state;

	return k->n;
}

static void copy8_corrupt(void *state)
{
	struct copy8 *k = state;

	k->dst[k->n / 2] ^= 0x10;
}

TSOB_KERNEL_DEFINE(copy8) = {
	.name = "copy8",
	.stands_for = "rep movsb: byte copy, one guest load and store per byte",
	.unit = "byte",
	.size_unit = "byte",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 64 << 10,
	.default_size = 32 << 20,
	.create = copy8_create,
	.reset = copy8_reset,
	.run = copy8_run,
	.verify = copy8_verify,
	.ops = copy8_ops,
	.destroy = copy8_destroy,
	.corrupt = copy8_corrupt,
};
