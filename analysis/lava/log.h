/* SPDX-License-Identifier: MIT */
/*
 * A finished LAVA job's log, read: LAVA's job result, the test cases, and the
 * results files the device printed into it as checksummed blocks (see
 * lava/tsobench-lava.sh). Reading only: collect.c decides what to keep.
 */
#ifndef TSOB_LAVA_LOG_H
#define TSOB_LAVA_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tsob/err.h"

/* One lava-test-case of the log (LAVA's own cases, definition "lava", are not kept). */
struct tsob_lava_logcase {
	char *name, *result, *units;
	bool has_value;
	double value;
};

/* A results file from the log, checked whole: the bytes the device wrote. */
struct tsob_lava_file {
	char name[128];
	unsigned char *data;
	size_t size;
	char sha256[65];
};

struct tsob_lava_log {
	char *job_id, *device, *host, *arch, *tsobench; /* the device's metadata; NULL: none */
	char *job_result; /* LAVA's, from its job record; NULL: none */
	char *job_error;  /* its error type and message, when failed */
	struct tsob_lava_logcase *cases;
	size_t ncases, npass, nfail, nskip;
	struct tsob_lava_file *files; /* those that came back whole, in the log's order */
	size_t nfiles;
	long files_announced; /* the device's DONE line: files=N; -1 when never seen */
	size_t records;
};

/*
 * Read the log at @path into @log (free it with tsob_lava_log_free() in any
 * case: the files that came back whole before any damage are there). 0 when
 * LAVA passed the job and every file the device announced came back whole,
 * else a negative errno with one line in @e:
 *   -ENOENT, -EACCES...  the log cannot be read
 *   -EPIPE      truncated: no final job record, a block not ended, or the
 *               device script's end line missing; or cut inside a record
 *   -ETIMEDOUT  LAVA failed the job because an action timed out
 *   -ECANCELED  LAVA failed the job otherwise (its error type and message)
 *   -EBADMSG    a corrupt block (base64, gzip, size or sha256), or a line that
 *               is not a LAVA log record
 *   -ENODATA    the job passed but the log holds no results
 */
int tsob_lava_log_read(const char *path, struct tsob_lava_log *log, struct tsob_err *e);
void tsob_lava_log_free(struct tsob_lava_log *log);

#endif
