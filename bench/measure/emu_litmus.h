/* SPDX-License-Identifier: MIT */
/*
 * tsobench emu --litmus measured: tsob-x86-litmus (the litmus tests as an
 * x86-64 program) under each selected emulator configuration. A forbidden
 * x86-TSO outcome under a configuration that claims TSO is an emulator bug
 * ("violation", a failure); under one that does not ("tso no" or "partial")
 * it is what the setting allows ("weak", an observation).
 */
#ifndef TSOB_EMU_LITMUS_H
#define TSOB_EMU_LITMUS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "emu_suite.h"

struct tsob_emu_litmus_suite {
	const struct tsob_emu_config *configs[TSOB_EMU_MAX_CONFIGS];
	int nconfigs;
	const char *prog;  /* tsob-x86-litmus */
	const char *tests; /* "all", or names separated by commas */
	uint64_t iterations, seed;
	unsigned limit_ms;   /* per test; 0: none */
	unsigned timeout_ms; /* one configuration's process */
	bool quiet;
};

/*
 * Run every configuration; fill the results' "litmus" section (*section) and
 * print the histograms on @out. TSOB_EXIT_OK, TSOB_EXIT_FAIL (a violation, or
 * a run that could not finish) or -ENOMEM.
 */
int tsob_emu_litmus_suite_run(const struct tsob_emu_litmus_suite *s, json_object **section,
			      FILE *out);

#endif
