/* SPDX-License-Identifier: MIT */
/*
 * A small seeded random number generator (xoshiro256** seeded by splitmix64)
 * for what must be random and reproducible: the order cells and builds run
 * in. The seed is recorded in the results, so an order can be replayed.
 * Written here because libc's rand() differs between libcs and is not
 * reentrant, and the sequence must be the same on every host.
 */
#ifndef TSOB_RNG_H
#define TSOB_RNG_H

#include <stddef.h>
#include <stdint.h>

struct tsob_rng {
	uint64_t s[4];
};

/* Seed @r; every seed, 0 included, gives a usable state. */
void tsob_rng_seed(struct tsob_rng *r, uint64_t seed);

/* A seed nobody chose: getrandom(2), or the clock and the pid where it fails. */
uint64_t tsob_rng_fresh_seed(void);

uint64_t tsob_rng_next(struct tsob_rng *r);

/* Uniform on [0, n), without modulo bias; 0 when n is 0. */
uint64_t tsob_rng_below(struct tsob_rng *r, uint64_t n);

/* Uniform on (0, 1): never 0, so that log() of it is finite. */
double tsob_rng_uniform(struct tsob_rng *r);

/* Standard normal (Box-Muller). */
double tsob_rng_normal(struct tsob_rng *r);

/* Fisher-Yates shuffle of @a[0..n). */
void tsob_rng_shuffle(struct tsob_rng *r, int *a, size_t n);

#endif
