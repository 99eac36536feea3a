// SPDX-License-Identifier: MIT
/*
 * 3x3 integer stencil over a W x W grid, four sweeps ping-ponging between two
 * grids. The 3x3 window slides in registers: three loads and one store per
 * point against about twenty ALU operations (compute-bound).
 */
#include "common.h"

#define STENCIL_SWEEPS 4

struct stencil {
	uint32_t *g[2]; /* guest: the two grids */
	uint32_t *init; /* host: initial grid */
	size_t w;
	uint64_t expected;
};

/* One output point from its 3x3 window: l = x-1, m = x, n = x+1 of rows 0..2. */
static inline uint32_t stencil_point(uint32_t l0, uint32_t m0, uint32_t n0, uint32_t l1,
				     uint32_t m1, uint32_t n1, uint32_t l2, uint32_t m2,
				     uint32_t n2)
{
	uint32_t s = (l0 + n0 + l2 + n2) + 2 * (m0 + l1 + n1 + m2) + 4 * m1;
	uint32_t t = s >> 4;

	t = t * t + 3 * t + 7;
	t ^= t >> 11;
	return (t * 2654435761u >> 12) & 0xffff;
}

static void stencil_ref(const struct stencil *k, uint32_t *a, uint32_t *b)
{
	size_t w = k->w;

	for (int it = 0; it < STENCIL_SWEEPS; it++) {
		const uint32_t *src = it & 1 ? b : a;
		uint32_t *dst = it & 1 ? a : b;

		for (size_t y = 1; y + 1 < w; y++)
			for (size_t x = 1; x + 1 < w; x++) {
				const uint32_t *r0 = src + (y - 1) * w + x - 1;
				const uint32_t *r1 = r0 + w, *r2 = r1 + w;

				dst[y * w + x] = stencil_point(r0[0], r0[1], r0[2], r1[0], r1[1],
							       r1[2], r2[0], r2[1], r2[2]);
			}
	}
}

static void stencil_destroy(void *state)
{
	struct stencil *k = state;

	if (!k)
		return;
	free(k->g[0]);
	free(k->g[1]);
	free(k->init);
	free(k);
}

static void *stencil_create(const struct tsob_kconf *conf)
{
	struct stencil *k;
	uint64_t seed = 0x57e;
	size_t cells;

	if (conf->size < 3) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->w = conf->size;
	cells = k->w * k->w;
	k->g[0] = tsob_galloc(cells * 4);
	k->g[1] = tsob_galloc(cells * 4);
	k->init = malloc(cells * 4);
	if (!k->g[0] || !k->g[1] || !k->init) {
		stencil_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < cells; i++)
		k->init[i] = (uint32_t)tsob_rand(&seed) & 0xffff;
	memcpy(k->g[0], k->init, cells * 4);
	memcpy(k->g[1], k->init, cells * 4);
	stencil_ref(k, k->g[0], k->g[1]);
	k->expected = tsob_hash_bytes(k->g[0], cells * 4);
	return k;
}

static void stencil_reset(void *state)
{
	struct stencil *k = state;

	memcpy(k->g[0], k->init, k->w * k->w * 4);
	memcpy(k->g[1], k->init, k->w * k->w * 4);
}

static void stencil_run(void *state, unsigned tid)
{
	struct stencil *k = state;
	uint32_t *a = k->g[0], *b = k->g[1];
	size_t w = k->w;

	for (int it = 0; it < STENCIL_SWEEPS; it++) {
		const uint32_t *src = it & 1 ? b : a;
		uint32_t *dst = it & 1 ? a : b;

		for (size_t y = 1; y + 1 < w; y++) {
			const uint32_t *r0 = src + (y - 1) * w, *r1 = r0 + w, *r2 = r1 + w;
			uint32_t *d = dst + y * w;
			uint32_t l0 = TSOB_LD32(r0, 0), m0 = TSOB_LD32(r0, 4);
			uint32_t l1 = TSOB_LD32(r1, 0), m1 = TSOB_LD32(r1, 4);
			uint32_t l2 = TSOB_LD32(r2, 0), m2 = TSOB_LD32(r2, 4);

			for (size_t x = 1; x + 1 < w; x++) {
				uint32_t n0 = TSOB_LD32(r0 + x, 4);
				uint32_t n1 = TSOB_LD32(r1 + x, 4);
				uint32_t n2 = TSOB_LD32(r2 + x, 4);

				TSOB_ST32(d + x, 0,
					  stencil_point(l0, m0, n0, l1, m1, n1, l2, m2, n2));
				l0 = m0;
				l1 = m1;
				l2 = m2;
				m0 = n0;
				m1 = n1;
				m2 = n2;
			}
		}
	}
}

static int stencil_verify(void *state, struct tsob_verdict *v)
{
	struct stencil *k = state;

	v->checksum = tsob_hash_bytes(k->g[0], k->w * k->w * 4);
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t stencil_ops(const void *state)
{
	const struct stencil *k = state;

	return (uint64_t)STENCIL_SWEEPS * (k->w - 2) * (k->w - 2);
}

static void stencil_corrupt(void *state)
{
	struct stencil *k = state;

	k->g[0][k->w + 1] ^= 1;
}

TSOB_KERNEL_DEFINE(stencil) = {
	.name = "stencil",
	.stands_for = "3x3 integer stencil sweeps, window in registers (compute-bound loop nest)",
	.unit = "point",
	.size_unit = "grid side (points per row)",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 96,
	.default_size = 1024,
	.create = stencil_create,
	.reset = stencil_reset,
	.run = stencil_run,
	.verify = stencil_verify,
	.ops = stencil_ops,
	.destroy = stencil_destroy,
	.corrupt = stencil_corrupt,
};
