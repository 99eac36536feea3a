// SPDX-License-Identifier: MIT
/*
 * tsobench history: every run kept, series per host, a verdict over time.
 * Subcommands, each an option table and one call into analysis/history/:
 * add, list, show, export, trend, check, ack.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "store.h"
#include "tsob/parse.h"

/* What every subcommand takes: where the history is and how long to wait for it. */
struct hist_common {
	const char *db;
	double wait;
};

#define HIST_ROWS(T)                                                                               \
	TSOB_OPT_STRING(0, "db", T, c.db, "FILE|URL",                                             \
			"the history: an SQLite file (default $TSOBENCH_HISTORY_DB,\n"            \
			"else " TSOB_HISTORY_DEFAULT_DB ") or a postgresql:// URL"),            \
		TSOB_OPT_DOUBLE(0, "wait", T, c.wait, 0, 3600, "S",                               \
				"how long to wait while another process writes (default 10)")

/* Change-point options, shared by check and trend. */
struct hist_cp {
	struct tsob_cp_opts cp;
	double min_mag_pct;
};

#define HIST_CP_ROWS(T)                                                                            \
	TSOB_OPT_UINT(0, "window", T, h.cp.window, 4, 100000, "N",                                 \
		      "runs per window of the E-divisive search (default 50)"),                    \
		TSOB_OPT_DOUBLE(0, "pvalue", T, h.cp.max_pvalue, 1e-12, 1, "P",                   \
				"largest p-value of a change point (default 0.001)"),             \
		TSOB_OPT_DOUBLE(0, "min-magnitude", T, h.min_mag_pct, 0, 1000, "PCT",             \
				"smallest change of the mean, in percent (default 1)"),           \
		TSOB_OPT_UINT(0, "min-segment", T, h.cp.min_segment, 1, 1000, "N",                \
			      "fewest runs between change points and at either end;\n"            \
			      ">= 2 also leaves one run out in the t-test (default 2)")

static void common_defaults(struct hist_common *c)
{
	const char *env = getenv("TSOBENCH_HISTORY_DB");

	c->db = env && *env ? env : TSOB_HISTORY_DEFAULT_DB;
	c->wait = 10;
}

static void cp_defaults(struct hist_cp *h)
{
	tsob_cp_opts_default(&h->cp);
	h->min_mag_pct = 1;
}

static int cp_finish(struct hist_cp *h, struct tsob_err *e)
{
	h->cp.min_magnitude = h->min_mag_pct / 100;
	if (h->cp.window < 2 * h->cp.min_segment)
		return tsob_err_set(e, -EINVAL, "--window %zu is less than twice --min-segment %zu",
				    h->cp.window, h->cp.min_segment);
	return 0;
}

#define EXIT_NOTE "exit: 0 ok, 2 bad usage or input, or a database that cannot be used\n"

/* ---- add ---- */

struct add_opts {
	struct hist_common c;
	struct tsob_store_add_opts a;
};

static void add_defaults(void *o)
{
	common_defaults(&((struct add_opts *)o)->c);
}

static int add_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct add_opts *o = opts;
	struct tsob_store_added *out = calloc((size_t)a->npos, sizeof(*out));
	struct tsob_store *s;
	int r;

	if (!out)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	if (!(r = tsob_store_open(o->c.db, TSOB_STORE_CREATE, o->c.wait, &s, e))) {
		r = tsob_store_add(s, a->pos, a->npos, &o->a, out, e);
		tsob_store_close(s);
	}
	for (int i = 0; i < a->npos && !r; i++)
		if (out[i].duplicate)
			printf("%s: already stored as run %lld\n", a->pos[i],
			       (long long)out[i].run_id);
		else
			printf("run %lld: %s (%zu cells, %zu series points)\n",
			       (long long)out[i].run_id, a->pos[i], out[i].ncells, out[i].npoints);
	free(out);
	return r;
}

static const struct tsob_opt add_options[] = {
	HIST_ROWS(struct add_opts),
	TSOB_OPT_STRING(0, "commit", struct add_opts, a.commit, "SHA",
			"the commit measured (default: the file's git_commit; of an A/B\n"
			"file, the NEW build's)"),
	TSOB_OPT_STRING(0, "branch", struct add_opts, a.branch, "NAME",
			"the branch (default: the file's git_branch, if any)"),
	TSOB_OPT_STRING(0, "device", struct add_opts, a.device, "NAME",
			"the machine the files came from, as a lab names it"),
	TSOB_OPT_STRING(0, "job-id", struct add_opts, a.job_id, "ID",
			"the lab's job that ran them (tsobench lava collect sets both)"),
	TSOB_OPT_END_ROW,
};

