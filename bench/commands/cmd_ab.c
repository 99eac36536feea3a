// SPDX-License-Identifier: MIT
/* tsobench ab: two builds, round by round in fresh processes, a paired verdict per cell. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ab.h"
#include "ab_verdict.h"
#include "commands.h"
#include "host.h"
#include "record.h"
#include "runargs.h"
#include "suite.h"
#include "table.h"
#include "tsob/output.h"
#include "tsob/parse.h"
#include "tsob/rng.h"

struct ab_cmd_opts {
	struct tsob_runargs runargs; /* first: the run option rows write here */
	unsigned rounds;
	bool duet, quiet, table;
	uint64_t seed;
	double alpha, threshold_pct, precision_pct, budget_s, inject_new_pct;
	const char *out, *markdown, *metric, *keep;
};

#define O struct ab_cmd_opts

static const struct tsob_opt options[] = {
	TSOB_OPT_UINT(0, "rounds", O, rounds, 1, TSOB_AB_MAX_ROUNDS, "N",
		      "rounds, each a fresh BASE and a fresh NEW process (default 20)"),
	TSOB_OPT_FLAG(0, "duet", O, duet,
		      "run BASE and NEW at once on disjoint halves of the CPUs,\n"
		      "so that interference hits both (duet benchmarking)"),
	TSOB_OPT_DOUBLE(0, "threshold", O, threshold_pct, 0, 1000, "PCT",
			"smallest change that counts as a regression (default 2)"),
	TSOB_OPT_DOUBLE(0, "alpha", O, alpha, 1e-9, 0.5, "A",
			"significance level of the signed-rank test (default 0.05)"),
	TSOB_OPT_STRING(0, "metric", O, metric, "NAME",
			"wall_ns (default) or a counter, e.g. instructions"),
	TSOB_OPT_DOUBLE(0, "precision", O, precision_pct, 0.01, 100, "PCT",
			"add rounds until every cell's 95% CI of the change is\n"
			"within PCT%, or the budget is spent"),
	TSOB_OPT_DOUBLE(0, "budget", O, budget_s, 1, 86400, "SECONDS",
			"time for --precision (default 300)"),
	TSOB_OPT_UINT(0, "seed", O, seed, 0, TSOB_SEED_MAX, "N",
		      "seed of the order of the sides (default: a fresh one; recorded)"),
	TSOB_OPT_STRING('o', "output", O, out, "FILE",
			"results file with both sides (default:\nresults/ab-HOST-ARCH-TIME.json)"),
	TSOB_OPT_STRING(0, "markdown", O, markdown, "FILE", "also write the verdict as Markdown"),
	TSOB_OPT_STRING(0, "keep", O, keep, "DIR", "keep every process's own results file in DIR"),
	TSOB_OPT_DOUBLE(0, "inject-new", O, inject_new_pct, 0, 1000, "PCT",
			"run NEW with --inject-slowdown PCT: extra work of a known\n"
			"size, to see whether the gate finds it (calibrate does this)"),
	TSOB_OPT_FLAG(0, "table", O, table, "also print the run table of both sides"),
	TSOB_OPT_FLAG('q', "quiet", O, quiet, "no progress on stderr"),
	TSOB_RUNARGS_ROWS(O),
	TSOB_OPT_END_ROW,
};

static void defaults(void *opts)
{
	O *o = opts;

	o->rounds = 20;
	o->alpha = 0.05;
	o->threshold_pct = 2;
	o->budget_s = 300;
	o->metric = "wall_ns";
}

/* The checks before anything runs: the options, and that both are tsobench builds. */
static int check(O *o, const struct tsob_args *a, struct tsob_err *e)
{
	int r;

	if (tsob_opt_given(&tsob_cmd_ab, a, "budget") && !(o->precision_pct > 0))
		return tsob_err_set(e, -EINVAL, "--budget is the time for --precision: give both");
	if ((r = tsob_runargs_finish(&o->runargs, o->duet, e)))
		return r;
	if (!tsob_opt_given(&tsob_cmd_ab, a, "seed"))
		o->seed = tsob_rng_fresh_seed() & TSOB_SEED_MAX;
	if ((r = tsob_ab_check_build(a->pos[0], "BASE", e)))
		return r;
	return tsob_ab_check_build(a->pos[1], "NEW", e);
}

