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
	struct tsob_err e = { 0 };
	int argc = 1, r;

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
	r = tsob_run_parse(argc, argv, &o, &e);
	if (!r) {
		/* What the parser accepts must be within the limits it promises. */
		if (o.suite.nkernels < 1 || o.suite.nkernels > TSOB_SUITE_MAX_KERNELS ||
		    o.suite.repeat < 1 || o.suite.nevents < 0 || o.suite.nevents > TSOB_MAX_EVENTS)
			abort();
	} else if (r < 0 && (!e.msg[0] || strchr(e.msg, '\n'))) {
		abort(); /* a refusal always says why, on one line */
	}
	free(buf);
	return 0;
}
