// SPDX-License-Identifier: MIT
/* tsobench calibrate: this machine's false-alarm rate and power of the A/B gate, per cell. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calibrate.h"
#include "calibration.h"
#include "commands.h"
#include "record.h"
#include "runargs.h"
#include "suite.h"
#include "tsob/output.h"
#include "tsob/parse.h"
#include "tsob/rng.h"

struct cal_cmd_opts {
	struct tsob_runargs runargs; /* first: the run option rows write here */
	struct tsob_cal_params p;
	unsigned pairs, rounds, runs;
	bool duet, quiet;
	uint64_t seed;
	double threshold_pct, power_pct;
	const char *out;
};

#define O struct cal_cmd_opts

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int opt_slowdowns(void *opts, const char *arg, struct tsob_err *e)
{
	struct tsob_cal_params *p = &((O *)opts)->p;
	char store[256], *items[TSOB_CALIBRATION_MAX_LEVELS];
	int n = tsob_opt_list(arg, store, sizeof(store), items, TSOB_CALIBRATION_MAX_LEVELS,
			      "slowdowns", e);

	for (int i = 0; i < n; i++)
		if (tsob_parse_double(items[i], 0.01, 1000, &p->levels[i]))
			return tsob_err_set(e, -EINVAL, "--slowdowns: '%s' is not a percentage "
							"from 0.01 to 1000",
					    items[i]);
	if (n < 0)
		return n;
	p->nlevels = n;
	qsort(p->levels, (size_t)n, sizeof(double), cmp_double);
	return 0;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_UINT(0, "pairs", O, pairs, 1, 1000, "N",
		      "pairs per experiment: A/A, and each slowdown (default 10)"),
	TSOB_OPT_UINT(0, "rounds", O, rounds, 6, 10000, "N",
		      "rounds of each A/B pair, as the CI will use (default 20)"),
	TSOB_OPT_CALL(0, "slowdowns", opt_slowdowns, "LIST",
		      "extra work on NEW, percent of each repetition (default 1,2,3,5)"),
	TSOB_OPT_UINT(0, "runs", O, runs, 0, 1000, "N",
		      "also A/A pairs of `run --runs N` files through compare\n(default 5; 0: not)"),
	TSOB_OPT_FLAG(0, "duet", O, duet, "A/B pairs as duets (both sides at once)"),
	TSOB_OPT_DOUBLE(0, "threshold", O, threshold_pct, 0, 1000, "PCT",
			"the gate's threshold (default 2)"),
	TSOB_OPT_DOUBLE(0, "alpha", O, p.alpha, 1e-9, 0.5, "A", "the gate's level (default 0.05)"),
	TSOB_OPT_DOUBLE(0, "power", O, power_pct, 1, 100, "PCT",
			"detection rate asked of a slowdown (default 90)"),
	TSOB_OPT_UINT(0, "seed", O, seed, 0, TSOB_SEED_MAX, "N", "seed of the experiments' order"),
	TSOB_OPT_STRING('o', "output", O, out, "FILE",
			"results file (default: results/calibrate-HOST-ARCH-TIME.json)"),
	TSOB_OPT_FLAG('q', "quiet", O, quiet, "no progress on stderr"),
	TSOB_RUNARGS_ROWS(O),
	TSOB_OPT_END_ROW,
};

static void defaults(void *opts)
{
	O *o = opts;
	static const double levels[] = { 1, 2, 3, 5 };

	o->pairs = 10;
	o->rounds = 20;
	o->runs = 5;
	o->threshold_pct = 2;
	o->power_pct = 90;
	o->p.alpha = 0.05;
	memcpy(o->p.levels, levels, sizeof(levels));
	o->p.nlevels = (int)ARRAY_SIZE(levels);
}

static int sink(void *arg, int level, unsigned pair, json_object *a, json_object *b,
		struct tsob_err *e)
{
	(void)pair;
	return tsob_calibration_add(arg, level, a, b, e);
}

