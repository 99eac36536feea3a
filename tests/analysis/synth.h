/* SPDX-License-Identifier: MIT */
/*
 * Seeded synthetic series for the change-point test and benchmark, labelled
 * as such wherever they are reported: splitmix64 and Box-Muller, small and
 * the same on every host and compiler (rand() and random() are not), so
 * every run sees the same numbers.
 */
#ifndef TSOB_SYNTH_H
#define TSOB_SYNTH_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

struct synth_rng {
	uint64_t s;
};

static inline uint64_t synth_u64(struct synth_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform on (0, 1), never 0 (log() below). */
static inline double synth_uniform(struct synth_rng *r)
{
	return ((double)(synth_u64(r) >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal. */
static inline double synth_normal(struct synth_rng *r)
{
	return sqrt(-2 * log(synth_uniform(r))) * cos(2 * M_PI * synth_uniform(r));
}

/* x[i] = 100 (1 + 1% noise), times 1 + step from index @at on. */
static inline void synth_step(uint64_t seed, double *x, size_t n, size_t at, double step)
{
	struct synth_rng r = {seed};

	for (size_t i = 0; i < n; i++)
		x[i] = 100 * (i >= at ? 1 + step : 1) * (1 + 0.01 * synth_normal(&r));
}

/*
 * 1% noise around a level that moves by up to +-@step_max with probability
 * @step_p at each point; with probability @spike_p a point is 30% high.
 */
static inline void synth_walk(uint64_t seed, double *x, size_t n, double step_p, double step_max,
			      double spike_p)
{
	struct synth_rng r = {seed};
	double level = 1;

	for (size_t i = 0; i < n; i++) {
		if (synth_uniform(&r) < step_p)
			level *= 1 + step_max * (2 * synth_uniform(&r) - 1);
		x[i] = 100 * level * (1 + 0.01 * synth_normal(&r));
		if (synth_uniform(&r) < spike_p)
			x[i] *= 1.3;
	}
}

#endif
