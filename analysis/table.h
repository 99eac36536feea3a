/* SPDX-License-Identifier: MIT */
/* The summary table of a run, as printed after `tsobench run`: read from the results model. */
#ifndef TSOB_TABLE_H
#define TSOB_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "tsob/results.h"

/* One line a cell, then what was not run or not counted here, and why. */
void tsob_table_print(FILE *out, const struct tsob_view *v);

#endif
