// SPDX-License-Identifier: MIT
/* Shell sort (Knuth's 3h+1 gaps) of 32-bit keys in guest memory, in place. */
#include "common.h"

struct sort {
	uint32_t *a;    /* guest: the array being sorted */
	uint32_t *orig; /* host: the input, restored before each run */
	size_t n;
	uint64_t expected;
};

static void sort_destroy(void *state)
{
	struct sort *k = state;

	if (!k)
		return;
	free(k->a);
	free(k->orig);
	free(k);
}

static int sort_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

static void *sort_create(const struct tsob_kconf *conf)
{
	struct sort *k;
	uint64_t seed = 0x5047;

	if (!conf->size) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = conf->size;
	k->a = tsob_galloc(k->n * 4);
	k->orig = malloc(k->n * 4);
	if (!k->a || !k->orig) {
		sort_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < k->n; i++)
		k->orig[i] = (uint32_t)tsob_rand(&seed);
	memcpy(k->a, k->orig, k->n * 4);
	qsort(k->a, k->n, 4, sort_cmp); /* the reference */
	k->expected = tsob_hash_bytes(k->a, k->n * 4);
	return k;
}

static void sort_reset(void *state)
{
	struct sort *k = state;

	memcpy(k->a, k->orig, k->n * 4);
}

static void sort_run(void *state, unsigned tid)
{
	struct sort *k = state;
	uint32_t *a = k->a;
	size_t n = k->n, h = 1;

	while (h < n / 3)
		h = 3 * h + 1;
	for (; h > 0; h /= 3) {
		for (size_t i = h; i < n; i++) {
			uint32_t v = TSOB_LD32(a + i, 0);
			size_t j = i;

			while (j >= h) {
				uint32_t w = TSOB_LD32(a + j - h, 0);

				if (w <= v)
					break;
				TSOB_ST32(a + j, 0, w);
				j -= h;
			}
			TSOB_ST32(a + j, 0, v);
		}
	}
}

static int sort_verify(void *state, struct tsob_verdict *v)
{
	struct sort *k = state;

	v->checksum = tsob_hash_bytes(k->a, k->n * 4);
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t sort_ops(const void *state)
{
	const struct sort *k = state;

	return k->n;
}

static void sort_corrupt(void *state)
{
	struct sort *k = state;

	k->a[k->n / 2] ^= 1;
}

TSOB_KERNEL_DEFINE(sort) = {
	.name = "sort",
	.stands_for = "in-place shell sort of 32-bit keys (compiled qsort-style code)",
	.unit = "element",
	.size_unit = "element",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 4 << 10,
	.default_size = 256 << 10,
	.create = sort_create,
	.reset = sort_reset,
	.run = sort_run,
	.verify = sort_verify,
	.ops = sort_ops,
	.destroy = sort_destroy,
	.corrupt = sort_corrupt,
};
