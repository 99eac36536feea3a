/* SPDX-License-Identifier: MIT */
/*
 * Provenance beyond struct tsob_host: the board, every distinct core of a
 * heterogeneous CPU, and the kernel configuration lines a cost depends on
 * (tick rate, preemption model, page size, the series' own option). A
 * context-switch cost measured on a HZ=1000 PREEMPT kernel is not the one a
 * HZ=250 voluntary kernel has; a reviewer needs to see which it was.
 */
#ifndef TSOB_PROVENANCE_H
#define TSOB_PROVENANCE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

/* True for a .config line ("CONFIG_X=v" or "# CONFIG_X is not set") worth recording. */
bool tsob_kconfig_matters(const char *line);

/*
 * Append the lines that matter from a kernel .config stream to @lines (a JSON
 * array of strings), in file order, newline dropped. Returns how many.
 */
int tsob_kconfig_read(FILE *f, json_object *lines);

/*
 * Add "machine", "cores" and "kernel_config" to a results context. The
 * configuration comes from /boot/config-$(uname -r), else /proc/config.gz
 * (through gzip -dc); when neither exists, "kernel_config" says why.
 */
void tsob_provenance_add(json_object *context, const char *kernel_release);

#endif
