// SPDX-License-Identifier: MIT
/*
 * libFuzzer target, structure-aware: the numbers of a valid results document.
 * The input is a list of records, each one byte naming a numeric field (from
 * the table below), one byte choosing how it is written (double, int64,
 * uint64) and eight bytes of value (any double: NaN, inf, 1e19, -0, 2.5 ...).
 * The document that results goes through everything that reads files:
 * the reader, the analysis dataset, the gbench export and the CSV writer.
 *
 * Why a second target: the byte-level results target needs about a hundred
 * thousand inputs to splice an out-of-range number into the right place (five
 * minutes without a dictionary); here every input is such a number, so range
 * bugs of any field are found in seconds, within CI's bounded runs.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "tsob/results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every numeric field a cell or its context may carry, as "object.key". */
static const char *const fields[] = {
	"cell.threads",		"cell.size",	      "cell.ops",	  "cell.warmup",
	"cell.repeat",		"cell.ordering_violations", "cell.wall_ns_per_op", "wall.0",
	"wall.1",		"wall.2",	      "stats.n",	  "stats.median",
	"stats.cv",		"ci.0",		      "ci.1",		  "ctr.0",
	"ctr.1",		"ctr.2",	      "ctr.per_op",	  "ena.0",
	"run.0",		"ctx.ncpus",	      "ctx.repeat",	  "doc.schema_version",
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static json_object *number(uint8_t how, double v)
{
	switch (how % 3) {
	case 0:
		return json_object_new_double(v);
	case 1:
		return json_object_new_int64(isfinite(v) && fabs(v) < 9.2e18 ? (int64_t)v
									: INT64_MAX);
	default:
		return json_object_new_uint64(isfinite(v) && v >= 0 && v < 1.8e19 ? (uint64_t)v
										  : UINT64_MAX);
	}
}

static json_object *template_doc(json_object **obj)
{
	const char *text =
		"{\"schema\":\"tsobench-results\",\"schema_version\":1,\"complete\":true,"
		"\"context\":{\"host\":\"h\",\"arch\":\"aarch64\",\"kernel\":\"k\","
		"\"cpu_model\":\"c\",\"ncpus\":2,\"repeat\":3},"
		"\"cells\":[{\"kernel\":\"k\",\"strategy\":\"plain\",\"threads\":1,"
		"\"status\":\"ok\",\"size\":64,\"ops\":64,\"warmup\":1,\"repeat\":3,"
		"\"ordering_violations\":0,\"wall_ns_per_op\":1.5,"
		"\"wall_ns\":{\"values\":[100,101,102],\"stats\":{\"n\":3,\"median\":101,"
		"\"ci95\":[100,102],\"cv\":0.01}},"
		"\"counters\":{\"task-clock\":{\"available\":true,\"values\":[90,91,92],"
		"\"per_op\":1.4,\"time_enabled\":[1,1,1],\"time_running\":[1,1,1],"
		"\"stats\":{\"n\":3,\"median\":91}}}}]}";
	json_object *doc = json_tokener_parse(text), *cell, *wall, *ctr;

	if (!doc)
		abort();
	cell = json_object_array_get_idx(json_object_object_get(doc, "cells"), 0);
	wall = json_object_object_get(cell, "wall_ns");
	ctr = json_object_object_get(json_object_object_get(cell, "counters"), "task-clock");
	obj[0] = doc;
	obj[1] = json_object_object_get(doc, "context");
	obj[2] = cell;
	obj[3] = json_object_object_get(wall, "values");
	obj[4] = json_object_object_get(wall, "stats");
	obj[5] = json_object_object_get(obj[4], "ci95");
	obj[6] = json_object_object_get(ctr, "values");
	obj[7] = ctr;
	obj[8] = json_object_object_get(ctr, "time_enabled");
	obj[9] = json_object_object_get(ctr, "time_running");
	return doc;
}

static void set(json_object **obj, const char *field, json_object *v)
{
	static const char *const prefixes[] = { "doc.", "ctx.", "cell.", "wall.", "stats.",
						"ci.", "ctr.", NULL, "ena.", "run." };
	const char *key;

	for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
		size_t n;

		if (!prefixes[p] || strncmp(field, prefixes[p], n = strlen(prefixes[p])))
			continue;
		key = field + n;
		if (!strcmp(key, "per_op"))
			json_object_object_add(obj[7], key, v); /* the counter object itself */
		else if (json_object_is_type(obj[p], json_type_array))
			json_object_array_put_idx(obj[p], (size_t)atoi(key), v);
		else
			json_object_object_add(obj[p], key, v);
		return;
	}
	json_object_put(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	json_object *obj[10], *doc = template_doc(obj);
	struct tsob_err e = { 0 };
	struct tsob_view v;

	for (size_t i = 0; i + 10 <= size; i += 10) {
		double x;

		memcpy(&x, data + i + 2, sizeof(x));
		set(obj, fields[data[i] % NFIELDS], number(data[i + 1], x));
	}
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/tsob-fuzz-numbers-%d.json", (int)getpid());
	if (json_object_to_file_ext(path, doc, JSON_C_TO_STRING_PLAIN))
		abort();
	json_object_put(doc);
	if (!tsob_view_load(path, &v, &e)) {
		char out[80];

		snprintf(out, sizeof(out), "%s.csv", path);
		tsob_export_csv(&v, out, &e);
		unlink(out);
		json_object_put(tsob_export_gbench(&v));
		tsob_view_free(&v);
	}
	unlink(path);
	return 0;
}
