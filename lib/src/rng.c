// SPDX-License-Identifier: MIT
/* xoshiro256** with splitmix64 seeding: reproducible orders from a recorded seed. */
#include "tsob/rng.h"

#include <math.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void tsob_rng_seed(struct tsob_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

uint64_t tsob_rng_fresh_seed(void)
{
	uint64_t s;
	struct timespec ts;

	if (getrandom(&s, sizeof(s), GRND_NONBLOCK) == (ssize_t)sizeof(s))
		return s;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)getpid();
	return splitmix64(&s);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t tsob_rng_next(struct tsob_rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint64_t tsob_rng_below(struct tsob_rng *r, uint64_t n)
{
	uint64_t limit, x;

	if (!n)
		return 0;
	/* Reject the top sliver that would favour small values. */
	limit = UINT64_MAX - UINT64_MAX % n;
	do
		x = tsob_rng_next(r);
	while (x >= limit);
	return x % n;
}

double tsob_rng_uniform(struct tsob_rng *r)
{
	return ((double)(tsob_rng_next(r) >> 11) + 0.5) / 9007199254740992.0;
}

double tsob_rng_normal(struct tsob_rng *r)
{
	return sqrt(-2 * log(tsob_rng_uniform(r))) * cos(2 * M_PI * tsob_rng_uniform(r));
}

void tsob_rng_shuffle(struct tsob_rng *r, int *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)tsob_rng_below(r, i);
		int t = a[i - 1];

		a[i - 1] = a[j];
		a[j] = t;
	}
}
