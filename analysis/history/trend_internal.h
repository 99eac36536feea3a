/* SPDX-License-Identifier: MIT */
/* Shared by trend.c (charts) and trend_md.c (trend.md), and only there. */
#ifndef TSOB_HISTORY_TREND_INTERNAL_H
#define TSOB_HISTORY_TREND_INTERNAL_H

#include <limits.h>

#include "store_internal.h"

struct trend_series {
	struct hs_series *x;
	char label[200], file[256];
	struct hs_point *pts;
	size_t n;
	double mean;
	struct tsob_cp *cp;
	size_t ncp;
};

struct trend_run {
	struct tsob_store *s;
	const struct tsob_trend_opts *o;
	const char *scripts;
	char tmp[PATH_MAX];
	struct trend_series *ser;
	size_t nser;
	char why[512];
};

/* The timing banner of a series' host: "" on native arm64. */
const char *trend_banner(const struct hs_series *x);

/* trend.md in the directory being built. */
int trend_write_md(struct trend_run *tr, struct tsob_err *e);

#endif