static const struct tsob_cmd cmd_add = {
	.name = "history add",
	.summary = "add results files (run, ab, --runs) to the history",
	.usage = "FILE... [OPTIONS]",
	.min_args = 1,
	.max_args = 100000,
	.opts = add_options,
	.epilogue = "All files or none: one transaction. A file already stored is named, not added "
		    "twice.\n" EXIT_NOTE,
	.opts_size = sizeof(struct add_opts),
	.defaults = add_defaults,
	.run = add_run,
};

/* ---- list, show, export, ack: a store and a run or change point ---- */

struct one_opts {
	struct hist_common c;
	const char *out;
};

static void one_defaults(void *o)
{
	common_defaults(&((struct one_opts *)o)->c);
	((struct one_opts *)o)->out = "-";
}

/* list, show and export: read the store, and (show, export) one run of it. */
enum one_what { ONE_LIST, ONE_SHOW, ONE_EXPORT };

static int read_store(const struct one_opts *o, const char *ref, enum one_what what,
		      struct tsob_err *e)
{
	struct tsob_store *s;
	int64_t id;
	int r;

	if ((r = tsob_store_open(o->c.db, TSOB_STORE_READ, o->c.wait, &s, e)))
		return r;
	if (what == ONE_LIST)
		r = tsob_store_list(s, stdout, e);
	else if (!(r = tsob_store_run_ref(s, ref, &id, e)))
		r = what == ONE_SHOW ? tsob_store_show(s, id, stdout, e)
				     : tsob_store_export(s, id, o->out, e);
	tsob_store_close(s);
	return r;
}

static int list_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	return read_store(opts, NULL, ONE_LIST, e);
}

static int show_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	return read_store(opts, a->pos[0], ONE_SHOW, e);
}

static int export_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	return read_store(opts, a->pos[0], ONE_EXPORT, e);
}

static int ack_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct one_opts *o = opts;
	struct tsob_store *s;
	uint64_t id;
	int r;

	if (tsob_parse_u64(a->pos[0], 1, INT64_MAX, &id))
		return tsob_err_set(e, -EINVAL, "'%s' is not a change point id: "
					       "'tsobench history check' lists them", a->pos[0]);
	if ((r = tsob_store_open(o->c.db, TSOB_STORE_WRITE, o->c.wait, &s, e)))
		return r;
	r = tsob_store_ack(s, (int64_t)id, stdout, e);
	tsob_store_close(s);
	return r;
}

static const struct tsob_opt common_options[] = {
	HIST_ROWS(struct one_opts),
	TSOB_OPT_END_ROW,
};

static const struct tsob_opt export_options[] = {
	HIST_ROWS(struct one_opts),
	TSOB_OPT_STRING('o', "output", struct one_opts, out, "FILE",
			"where to write (default '-': standard output)"),
	TSOB_OPT_END_ROW,
};

#define ONE_CMD(n, sum, use, args, table, fn, epi)                                                 \
	{ .name = "history " n, .summary = sum, .usage = use, .min_args = args,                   \
	  .max_args = args, .opts = table, .epilogue = epi, .opts_size = sizeof(struct one_opts), \
	  .defaults = one_defaults, .run = fn }

static const struct tsob_cmd cmd_list =
	ONE_CMD("list", "the runs in the history, oldest first", "[OPTIONS]", 0, common_options,
		list_run, EXIT_NOTE);
static const struct tsob_cmd cmd_show =
	ONE_CMD("show", "one run: where it came from and its table", "RUN [OPTIONS]", 1,
		common_options, show_run, "RUN: a run id, or a commit (4 to 40 hex digits)\n" EXIT_NOTE);
static const struct tsob_cmd cmd_export =
	ONE_CMD("export", "a run's results document, as it was added", "RUN [-o FILE]", 1,
		export_options, export_run, "RUN: a run id, or a commit (4 to 40 hex digits)\n" EXIT_NOTE);
static const struct tsob_cmd cmd_ack =
	ONE_CMD("ack", "acknowledge a change point: it no longer fails check", "CP [OPTIONS]", 1,
		common_options, ack_run, "CP: a change point id, as 'history check' lists it\n" EXIT_NOTE);

/* ---- check ---- */

struct check_opts {
	struct hist_common c;
	struct hist_cp h;
	struct tsob_check_opts k;
};

static void check_defaults(void *opts)
{
	struct check_opts *o = opts;

	common_defaults(&o->c);
	cp_defaults(&o->h);
}

