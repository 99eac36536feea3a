// SPDX-License-Identifier: MIT
/*
 * Checking a results document once, where it is read: the schema name and
 * version, the type of every field the view uses, and the range of every
 * number a consumer converts (ops of 1e19 into an int64, say), so that no
 * consumer has to check again.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "results_internal.h"
#include "tsob/json.h"

#define MAX_EXACT 9007199254740992.0 /* 2^53: larger integers lose precision as doubles */

struct num_rule {
	const char *key;
	double min, max;
	bool integer;
};

static const struct num_rule cell_rules[] = {
	{ "threads", 1, TSOB_MAX_THREADS, true },
	{ "size", 0, MAX_EXACT, true },
	{ "ops", 0, MAX_EXACT, true },
	{ "warmup", 0, 1e9, true },
	{ "repeat", 0, 1e9, true },
	{ "ordering_violations", 0, MAX_EXACT, true },
	{ "wall_ns_per_op", 0, 1e18, false },
};

static int expect(json_object *o, const char *key, json_type type, const char *where,
		  struct tsob_err *e)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return tsob_err_set(e, -EINVAL, "%s has no \"%s\"", where, key);
	if (!json_object_is_type(v, type) &&
	    !(type == json_type_double && json_object_is_type(v, json_type_int)))
		return tsob_err_set(e, -EINVAL, "%s.\"%s\" should be %s, is %s", where, key,
				    json_type_to_name(type),
				    json_type_to_name(json_object_get_type(v)));
	return 0;
}

static int check_num(json_object *v, const struct num_rule *r, const char *key,
		     const char *where, struct tsob_err *e)
{
	double d;

	if (!v)
		return 0; /* null: a value that does not exist */
	if (!tsob_json_is_num(v))
		return tsob_err_set(e, -EINVAL, "%s.%s is not a number", where, key);
	d = json_object_get_double(v);
	if (!isfinite(d) || d < r->min || d > r->max || (r->integer && d != floor(d)))
		return tsob_err_set(e, -ERANGE, "%s.%s = %.17g is out of range (%s %.17g to %.17g)",
				    where, key, d, r->integer ? "an integer from" : "from", r->min,
				    r->max);
	return 0;
}

/* A numeric array under @key of @o, each element by @r; its length in *n. */
static int check_array(json_object *o, const char *key, const struct num_rule *r, size_t *n,
		       const char *where, struct tsob_err *e)
{
	json_object *a = tsob_json_get(o, key);

	*n = 0;
	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return tsob_err_set(e, -EINVAL, "%s.%s is not an array", where, key);
	*n = json_object_array_length(a);
	for (size_t j = 0; j < *n; j++) {
		char k[48];

		snprintf(k, sizeof(k), "%s[%zu]", key, j);
		if (check_num(json_object_array_get_idx(a, j), r, k, where, e))
			return e->code;
	}
	return 0;
}

/* {values, run?, round?}: samples in [min, max]; run and round, when there, one per sample. */
static int check_series(json_object *o, double min, double max, const char *where,
			struct tsob_err *e)
{
	struct num_rule val = { "values", min, max, false };
	struct num_rule idx = { "index", 0, 1e9, true };
	size_t n, nrun, nround;

	if (!json_object_is_type(o, json_type_object))
		return tsob_err_set(e, -EINVAL, "%s is not an object", where);
	if (check_array(o, "values", &val, &n, where, e) ||
	    check_array(o, "run", &idx, &nrun, where, e) ||
	    check_array(o, "round", &idx, &nround, where, e))
		return e->code;
	if ((tsob_json_get(o, "run") && nrun != n) || (tsob_json_get(o, "round") && nround != n))
		return tsob_err_set(e, -EINVAL, "%s: run or round does not have one entry per sample",
				    where);
	return 0;
}

/* A `tsobench seq` row: what it is, how it ran, and its raw readings (counts, >= 0). */
static const struct num_rule seq_rules[] = {
	{ "instructions", 0, 1e6, true },
	{ "u", 1, 1e6, true },
	{ "iterations", 0, 144115188075855872.0 /* 2^57 */, true },
};
static const char *const seq_strings[] = { "group", "form", "insns", "model", "figure",
					   "figure_note" };

