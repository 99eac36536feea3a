/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the driver's commands: errors, numbers, lists, files. */
#ifndef TSOB_UTIL_H
#define TSOB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TSOB_EXIT_OK 0
#define TSOB_EXIT_FAIL 1  /* failed self-check, regression, ordering violation */
#define TSOB_EXIT_USAGE 2 /* bad usage or input */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Print "tsobench: <msg>" as one line on stderr; returns TSOB_EXIT_USAGE. */
int tsob_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "tsobench: <msg>" as one line on stderr (no exit code implied). */
void tsob_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a usage error (one line) and evaluate to -1: `return TSOB_FAIL(...);`. */
#define TSOB_FAIL(...) (tsob_usage_error(__VA_ARGS__), -1)

/*
 * Command-line helpers shared by the commands. Each reports a bad value in one
 * line ("[cmd: ]OPT 'ARG': not a number", "... out of range (MIN to MAX)") and
 * returns -1; @cmd may be NULL.
 */
int tsob_opt_u64(const char *cmd, const char *opt, const char *arg, uint64_t min, uint64_t max,
		 uint64_t *v);
/* Split a comma list of @what into @items: the count, or -1 (empty, too many). */
int tsob_opt_list(char *arg, char **items, int max, const char *what);
/* Whether this process may run on @cpu. */
bool tsob_cpu_allowed(int cpu);

/* Strict decimal parsing: whole string, in [min, max]. 0 or -EINVAL/-ERANGE. */
int tsob_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int tsob_parse_double(const char *s, double min, double max, double *out);

/*
 * Split a comma-separated list in place. Returns the count; -EINVAL when the
 * list or any element is empty ("", "a,,b", "a,"); -E2BIG past @max.
 */
int tsob_split_list(char *s, char **items, int max);

/* Monotonic raw clock, in ns. */
uint64_t tsob_now_ns(void);

/* Read a small file into buf (NUL-terminated, trailing newline dropped). */
int tsob_read_small(const char *path, char *buf, size_t len);

/*
 * Write @path by the output rule of output.h: a new or regular file through a
 * temporary file and rename (a failure leaves any earlier file intact); a
 * device, FIFO or standard output straight. 0 or a negative errno; on error
 * *what names the failing step.
 */
int tsob_atomic_write(const char *path, int (*write)(FILE *f, void *arg), void *arg,
		      const char **what);

/* Check that @path can be written by that rule (before a long run). */
int tsob_check_writable(const char *path, const char **why);

/* Set by SIGINT/SIGTERM handlers: a run stops after the current repetition. */
extern volatile int tsob_interrupted;
void tsob_install_signal_handlers(void);

#endif