/* The measuring into the counting, then the table and the file. */
static int calibrate(O *o, const struct tsob_host *host, const char *self, const char *path,
		     struct tsob_err *e)
{
	struct tsob_cal_conf c = { .self = self, .run_args = o->runargs.argv,
				   .nrun_args = o->runargs.argc, .pairs = o->pairs,
				   .rounds = o->rounds, .runs = o->runs, .duet = o->duet,
				   .quiet = o->quiet, .nlevels = o->p.nlevels, .seed = o->seed,
				   .host = host };
	struct tsob_run_info info = { .host = host, .command = "calibrate",
				      .argv_line = tsob_command_line(), .quick = o->runargs.quick,
				      .cpu = -1, .order = "random per round", .seed = o->seed };
	struct tsob_calibration *cal;
	json_object *doc;
	int r;

	memcpy(c.levels, o->p.levels, sizeof(c.levels));
	if (!(cal = tsob_calibration_new(&o->p)))
		return tsob_err_set(e, -ENOMEM, "out of memory");
	r = tsob_calibrate_measure(&c, sink, cal, e);
	if (r >= 0) {
		tsob_calibration_print(stdout, cal);
		doc = tsob_record_new(&info);
		tsob_record_section(doc, "calibration", tsob_calibration_json(cal));
		tsob_results_set_complete(doc, r != TSOB_EXIT_INTERRUPTED, "interrupted by a signal");
		if (!tsob_results_save(path, doc, TSOB_FORMAT_JSON, e))
			printf("results: %s%s\n", path,
			       r == TSOB_EXIT_INTERRUPTED ? " (incomplete: interrupted)" : "");
		else
			r = e->code;
		json_object_put(doc);
	}
	tsob_calibration_free(cal);
	return r;
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	O *o = opts;
	struct tsob_host host;
	char self[4096], path[512];
	ssize_t n;
	int r;

	if ((r = tsob_runargs_finish(&o->runargs, o->duet, e)))
		return r;
	if (!tsob_opt_given(&tsob_cmd_calibrate, a, "seed"))
		o->seed = tsob_rng_fresh_seed() & TSOB_SEED_MAX;
	o->p.threshold = o->threshold_pct / 100;
	o->p.power = o->power_pct / 100;
	o->p.pairs = o->pairs;
	o->p.rounds = o->rounds;
	o->p.runs = o->runs;
	o->p.duet = o->duet;
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		return tsob_err_set(e, -errno, "cannot find this tsobench (/proc/self/exe): %s",
				    strerror(errno));
	self[n] = '\0';
	tsob_host_probe(&host);
	if (o->out)
		snprintf(path, sizeof(path), "%s", o->out);
	else
		tsob_results_default_path(path, sizeof(path), "calibrate", host.hostname, host.arch,
					  TSOB_FORMAT_JSON);
	if ((r = tsob_output_check(path, "results", e)))
		return r;
	tsob_signals_install();
	return calibrate(o, &host, self, path, e);
}

const struct tsob_cmd tsob_cmd_calibrate = {
	.name = "calibrate",
	.summary = "measure this machine's A/B gate: false alarms and the slowdown it finds",
	.usage = "[OPTIONS]",
	.min_args = 0,
	.max_args = 0,
	.opts = options,
	.epilogue =
		"A/A: this tsobench against itself (`ab`, and `compare` of --runs files); power:\n"
		"against itself with extra work on NEW (executed instructions appended to every\n"
		"repetition, their share of it measured). Per cell: how often A/A was flagged, how\n"
		"often each slowdown was found, and the smallest found in --power of the pairs.\n"
		"Run it once per CI runner with the run options the CI uses (e.g. --quick).\n"
		"exit: 0 done, 2 bad usage, 130 interrupted (the pairs so far are counted)\n",
	.opts_size = sizeof(struct cal_cmd_opts),
	.defaults = defaults,
	.run = run,
};
