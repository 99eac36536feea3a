// SPDX-License-Identifier: MIT
/* The cells of a tsobench results file as LAVA test cases (see cells.h). */
#include "cells.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

/* Results files are a few MB at most; anything far larger is not one. */
#define CELLS_MAX_FILE (512u << 20)

struct walk {
	tsob_lava_cell_fn fn;
	void *arg;
	int count;
	int stop;
};

/* How each status of a run cell or litmus test reads as a LAVA result. */
static const struct {
	const char *status, *result;
} status_results[] = {
    {"ok", "pass"},		 /* run, litmus */
    {"weak", "pass"},		 /* litmus: plain code on a weakly ordered CPU, expected */
    {"unavailable", "skip"},	 /* run, litmus: strategy not offered here */
    {"checksum-failed", "fail"}, /* run */
    {"interrupted", "fail"},	 /* run */
    {"error", "fail"},		 /* run, litmus */
    {"violation", "fail"},	 /* litmus: an outcome x86-TSO forbids */
};

static const char *status_result(const char *status)
{
	for (size_t i = 0; i < sizeof(status_results) / sizeof(status_results[0]); i++)
		if (status && !strcmp(status, status_results[i].status))
			return status_results[i].result;
	return "fail";
}

static void say(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object))
		return NULL;
	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static bool num(struct json_object *v, double *out)
{
	if (!v ||
	    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
		return false;
	*out = json_object_get_double(v);
	return isfinite(*out);
}

/* The median of a { "values", "stats" } object, or of a bare stats object. */
static bool median(struct json_object *o, double *out)
{
	struct json_object *stats = get(o, "stats");

	return num(get(stats ? stats : o, "median"), out);
}

/* LAVA keeps a test case name only without whitespace; '/' it changes itself. */
static void name_part(char *dst, size_t len, const char *src)
{
	size_t n = strlen(dst);

	for (; src && *src && n + 1 < len; src++, n++) {
		char c = *src;
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '+';
		dst[n] = keep ? c : '_';
	}
	dst[n] = '\0';
}

static void one_line(char *dst, size_t len, const char *src)
{
	size_t n = 0;

	for (; src && *src && n + 1 < len; src++)
		dst[n++] = (*src == '\n' || *src == '\r' || *src == '\t') ? ' ' : *src;
	dst[n] = '\0';
}

/* Emit a cell named PREFIX.PART1.PART2... (NULL ends the parts). */
static void emit(struct walk *w, const char *result, const double *value, const char *units,
		 const char *reason, const char *prefix, ...)
{
	struct tsob_lava_cell c = {.result = result};
	const char *part;
	va_list ap;

	if (w->stop)
		return;
	name_part(c.name, sizeof(c.name), prefix);
	va_start(ap, prefix);
	while ((part = va_arg(ap, const char *))) {
		name_part(c.name, sizeof(c.name), ".");
		name_part(c.name, sizeof(c.name), part);
	}
	va_end(ap);
	if (value) {
		c.has_value = true;
		c.value = *value;
		one_line(c.units, sizeof(c.units), units);
		for (char *u = c.units; *u; u++)
			if (*u == ' ')
				*u = '_'; /* LAVA reads units up to the first blank */
	}
	one_line(c.reason, sizeof(c.reason), reason);
	w->count++;
	w->stop = w->fn(&c, w->arg);
}

/* A counter (or counter-per-switch) entry: skip with its reason when unavailable. */
static void counter(struct walk *w, const char *base, const char *event, struct json_object *c,
		    const char *per)
{
	struct json_object *avail = get(c, "available");
	char units[48];
	double v;

	if (!avail || !json_object_get_boolean(avail)) {
		emit(w, "skip", NULL, NULL,
		     str(c, "reason") ? str(c, "reason") : "counter unavailable", base, event,
		     NULL);
		return;
	}
	snprintf(units, sizeof(units), "%s/%s", event, per);
	if (num(get(c, "per_op"), &v) || median(c, &v))
		emit(w, "pass", &v, units, NULL, base, event, NULL);
	else
		emit(w, "pass", NULL, NULL, NULL, base, event, NULL);
}

static void run_cells(struct walk *w, struct json_object *cells)
{
	size_t n = json_object_array_length(cells);

	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(cells, i);
		const char *status = str(c, "status");
		const char *result = status_result(status);
		struct json_object *threads = get(c, "threads"), *counters = get(c, "counters");
		char base[160] = "", t[24];
		double v;
		bool has = !strcmp(result, "pass") && num(get(c, "wall_ns_per_op"), &v);

		snprintf(t, sizeof(t), "t%d", threads ? json_object_get_int(threads) : 0);
		emit(w, result, has ? &v : NULL, "ns/op", str(c, "reason"), "run", str(c, "kernel"),
		     str(c, "strategy"), t, NULL);
		if (strcmp(result, "pass") || !counters)
			continue;
		name_part(base, sizeof(base), "run");
		name_part(base, sizeof(base), ".");
		name_part(base, sizeof(base), str(c, "kernel"));
		name_part(base, sizeof(base), ".");
		name_part(base, sizeof(base), str(c, "strategy"));
		name_part(base, sizeof(base), ".");
		name_part(base, sizeof(base), t);
		json_object_object_foreach(counters, event, ctr) counter(w, base, event, ctr, "op");
	}
}

