// SPDX-License-Identifier: MIT
/*
 * tsobench-cells FILE: a results file's cells, one line each, for the LAVA
 * test script on the device (lava/tsobench-lava.sh), until the driver prints
 * them itself as `tsobench results cells FILE` (bench/lava/cells.c does both).
 * Built static for arm64 with nothing but json-c.
 */
#include <stdio.h>

#include "cells.h"

static int print(const struct tsob_lava_cell *c, void *arg)
{
	return tsob_lava_cell_print(arg, c);
}

int main(int argc, char **argv)
{
	char why[256] = "cannot write the cells";
	int n;

	if (argc != 2) {
		fprintf(stderr, "usage: tsobench-cells RESULTS.json\n");
		return 2;
	}
	n = tsob_lava_cells_walk(argv[1], print, stdout, why, sizeof(why));
	if (n < 0) {
		fprintf(stderr, "tsobench-cells: %s\n", why);
		return 2;
	}
	return fflush(stdout) ? 2 : 0;
}
