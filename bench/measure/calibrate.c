// SPDX-License-Identifier: MIT
/* The experiments of a calibration: A/A pairs, pairs with known extra work, compare's A/A. */
#include "calibrate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ab.h"
#include "record.h"
#include "runs.h"
#include "suite.h"
#include "tsob/err.h"
#include "tsob/parse.h"
#include "tsob/results.h"
#include "tsob/rng.h"

struct experiment {
	int level; /* -1 A/A, -2 compare's A/A, else an injected level */
	unsigned pair;
};

static json_object *new_doc(const struct tsob_cal_conf *c, const char *command, uint64_t seed)
{
	struct tsob_run_info info = { .host = c->host, .command = command,
				      .argv_line = "tsobench calibrate", .cpu = -1,
				      .order = "random per round", .seed = seed };

	return tsob_record_new(&info);
}

/* One A/B pair: this tsobench against itself, NEW with @pct extra work (0: none). */
static int ab_pair(const struct tsob_cal_conf *c, double pct, uint64_t seed, json_object **out,
		   struct tsob_err *e)
{
	struct tsob_ab_conf ab = { .bin = { c->self, c->self }, .run_args = c->run_args,
				   .rounds = c->rounds, .duet = c->duet, .seed = seed,
				   .inject_new_pct = pct, .quiet = true };
	json_object *doc = new_doc(c, "ab", seed);
	unsigned done;
	int r;

	tsob_record_ab(doc, c->self, c->self, c->duet);
	r = tsob_ab_measure(&ab, doc, &done, e);
	tsob_results_set_complete(doc, r >= 0 && r != TSOB_EXIT_INTERRUPTED, "interrupted");
	*out = doc;
	return r;
}

/* One file of `run --runs N` (fresh processes), as compare's gate reads it. */
static int runs_file(const struct tsob_cal_conf *c, uint64_t seed, json_object **out,
		     struct tsob_err *e)
{
	char **argv = calloc((size_t)c->nrun_args + 3, sizeof(*argv));
	struct tsob_runs_conf rc = { .runs = c->runs, .seed = seed & TSOB_SEED_MAX, .quiet = true };
	json_object *doc;
	int r;

	if (!argv)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	argv[0] = (char *)c->self;
	argv[1] = "run";
	for (int i = 0; i < c->nrun_args; i++)
		argv[2 + i] = c->run_args[i];
	rc.argc = c->nrun_args + 2;
	rc.argv = argv;
	doc = new_doc(c, "run", rc.seed);
	r = tsob_runs_measure(&rc, doc, e);
	free(argv);
	tsob_results_set_complete(doc, r >= 0 && r != TSOB_EXIT_INTERRUPTED, "interrupted");
	*out = doc;
	return r;
}

static int one(const struct tsob_cal_conf *c, const struct experiment *x, uint64_t seed,
	       tsob_cal_sink sink, void *arg, struct tsob_err *e)
{
	json_object *a = NULL, *b = NULL;
	int r;

	if (x->level == -2) {
		r = runs_file(c, seed, &a, e);
		if (r >= 0 && r != TSOB_EXIT_INTERRUPTED)
			r = runs_file(c, seed + 7919, &b, e);
	} else {
		r = ab_pair(c, x->level < 0 ? 0 : c->levels[x->level], seed, &a, e);
	}
	if (r >= 0 && r != TSOB_EXIT_INTERRUPTED)
		r = sink(arg, x->level, x->pair, a, b, e);
	json_object_put(a);
	json_object_put(b);
	return r;
}

static const char *describe(const struct tsob_cal_conf *c, const struct experiment *x, char *buf,
			    size_t len)
{
	if (x->level == -1)
		snprintf(buf, len, "A/A pair %u (ab)", x->pair + 1);
	else if (x->level == -2)
		snprintf(buf, len, "A/A pair %u (compare of --runs %u files)", x->pair + 1, c->runs);
	else
		snprintf(buf, len, "%g%% injected, pair %u", c->levels[x->level], x->pair + 1);
	return buf;
}

int tsob_calibrate_measure(const struct tsob_cal_conf *c, tsob_cal_sink sink, void *arg,
			   struct tsob_err *e)
{
	size_t n = (size_t)c->pairs * (size_t)(c->nlevels + 1 + (c->runs ? 1 : 0)), k = 0;
	struct experiment *x = calloc(n, sizeof(*x));
	int *order = calloc(n, sizeof(*order)), r = 0;
	struct tsob_rng rng;
	char what[96];

	if (!x || !order) {
		free(x);
		free(order);
		return tsob_err_set(e, -ENOMEM, "out of memory");
	}
	for (int level = c->runs ? -2 : -1; level < c->nlevels; level++)
		for (unsigned p = 0; p < c->pairs; p++)
			x[k++] = (struct experiment){ level, p };
	for (size_t i = 0; i < n; i++)
		order[i] = (int)i;
	tsob_rng_seed(&rng, c->seed);
	tsob_rng_shuffle(&rng, order, n);
	for (size_t i = 0; i < n && r >= 0 && r != TSOB_EXIT_INTERRUPTED && !tsob_interrupted; i++) {
		if (!c->quiet)
			fprintf(stderr, "calibrate %zu/%zu: %s\n", i + 1, n,
				describe(c, &x[order[i]], what, sizeof(what)));
		r = one(c, &x[order[i]], tsob_rng_next(&rng) & TSOB_SEED_MAX, sink, arg, e);
	}
	free(x);
	free(order);
	if (r < 0)
		return r;
	return tsob_interrupted || r == TSOB_EXIT_INTERRUPTED ? TSOB_EXIT_INTERRUPTED : TSOB_EXIT_OK;
}
