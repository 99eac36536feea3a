// SPDX-License-Identifier: MIT
/*
 * Open-addressing hash table (linear probing, 16-byte {key, count} entries):
 * insert n keys (counting duplicates), then look up 2n keys, half of them new.
 */
#include "common.h"

struct hash {
	uint64_t *keys;  /* guest: 2n keys, never 0 (0 marks an empty slot) */
	uint8_t *table;  /* guest: cap entries of {key, count} */
	size_t n;
	size_t cap;
	uint64_t result;
	uint64_t expected;
	uint64_t expected_table;
};

static void hash_destroy(void *state)
{
	struct hash *k = state;

	if (!k)
		return;
	free(k->keys);
	free(k->table);
	free(k);
}

static inline size_t hash_slot(uint64_t key, size_t mask)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & mask;
}

/* The reference: the same algorithm in plain C on a private table. */
static uint64_t hash_ref(const struct hash *k, uint64_t *tab)
{
	size_t mask = k->cap - 1;
	uint64_t sum = 0, found = 0;

	for (size_t i = 0; i < k->n; i++) {
		uint64_t key = k->keys[i];
		size_t j = hash_slot(key, mask);

		while (tab[2 * j] != key && tab[2 * j] != 0)
			j = (j + 1) & mask;
		tab[2 * j] = key;
		tab[2 * j + 1]++;
	}
	for (size_t i = 0; i < 2 * k->n; i++) {
		uint64_t key = k->keys[i];
		size_t j = hash_slot(key, mask);

		while (tab[2 * j] != key && tab[2 * j] != 0)
			j = (j + 1) & mask;
		if (tab[2 * j] == key) {
			sum += tab[2 * j + 1] * (i + 1);
			found++;
		}
	}
	return tsob_mix(sum, found);
}

static void *hash_create(const struct tsob_kconf *conf)
{
	struct hash *k;
	uint64_t seed = 0x4a5b, *tab;

	if (!conf->size) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = conf->size;
	for (k->cap = 16; k->cap < 2 * k->n; k->cap *= 2)
		;
	k->keys = tsob_galloc(2 * k->n * 8);
	k->table = tsob_galloc(k->cap * 16);
	tab = calloc(k->cap, 16);
	if (!k->keys || !k->table || !tab) {
		free(tab);
		hash_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	/* Keys from a range of 2n: about a fifth of the inserts are duplicates. */
	for (size_t i = 0; i < 2 * k->n; i++)
		k->keys[i] = 1 + tsob_rand(&seed) % (2 * k->n + (i >= k->n ? 2 * k->n : 0));
	k->expected = hash_ref(k, tab);
	k->expected_table = tsob_hash_bytes(tab, k->cap * 16);
	free(tab);
	return k;
}

static void hash_reset(void *state)
{
	struct hash *k = state;

	memset(k->table, 0, k->cap * 16);
	k->result = 0;
}

static void hash_run(void *state, unsigned tid)
{
	struct hash *k = state;
	const uint64_t *keys = k->keys;
	uint8_t *tab = k->table;
	size_t n = k->n, mask = k->cap - 1;
	uint64_t sum = 0, found = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t key = TSOB_LD64(keys + i, 0);
		size_t j = hash_slot(key, mask);

		for (;;) {
			uint8_t *e = tab + 16 * j;
			uint64_t cur = TSOB_LD64(e, 0);

			if (cur == key) {
				TSOB_ST64(e, 8, TSOB_LD64(e, 8) + 1);
				break;
			}
			if (cur == 0) {
				TSOB_ST64(e, 0, key);
				TSOB_ST64(e, 8, 1);
				break;
			}
			j = (j + 1) & mask;
		}
	}
	for (size_t i = 0; i < 2 * n; i++) {
		uint64_t key = TSOB_LD64(keys + i, 0);
		size_t j = hash_slot(key, mask);

		for (;;) {
			const uint8_t *e = tab + 16 * j;
			uint64_t cur = TSOB_LD64(e, 0);

			if (cur == key) {
				sum += TSOB_LD64(e, 8) * (i + 1);
				found++;
				break;
			}
			if (cur == 0)
				break;
			j = (j + 1) & mask;
		}
	}
	k->result = tsob_mix(sum, found);
}

static int hash_verify(void *state, struct tsob_verdict *v)
{
	struct hash *k = state;

	v->checksum = tsob_mix(k->result, tsob_hash_bytes(k->table, k->cap * 16));
	v->expected = tsob_mix(k->expected, k->expected_table);
	return tsob_verdict_single(v);
}

static uint64_t hash_ops(const void *state)
{
	const struct hash *k = state;

	return 3 * k->n;
}

static void hash_corrupt(void *state)
{
	struct hash *k = state;

	k->table[8] ^= 1;
}

TSOB_KERNEL_DEFINE(hash) = {
	.name = "hash",
	.stands_for = "open-addressing hash table insert and probe (linear probing, 16 B entries)",
	.unit = "operation",
	.size_unit = "key",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 8 << 10,
	.default_size = 256 << 10,
	.create = hash_create,
	.reset = hash_reset,
	.run = hash_run,
	.verify = hash_verify,
	.ops = hash_ops,
	.destroy = hash_destroy,
	.corrupt = hash_corrupt,
};
