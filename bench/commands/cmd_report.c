// SPDX-License-Identifier: MIT
/* tsobench report: charts (gnuplot, PNG and SVG) and a Markdown summary of results files. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>

#include "commands.h"
#include "cover.h"
#include "report.h"
#include "tsob/output.h"

struct report_opts {
	const char *out, *scripts, *cover;
	bool no_charts;
};

/* --cover-letter PATCH [LABEL=]FILE...: the evidence section, written into the letter. */
static int cover_letter(const struct report_opts *o, const struct tsob_args *a,
			struct tsob_err *e)
{
	struct tsob_cover_input in[64];
	const char *out = o->out ? o->out : o->cover;
	char path[PATH_MAX];
	int r;

	if (a->npos > (int)ARRAY_SIZE(in))
		return tsob_err_set(e, -E2BIG, "at most %zu results files", ARRAY_SIZE(in));
	for (int i = 0; i < a->npos; i++)
		if ((r = tsob_cover_parse_input(a->pos[i], &in[i], e)))
			return r;
	/* -o -: the letter alone on standard output, the line below on stderr. */
	snprintf(path, sizeof(path), "%s", out);
	if ((r = tsob_output_take_stdout(path, sizeof(path))))
		return tsob_err_set(e, r, "cannot keep standard output for the letter");
	if ((r = tsob_cover_write(o->cover, path, in, (size_t)a->npos, e)))
		return r;
	printf("%s\n", out);
	return TSOB_EXIT_OK;
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct report_opts *o = opts;
	struct tsob_report_opts ro = { .charts = !o->no_charts, .scripts = o->scripts };
	char dir[PATH_MAX], name[1024] = "";
	struct tsob_view v;
	int r;

	if (o->cover)
		return cover_letter(o, a, e);
	if (a->npos > 16)
		return tsob_err_set(e, -E2BIG, "at most 16 results files in one report");
	/* Several files (run and emu of one host): one grid, named by them all. */
	for (int i = 0, used = 0; i < a->npos && used < (int)sizeof(name); i++)
		used += snprintf(name + used, sizeof(name) - (size_t)used, "%s%s", i ? ", " : "",
				 a->pos[i]);
	if ((r = tsob_view_load_many(a->pos, (size_t)a->npos, name, &v, e)))
		return r;
	if (o->out)
		snprintf(dir, sizeof(dir), "%s", o->out);
	else
		tsob_report_default_dir(a->pos[0], dir, sizeof(dir));
	r = tsob_report_write(&v, dir, &ro, e);
	tsob_view_free(&v);
	if (r)
		return r;
	printf("%s/summary.md\n", dir);
	return TSOB_EXIT_OK;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_STRING('o', "output", struct report_opts, out, "DIR",
			"where to write (default: RESULTS-report beside the file);\n"
			"built in a temporary directory and renamed into place"),
	TSOB_OPT_FLAG(0, "no-charts", struct report_opts, no_charts,
		      "Markdown and data files only (no gnuplot needed)"),
	TSOB_OPT_STRING(0, "cover-letter", struct report_opts, cover, "PATCH",
			"write the evidence section into the series' cover letter\n"
			"(kernel-patch/cover-letter/EVIDENCE.md) from [LABEL=]FILE...\n"
			"(LABEL: unpatched, key-off, series (default), always-write);\n"
			"-o FILE writes the letter there instead of over PATCH"),
	TSOB_OPT_STRING(0, "scripts", struct report_opts, scripts, "DIR",
			"the gnuplot scripts (default: the analysis/ directory)"),
	TSOB_OPT_END_ROW,
};

const struct tsob_cmd tsob_cmd_report = {
	.name = "report",
	.summary = "charts and Markdown tables from results files",
	.usage = "RESULTS.json [MORE.json...] [-o DIR] [--no-charts] [--scripts DIR]\n"
		 "       tsobench report --cover-letter PATCH [-o FILE] [LABEL=]RESULTS.json...",
	.min_args = 1,
	.max_args = 64,
	.opts = options,
	.epilogue = "writes summary.md, time.{png,svg}, slowdown.{png,svg} (when a strategy other than\n"
		    "plain was measured), counters.{png,svg} (when hardware counters were read),\n"
		    "ctxsw.{png,svg} (when the file has a ctxsw section) and the .dat files behind them.\n"
		    "Several files of one host and execution kind (tsobench run and tsobench emu) make\n"
		    "one grid: emulator cells (emu:CONFIG) beside the modelled strategies.\n"
		    "exit: 0 ok, 2 bad usage or input (nothing is written)\n",
	.opts_size = sizeof(struct report_opts),
	.run = run,
};
