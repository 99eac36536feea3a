// SPDX-License-Identifier: MIT
/* tsobench export: a results file as Google Benchmark JSON or perf-stat-style CSV. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "dataset.h"
#include "export.h"
#include "results.h"
#include "util.h"

static void help(void)
{
	printf("usage: tsobench export --format gbench|csv RESULTS.json [-o FILE]\n"
	       "  --format gbench   Google Benchmark JSON (its tools/compare.py, Bencher,\n"
	       "                    github-action-benchmark): one entry per repetition named\n"
	       "                    KERNEL/STRATEGY/size:N/threads:N, real_time in ns per run\n"
	       "                    of the kernel, items_per_second its operations per second,\n"
	       "                    cpu_time from task-clock, counters per operation\n"
	       "  --format csv      the CSV of 'tsobench run --format csv', as 'perf stat -x,':\n"
	       "                    median,unit,metric,kernel,strategy,threads,ci95_lo,ci95_hi,\n"
	       "                    cv_percent,n\n"
	       "  -o FILE           write FILE atomically (default: standard output)\n"
	       "exit: 0 ok, 2 bad usage or input (nothing is written)\n");
}

static int write_json(FILE *f, void *arg)
{
	const char *s = json_object_to_json_string_ext(arg, JSON_C_TO_STRING_PRETTY |
								JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!s)
		return -ENOMEM;
	return fputs(s, f) < 0 || fputc('\n', f) < 0 ? -EIO : 0;
}

/* The run's CSV writer works on files; standard output gets a copy of one. */
static int csv_to_stdout(json_object *doc)
{
	char tmp[] = "/tmp/tsobench-export-XXXXXX";
	int fd = mkstemp(tmp), r = -1;
	char buf[8192];
	size_t n;
	FILE *f;

	if (fd < 0)
		return -1;
	close(fd);
	if (!tsob_results_save(tmp, doc, TSOB_FORMAT_CSV) && (f = fopen(tmp, "re"))) {
		r = 0;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			if (fwrite(buf, 1, n, stdout) != n)
				r = -1;
		fclose(f);
	}
	unlink(tmp);
	return r || fflush(stdout) ? -1 : 0;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
					     {"output", required_argument, NULL, 'o'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *format = NULL, *out = NULL, *what = "";
	struct tsob_ds ds;
	json_object *gb = NULL;
	char why[512];
	int c, r = TSOB_EXIT_USAGE, e;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			help();
			return TSOB_EXIT_OK;
		default:
			return tsob_usage_error("export: unknown option '%s': see 'tsobench export "
						"--help'",
						argv[optind - 1]);
		}
	}
	if (!format || (strcmp(format, "gbench") && strcmp(format, "csv")))
		return tsob_usage_error("export: give --format gbench or --format csv");
	if (optind != argc - 1)
		return tsob_usage_error("export: give exactly one results file (usage: tsobench "
					"export --format gbench|csv RESULTS.json [-o FILE])");
	if (out && tsob_check_writable(out, &what))
		return tsob_usage_error("export: cannot write %s: %s", out, what);
	if (tsob_ds_load(argv[optind], &ds, why, sizeof(why)))
		return tsob_usage_error("export: %s", why);
	if (!strcmp(format, "csv")) {
		/* tsob_results_save() has said why when it fails. */
		if (!(out ? tsob_results_save(out, ds.doc, TSOB_FORMAT_CSV)
			  : csv_to_stdout(ds.doc)))
			r = TSOB_EXIT_OK;
		goto done;
	}
	gb = tsob_export_gbench(&ds);
	if (!out) {
		r = write_json(stdout, gb) || fflush(stdout) ? TSOB_EXIT_USAGE : TSOB_EXIT_OK;
	} else if ((e = tsob_atomic_write(out, write_json, gb, &what))) {
		tsob_usage_error("export: cannot write %s: %s (%s)", out, what, strerror(-e));
	} else {
		r = TSOB_EXIT_OK;
	}
done:
	json_object_put(gb);
	tsob_ds_free(&ds);
	return r;
}
