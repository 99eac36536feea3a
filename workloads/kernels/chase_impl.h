/* SPDX-License-Identifier: MIT */
/*
 * Dependent pointer chase, shared by chase_l1 and chase_llc: each includer
 * defines CHASE_NAME, CHASE_BYTES (buffer size), CHASE_STANDS_FOR and sizes.
 * A node is one 64-byte line: next pointer at +0, payload at +8. The size is
 * the number of steps; the nodes form one random cycle (Sattolo).
 */
#include "common.h"

#define CHASE_NODE 64

struct chase {
	uint8_t *buf;
	size_t nodes;
	size_t steps;
	uint64_t expected;
	uint64_t result;
};

static void chase_destroy(void *state)
{
	struct chase *k = state;

	if (!k)
		return;
	free(k->buf);
	free(k);
}

static uint64_t chase_ref(const struct chase *k)
{
	const uint8_t *p = k->buf;
	uint64_t sum = 0, next;

	for (size_t i = 0; i < k->steps; i++) {
		memcpy(&next, p + 8, 8);
		sum += next;
		memcpy(&next, p, 8);
		p = (const uint8_t *)(uintptr_t)next;
	}
	return tsob_mix(sum, (uint64_t)(p - k->buf));
}

static void *chase_create(const struct tsob_kconf *conf)
{
	struct chase *k;
	uint32_t *perm;
	uint64_t seed = CHASE_BYTES;

	if (!conf->size) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->steps = conf->size;
	k->nodes = CHASE_BYTES / CHASE_NODE;
	k->buf = tsob_galloc(CHASE_BYTES);
	perm = malloc(k->nodes * sizeof(*perm));
	if (!k->buf || !perm) {
		free(perm);
		chase_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < k->nodes; i++)
		perm[i] = (uint32_t)i;
	for (size_t i = k->nodes - 1; i > 0; i--) { /* Sattolo: one cycle through all nodes */
		size_t j = tsob_rand(&seed) % i;
		uint32_t t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (size_t i = 0; i < k->nodes; i++) {
		uint64_t next = (uint64_t)(uintptr_t)(k->buf + (size_t)perm[i] * CHASE_NODE);
		uint64_t payload = tsob_rand(&seed) >> 8;

		memcpy(k->buf + i * CHASE_NODE, &next, 8);
		memcpy(k->buf + i * CHASE_NODE + 8, &payload, 8);
	}
	free(perm);
	k->expected = chase_ref(k);
	return k;
}

static void chase_reset(void *state)
{
	struct chase *k = state;

	k->result = 0;
}

static void chase_run(void *state, unsigned tid)
{
	struct chase *k = state;
	const uint8_t *p = k->buf;
	size_t steps = k->steps;
	uint64_t sum = 0;

	for (size_t i = 0; i < steps; i++) {
		sum += TSOB_LD64(p, 8);
		p = (const uint8_t *)(uintptr_t)TSOB_LD64(p, 0);
	}
	k->result = tsob_mix(sum, (uint64_t)(p - k->buf));
}

static int chase_verify(void *state, struct tsob_verdict *v)
{
	struct chase *k = state;

	v->checksum = k->result;
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t chase_ops(const void *state)
{
	const struct chase *k = state;

	return k->steps;
}

static void chase_corrupt(void *state)
{
	struct chase *k = state;

	k->result ^= 1;
}

TSOB_KERNEL_DEFINE(CHASE_NAME) = {
	.name = CHASE_STR,
	.stands_for = CHASE_STANDS_FOR,
	.unit = "load",
	.size_unit = "load",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = CHASE_QUICK,
	.default_size = CHASE_DEFAULT,
	.create = chase_create,
	.reset = chase_reset,
	.run = chase_run,
	.verify = chase_verify,
	.ops = chase_ops,
	.destroy = chase_destroy,
	.corrupt = chase_corrupt,
};
