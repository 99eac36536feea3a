// SPDX-License-Identifier: MIT
/*
 * The context-switch section of a results file, read tolerantly: the section
 * (or any member of it) may be an array of rows or an object keyed by state,
 * and a row may carry its figure as a number, a series or a stats object.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results_internal.h"
#include "tsob/json.h"

bool tsob_view_values_stats(json_object *vals, struct tsob_stats *s)
{
	size_t n;
	double *x;

	if (!vals || !json_object_is_type(vals, json_type_array))
		return false;
	n = json_object_array_length(vals);
	x = malloc((n ? n : 1) * sizeof(*x));
	if (!x)
		return false;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(vals, i);

		if (!tsob_json_is_num(e)) {
			free(x);
			return false;
		}
		x[i] = json_object_get_double(e);
	}
	tsob_stats_compute(x, n, s);
	free(x);
	return true;
}

/* Pull a {median, ci95} out of whatever a ctxsw row offers. */
static bool ctxsw_measure(json_object *row, struct tsob_view_ctxsw *r)
{
	static const char *const keys[] = {"ns_per_switch", "ns_per_call", "ns_per_op",
					   "per_switch_ns", "latency_ns",  "ns"};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_object *v = tsob_json_get(row, keys[i]), *st, *ci;
		struct tsob_stats s;

		if (!v)
			continue;
		r->unit = strstr(keys[i], "call") ? "ns per call" : "ns per switch";
		if (tsob_json_is_num(v)) {
			r->median = r->lo = r->hi = json_object_get_double(v);
			r->n = 1;
			return true;
		}
		if (tsob_view_values_stats(tsob_json_get(v, "values"), &s)) {
			if (s.n) {
				r->median = s.median;
				r->lo = s.ci_lo;
				r->hi = s.ci_hi;
				r->n = s.n;
				return true;
			}
		}
		st = tsob_json_get(v, "stats") ? tsob_json_get(v, "stats") : v;
		r->median = tsob_json_get_num(st, "median");
		ci = tsob_json_get(st, "ci95");
		if (ci && json_object_is_type(ci, json_type_array) &&
		    json_object_array_length(ci) == 2) {
			r->lo = json_object_get_double(json_object_array_get_idx(ci, 0));
			r->hi = json_object_get_double(json_object_array_get_idx(ci, 1));
		} else {
			r->lo = r->hi = r->median;
		}
		r->n = (size_t)fmax(0, tsob_json_get_num(st, "n"));
		if (isfinite(r->median))
			return true;
	}
	return false;
}

static void ctxsw_label(json_object *row, size_t idx, char *buf, size_t len)
{
	static const char *const keys[] = {"state",  "name", "variant", "mechanism",
					   "method", "call", "mode",	"kind"};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && used < len; i++) {
		const char *s = tsob_json_get_str(row, keys[i]);

		if (s && *s)
			used +=
			    (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", s);
	}
	if (!buf[0])
		snprintf(buf, len, "#%zu", idx);
}

static bool ctxsw_grow(struct tsob_view *ds)
{
	struct tsob_view_ctxsw *grown;

	if (ds->nctxsw < ds->ctxsw_cap)
		return true;
	grown = realloc(ds->ctxsw, (ds->ctxsw_cap * 2 + 8) * sizeof(*ds->ctxsw));
	if (!grown)
		return false;
	ds->ctxsw = grown;
	ds->ctxsw_cap = ds->ctxsw_cap * 2 + 8;
	return true;
}

/* One row; @name is the state when the section is keyed by state. */
static void ctxsw_row(struct tsob_view *ds, json_object *row, const char *name, const char *group,
		      size_t idx)
{
	struct tsob_view_ctxsw *r;
	const char *status = tsob_json_get_str(row, "status");

	if (!ctxsw_grow(ds))
		return;
	r = &ds->ctxsw[ds->nctxsw++];
	memset(r, 0, sizeof(*r));
	r->group = group;
	if (name)
		snprintf(r->label, sizeof(r->label), "%s %s", name, group);
	else
		ctxsw_label(row, idx, r->label, sizeof(r->label));
	r->reason = tsob_json_get_str(row, "reason");
	r->available =
	    tsob_json_get_bool(row, "available", true) && (!status || strcmp(status, "unavailable"));
	r->median = r->lo = r->hi = NAN;
	if (r->available && !ctxsw_measure(row, r)) {
		r->available = false;
		if (!r->reason)
			r->reason = "no ns-per-switch figure in this row";
	}
}

static bool ctxsw_is_row(json_object *o)
{
	const char *status = tsob_json_get_str(o, "status");

	return json_object_is_type(o, json_type_object) &&
	       (tsob_json_get(o, "ns_per_switch") || tsob_json_get(o, "ns_per_call") ||
		(tsob_json_get(o, "available") && !tsob_json_get_bool(o, "available", true)) ||
		(status && !strcmp(status, "unavailable")));
}

/*
 * Tolerant: the section (or any member of it) may be an array of rows, or an
 * object keyed by state ("futex": {"default": {...}, "tso": {...}}); a row is
 * an object with ns_per_switch or ns_per_call, or one marked unavailable.
 */
void tsob_view_read_ctxsw(struct tsob_view *ds, json_object *sec)
{
	if (json_object_is_type(sec, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(sec); i++)
			if (ctxsw_is_row(json_object_array_get_idx(sec, i)))
				ctxsw_row(ds, json_object_array_get_idx(sec, i), NULL, "ctxsw", i);
	} else if (json_object_is_type(sec, json_type_object)) {
		json_object_object_foreach(sec, group, val)
		{
			if (json_object_is_type(val, json_type_array)) {
				for (size_t i = 0; i < json_object_array_length(val); i++)
					if (ctxsw_is_row(json_object_array_get_idx(val, i)))
						ctxsw_row(ds, json_object_array_get_idx(val, i),
							  NULL, group, i);
			} else if (json_object_is_type(val, json_type_object)) {
				json_object_object_foreach(val, state, row)
				{
					if (ctxsw_is_row(row))
						ctxsw_row(ds, row, state, group, 0);
				}
			}
		}
	}
	if (!ds->nctxsw)
		ds->ctxsw_note = "it holds no rows this tsobench can read (objects with "
				 "ns_per_switch or ns_per_call)";
}

