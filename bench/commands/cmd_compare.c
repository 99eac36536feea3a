// SPDX-License-Identifier: MIT
/* tsobench compare: per-cell change between two results files, as a CI gate. */
#include <errno.h>
#include <stdio.h>

#include "ab_verdict.h"
#include "commands.h"
#include "compare.h"
#include "tsob/output.h"

struct compare_cmd_opts {
	struct tsob_compare_opts c;
	double threshold_pct;
	const char *out;
};

#define O struct compare_cmd_opts

static const char *const units[] = { [TSOB_UNIT_RUN] = "run", [TSOB_UNIT_REPETITION] = "repetition",
				     NULL };

static void defaults(void *opts)
{
	O *o = opts;

	o->c.metric = "wall_ns";
	o->c.alpha = 0.05;
	o->threshold_pct = 2;
}

/* One file: an A/B file's two sides, round by round, as tsobench ab judged them. */
static int sides(O *o, const char *path, struct tsob_err *e)
{
	struct tsob_ab_opts ao = { .metric = o->c.metric, .alpha = o->c.alpha,
				   .threshold = o->c.threshold };
	struct tsob_view v;
	struct tsob_ab *ab;
	int r;

	if ((r = tsob_view_load(path, &v, e)))
		return r;
	if (!v.sides) {
		tsob_view_free(&v);
		return tsob_err_set(e, -EINVAL, "%s is not an A/B file: compare takes one A/B file "
						"(tsobench ab) or two files, BASE and NEW",
				    path);
	}
	if (!(r = tsob_ab_verdict(&v, &ao, &ab, e))) {
		r = o->out ? tsob_ab_write_md(o->out, ab, e) : 0;
		if (!r) {
			tsob_ab_print(stdout, ab);
			r = tsob_ab_exit(ab);
		}
		tsob_ab_free(ab);
	}
	tsob_view_free(&v);
	return r;
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	O *o = opts;
	struct tsob_view base, new_;
	struct tsob_comparison *cmp;
	int r;

	o->c.threshold = o->threshold_pct / 100;
	if (o->out && (r = tsob_output_check(o->out, "the comparison", e)))
		return r;
	if (a->npos == 1)
		return sides(o, a->pos[0], e);
	if ((r = tsob_view_load(a->pos[0], &base, e)))
		return tsob_err_prefix(e, "BASE");
	if ((r = tsob_view_load(a->pos[1], &new_, e))) {
		tsob_view_free(&base);
		return tsob_err_prefix(e, "NEW");
	}
	r = tsob_compare(&base, &new_, &o->c, &cmp, e);
	if (!r && o->out)
		r = tsob_compare_write_md(o->out, cmp, e);
	if (!r) {
		tsob_compare_print(stdout, cmp);
		r = tsob_compare_exit(cmp);
	}
	tsob_compare_free(cmp);
	tsob_view_free(&base);
	tsob_view_free(&new_);
	return r;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_DOUBLE(0, "threshold", O, threshold_pct, 0, 1000, "PCT",
			"smallest change that counts as a regression (default 2)"),
	TSOB_OPT_DOUBLE(0, "alpha", O, c.alpha, 1e-9, 0.5, "A",
			"significance level of the Mann-Whitney U test (default 0.05)"),
	TSOB_OPT_STRING(0, "metric", O, c.metric, "NAME",
			"wall_ns (default) or a counter, e.g. instructions"),
	TSOB_OPT_CHOICE(0, "unit", O, c.unit, units, "run|repetition",
			"the test's samples: per-run medians where both files hold\n"
			"several runs (default), or the repetitions (a quiet machine)"),
	TSOB_OPT_FLAG(0, "force", O, c.force,
		      "compare files from different hosts, kernels, strategy or\n"
		      "cell sets, or incomplete runs (differences are listed)"),
	TSOB_OPT_STRING('o', "output", O, out, "FILE", "also write the comparison as Markdown"),
	TSOB_OPT_END_ROW,
};

const struct tsob_cmd tsob_cmd_compare = {
	.name = "compare",
	.summary = "compare two results files (CI gate)",
	.usage = "BASE.json NEW.json [OPTIONS], or AB.json [OPTIONS]",
	.min_args = 1,
	.max_args = 2,
	.opts = options,
	.epilogue = "A cell regresses when the test is significant at A and its median grew by more\n"
		    "than PCT%; a cell that passed in BASE and failed in NEW (checksum, error) fails.\n"
		    "Files of several runs (run --runs N) are compared run by run. Where a file holds\n"
		    "one run, two processes are compared, not two builds: the rows show the change,\n"
		    "and only a failed cell fails (unless --unit repetition).\n"
		    "One A/B file (tsobench ab): its sides round by round, as ab judged them.\n"
		    "exit: 0 no regression, 1 a regression or failed cell, 2 bad usage or input\n",
	.opts_size = sizeof(struct compare_cmd_opts),
	.defaults = defaults,
	.run = run,
};
