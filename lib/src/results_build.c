// SPDX-License-Identifier: MIT
/* Building a results document: the skeleton, cells, series and statistics. */
#include "tsob/results.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "tsob/json.h"

json_object *tsob_results_new(const char *command, json_object *context)
{
	json_object *doc = json_object_new_object();

	json_object_object_add(doc, "schema", json_object_new_string(TSOB_SCHEMA_NAME));
	json_object_object_add(doc, "schema_version", json_object_new_int(TSOB_SCHEMA_VERSION));
	json_object_object_add(doc, "complete", json_object_new_boolean(0));
	json_object_object_add(doc, "incomplete_reason", json_object_new_string("running"));
	if (!context)
		context = json_object_new_object();
	if (!json_object_object_get_ex(context, "command", NULL))
		json_object_object_add(context, "command", json_object_new_string(command));
	json_object_object_add(doc, "context", context);
	json_object_object_add(doc, "cells", json_object_new_array());
	return doc;
}

void tsob_results_set_complete(json_object *doc, bool complete, const char *why)
{
	json_object_object_add(doc, "complete", json_object_new_boolean(complete));
	json_object_object_add(doc, "incomplete_reason",
			       complete ? NULL : json_object_new_string(why ? why : "unknown"));
}

json_object *tsob_results_cell_add(json_object *doc, const char *kernel, const char *strategy,
				   unsigned threads, const char *status, const char *reason)
{
	json_object *cells = tsob_json_get(doc, "cells"), *o = json_object_new_object();

	json_object_object_add(o, "kernel", json_object_new_string(kernel));
	json_object_object_add(o, "strategy", json_object_new_string(strategy));
	json_object_object_add(o, "threads", json_object_new_int((int)threads));
	json_object_object_add(o, "status", json_object_new_string(status));
	json_object_object_add(o, "reason",
			       reason && *reason ? json_object_new_string(reason) : NULL);
	json_object_array_add(cells, o);
	return o;
}

json_object *tsob_results_stats(const struct tsob_stats *st)
{
	json_object *o = json_object_new_object(), *ci = json_object_new_array();

	json_object_object_add(o, "n", json_object_new_int64((int64_t)st->n));
	json_object_object_add(o, "median", tsob_json_num(st->median));
	json_object_object_add(o, "min", tsob_json_num(st->min));
	json_object_object_add(o, "max", tsob_json_num(st->max));
	json_object_object_add(o, "mean", tsob_json_num(st->mean));
	json_object_object_add(o, "stddev", tsob_json_num(st->stddev));
	json_object_object_add(o, "q1", tsob_json_num(st->q1));
	json_object_object_add(o, "q3", tsob_json_num(st->q3));
	json_object_array_add(ci, tsob_json_num(st->ci_lo));
	json_object_array_add(ci, tsob_json_num(st->ci_hi));
	json_object_object_add(o, "ci95", ci);
	json_object_object_add(o, "ci_level", tsob_json_num(st->ci_level));
	json_object_object_add(o, "cv", tsob_json_num(st->cv));
	json_object_object_add(o, "outliers", json_object_new_int64((int64_t)st->outliers));
	return o;
}

static json_object *int_array(const int *x, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_int(x[i]));
	return a;
}

json_object *tsob_results_series(const double *v, size_t n, const int *run, const int *round,
				 struct tsob_stats *st)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();
	struct tsob_stats local;

	if (!st)
		st = &local;
	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, tsob_json_num(v[i]));
	json_object_object_add(o, "values", arr);
	if (run)
		json_object_object_add(o, "run", int_array(run, n));
	if (round)
		json_object_object_add(o, "round", int_array(round, n));
	tsob_stats_compute(v, n, st);
	json_object_object_add(o, "stats", tsob_results_stats(st));
	return o;
}

void tsob_results_default_path(char *buf, size_t len, const char *command, const char *host,
			       const char *arch, enum tsob_format fmt)
{
	char date[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(buf, len, "results/%s-%s-%s-%s.%s", command, host, arch, date,
		 fmt == TSOB_FORMAT_CSV ? "csv" : "json");
}
