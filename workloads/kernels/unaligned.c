// SPDX-License-Identifier: MIT
/*
 * Unaligned 32- and 64-bit accesses: packed 13-byte records {u8 tag; u32 a;
 * u64 b}, read and updated in place. LDAR/LDAPR would fault on them, so the
 * ordered strategies use FEX's fallback: LDR + DMB ISHLD, DMB ISH + STR.
 */
#include "common.h"

#define UNALIGNED_REC 13

struct unaligned {
	uint8_t *buf;  /* guest: the records */
	uint8_t *init; /* host: initial records */
	size_t n;      /* records */
	uint64_t result;
	uint64_t expected;
};

static void unaligned_destroy(void *state)
{
	struct unaligned *k = state;

	if (!k)
		return;
	free(k->buf);
	free(k->init);
	free(k);
}

static void *unaligned_create(const struct tsob_kconf *conf)
{
	struct unaligned *k;
	uint64_t seed = 0x13, sum = 0;
	size_t bytes;

	if (!conf->size) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = conf->size;
	bytes = k->n * UNALIGNED_REC;
	k->buf = tsob_galloc(bytes);
	k->init = malloc(bytes);
	if (!k->buf || !k->init) {
		unaligned_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < bytes; i++)
		k->init[i] = (uint8_t)tsob_rand(&seed);
	memcpy(k->buf, k->init, bytes);
	for (size_t i = 0; i < k->n; i++) { /* the reference, in plain C */
		uint8_t *r = k->buf + i * UNALIGNED_REC;
		uint32_t a;
		uint64_t b;

		memcpy(&a, r + 1, 4);
		memcpy(&b, r + 5, 8);
		sum += a ^ b;
		b += a;
		a ^= (uint32_t)b;
		memcpy(r + 5, &b, 8);
		memcpy(r + 1, &a, 4);
	}
	k->expected = tsob_mix(sum, tsob_hash_bytes(k->buf, bytes));
	return k;
}

static void unaligned_reset(void *state)
{
	struct unaligned *k = state;

	memcpy(k->buf, k->init, k->n * UNALIGNED_REC);
	k->result = 0;
}

static void unaligned_run(void *state, unsigned tid)
{
	struct unaligned *k = state;
	uint8_t *r = k->buf;
	size_t n = k->n;
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++, r += UNALIGNED_REC) {
		uint32_t a = TSOB_LD32U(r, 1);
		uint64_t b = TSOB_LD64U(r, 5);

		sum += a ^ b;
		b += a;
		TSOB_ST64U(r, 5, b);
		TSOB_ST32U(r, 1, a ^ (uint32_t)b);
	}
	k->result = sum;
}

static int unaligned_verify(void *state, struct tsob_verdict *v)
{
	struct unaligned *k = state;

	v->checksum = tsob_mix(k->result, tsob_hash_bytes(k->buf, k->n * UNALIGNED_REC));
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t unaligned_ops(const void *state)
{
	const struct unaligned *k = state;

	return k->n;
}

static void unaligned_corrupt(void *state)
{
	struct unaligned *k = state;

	k->buf[5] ^= 1;
}

TSOB_KERNEL_DEFINE(unaligned) = {
	.name = "unaligned",
	.stands_for = "packed-struct code: unaligned 32/64-bit mov loads and stores",
	.unit = "record",
	.size_unit = "record",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 16 << 10,
	.default_size = 6 << 20,
	.create = unaligned_create,
	.reset = unaligned_reset,
	.run = unaligned_run,
	.verify = unaligned_verify,
	.ops = unaligned_ops,
	.destroy = unaligned_destroy,
	.corrupt = unaligned_corrupt,
};
