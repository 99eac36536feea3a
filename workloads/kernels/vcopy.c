// SPDX-License-Identifier: MIT
/* 128-bit vector copy with a running checksum (movdqu loads/stores, paddq). */
#include "common.h"

struct vcopy {
	uint8_t *src;
	uint8_t *dst;
	size_t n; /* bytes, a multiple of 32 */
	uint64_t result;
	uint64_t expected;
};

static void vcopy_destroy(void *state)
{
	struct vcopy *k = state;

	if (!k)
		return;
	free(k->src);
	free(k->dst);
	free(k);
}

static void *vcopy_create(const struct tsob_kconf *conf)
{
	struct vcopy *k;
	uint64_t seed = 0x128, acc[2] = {0, 0};

	if (!conf->size) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = (conf->size + 31) / 32 * 32;
	k->src = tsob_galloc(k->n);
	k->dst = tsob_galloc(k->n);
	if (!k->src || !k->dst) {
		vcopy_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < k->n; i += 8) {
		uint64_t w = tsob_rand(&seed);

		memcpy(k->src + i, &w, 8);
		acc[(i / 8) & 1] += w;
	}
	k->expected = tsob_mix(tsob_mix(acc[0], acc[1]), tsob_hash_bytes(k->src, k->n));
	return k;
}

static void vcopy_reset(void *state)
{
	struct vcopy *k = state;

	memset(k->dst, 0, k->n);
	k->result = 0;
}

static void vcopy_run(void *state, unsigned tid)
{
	struct vcopy *k = state;
	const uint8_t *src = k->src;
	uint8_t *dst = k->dst;
	size_t n = k->n;
	tsob_v128 acc0 = {0, 0}, acc1 = {0, 0};

	for (size_t i = 0; i < n; i += 32) {
		tsob_v128 a = TSOB_LDV(src + i, 0);
		tsob_v128 b = TSOB_LDV(src + i, 16);

		TSOB_STV(dst + i, 0, a);
		TSOB_STV(dst + i, 16, b);
		acc0 += a;
		acc1 += b;
	}
	acc0 += acc1;
	k->result = tsob_mix(acc0[0], acc0[1]);
}

static int vcopy_verify(void *state, struct tsob_verdict *v)
{
	struct vcopy *k = state;

	v->checksum = tsob_mix(k->result, tsob_hash_bytes(k->dst, k->n));
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t vcopy_ops(const void *state)
{
	const struct vcopy *k = state;

	return k->n / 16;
}

static void vcopy_corrupt(void *state)
{
	struct vcopy *k = state;

	k->dst[k->n / 2] ^= 0x20;
}

TSOB_KERNEL_DEFINE(vcopy) = {
	.name = "vcopy",
	.stands_for = "SSE2 copy loop: movdqu load/store pairs with a paddq checksum",
	.unit = "vector",
	.size_unit = "byte",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 128 << 10,
	.default_size = 64 << 20,
	.create = vcopy_create,
	.reset = vcopy_reset,
	.run = vcopy_run,
	.verify = vcopy_verify,
	.ops = vcopy_ops,
	.destroy = vcopy_destroy,
	.corrupt = vcopy_corrupt,
};
