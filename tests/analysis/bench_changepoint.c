// SPDX-License-Identifier: MIT
/*
 * CPU time of change-point detection at the size 'tsobench history check'
 * is asked to handle: 100 series of 1,000 runs each (seeded synthetic data
 * with a step of up to +-10% about every 200 runs, 1% noise), by full detection and by the
 * incremental update after one appended run. A figure of this host's CPU, not an ordering cost.
 * Usage: bench_changepoint [SERIES [POINTS [REPEATS]]].
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "changepoint.h"
#include "synth.h"

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static size_t arg(int argc, char **argv, int i, size_t def)
{
	return argc > i ? strtoul(argv[i], NULL, 10) : def;
}

int main(int argc, char **argv)
{
	size_t nser = arg(argc, argv, 1, 100), len = arg(argc, argv, 2, 1000);
	size_t reps = arg(argc, argv, 3, 5), found = 0;
	struct tsob_cp_state *st = calloc(nser, sizeof(*st));
	double *x = malloc(nser * len * sizeof(*x)), *full = malloc(reps * sizeof(*full));
	double *inc = malloc(reps * sizeof(*inc));
	struct tsob_cp_opts o;

	if (!nser || len < 2 || !reps || !st || !x || !full || !inc) {
		fprintf(stderr, "bench_changepoint: usage: bench_changepoint [SERIES [POINTS "
				"[REPEATS]]], each >= 1, POINTS >= 2\n");
		return 2;
	}
	tsob_cp_opts_default(&o);
	for (size_t s = 0; s < nser; s++)
		synth_walk(s + 1, x + s * len, len, 1.0 / 200, 0.1, 0);
	for (size_t r = 0; r < reps; r++) {
		double t0 = cpu_seconds(), t1;

		for (size_t s = 0; s < nser; s++) {
			struct tsob_cp *cp;
			size_t k;

			if (tsob_cp_detect(x + s * len, len, &o, &cp, &k))
				return 1;
			found += r ? 0 : k;
			free(cp);
		}
		t1 = cpu_seconds();
		full[r] = t1 - t0;
		/* The state after len - 1 points (not timed), then the append of the last. */
		for (size_t s = 0; s < nser; s++) {
			struct tsob_cp *cp;
			size_t k;

			tsob_cp_state_release(&st[s]);
			if (tsob_cp_update(&st[s], x + s * len, len - 1, &o, &cp, &k))
				return 1;
			free(cp);
		}
		t0 = cpu_seconds();
		for (size_t s = 0; s < nser; s++) {
			struct tsob_cp *cp;
			size_t k;

			if (tsob_cp_update(&st[s], x + s * len, len, &o, &cp, &k))
				return 1;
			free(cp);
		}
		inc[r] = cpu_seconds() - t0;
	}
	qsort(full, reps, sizeof(*full), cmp_double);
	qsort(inc, reps, sizeof(*inc), cmp_double);
	printf("change points: %zu series x %zu points, window %zu, min_segment %zu, "
	       "%zu change points found\n",
	       nser, len, o.window, o.min_segment, found);
	printf("full detection:     %.1f ms CPU for all series (median of %zu; min %.1f, max "
	       "%.1f), %.1f us a series\n",
	       full[reps / 2] * 1e3, reps, full[0] * 1e3, full[reps - 1] * 1e3,
	       full[reps / 2] * 1e6 / (double)nser);
	printf("append one point:   %.2f ms CPU for all series (median of %zu), %.1f us a series\n",
	       inc[reps / 2] * 1e3, reps, inc[reps / 2] * 1e6 / (double)nser);
	printf("(CPU time of this host, not an ordering cost)\n");
	for (size_t s = 0; s < nser; s++)
		tsob_cp_state_release(&st[s]);
	free(st);
	free(x);
	free(full);
	free(inc);
	return 0;
}