static void ctxsw_states(struct walk *w, const char *method, struct json_object *states)
{
	json_object_object_foreach(states, state, s)
	{
		struct json_object *avail = get(s, "available"), *ok = get(s, "ok");
		struct json_object *mism = get(s, "mismatches"),
				   *cps = get(s, "counters_per_switch");
		char base[160] = "", why[96];
		double v;

		if (!json_object_is_type(s, json_type_object))
			continue;
		if (!avail || !json_object_get_boolean(avail)) {
			emit(w, "skip", NULL, NULL, str(s, "reason"), "ctxsw", method, state, NULL);
			continue;
		}
		if ((ok && !json_object_get_boolean(ok)) || (mism && json_object_get_int64(mism))) {
			snprintf(why, sizeof(why), "%lld memory-model mismatches%s",
				 mism ? (long long)json_object_get_int64(mism) : 0LL,
				 ok && !json_object_get_boolean(ok) ? ", did not run to the end"
								    : "");
			emit(w, "fail", NULL, NULL, str(s, "reason") ? str(s, "reason") : why,
			     "ctxsw", method, state, NULL);
			continue;
		}
		bool has = median(get(s, "ns_per_switch"), &v);
		emit(w, "pass", has ? &v : NULL, "ns/switch", NULL, "ctxsw", method, state, NULL);
		if (!cps)
			continue;
		snprintf(base, sizeof(base), "ctxsw.%s.%s", method, state);
		json_object_object_foreach(cps, event, ctr) counter(w, base, event, ctr, "switch");
	}
}

/* An object of { "available", "reason", <measure>: {values, stats} } entries. */
static void ctxsw_group(struct walk *w, const char *group, struct json_object *o,
			const char *measure, const char *units)
{
	json_object_object_foreach(o, key, e)
	{
		struct json_object *avail = get(e, "available");
		double v;

		if (!get(e, measure) && !avail)
			continue; /* a setting of the group, not an entry */
		if (!avail || !json_object_get_boolean(avail)) {
			emit(w, "skip", NULL, NULL, str(e, "reason"), "ctxsw", group, key, NULL);
			continue;
		}
		bool has = median(get(e, measure), &v);
		emit(w, "pass", has ? &v : NULL, units, NULL, "ctxsw", group, key, NULL);
	}
}

static void ctxsw_cells(struct walk *w, struct json_object *cx)
{
	static const char *const methods[] = {"futex", "pipe"};
	struct json_object *prctl = get(cx, "prctl"), *tput = get(cx, "throughput");

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (get(cx, methods[i]))
			ctxsw_states(w, methods[i], get(cx, methods[i]));
	if (prctl)
		ctxsw_group(w, "prctl", prctl, "ns_per_call", "ns/call");
	if (tput && get(tput, "states"))
		ctxsw_group(w, "throughput", get(tput, "states"), "ops_per_s", "ops/s");
}

static void litmus_cells(struct walk *w, struct json_object *tests)
{
	size_t n = json_object_array_length(tests);

	for (size_t i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *result = status_result(str(t, "status"));
		char why[96] = "";
		double v = 0;
		bool has = num(get(t, "forbidden_observed"), &v);

		if (!strcmp(result, "fail") && !str(t, "reason"))
			snprintf(why, sizeof(why), "%.0f outcomes that x86-TSO forbids", v);
		emit(w, result, has && strcmp(result, "skip") ? &v : NULL, "forbidden",
		     str(t, "reason") ? str(t, "reason") : why, "litmus", str(t, "test"),
		     str(t, "strategy"), NULL);
	}
}

static char *slurp(const char *path, char *why, size_t whylen, int *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f) {
		*err = -errno;
		say(why, whylen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (len + 65536 + 1 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 262144;
			nb = cap <= CELLS_MAX_FILE ? realloc(buf, cap) : NULL;
			if (!nb) {
				*err = cap <= CELLS_MAX_FILE ? -ENOMEM : -EFBIG;
				say(why, whylen, "%s: too large for a results file", path);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, 65536, f);
		len += got;
	} while (got);
	if (ferror(f)) {
		*err = -EIO;
		say(why, whylen, "%s: read error", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

int tsob_lava_cells_walk(const char *path, tsob_lava_cell_fn fn, void *arg, char *why,
			 size_t whylen)
{
	struct walk w = {.fn = fn, .arg = arg};
	enum json_tokener_error jerr;
	struct json_object *doc, *cells;
	const char *schema;
	int err = 0;
	char *text = slurp(path, why, whylen, &err);

	if (!text)
		return err;
	doc = json_tokener_parse_verbose(text, &jerr);
	free(text);
	if (!doc) {
		say(why, whylen, "%s: not JSON (%s)", path, json_tokener_error_desc(jerr));
		return -EBADMSG;
	}
	schema = str(doc, "schema");
	cells = get(doc, "cells");
	if (!schema || strcmp(schema, "tsobench-results") || !cells ||
	    !json_object_is_type(cells, json_type_array)) {
		say(why, whylen, "%s: not a tsobench results file (schema, cells)", path);
		json_object_put(doc);
		return -EBADMSG;
	}
	run_cells(&w, cells);
	if (get(doc, "ctxsw"))
		ctxsw_cells(&w, get(doc, "ctxsw"));
	if (get(get(doc, "litmus"), "tests") &&
	    json_object_is_type(get(get(doc, "litmus"), "tests"), json_type_array))
		litmus_cells(&w, get(get(doc, "litmus"), "tests"));
	json_object_put(doc);
	return w.stop ? w.stop : w.count;
}

int tsob_lava_cell_print(FILE *out, const struct tsob_lava_cell *c)
{
	char value[40] = "-";

	if (c->has_value)
		snprintf(value, sizeof(value), "%.9g", c->value);
	return fprintf(out, "%s %s %s %s %s\n", c->name, c->result, value,
		       c->has_value && c->units[0] ? c->units : "-",
		       c->reason[0] ? c->reason : "-") < 0
		   ? -EIO
		   : 0;
}
