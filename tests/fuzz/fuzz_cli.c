// SPDX-License-Identifier: MIT
/* libFuzzer target: the `run` option parser. Input: arguments separated by NUL or newline. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2];
	struct tsob_run_opts o;
	int argc = 1;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "run";
	for (size_t i = 0, start = 0; i <= size && argc <= MAX_ARGS; i++) {
		if (i == size || buf[i] == '\n' || buf[i] == '\0') {
			buf[i] = '\0';
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	if (!tsob_run_parse(argc, argv, &o)) {
		/* What the parser accepts must be within the limits it promises. */
		if (o.nkernels < 1 || o.nkernels > MAX_KERNELS || o.repeat < 1 ||
		    o.nevents < 0 || o.nevents > TSOB_MAX_EVENTS)
			abort();
	}
	free(buf);
	return 0;
}
