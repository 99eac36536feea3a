/* SPDX-License-Identifier: MIT */
/* A finished LAVA job's log: its job and test results, and the tsobench results files it carries.
 */
#ifndef TSOB_LAVA_COLLECT_H
#define TSOB_LAVA_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One lava-test-case result from the log (test definitions other than LAVA's own). */
struct tsob_lava_case {
	char *name;
	char *definition; /* e.g. "0_tsobench" */
	char *result;	  /* pass, fail, skip, unknown */
	bool has_measurement;
	double measurement;
	char *units;
};

/* A results file restored from the log, byte for byte as the device wrote it. */
struct tsob_lava_file {
	char *name; /* as the device named it, e.g. run.json */
	char *path; /* where it was written: OUTDIR/name */
	uint64_t size;
	char sha256[65];
};

struct tsob_lava_collect_opts {
	const char *outdir; /* restored files go here; must exist; nothing is overwritten */
	const char *job_id; /* override what the log says (NULL: from the log) */
	const char *device; /* override what the log says (NULL: from the log) */
};

struct tsob_lava_collect {
	char *job_id, *device, *host, *arch, *tsobench; /* metadata; NULL when unknown */
	char *job_result; /* "pass" / "fail" from LAVA's job record; NULL if none */
	char *job_error;  /* LAVA's error_msg for a failed job */
	struct tsob_lava_case *cases;
	size_t ncases, npass, nfail, nskip;
	struct tsob_lava_file *files;
	size_t nfiles;
	long files_announced; /* the device's @@TSOB-LAVA-DONE files=N; -1 if never seen */
	size_t lines;	      /* log records read */
	char reason[320];     /* one line: why the collection failed */
};

/*
 * Read the log of a finished job at @log: lava-run's stderr (one YAML mapping
 * a line) or a LAVA server's job output ("- {...}" lines). Every results block
 * the device printed (lava/tsobench-lava.sh) is checked against its size and
 * sha256 and written to opts->outdir, as it is met; what was restored stays,
 * whatever comes later. @res is filled in either case; free it with
 * tsob_lava_collect_free().
 *
 * Returns 0 when the job passed and every announced file came back intact
 * (test cases that failed are counted in res->nfail, not an error), else a
 * negative errno with res->reason:
 *   -ENOENT, -EACCES, ...  the log cannot be read; an output file cannot be written
 *   -EEXIST     a restored file would replace one in outdir (collected before?)
 *   -EPIPE      truncated: no final job record, a block not ended, or the test
 *               script's end marker missing
 *   -ETIMEDOUT  LAVA failed the job because an action timed out
 *   -ECANCELED  LAVA failed the job otherwise (its error_type and error_msg)
 *   -EBADMSG    a corrupt block (base64, gzip, size or sha256) or a record
 *               that is not a LAVA log record
 *   -ENODATA    the job passed but the log holds no results file
 */
int tsob_lava_collect(const char *log, const struct tsob_lava_collect_opts *opts,
		      struct tsob_lava_collect *res);
void tsob_lava_collect_free(struct tsob_lava_collect *res);

#endif
