// SPDX-License-Identifier: MIT
/*
 * Single-producer/single-consumer ring: the producer writes a slot {payload,
 * sequence} then publishes the tail; the consumer waits for the tail, reads the
 * slot, then publishes the head. Correct under TSO with plain moves. Without
 * ordering the consumer can read a stale slot (payload or sequence of an older
 * lap): each such message is counted as an ordering violation.
 */
#include "common.h"

#define SPSC_TAIL 0         /* u64, written by the producer */
#define SPSC_HEAD TSOB_LINE /* u64, written by the consumer */
#define SPSC_SLOTS (2 * TSOB_LINE)
#define SPSC_RING 256 /* slots of 16 bytes */

struct spsc {
	uint8_t *g; /* guest: tail line, head line, slots */
	size_t n;
	uint64_t sum;
	uint64_t violations;
	uint64_t expected;
};

static inline uint64_t spsc_payload(uint64_t i)
{
	return i * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;
}

static void spsc_destroy(void *state)
{
	struct spsc *k = state;

	if (!k)
		return;
	free(k->g);
	free(k);
}

static void *spsc_create(const struct tsob_kconf *conf)
{
	struct spsc *k;

	if (!conf->size || conf->threads != 2) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = conf->size;
	k->g = tsob_galloc(SPSC_SLOTS + 16 * SPSC_RING);
	if (!k->g) {
		spsc_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	for (uint64_t i = 0; i < k->n; i++)
		k->expected += spsc_payload(i);
	return k;
}

static void spsc_reset(void *state)
{
	struct spsc *k = state;

	memset(k->g, 0, SPSC_SLOTS + 16 * SPSC_RING);
	/* Slot i of lap -1 holds a sequence that no message of lap 0 has. */
	for (uint64_t i = 0; i < SPSC_RING; i++) {
		uint64_t stale = ~i;

		memcpy(k->g + SPSC_SLOTS + 16 * i + 8, &stale, 8);
	}
	k->sum = 0;
	k->violations = 0;
}

static void spsc_produce(struct spsc *k)
{
	uint8_t *g = k->g, *slots = k->g + SPSC_SLOTS;
	uint64_t n = k->n, head = 0;
	unsigned spins = 0;

	for (uint64_t i = 0; i < n; i++) {
		uint8_t *slot = slots + 16 * (i % SPSC_RING);

		while (i - head >= SPSC_RING) {
			head = TSOB_LD64(g, SPSC_HEAD);
			if (i - head >= SPSC_RING)
				tsob_spin(&spins);
		}
		TSOB_ST64(slot, 0, spsc_payload(i));
		TSOB_ST64(slot, 8, i);
		TSOB_ST64(g, SPSC_TAIL, i + 1);
	}
}

static void spsc_consume(struct spsc *k)
{
	uint8_t *g = k->g;
	const uint8_t *slots = k->g + SPSC_SLOTS;
	uint64_t n = k->n, tail = 0, sum = 0, bad = 0;
	unsigned spins = 0;

	for (uint64_t i = 0; i < n; i++) {
		const uint8_t *slot = slots + 16 * (i % SPSC_RING);
		uint64_t payload, seq;

		while (tail <= i) {
			tail = TSOB_LD64(g, SPSC_TAIL);
			if (tail <= i)
				tsob_spin(&spins);
		}
		payload = TSOB_LD64(slot, 0);
		seq = TSOB_LD64(slot, 8);
		bad += seq != i || payload != spsc_payload(i);
		sum += payload;
		TSOB_ST64(g, SPSC_HEAD, i + 1);
	}
	k->sum = sum;
	k->violations = bad;
}

static void spsc_run(void *state, unsigned tid)
{
	if (tid == 0)
		spsc_produce(state);
	else if (tid == 1)
		spsc_consume(state);
}

static int spsc_verify(void *state, struct tsob_verdict *v)
{
	struct spsc *k = state;
	uint64_t head, tail;

	memcpy(&head, k->g + SPSC_HEAD, 8);
	memcpy(&tail, k->g + SPSC_TAIL, 8);
	v->checksum = k->sum;
	v->expected = k->expected;
	v->violations = k->violations;
	if (head != k->n || tail != k->n)
		return tsob_verdict_shared(v, "ring indices wrong after the run (head/tail != n)");
	return tsob_verdict_shared(v, NULL);
}

static uint64_t spsc_ops(const void *state)
{
	const struct spsc *k = state;

	return k->n;
}

static void spsc_corrupt(void *state)
{
	struct spsc *k = state;
	uint64_t bogus = k->n + 1;

	memcpy(k->g + SPSC_TAIL, &bogus, 8);
}

TSOB_KERNEL_DEFINE(spsc) = {
	.name = "spsc",
	.stands_for = "lock-free SPSC ring: mov stores of slot then tail, consumer polls tail",
	.unit = "message",
	.size_unit = "message",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 2,
	.max_threads = 2,
	.quick_size = 20000,
	.default_size = 1000000,
	.create = spsc_create,
	.reset = spsc_reset,
	.run = spsc_run,
	.verify = spsc_verify,
	.ops = spsc_ops,
	.destroy = spsc_destroy,
	.corrupt = spsc_corrupt,
};
