// SPDX-License-Identifier: MIT
/*
 * tsobench lava: what a LAVA lab needs to run tsobench and bring the results
 * home. Subcommands, each an option table and one call into analysis/lava/:
 * job (a job definition), cells (a results file's test cases, on the
 * device), collect (finished jobs' logs into results files and the history).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "lava.h"
#include "store.h"

/* ---- job ---- */

struct job_opts {
	struct tsob_lava_job job;
	int device, precision;
	const char *template_file, *out;
};

static const char *const precisions[] = {"quick", "full", NULL};

static void job_defaults(void *opts)
{
	struct job_opts *o = opts;

	o->device = -1;
	o->precision = -1;
	o->out = "-";
}

static int job_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct job_opts *o = opts;

	if (o->device < 0)
		return tsob_err_set(e, -EINVAL,
				    "give --device qemu, uboot or ssh: the kind of "
				    "device the job is for");
	if (o->precision >= 0)
		o->job.precision = precisions[o->precision];
	return tsob_lava_job_write(o->out, (enum tsob_lava_device)o->device, o->template_file,
				   &o->job, e);
}

#define JOB_TEXT(s, l, f, a, h) TSOB_OPT_STRING(s, l, struct job_opts, job.f, a, h)
#define JOB_SECONDS(l, f, h) TSOB_OPT_UINT(0, l, struct job_opts, job.f, 1, 604800, "S", h)

static const struct tsob_opt job_options[] = {
    TSOB_OPT_CHOICE(0, "device", struct job_opts, device, tsob_lava_devices, "KIND",
		    "qemu: QEMU arm64, the patched kernel, the busybox ramdisk;\n"
		    "uboot: a board U-Boot boots over TFTP; ssh: an installed OS"),
    TSOB_OPT_STRING('o', "output", struct job_opts, out, "FILE",
		    "the job definition (default '-': standard output)"),
    TSOB_OPT_STRING(0, "template", struct job_opts, template_file, "FILE",
		    "a template of the lab's own (default: the built-in one)"),
    JOB_TEXT(0, "device-type", device_type, "T",
	     "LAVA device type (default qemu, ssh; a board's own for uboot)"),
    JOB_TEXT(0, "device-name", device_name, "NAME",
	     "the machine's name in the history (default qemu-CPU,\nor the device type)"),
    JOB_TEXT(0, "kernel", kernel_url, "URL", "the patched kernel Image"),
    JOB_TEXT(0, "ramdisk", ramdisk_url, "URL", "the ramdisk (lava/mkramdisk.sh), .cpio.gz"),
    JOB_TEXT(0, "dtb", dtb_url, "URL", "the board's device tree (uboot)"),
    JOB_TEXT(0, "overlay", overlay_url, "URL",
	     "a .tar laid over the ramdisk at /, with usr/bin/tsobench"),
    JOB_TEXT(0, "cpu", cpu, "CPU", "QEMU's CPU model (default neoverse-n1; a64fx boots at EL2)"),
    JOB_TEXT(0, "os", os, "OS", "the device's OS for LAVA (default oe; debian for ssh)"),
    JOB_TEXT(0, "prompt", prompt, "P", "the shell prompt LAVA waits for (needed for ssh)"),
    JOB_TEXT(0, "kernel-args", kernel_args, "ARGS", "more kernel command-line arguments"),
    JOB_TEXT(0, "testdef-repo", testdef_repo, "URL",
	     "the git repository LAVA takes lava/tsobench-test.yaml from"),
    JOB_TEXT(0, "testdef-revision", testdef_revision, "REV",
	     "its commit: pin the one that built tsobench"),
    JOB_TEXT(0, "testdef-path", testdef_path, "PATH",
	     "the test definition in it (default lava/tsobench-test.yaml)"),
    JOB_TEXT(0, "subcommands", subcommands, "LIST",
	     "what the device runs: run, ctxsw, litmus "
	     "(default run)"),
    JOB_TEXT('w', "workload", kernels, "LIST", "kernels for run -w (default: all)"),
    JOB_TEXT('m', "mode", strategies, "LIST", "strategies for run and litmus -m (default: all)"),
    JOB_TEXT('t', "tests", litmus_tests, "LIST", "litmus tests for litmus -t (default: all)"),
    JOB_TEXT('e', "events", events, "LIST", "events for run and ctxsw -e (default: theirs)"),
    TSOB_OPT_UINT('r', "repeat", struct job_opts, job.repetitions, 1, 1000000, "N",
		  "repetitions for run and ctxsw -r (default: theirs)"),
    TSOB_OPT_CHOICE(0, "precision", struct job_opts, precision, precisions, "quick|full",
		    "quick: tsobench's --quick (default); full: its defaults"),
    JOB_TEXT(0, "tsobench", tsobench, "PATH", "tsobench on the device (default: on PATH)"),
    JOB_TEXT(0, "results-dir", results_dir, "DIR",
	     "where the device writes results (default /tmp/tsobench-lava)"),
    JOB_TEXT(0, "job-name", job_name, "NAME", "the job's name in the lab (default tsobench)"),
    JOB_SECONDS("timeout", job_timeout, "seconds for the whole job (default 3600)"),
    JOB_SECONDS("boot-timeout", boot_timeout, "seconds for the boot (default 300)"),
    JOB_SECONDS("test-timeout", test_timeout, "seconds for the test run (default 3000)"),
    TSOB_OPT_END_ROW,
};