static int check_seq(json_object *s, const char *where, struct tsob_err *e)
{
	struct num_rule count = { "raw", 0, 1.8446744073709552e19, true };
	json_object *raw = tsob_json_get(s, "raw"), *needs = tsob_json_get(s, "needs");
	const char *model = tsob_json_get_str(s, "model");
	char sub[200];
	size_t n;

	if (!json_object_is_type(s, json_type_object))
		return tsob_err_set(e, -EINVAL, "%s.seq is not an object", where);
	for (size_t i = 0; i < ARRAY_SIZE(seq_strings); i++) {
		json_object *v = tsob_json_get(s, seq_strings[i]);

		if (v && !json_object_is_type(v, json_type_string))
			return tsob_err_set(e, -EINVAL, "%s.seq.%s is not a string", where,
					    seq_strings[i]);
	}
	if (!model || (strcmp(model, "default") && strcmp(model, "tso")))
		return tsob_err_set(e, -EINVAL, "%s.seq.model must be \"default\" or \"tso\"",
				    where);
	snprintf(sub, sizeof(sub), "%s.seq", where);
	for (size_t i = 0; i < ARRAY_SIZE(seq_rules); i++)
		if (check_num(tsob_json_get(s, seq_rules[i].key), &seq_rules[i], seq_rules[i].key,
			      sub, e))
			return e->code;
	if (needs && !json_object_is_type(needs, json_type_array))
		return tsob_err_set(e, -EINVAL, "%s.needs is not an array", sub);
	for (size_t i = 0; needs && i < json_object_array_length(needs); i++)
		if (!json_object_is_type(json_object_array_get_idx(needs, i), json_type_string))
			return tsob_err_set(e, -EINVAL, "%s.needs[%zu] is not a string", sub, i);
	if (!raw)
		return 0;
	if (!json_object_is_type(raw, json_type_object))
		return tsob_err_set(e, -EINVAL, "%s.raw is not an object", sub);
	json_object_object_foreach(raw, call, readings)
	{
		snprintf(sub, sizeof(sub), "%s.seq.raw.%.8s", where, call);
		if (!json_object_is_type(readings, json_type_object))
			return tsob_err_set(e, -EINVAL, "%s is not an object", sub);
		json_object_object_foreach(readings, name, arr)
		{
			(void)arr;
			if (check_array(readings, name, &count, &n, sub, e))
				return e->code;
		}
	}
	return 0;
}

/* The `tsobench seq` section: which memory models were asked for, and why TSO was not run. */
static int check_seq_section(json_object *s, struct tsob_err *e)
{
	const char *tso = tsob_json_get_str(s, "tso");
	json_object *why = tsob_json_get(s, "tso_reason");

	if (!json_object_is_type(s, json_type_object))
		return tsob_err_set(e, -EINVAL, "seq is not an object");
	if (!tso || (strcmp(tso, "auto") && strcmp(tso, "on") && strcmp(tso, "off")))
		return tsob_err_set(e, -EINVAL, "seq.tso must be \"auto\", \"on\" or \"off\"");
	if (why && !json_object_is_type(why, json_type_string))
		return tsob_err_set(e, -EINVAL, "seq.tso_reason is not a string");
	return 0;
}

static const struct num_rule precision_rules[] = {
	{ "target_pct", 0, 1e6, false },
	{ "half_width_pct", 0, 1e18, false },
	{ "n", 0, 1e12, true },
};
static const struct num_rule injected_rules[] = {
	{ "asked_pct", 0, 1e6, false },
	{ "iterations", 0, MAX_EXACT, true },
};

/* An optional object member @key of @c whose numbers follow @rules. */
static int check_member(json_object *c, const char *key, const struct num_rule *rules, size_t n,
			const char *where, struct tsob_err *e)
{
	json_object *o = tsob_json_get(c, key);
	char sub[160];

	if (!o)
		return 0;
	snprintf(sub, sizeof(sub), "%s.%s", where, key);
	if (!json_object_is_type(o, json_type_object))
		return tsob_err_set(e, -EINVAL, "%s is not an object", sub);
	for (size_t i = 0; i < n; i++)
		if (check_num(tsob_json_get(o, rules[i].key), &rules[i], rules[i].key, sub, e))
			return e->code;
	return 0;
}

/* --precision and the extra work of a calibration, where a cell has them. */
static int check_extras(json_object *c, const char *where, struct tsob_err *e)
{
	json_object *share = tsob_json_get(tsob_json_get(c, "injected"), "share");
	char sub[160];

	if (check_member(c, "precision", precision_rules, ARRAY_SIZE(precision_rules), where, e) ||
	    check_member(c, "injected", injected_rules, ARRAY_SIZE(injected_rules), where, e))
		return e->code;
	snprintf(sub, sizeof(sub), "%s.injected.share", where);
	return share ? check_series(share, 0, 1, sub, e) : 0;
}

