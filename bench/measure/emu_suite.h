/* SPDX-License-Identifier: MIT */
/*
 * tsobench emu measured: every selected kernel x emulator configuration, each
 * cell a fresh emulator process running tsob-x86 (workloads/x86, tsob/emurun.h)
 * with counters that follow it and its threads (proccount.h), recorded as
 * ordinary results cells whose strategy is "emu:" and the configuration's
 * name, with the emulator's record beside them (emu_record.h).
 */
#ifndef TSOB_EMU_SUITE_H
#define TSOB_EMU_SUITE_H

#include <json-c/json.h>
#include <stdbool.h>

#include "host.h"
#include "suite.h"
#include "tsob/emuconf.h"

#define TSOB_EMU_MAX_CONFIGS 64
#define TSOB_EMU_STRATEGY_PREFIX "emu:"

struct tsob_emu_suite {
	/* Kernels, events, repetitions, threads, size, quick and quiet, as for run. */
	struct tsob_suite base;
	const struct tsob_emu_config *configs[TSOB_EMU_MAX_CONFIGS];
	int nconfigs;
	const char *prog;    /* tsob-x86 */
	unsigned timeout_ms; /* one cell's emulator process, from fork to exit */
};

/*
 * Run every cell into @doc. TSOB_EXIT_OK; TSOB_EXIT_FAIL when a cell failed,
 * could not run, or showed ordering violations under a configuration that
 * claims x86-TSO; -EINVAL with @why for a kernel that cannot take its size or
 * threads; -ENOMEM. Stops on SIGINT/SIGTERM (tsob_interrupted), killing the
 * emulator.
 */
int tsob_emu_suite_run(const struct tsob_emu_suite *s, json_object *doc, char *why, size_t len);

/* What a results file's timing note says for emu cells on @host. */
const char *tsob_emu_timing_note(const struct tsob_host *host);

#endif
