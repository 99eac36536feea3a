/* SPDX-License-Identifier: MIT */
/*
 * One error convention for all of tsobench. Inside, a function that can fail
 * returns a negative errno and, where it has something to say, fills a
 * struct tsob_err with one line naming what was wrong and what to do. Only the
 * command dispatcher (bench/main.c) turns an error into output: the line on
 * stderr, prefixed "tsobench: COMMAND: ", and exit status 2. Outcomes that are
 * not errors (a failed check, an interrupted run) are exit statuses a command
 * returns itself: TSOB_EXIT_FAIL, TSOB_EXIT_INTERRUPTED.
 */
#ifndef TSOB_ERR_H
#define TSOB_ERR_H

#include <stdio.h>

#define TSOB_EXIT_OK 0
#define TSOB_EXIT_FAIL 1          /* a failed check: checksum, regression, ordering */
#define TSOB_EXIT_USAGE 2         /* bad usage or input, or an error: one line on stderr */
#define TSOB_EXIT_INTERRUPTED 130 /* SIGINT/SIGTERM: what was measured is kept */

struct tsob_err {
	int code;      /* a negative errno; 0 when nothing went wrong */
	char msg[512]; /* one line, no newline */
};

/*
 * Record @code (a negative errno) and the message; returns @code, so that
 * `return tsob_err_set(e, -EINVAL, "...");` reports and fails in one step.
 * @e may be NULL. Newlines in the message become spaces.
 */
int tsob_err_set(struct tsob_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the message already in @e with "what: " (context from a caller). */
int tsob_err_prefix(struct tsob_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The one place an error becomes output: "tsobench: CMD: MSG" on stderr; returns TSOB_EXIT_USAGE. */
int tsob_err_report(const char *cmd, const struct tsob_err *e);

/* A warning that is not an error: "tsobench: MSG" on one line on stderr. */
void tsob_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
