// SPDX-License-Identifier: MIT
/*
 * Seqlock: thread 0 writes n records {i, i*K, i^K, ~i} under a sequence
 * counter (odd while writing); the other threads read snapshots until the
 * writer is done, retrying when the sequence was odd or changed. Correct under
 * TSO with plain moves. Without ordering a reader can accept a torn record or
 * go back in time: both are counted as ordering violations.
 */
#include "common.h"

#define SEQ_SEQ 0 /* u64: 2 * records written, odd while writing */
#define SEQ_DONE 64 /* u64: 1 once the writer has finished */
#define SEQ_REC TSOB_LINE /* 4 x u64 record, on its own line */
#define SEQ_K 0x9e3779b97f4a7c15ULL

struct seqlock {
	uint8_t *g;       /* guest */
	uint64_t *bad;    /* per reader: torn or backward snapshots */
	uint64_t *last;   /* per reader: the last record seen */
	unsigned threads; /* 1 writer + readers */
	size_t n;         /* records written */
};

static void seqlock_destroy(void *state)
{
	struct seqlock *k = state;

	if (!k)
		return;
	free(k->g);
	free(k->bad);
	free(k->last);
	free(k);
}

static void *seqlock_create(const struct tsob_kconf *conf)
{
	struct seqlock *k;

	if (!conf->size || conf->threads < 2) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = conf->size;
	k->threads = conf->threads;
	k->g = tsob_galloc(2 * TSOB_LINE);
	k->bad = calloc(k->threads, sizeof(*k->bad));
	k->last = calloc(k->threads, sizeof(*k->last));
	if (!k->g || !k->bad || !k->last) {
		seqlock_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	return k;
}

static void seqlock_record(uint64_t i, uint64_t r[4])
{
	r[0] = i;
	r[1] = i * SEQ_K;
	r[2] = i ^ SEQ_K;
	r[3] = ~i;
}

static void seqlock_reset(void *state)
{
	struct seqlock *k = state;
	uint64_t r[4];

	memset(k->g, 0, 2 * TSOB_LINE);
	seqlock_record(0, r);
	memcpy(k->g + SEQ_REC, r, sizeof(r));
	memset(k->bad, 0, k->threads * sizeof(*k->bad));
	memset(k->last, 0, k->threads * sizeof(*k->last));
}

static void seqlock_write(struct seqlock *k)
{
	uint8_t *g = k->g;
	uint64_t n = k->n, seq = 0;

	for (uint64_t i = 1; i <= n; i++) {
		TSOB_ST64(g, SEQ_SEQ, ++seq);
		TSOB_ST64(g, SEQ_REC + 0, i);
		TSOB_ST64(g, SEQ_REC + 8, i * SEQ_K);
		TSOB_ST64(g, SEQ_REC + 16, i ^ SEQ_K);
		TSOB_ST64(g, SEQ_REC + 24, ~i);
		TSOB_ST64(g, SEQ_SEQ, ++seq);
	}
	TSOB_ST64(g, SEQ_DONE, 1);
}

static void seqlock_read(struct seqlock *k, unsigned tid)
{
	uint8_t *g = k->g;
	uint64_t last = 0, bad = 0;
	unsigned spins = 0;

	for (;;) {
		uint64_t done = TSOB_LD64(g, SEQ_DONE);
		uint64_t s1 = TSOB_LD64(g, SEQ_SEQ), a, b, c, d;

		if (s1 & 1) {
			tsob_spin(&spins);
			continue;
		}
		a = TSOB_LD64(g, SEQ_REC + 0);
		b = TSOB_LD64(g, SEQ_REC + 8);
		c = TSOB_LD64(g, SEQ_REC + 16);
		d = TSOB_LD64(g, SEQ_REC + 24);
		if (TSOB_LD64(g, SEQ_SEQ) != s1) {
			tsob_spin(&spins);
			continue;
		}
		bad += b != a * SEQ_K || c != (a ^ SEQ_K) || d != ~a || a < last;
		last = a;
		if (done)
			break;
	}
	k->bad[tid] = bad;
	k->last[tid] = last;
}

static void seqlock_run(void *state, unsigned tid)
{
	if (tid == 0)
		seqlock_write(state);
	else
		seqlock_read(state, tid);
}

static int seqlock_verify(void *state, struct tsob_verdict *v)
{
	struct seqlock *k = state;
	uint64_t seq, done, r[4], want[4];

	v->violations = 0;
	v->checksum = 0;
	for (unsigned t = 1; t < k->threads; t++) {
		v->violations += k->bad[t];
		/* done was read before the snapshot: the last one must be final. */
		v->violations += k->last[t] != k->n;
		v->checksum += k->last[t];
	}
	v->expected = (uint64_t)(k->threads - 1) * k->n;
	memcpy(&seq, k->g + SEQ_SEQ, 8);
	memcpy(&done, k->g + SEQ_DONE, 8);
	memcpy(r, k->g + SEQ_REC, sizeof(r));
	seqlock_record(k->n, want);
	if (seq != 2 * k->n || done != 1 || memcmp(r, want, sizeof(r)) != 0)
		return tsob_verdict_shared(v, "final sequence or record is not the writer's last");
	return tsob_verdict_shared(v, NULL);
}

static uint64_t seqlock_ops(const void *state)
{
	const struct seqlock *k = state;

	return k->n;
}

static void seqlock_corrupt(void *state)
{
	struct seqlock *k = state;

	k->g[SEQ_SEQ] ^= 1;
}

TSOB_KERNEL_DEFINE(seqlock) = {
	.name = "seqlock",
	.stands_for = "seqlock: one writer, readers retry on odd/changed sequence (mov only)",
	.unit = "record",
	.size_unit = "record",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 2,
	.max_threads = 256,
	.quick_size = 10000,
	.default_size = 8000000,
	.create = seqlock_create,
	.reset = seqlock_reset,
	.run = seqlock_run,
	.verify = seqlock_verify,
	.ops = seqlock_ops,
	.destroy = seqlock_destroy,
	.corrupt = seqlock_corrupt,
};
