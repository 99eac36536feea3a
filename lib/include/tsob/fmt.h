/* SPDX-License-Identifier: MIT */
/* Numbers as people read them in tables. */
#ifndef TSOB_FMT_H
#define TSOB_FMT_H

#include <stddef.h>

/* "1.23 ms" style, for a value in ns ("-" for NaN). */
void tsob_fmt_ns(char *buf, size_t len, double ns);

#endif