/* The verdict, read from the file's document: what is printed is what the file says. */
static int verdict(O *o, json_object *doc, const char *shown, struct tsob_err *e)
{
	struct tsob_ab_opts ao = { .metric = o->metric, .alpha = o->alpha,
				   .threshold = o->threshold_pct / 100 };
	struct tsob_view v;
	struct tsob_ab *ab;
	bool complete;
	int r;

	if ((r = tsob_view_from_json(json_object_get(doc), shown, &v, e)))
		return r;
	complete = v.complete;
	if (o->table)
		tsob_table_print(stdout, &v);
	if (!(r = tsob_ab_verdict(&v, &ao, &ab, e))) {
		tsob_ab_print(stdout, ab);
		r = o->markdown ? tsob_ab_write_md(o->markdown, ab, e) : 0;
		r = r ? r : tsob_ab_exit(ab);
		tsob_ab_free(ab);
	}
	tsob_view_free(&v);
	printf("results: %s%s\n", shown, complete ? "" : " (incomplete)");
	return r;
}

/*
 * Save what was measured, also after an error when at least one round has both
 * sides (else an earlier file at @path stays as it was); then the verdict.
 */
static int finish(O *o, json_object *doc, const char *path, const char *shown, int code,
		  unsigned rounds, struct tsob_err *e)
{
	bool any = rounds > 0;
	struct tsob_err se = { 0 };
	char why[512];
	int r;

	snprintf(why, sizeof(why), "%s", code < 0 ? e->msg : "interrupted by a signal");
	tsob_results_set_complete(doc, code >= 0 && code != TSOB_EXIT_INTERRUPTED, why);
	if (code < 0 && !any)
		return code;
	if ((r = tsob_results_save(path, doc, TSOB_FORMAT_JSON, code < 0 ? &se : e)))
		return code < 0 ? code : r;
	if (code < 0)
		return tsob_err_set(e, code, "%s; the rounds before it are in %s, marked incomplete",
				    why, shown);
	r = verdict(o, doc, shown, e);
	if (r < 0 || code == TSOB_EXIT_INTERRUPTED)
		return r < 0 ? r : TSOB_EXIT_INTERRUPTED;
	return code == TSOB_EXIT_FAIL ? TSOB_EXIT_FAIL : r;
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	O *o = opts;
	struct tsob_ab_conf c = { .bin = { a->pos[0], a->pos[1] }, .rounds = o->rounds,
				  .duet = o->duet, .precision = o->precision_pct / 100,
				  .budget_s = o->budget_s, .quiet = o->quiet, .keep_dir = o->keep,
				  .inject_new_pct = o->inject_new_pct };
	struct tsob_host host;
	struct tsob_run_info info;
	json_object *doc;
	char path[512], shown[512];
	unsigned rounds = 0;
	int r;

	if ((r = check(o, a, e)))
		return r;
	c.run_args = o->runargs.argv;
	c.seed = o->seed;
	tsob_host_probe(&host);
	if ((r = tsob_results_out(o->out, "ab", host.hostname, host.arch, TSOB_FORMAT_JSON, path,
				  sizeof(path), shown, sizeof(shown), e)))
		return r;
	tsob_signals_install();
	info = (struct tsob_run_info){ .host = &host, .command = "ab",
				       .argv_line = tsob_command_line(), .quick = o->runargs.quick,
				       .cpu = -1, .order = "random per round", .seed = o->seed,
				       .precision_pct = o->precision_pct,
				       .budget_s = o->precision_pct > 0 ? o->budget_s : 0 };
	doc = tsob_record_new(&info);
	tsob_record_ab(doc, a->pos[0], a->pos[1], o->duet);
	r = tsob_ab_measure(&c, doc, &rounds, e);
	r = finish(o, doc, path, shown, r, rounds, e);
	json_object_put(doc);
	return r;
}

const struct tsob_cmd tsob_cmd_ab = {
	.name = "ab",
	.summary = "compare two tsobench builds, interleaved in fresh processes (CI gate)",
	.usage = "BASE NEW [OPTIONS]",
	.min_args = 2,
	.max_args = 2,
	.opts = options,
	.epilogue =
		"BASE and NEW are tsobench executables (say the base commit's build and this one's).\n"
		"Each round runs `BASE run` and `NEW run` with the run options above, a fresh\n"
		"process each, in an order drawn every round (--duet: at once). A cell regresses\n"
		"when the Wilcoxon signed-rank test on the rounds' log ratios is significant at A\n"
		"and the Hodges-Lehmann change is slower than PCT%.\n"
		"exit: 0 no regression, 1 a regression or a cell that failed in NEW, 2 bad usage,\n"
		"a side that is no tsobench, crashed or wrote an unreadable file (the rounds before\n"
		"are kept, marked incomplete), 130 interrupted (the rounds so far are kept)\n",
	.opts_size = sizeof(struct ab_cmd_opts),
	.defaults = defaults,
	.run = run,
};
