// SPDX-License-Identifier: MIT
/*
 * The LAVA modules (bench/lava) behind a small command line, for the tests,
 * standing where `tsobench lava job|collect` and `tsobench results cells` will:
 *   lava_tool job TEMPLATE|FILE.yaml OUT [name=value...]
 *   lava_tool collect LOG OUTDIR [job_id=ID] [device=NAME]
 *   lava_tool cells RESULTS.json
 * Errors: one line "lava_tool: -ERRNO_NAME: reason" on stderr, exit 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "collect.h"
#include "job.h"

static const struct {
	int err;
	const char *name;
} errnames[] = {
    {-EINVAL, "EINVAL"},   {-ENOENT, "ENOENT"},	      {-EEXIST, "EEXIST"},
    {-EPIPE, "EPIPE"},	   {-ETIMEDOUT, "ETIMEDOUT"}, {-ECANCELED, "ECANCELED"},
    {-EBADMSG, "EBADMSG"}, {-ENODATA, "ENODATA"},     {-EACCES, "EACCES"},
};

static int error(int err, const char *why)
{
	const char *name = "EOTHER";

	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == err)
			name = errnames[i].name;
	fprintf(stderr, "lava_tool: -%s: %s\n", name, why);
	return 2;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int job(int argc, char **argv)
{
	struct tsob_lava_job job;
	const char *tmpl = tsob_lava_template(argv[0]);
	char *file = NULL, why[320];
	int err;

	tsob_lava_job_defaults(&job, tmpl ? argv[0] : NULL);
	if (!tmpl && !(tmpl = file = slurp(argv[0]))) {
		snprintf(why, sizeof(why), "%s: no such template or file", argv[0]);
		return error(-ENOENT, why);
	}
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq) {
			snprintf(why, sizeof(why), "'%s': want name=value", argv[i]);
			free(file);
			return error(-EINVAL, why);
		}
		*eq = '\0';
		err = tsob_lava_job_set(&job, argv[i], eq + 1, why, sizeof(why));
		if (err) {
			free(file);
			return error(err, why);
		}
	}
	err = tsob_lava_job_write(argv[1], tmpl, &job, why, sizeof(why));
	free(file);
	return err ? error(err, why) : 0;
}

static void print_collect(const struct tsob_lava_collect *r)
{
	printf("job %s device %s host %s arch %s tsobench %s result %s\n",
	       r->job_id ? r->job_id : "-", r->device ? r->device : "-", r->host ? r->host : "-",
	       r->arch ? r->arch : "-", r->tsobench ? r->tsobench : "-",
	       r->job_result ? r->job_result : "-");
	for (size_t i = 0; i < r->nfiles; i++)
		printf("file %s %s %llu %s\n", r->files[i].name, r->files[i].path,
		       (unsigned long long)r->files[i].size, r->files[i].sha256);
	for (size_t i = 0; i < r->ncases; i++) {
		const struct tsob_lava_case *c = &r->cases[i];

		if (c->has_measurement)
			printf("case %s %s %.9g %s\n", c->name, c->result, c->measurement,
			       c->units ? c->units : "-");
		else
			printf("case %s %s - -\n", c->name, c->result);
	}
	printf("cases %zu pass %zu fail %zu skip %zu files %zu\n", r->ncases, r->npass, r->nfail,
	       r->nskip, r->nfiles);
}

static int collect(int argc, char **argv)
{
	struct tsob_lava_collect_opts opts = {.outdir = argv[1]};
	struct tsob_lava_collect res;
	int err;

	for (int i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "job_id=", 7))
			opts.job_id = argv[i] + 7;
		else if (!strncmp(argv[i], "device=", 7))
			opts.device = argv[i] + 7;
	}
	err = tsob_lava_collect(argv[0], &opts, &res);
	print_collect(&res);
	if (err)
		error(err, res.reason);
	tsob_lava_collect_free(&res);
	return err ? 2 : 0;
}

static int print_cell(const struct tsob_lava_cell *c, void *arg)
{
	return tsob_lava_cell_print(arg, c);
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "job"))
		return job(argc - 2, argv + 2);
	if (argc >= 4 && !strcmp(argv[1], "collect"))
		return collect(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "cells")) {
		char why[256] = "cannot write the cells";
		int n = tsob_lava_cells_walk(argv[2], print_cell, stdout, why, sizeof(why));
		return n < 0 ? error(n, why) : 0;
	}
	if (argc == 2 && !strcmp(argv[1], "params")) {
		tsob_lava_job_help(stdout);
		return 0;
	}
	fprintf(stderr, "usage: lava_tool job TEMPLATE|FILE OUT [name=value...]\n"
			"       lava_tool collect LOG OUTDIR [job_id=ID] [device=NAME]\n"
			"       lava_tool cells RESULTS.json | params\n");
	return 2;
}
