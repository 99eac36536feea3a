// SPDX-License-Identifier: MIT
/* libFuzzer target: the results-file reader that compare and report use. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "tsob/results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct tsob_err e = { 0 };
	struct tsob_view v;
	FILE *f;

	/* The reader takes a path, as the commands do. */
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/tsob-fuzz-results-%d.json", (int)getpid());
	f = fopen(path, "w");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	if (!tsob_view_load(path, &v, &e)) {
		/* A document the reader accepts must survive everything done with it next. */
		char out[80];

		snprintf(out, sizeof(out), "%s.csv", path);
		tsob_export_csv(&v, out, &e);
		unlink(out);
		json_object_put(tsob_export_gbench(&v));
		tsob_view_free(&v);
	} else if (!e.msg[0] || strchr(e.msg, '\n')) {
		abort(); /* a refusal always says why, on one line */
	}
	unlink(path);
	return 0;
}
