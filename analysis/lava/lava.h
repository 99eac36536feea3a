/* SPDX-License-Identifier: MIT */
/*
 * tsobench in a LAVA lab: job definitions written from templates (job.c), a
 * results file's cells as LAVA test cases (cells.c), and a finished job's log
 * read back into results files and the history (collect.c). Nothing here
 * measures: the device runs tsobench itself, and this reads what comes back,
 * which is why it sits in the reading layer (docs/HOUSE.md).
 */
#ifndef TSOB_LAVA_H
#define TSOB_LAVA_H

#include <stdbool.h>
#include <stdio.h>

#include "tsob/err.h"
#include "tsob/results.h"

/* ---- job definitions (job.c) ---- */

/* The kinds of device a built-in template is for. */
enum tsob_lava_device {
	TSOB_LAVA_QEMU,	 /* QEMU arm64, the patched kernel and the busybox ramdisk */
	TSOB_LAVA_UBOOT, /* a board U-Boot boots over TFTP */
	TSOB_LAVA_SSH,	 /* a machine with an installed OS, over SSH */
};
extern const char *const tsob_lava_devices[]; /* "qemu", "uboot", "ssh", NULL */

/*
 * What a job may be given. NULL (or 0) is unset: the writer fills in what
 * the device kind implies (device type, prompt, timeouts, tsobench's
 * defaults) and refuses a template that needs a value nobody gave.
 */
struct tsob_lava_job {
	const char *job_name, *device_type, *device_name;
	const char *kernel_url, *ramdisk_url, *dtb_url, *overlay_url;
	const char *os, *cpu, *prompt, *kernel_args;
	const char *testdef_repo, *testdef_revision, *testdef_path;
	/* the test definition's parameters (lava/tsobench-test.yaml) */
	const char *subcommands, *kernels, *strategies, *litmus_tests, *events;
	unsigned repetitions;  /* 0: tsobench's default */
	const char *precision; /* "quick" or "full" */
	const char *tsobench, *results_dir;
	unsigned job_timeout, boot_timeout, test_timeout; /* seconds */
};

/*
 * Write the job for @device from its built-in template, or from the template
 * in the file @template_file when not NULL, to @path by the output rule
 * ("-": standard output). Every value is checked first, then each
 * placeholder is filled as a whole YAML value. A value the template has no
 * place for is refused rather than dropped. 0, or a negative errno with one
 * line in @e naming the option or the template line; nothing is written then.
 */
int tsob_lava_job_write(const char *path, enum tsob_lava_device device, const char *template_file,
			const struct tsob_lava_job *job, struct tsob_err *e);

/* The same into *@out (malloc'd, NUL-ended), for a template's text @tmpl. */
int tsob_lava_job_render(const char *tmpl, enum tsob_lava_device device,
			 const struct tsob_lava_job *job, char **out, struct tsob_err *e);

/* ---- test cases (cells.c) ---- */

/*
 * One LAVA test case for a cell, named from the file's own fields:
 * run.copy8.ldar.t1, run.copy8.ldar.t1.instructions, ctxsw.futex.default,
 * ctxsw.prctl.get, litmus.SB.dmb (characters LAVA does not keep become '_').
 * The measurement is a median to show in the lab's tables, never the data:
 * the results file is.
 */
struct tsob_lava_case {
	char name[160];
	const char *result; /* "pass", "fail" or "skip" */
	bool has_value;
	double value;
	char units[48];
	char reason[240]; /* why skip or fail; one line; empty when none */
};

/* Call @fn for each test case of @v in the file's order; a non-zero return stops the walk. */
int tsob_lava_cases_walk(const struct tsob_view *v,
			 int (*fn)(const struct tsob_lava_case *c, void *arg), void *arg);

/* One line a case: "NAME RESULT VALUE UNITS REASON", '-' for an empty field. */
int tsob_lava_case_print(FILE *f, const struct tsob_lava_case *c);

/* The test cases of the results file at @path, printed to @f. 0 or a negative errno. */
int tsob_lava_cases_print(const char *path, FILE *f, struct tsob_err *e);

/* ---- collecting a finished job (collect.c) ---- */

struct tsob_lava_collect_opts {
	const char *outdir;	     /* the files come back to OUTDIR/JOB_ID/ */
	const char *db;		     /* the history: an SQLite file or a postgresql:// URL */
	double wait_s;		     /* how long to wait for another writer of the history */
	const char *job_id;	     /* instead of the one the log names (one log only) */
	const char *device;	     /* instead of the one the log names (one log only) */
	const char *commit, *branch; /* as history add takes them; NULL: from the files */
};

/*
 * Collect each finished job's log in @logs: lava-run's (its standard error,
 * one YAML mapping a line) or a LAVA server's job output ("- {...}" lines).
 * For each: LAVA's job result must be pass; every results block is checked
 * (size, gzip, sha256) and its file restored to OUTDIR/JOB_ID/; the log's
 * test cases must be the files' cells; then the files are added to the
 * history in one transaction, tagged with the device and the job id. A
 * summary per job goes to @f.
 *
 * Returns TSOB_EXIT_OK, TSOB_EXIT_FAIL when a test case failed (the results
 * are collected all the same), or a negative errno with one line in @e for a
 * job LAVA failed or that timed out, a log without results, truncated, cut
 * inside a record or carrying a corrupt block, or a file that would replace a
 * different one. Logs before the bad one stay collected, and a bad log's
 * files that came back whole stay restored (they are not added to the
 * history).
 */
int tsob_lava_collect(char *const *logs, int n, const struct tsob_lava_collect_opts *o, FILE *f,
		      struct tsob_err *e);

#endif
