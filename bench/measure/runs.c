// SPDX-License-Identifier: MIT
/* Fresh processes of this tsobench, one a run, merged into one document. */
#include "runs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "record.h"
#include "suite.h"
#include "tsob/parse.h"
#include "tsob/results.h"
#include "tsob/rng.h"

#define EXTRA_ARGS 12

struct runs_state {
	const struct tsob_runs_conf *c;
	json_object *doc;
	char dir[PATH_MAX - 32];
	uint64_t start;
	unsigned done;
	int exit_code;
};

/* The child's command line: ours, then what makes it one run of this set. */
static char **child_argv(const struct runs_state *s, unsigned i, const char *out, char *idx,
			 char *seed)
{
	const struct tsob_runs_conf *c = s->c;
	char **a = calloc((size_t)c->argc + EXTRA_ARGS, sizeof(*a));
	int n = 0;

	if (!a)
		return NULL;
	for (int k = 0; k < c->argc; k++)
		a[n++] = c->argv[k];
	snprintf(idx, 16, "%u", i);
	snprintf(seed, 24, "%llu", (unsigned long long)((c->seed + i) & TSOB_SEED_MAX));
	/* Later options win: the child writes JSON to our file, quietly. */
	a[n++] = "--run-index";
	a[n++] = idx;
	a[n++] = "--seed";
	a[n++] = seed;
	a[n++] = "--quiet";
	a[n++] = "--format";
	a[n++] = "json";
	a[n++] = "--output";
	a[n++] = (char *)out;
	return a;
}

/* One fresh process: run it, merge its file. 0, or a negative errno with @e. */
static int one_run(struct runs_state *s, unsigned i, struct tsob_err *e)
{
	char out[PATH_MAX], err[PATH_MAX], idx[16], seed[24];
	char **argv;
	struct tsob_child ch;
	struct tsob_child_spec spec = { .path = "/proc/self/exe", .err_path = err };
	struct tsob_rng pad;
	struct tsob_view v;
	int r;

	snprintf(out, sizeof(out), "%s/run-%u.json", s->dir, i);
	snprintf(err, sizeof(err), "%s/run-%u.err", s->dir, i);
	if (!(argv = child_argv(s, i, out, idx, seed)))
		return tsob_err_set(e, -ENOMEM, "out of memory");
	spec.argv = argv;
	tsob_rng_seed(&pad, s->c->seed + i);
	spec.env_pad = TSOB_CHILD_PAD(tsob_rng_next(&pad));
	r = tsob_child_start(&ch, &spec);
	free(argv);
	if (r)
		return tsob_err_set(e, r, "cannot start run %u: %s", i + 1, strerror(-r));
	tsob_child_wait(&ch);
	if (ch.end == TSOB_CHILD_ERROR || ch.end == TSOB_CHILD_CRASHED)
		return tsob_err_set(e, -EIO, "run %u of %u: tsobench %s", i + 1, s->c->runs, ch.what);
	if (!ch.wrote)
		return 0; /* interrupted while it started: nothing to merge */
	if ((r = tsob_view_load(out, &v, e)))
		return tsob_err_prefix(e, "run %u", i + 1);
	r = tsob_results_merge_run(s->doc, v.doc, (int)i, NULL, e);
	tsob_view_free(&v);
	unlink(out);
	unlink(err);
	if (r)
		return r;
	if (ch.end == TSOB_CHILD_FAILED)
		s->exit_code = TSOB_EXIT_FAIL;
	s->done = i + 1;
	return 0;
}

/* With --precision: whether every measured cell's CI across runs is narrow enough. */
static bool all_precise(json_object *doc, double target, bool annotate)
{
	json_object *copy = NULL;
	struct tsob_err e = { 0 };
	struct tsob_view v;
	bool all = true;

	if (annotate)
		copy = json_object_get(doc);
	else if (json_object_deep_copy(doc, &copy, NULL))
		return false;
	tsob_results_merge_finish(copy);
	if (tsob_view_from_json(copy, NULL, &v, &e))
		return false;
	for (size_t i = 0; i < v.ncells; i++) {
		const struct tsob_stats *st = tsob_series_stats(&v.cells[i].wall);
		double hw = (st->ci_hi - st->ci_lo) / 2 / st->median;
		bool ok = v.cells[i].wall.nruns >= 6 && st->ci_level >= 0.95 && hw <= target;

		if (!tsob_view_cell_ok(&v.cells[i]))
			continue;
		all &= ok;
		if (annotate)
			tsob_record_precision(v.cells[i].json, target * 100, hw * 100,
					      (unsigned)v.cells[i].wall.nruns, ok,
					      ok ? NULL
						 : v.cells[i].wall.nruns < 6
							   ? "fewer than 6 runs: no 95% interval"
							   : "the runs' spread: the --budget ran out");
	}
	tsob_view_free(&v);
	return all;
}

static void cleanup(const struct runs_state *s)
{
	char path[PATH_MAX];

	for (unsigned i = 0; i <= s->done; i++) {
		snprintf(path, sizeof(path), "%s/run-%u.json", s->dir, i);
		unlink(path);
		snprintf(path, sizeof(path), "%s/run-%u.err", s->dir, i);
		unlink(path);
	}
	rmdir(s->dir);
}

static bool want_more(struct runs_state *s)
{
	const struct tsob_runs_conf *c = s->c;

	if (tsob_interrupted)
		return false;
	if (s->done < c->runs)
		return true;
	if (!(c->precision > 0) || s->done >= TSOB_RUNS_MAX ||
	    (double)(tsob_now_ns() - s->start) / 1e9 > c->budget_s)
		return false;
	return !all_precise(s->doc, c->precision, false);
}

int tsob_runs_measure(const struct tsob_runs_conf *c, json_object *doc, struct tsob_err *e)
{
	struct runs_state s = { .c = c, .doc = doc, .start = tsob_now_ns() };
	const char *tmp = getenv("TMPDIR");
	int r = 0;

	snprintf(s.dir, sizeof(s.dir), "%.3900s/tsobench-runs-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(s.dir))
		return tsob_err_set(e, -errno, "cannot make a directory for the runs (%s): %s",
				    s.dir, strerror(errno));
	while (!r && want_more(&s)) {
		if (!c->quiet)
			fprintf(stderr, "run %u of %s%u\n", s.done + 1,
				c->precision > 0 ? "at least " : "", c->runs);
		r = one_run(&s, s.done, e);
	}
	cleanup(&s);
	tsob_results_merge_finish(doc);
	tsob_record_set_runs(doc, s.done);
	if (c->precision > 0 && s.done)
		all_precise(doc, c->precision, true);
	if (r)
		return r;
	return tsob_interrupted ? TSOB_EXIT_INTERRUPTED : s.exit_code;
}