static const struct tsob_cmd cmd_job = {
    .name = "lava job",
    .summary = "a LAVA job definition that runs tsobench on a device",
    .usage = "--device qemu|uboot|ssh [OPTIONS]",
    .opts = job_options,
    .epilogue = "Every value is checked, and one the template has no place for is refused.\n"
		"QEMU timings are emulated: correctness and plumbing, never ordering costs.\n"
		"exit: 0 ok, 2 bad usage or a bad value (nothing is written)\n",
    .opts_size = sizeof(struct job_opts),
    .defaults = job_defaults,
    .run = job_run,
};

/* ---- cells ---- */

static int cells_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	return tsob_lava_cases_print(a->pos[0], stdout, e);
}

static const struct tsob_opt no_options[] = {TSOB_OPT_END_ROW};

static const struct tsob_cmd cmd_cells = {
    .name = "lava cells",
    .summary = "a results file's cells as LAVA test cases (the device script's)",
    .usage = "RESULTS.json",
    .min_args = 1,
    .max_args = 1,
    .opts = no_options,
    .epilogue = "One line a case: NAME RESULT VALUE UNITS REASON ('-': none).\n"
		"exit: 0 ok, 2 bad usage or an unreadable results file\n",
    .run = cells_run,
};

/* ---- collect ---- */

struct collect_opts {
	struct tsob_lava_collect_opts c;
};

static void collect_defaults(void *opts)
{
	struct collect_opts *o = opts;
	const char *env = getenv("TSOBENCH_HISTORY_DB");

	o->c.db = env && *env ? env : TSOB_HISTORY_DEFAULT_DB;
	o->c.wait_s = 10;
	o->c.outdir = "results/lava";
}

static int collect_run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct collect_opts *o = opts;

	return tsob_lava_collect(a->pos, a->npos, &o->c, stdout, e);
}

static const struct tsob_opt collect_options[] = {
    TSOB_OPT_STRING('o', "output", struct collect_opts, c.outdir, "DIR",
		    "the results files come back to DIR/JOB_ID/ (default results/lava)"),
    TSOB_OPT_STRING(0, "db", struct collect_opts, c.db, "FILE|URL",
		    "the history: an SQLite file (default $TSOBENCH_HISTORY_DB,\n"
		    "else " TSOB_HISTORY_DEFAULT_DB ") or a postgresql:// URL"),
    TSOB_OPT_DOUBLE(0, "wait", struct collect_opts, c.wait_s, 0, 3600, "S",
		    "how long to wait while another process writes (default 10)"),
    TSOB_OPT_STRING(0, "job-id", struct collect_opts, c.job_id, "ID",
		    "the job's id, where the log does not say it (one log)"),
    TSOB_OPT_STRING(0, "device", struct collect_opts, c.device, "NAME",
		    "the machine's name instead of the job's --device-name (one log)"),
    TSOB_OPT_STRING(0, "commit", struct collect_opts, c.commit, "SHA",
		    "the commit measured (default: the files' git_commit)"),
    TSOB_OPT_STRING(0, "branch", struct collect_opts, c.branch, "NAME",
		    "the branch (default: the files' git_branch, if any)"),
    TSOB_OPT_END_ROW,
};

static const struct tsob_cmd cmd_collect = {
    .name = "lava collect",
    .summary = "finished jobs' logs: results files back, and into the history",
    .usage = "LOG|JOB_OUTPUT... [OPTIONS]",
    .min_args = 1,
    .max_args = 100000,
    .opts = collect_options,
    .epilogue = "LOG: lava-run's standard error; JOB_OUTPUT: a server's job log (lavacli jobs\n"
		"logs --raw ID). Each job goes into the history whole, tagged with its device\n"
		"and job id; one that is damaged stops the collection, those before it stay.\n"
		"exit: 0 ok, 1 a test case failed (the results are collected all the same),\n"
		"2 a job LAVA failed, a log without results, truncated or corrupt, bad usage\n",
    .opts_size = sizeof(struct collect_opts),
    .defaults = collect_defaults,
    .run = collect_run,
};

static const struct tsob_cmd *const subs[] = {&cmd_job, &cmd_collect, &cmd_cells, NULL};

const struct tsob_cmd tsob_cmd_lava = {
    .name = "lava",
    .summary = "LAVA lab: job definitions, and results brought home into history",
    .usage = "SUBCOMMAND [OPTIONS]",
    .epilogue = "See lava/README.md: device types, the patched kernel on each kind of\n"
		"machine, and one history for the whole lab.\n",
    .subs = subs,
};