static int check_cell(json_object *c, const char *where, struct tsob_err *e)
{
	json_object *v, *ctr, *seq = tsob_json_get(c, "seq");
	/* A seq sample is a difference of two readings: noise can take it below zero. */
	double lo = seq ? -1e18 : 0;
	const char *side;
	char sub[160];

	if (!json_object_is_type(c, json_type_object))
		return tsob_err_set(e, -EINVAL, "%s is not an object", where);
	if (expect(c, "kernel", json_type_string, where, e) ||
	    expect(c, "strategy", json_type_string, where, e) ||
	    expect(c, "threads", json_type_int, where, e) ||
	    expect(c, "status", json_type_string, where, e))
		return e->code;
	for (size_t i = 0; i < ARRAY_SIZE(cell_rules); i++)
		if (check_num(tsob_json_get(c, cell_rules[i].key), &cell_rules[i], cell_rules[i].key,
			      where, e))
			return e->code;
	side = tsob_json_get_str(c, "side");
	if (tsob_json_get(c, "side") && (!side || (strcmp(side, "base") && strcmp(side, "new"))))
		return tsob_err_set(e, -EINVAL, "%s.side must be \"base\" or \"new\"", where);
	if (seq && check_seq(seq, where, e))
		return e->code;
	snprintf(sub, sizeof(sub), "%s.wall_ns", where);
	if (((v = tsob_json_get(c, "wall_ns")) && check_series(v, lo, 1e18, sub, e)) ||
	    check_extras(c, where, e))
		return e->code;
	if (tsob_view_check_emu(c, where, e))
		return e->code;
	ctr = tsob_json_get(c, "counters");
	if (!ctr)
		return 0;
	if (!json_object_is_type(ctr, json_type_object))
		return tsob_err_set(e, -EINVAL, "%s.counters is not an object", where);
	json_object_object_foreach(ctr, name, val)
	{
		snprintf(sub, sizeof(sub), "%s.counters.%.40s", where, name);
		if (!json_object_is_type(val, json_type_object))
			return tsob_err_set(e, -EINVAL, "%s is not an object", sub);
		if (tsob_json_get_bool(val, "available", false) &&
		    check_series(val, seq ? -1.8446744073709552e19 : 0, 1.8446744073709552e19, sub,
				 e))
			return e->code;
	}
	return 0;
}

int tsob_results_check(json_object *doc, struct tsob_err *e)
{
	json_object *v, *cells, *ctx;
	int version;

	if (!json_object_is_type(doc, json_type_object))
		return tsob_err_set(e, -EINVAL,
				    "not a tsobench results document (top level is not an object)");
	if (expect(doc, "schema", json_type_string, "document", e))
		return e->code;
	json_object_object_get_ex(doc, "schema", &v);
	if (strcmp(json_object_get_string(v), TSOB_SCHEMA_NAME))
		return tsob_err_set(e, -EINVAL, "schema is \"%s\", not \"%s\"",
				    json_object_get_string(v), TSOB_SCHEMA_NAME);
	if (expect(doc, "schema_version", json_type_int, "document", e))
		return e->code;
	json_object_object_get_ex(doc, "schema_version", &v);
	version = json_object_get_int(v);
	if (version < TSOB_SCHEMA_OLDEST || version > TSOB_SCHEMA_VERSION)
		return tsob_err_set(e, -EPROTONOSUPPORT,
				    "schema_version %d, this tsobench reads versions %d to %d",
				    version, TSOB_SCHEMA_OLDEST, TSOB_SCHEMA_VERSION);
	if (expect(doc, "complete", json_type_boolean, "document", e) ||
	    expect(doc, "context", json_type_object, "document", e) ||
	    expect(doc, "cells", json_type_array, "document", e))
		return e->code;
	ctx = tsob_json_get(doc, "context");
	if (expect(ctx, "host", json_type_string, "context", e) ||
	    expect(ctx, "arch", json_type_string, "context", e) ||
	    expect(ctx, "kernel", json_type_string, "context", e) ||
	    expect(ctx, "cpu_model", json_type_string, "context", e))
		return e->code;
	{
		struct num_rule ncpus = { "ncpus", 1, 1e6, true }, runs = { "runs", 1, 1e6, true };

		if (check_num(tsob_json_get(ctx, "ncpus"), &ncpus, "ncpus", "context", e) ||
		    check_num(tsob_json_get(ctx, "runs"), &runs, "runs", "context", e))
			return e->code;
	}
	if ((v = tsob_json_get(doc, "seq")) && check_seq_section(v, e))
		return e->code;
	cells = tsob_json_get(doc, "cells");
	for (size_t i = 0; i < json_object_array_length(cells); i++) {
		char where[48];

		snprintf(where, sizeof(where), "cells[%zu]", i);
		if (check_cell(json_object_array_get_idx(cells, i), where, e))
			return e->code;
	}
	return 0;
}
