/* SPDX-License-Identifier: MIT */
/*
 * Recording an emu cell in the results model: an ordinary cell (kernel,
 * strategy "emu:NAME", threads, status, samples, counters, checksum) with the
 * emulator's record beside it in "emulator" (results/README.md).
 */
#ifndef TSOB_EMU_RECORD_H
#define TSOB_EMU_RECORD_H

#include <json-c/json.h>
#include <stdbool.h>

#include "counters.h"
#include "tsob/emurun.h"
#include "tsob/kernel.h"

/* What the counters saw of one cell: deltas per mark pair, and the whole run. */
struct tsob_emu_counts {
	const struct tsob_event *events;
	int nevents;
	struct tsob_counter_status status[TSOB_MAX_EVENTS];
	struct tsob_count calib[TSOB_MAX_EVENTS]; /* what the marks themselves add */
	bool calibrated;
	struct tsob_count *rep; /* [repeat][nevents]: each measured region */
	unsigned nrep;
	struct tsob_count total[TSOB_MAX_EVENTS]; /* from exec to exit */
	bool have_total;
};

/* The cell's status in the results model ("checksum-failed" for a wrong result). */
const char *tsob_emu_cell_status(enum tsob_emu_status s);

/* Whether the cell fails the run: anything but ok, unavailable, and violations
 * under a configuration that does not claim x86-TSO. */
bool tsob_emu_cell_fails(const struct tsob_emu_cell *cell, const struct tsob_emu_config *c);

/* "emu:NAME" for row @c. */
void tsob_emu_strategy(const struct tsob_emu_config *c, char *buf, size_t len);

/* The emulator's record of a row: what it is, and whether it runs here. */
json_object *tsob_emu_record_emulator(const struct tsob_emu_config *c,
				      const struct tsob_emu_avail *avail);

/* Append cell @cell of @cc (kernel @k) with its counters @cnt (NULL: none). */
void tsob_emu_record_cell(json_object *doc, const struct tsob_emu_cell_conf *cc,
			  const struct tsob_kernel *k, const struct tsob_emu_cell *cell,
			  const struct tsob_emu_counts *cnt);

#endif
