/* SPDX-License-Identifier: MIT */
/*
 * Results in formats other tools already read: Google Benchmark's JSON (read
 * by its tools/compare.py, Bencher, github-action-benchmark) and the CSV of
 * `tsobench run --format csv` (in the style of `perf stat -x,`).
 */
#ifndef TSOB_EXPORT_H
#define TSOB_EXPORT_H

#include <json-c/json.h>

#include "tsob/results.h"

/*
 * A Google Benchmark document: one "iteration" entry per repetition of each
 * measured cell, named KERNEL/STRATEGY/size:N/threads:N, real_time in ns per
 * run of the kernel (a `tsobench seq` cell: ROW/MODEL/copies:1000, real_time
 * in ns per 1000 copies of the sequence, counters per copy), then
 * mean/median/stddev/cv aggregates as the library writes them.
 */
json_object *tsob_export_gbench(const struct tsob_view *v);

/* Write it to @path by the output rule ("-": standard output). 0 or a negative errno. */
int tsob_export_gbench_write(const struct tsob_view *v, const char *path, struct tsob_err *e);

/* The CSV of the view to @path by the output rule. 0 or a negative errno. */
int tsob_export_csv(const struct tsob_view *v, const char *path, struct tsob_err *e);

#endif
