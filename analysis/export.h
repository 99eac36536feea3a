/* SPDX-License-Identifier: MIT */
/*
 * Results in formats other tools already read: Google Benchmark's JSON (read
 * by its tools/compare.py, Bencher, github-action-benchmark) and the CSV of
 * `tsobench run --format csv` (in the style of `perf stat -x,`).
 */
#ifndef TSOB_EXPORT_H
#define TSOB_EXPORT_H

#include <json-c/json.h>

#include "dataset.h"

/*
 * A Google Benchmark document: one "iteration" entry per repetition of each
 * measured cell, named KERNEL/STRATEGY/threads:N, real_time in ns per
 * operation, then mean/median/stddev/cv aggregates as the library writes them.
 */
json_object *tsob_export_gbench(const struct tsob_ds *ds);

/* tsobench export (bench/cmd_export.c). */
int cmd_export(int argc, char **argv);

#endif
