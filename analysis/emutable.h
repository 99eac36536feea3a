/* SPDX-License-Identifier: MIT */
/* The table printed after `tsobench emu`: emu cells, read from the results model. */
#ifndef TSOB_EMUTABLE_H
#define TSOB_EMUTABLE_H

#include <stdio.h>

#include "tsob/results.h"

/* One line a cell (with start-up and instructions per x86 operation), the
 * emulators and their versions, then what did not run here and why. */
void tsob_emutable_print(FILE *out, const struct tsob_view *v);

#endif
