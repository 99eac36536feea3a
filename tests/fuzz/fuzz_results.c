// SPDX-License-Identifier: MIT
/* libFuzzer target: the results-file reader that compare and report use. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "export.h"
#include "results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	json_object *doc = NULL;
	char why[512];
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
	if (!tsob_results_load(path, &doc, why, sizeof(why))) {
		/* A document the reader accepts must survive what is done with it next. */
		char out[80];

		snprintf(out, sizeof(out), "%s.csv", path);
		tsob_results_save(out, doc, TSOB_FORMAT_CSV);
		unlink(out);
		json_object_put(doc);
	}
	/* The reader report, compare and export use, and what export builds from it. */
	{
		struct tsob_ds ds;

		memset(&ds, 0, sizeof(ds));
		if (!tsob_ds_load(path, &ds, why, sizeof(why))) {
			json_object_put(tsob_export_gbench(&ds));
			tsob_ds_free(&ds);
		}
	}
	unlink(path);
	return 0;
}
