/* SPDX-License-Identifier: MIT */
/* Strict parsing of numbers and lists, small files, the clock, and signals. */
#ifndef TSOB_PARSE_H
#define TSOB_PARSE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* Strict decimal parsing: the whole string, within [min, max]. 0, -EINVAL or -ERANGE. */
int tsob_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int tsob_parse_double(const char *s, double min, double max, double *out);

/*
 * Split a comma-separated list in place. Returns the count; -EINVAL when the
 * list or any element is empty ("", "a,,b", "a,"); -E2BIG past @max.
 */
int tsob_split_list(char *s, char **items, int max);

/* Monotonic raw clock, in ns. */
uint64_t tsob_now_ns(void);

/* Read a small file into buf (NUL-terminated, trailing newline dropped). 0 or -errno. */
int tsob_read_small(const char *path, char *buf, size_t len);

/* Set by SIGINT/SIGTERM once tsob_signals_install() ran: work stops at the next safe point. */
extern volatile sig_atomic_t tsob_interrupted;
void tsob_signals_install(void);

#endif