static int check_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct check_opts *o = opts;
	struct tsob_store *s;
	int r;

	if ((r = cp_finish(&o->h, e)))
		return r;
	o->k.cp = o->h.cp;
	if ((r = tsob_store_open(o->c.db, TSOB_STORE_WRITE, o->c.wait, &s, e)))
		return r;
	r = tsob_store_check(s, &o->k, stdout, e);
	tsob_store_close(s);
	return r;
}

static const struct tsob_opt check_options[] = {
	HIST_ROWS(struct check_opts),
	HIST_CP_ROWS(struct check_opts),
	TSOB_OPT_STRING(0, "since", struct check_opts, k.since, "REF",
			"judge change points from this run on: a run id or a\n"
			"commit (default: the whole history)"),
	TSOB_OPT_STRING(0, "metric", struct check_opts, k.metric, "NAME",
			"only the series of this metric, e.g. wall_ns (default: all)"),
	TSOB_OPT_END_ROW,
};

static const struct tsob_cmd cmd_check = {
	.name = "history check",
	.summary = "change points in every series; fails on a new regression",
	.usage = "[OPTIONS]",
	.opts = check_options,
	.epilogue = "States: new, acknowledged ('history ack CP'), fixed (the series came back).\n"
		    "exit: 0 no new regression, 1 a new regression change point, 2 bad usage or\n"
		    "input, or a database that cannot be used\n",
	.opts_size = sizeof(struct check_opts),
	.defaults = check_defaults,
	.run = check_run,
};

/* ---- trend ---- */

struct trend_opts {
	struct hist_common c;
	struct hist_cp h;
	struct tsob_trend_opts t;
	const char *out;
};

static void trend_defaults(void *opts)
{
	struct trend_opts *o = opts;

	common_defaults(&o->c);
	cp_defaults(&o->h);
	o->t.metric = "wall_ns";
}

static int trend_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct trend_opts *o = opts;
	struct tsob_store *s;
	int r;

	if (!o->out)
		return tsob_err_set(e, -EINVAL, "needs -o DIR: where to write the charts");
	if ((r = cp_finish(&o->h, e)))
		return r;
	o->t.cp = o->h.cp;
	if ((r = tsob_store_open(o->c.db, TSOB_STORE_READ, o->c.wait, &s, e)))
		return r;
	r = tsob_store_trend(s, &o->t, o->out, e);
	tsob_store_close(s);
	if (!r)
		printf("%s/trend.md\n", o->out);
	return r;
}

static const struct tsob_opt trend_options[] = {
	HIST_ROWS(struct trend_opts),
	TSOB_OPT_STRING('w', "workload", struct trend_opts, t.kernels, "LIST",
			"kernels to chart (default: all)"),
	TSOB_OPT_STRING('m', "mode", struct trend_opts, t.strategies, "LIST",
			"strategies to chart (default: all)"),
	TSOB_OPT_STRING(0, "metric", struct trend_opts, t.metric, "NAME",
			"wall_ns (default) or a counter, e.g. instructions"),
	TSOB_OPT_STRING('o', "output", struct trend_opts, out, "DIR",
			"where to write; built aside and renamed into place"),
	TSOB_OPT_STRING(0, "scripts", struct trend_opts, t.scripts, "DIR",
			"the gnuplot scripts (default: the analysis/ directory)"),
	HIST_CP_ROWS(struct trend_opts),
	TSOB_OPT_END_ROW,
};

static const struct tsob_cmd cmd_trend = {
	.name = "history trend",
	.summary = "charts over commits, change points marked, and trend.md",
	.usage = "-o DIR [OPTIONS]",
	.opts = trend_options,
	.epilogue = "writes one SERIES.{png,svg,dat} per series and trend.md\n" EXIT_NOTE,
	.opts_size = sizeof(struct trend_opts),
	.defaults = trend_defaults,
	.run = trend_run,
};

static const struct tsob_cmd *const subs[] = {
	&cmd_add, &cmd_list, &cmd_show, &cmd_export, &cmd_trend, &cmd_check, &cmd_ack, NULL,
};

const struct tsob_cmd tsob_cmd_history = {
	.name = "history",
	.summary = "every run kept (SQLite or PostgreSQL), change points, trends",
	.usage = "SUBCOMMAND [OPTIONS]",
	.epilogue = "The history is an SQLite file (--db FILE, default " TSOB_HISTORY_DEFAULT_DB ")\n"
		    "or a PostgreSQL server (--db postgresql://...); $TSOBENCH_HISTORY_DB sets it "
		    "for all.\n",
	.subs = subs,
};
