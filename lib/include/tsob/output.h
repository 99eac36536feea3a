/* SPDX-License-Identifier: MIT */
/*
 * Output paths: every command that writes a file goes through here, so one
 * rule holds everywhere (results/README.md states it for users):
 *  - a new or regular file is written to a temporary file beside it, then
 *    renamed over it: a failed write never destroys the earlier file;
 *  - a symlink is followed: its target is replaced that way and the link stays
 *    a link; a symlink whose target does not exist is refused;
 *  - "-", /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N are written
 *    straight to that descriptor;
 *  - a character device, FIFO or socket (/dev/null, a pipe) is written straight
 *    and never replaced;
 *  - a directory or a block device is refused.
 */
#ifndef TSOB_OUTPUT_H
#define TSOB_OUTPUT_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "tsob/err.h"

enum tsob_output_kind { TSOB_OUT_ATOMIC, TSOB_OUT_STREAM, TSOB_OUT_FD };

struct tsob_output {
	enum tsob_output_kind kind;
	char path[PATH_MAX]; /* for a symlink to a file: its resolved target */
	int fd;              /* TSOB_OUT_FD: the descriptor */
};

/*
 * Decide how @path is written and check that it can be (before a long run).
 * 0, or a negative errno with a short reason in *why.
 */
int tsob_output_resolve(const char *path, struct tsob_output *out, const char **why);

/*
 * Check before the work that @path can be written by the rule: 0, or a
 * negative errno with "cannot write @what to PATH: why" in @e.
 */
int tsob_output_check(const char *path, const char *what, struct tsob_err *e);

/* Whether @path means standard output. */
bool tsob_output_is_stdout(const char *path);

/*
 * When @path means standard output, keep that descriptor for the results and
 * point standard output at standard error, so that tables and progress never
 * mix with the results; @path is then rewritten to name the kept descriptor
 * (/dev/fd/N). Does nothing for other paths. 0, or a negative errno.
 */
int tsob_output_take_stdout(char *path, size_t len);

/*
 * Write @path by the rule above: @write fills the stream. 0, or a negative
 * errno with the failing step in *what; any earlier regular file is intact.
 */
int tsob_output_write(const char *path, int (*write)(FILE *f, void *arg), void *arg,
		      const char **what);

#endif
