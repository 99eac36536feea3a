// SPDX-License-Identifier: MIT
/* Extra work of a known size: a dependent multiply-add chain, timed where it runs. */
#include "inject.h"

#include <math.h>

#include "tsob/parse.h"

uint64_t tsob_inject_work(uint64_t iters)
{
	uint64_t x = iters | 1;

	for (uint64_t i = 0; i < iters; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		/* The value is "used" here: no vectorising, no closed form, no removal. */
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

double tsob_inject_ns_per_iter(void)
{
	enum { BATCHES = 5, PROBE = 200000 };
	double t[BATCHES];

	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = tsob_now_ns();

		tsob_inject_work(PROBE);
		t[b] = (double)(tsob_now_ns() - t0) / PROBE;
	}
	/* Sorted here, not by tsob_stats_median: nothing allocated on one side only. */
	for (int i = 1; i < BATCHES; i++)
		for (int k = i; k > 0 && t[k - 1] > t[k]; k--) {
			double x = t[k];

			t[k] = t[k - 1];
			t[k - 1] = x;
		}
	return t[BATCHES / 2];
}

uint64_t tsob_inject_iters(double pct, double kernel_ns)
{
	double per = tsob_inject_ns_per_iter();

	if (!(pct > 0) || !(kernel_ns > 0) || !(per > 0))
		return 0;
	return (uint64_t)llround(pct / 100 * kernel_ns / per);
}
