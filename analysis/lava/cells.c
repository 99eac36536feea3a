// SPDX-License-Identifier: MIT
/*
 * The cells of a results file as LAVA test cases, read through the results
 * view: run and emu cells with their counters, the context-switch rows, the
 * litmus tests. The device script reports these; the collector checks the
 * log against them.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "lava.h"
#include "tsob/json.h"

/* How each status of a cell or litmus test reads as a LAVA result; anything else fails. */
static const struct {
	const char *status, *result;
} status_results[] = {
    {"ok", "pass"},
    {"weak", "pass"},	     /* litmus: plain code on a weakly ordered CPU, expected */
    {"unavailable", "skip"}, /* a strategy, emulator or test not offered here */
};

static const char *status_result(const char *status)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_results); i++)
		if (status && !strcmp(status, status_results[i].status))
			return status_results[i].result;
	return "fail";
}

struct walk {
	int (*fn)(const struct tsob_lava_case *c, void *arg);
	void *arg;
	int stop;
};

/* LAVA keeps a test case name only without blanks; '/' and ':' it changes itself. */
static void name_add(char *dst, size_t len, const char *part)
{
	size_t n = strlen(dst);

	if (n && n + 1 < len)
		dst[n++] = '.';
	for (; part && *part && n + 1 < len; part++, n++) {
		char c = *part;
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

/* Report one case named @base (and @part, when not NULL); a NaN value is none. */
static void emit(struct walk *w, const char *base, const char *part, const char *result,
		 double value, const char *units, const char *reason)
{
	struct tsob_lava_case c = {.result = result};

	if (w->stop)
		return;
	snprintf(c.name, sizeof(c.name), "%s", base);
	if (part)
		name_add(c.name, sizeof(c.name), part);
	if (isfinite(value) && strcmp(result, "skip")) {
		c.has_value = true;
		c.value = value;
		one_line(c.units, sizeof(c.units), units);
		for (char *u = c.units; *u; u++)
			if (*u == ' ')
				*u = '_'; /* LAVA reads units up to the first blank */
	}
	one_line(c.reason, sizeof(c.reason), reason);
	w->stop = w->fn(&c, w->arg);
}

/* PREFIX.KERNEL.STRATEGY.tN[.SIDE], then one case a counter. */
static void run_cells(struct walk *w, const struct tsob_view *v)
{
	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		const char *result = status_result(c->status);
		/* Per operation, or per repetition where the file gives no operation count. */
		double div = c->ops > 0 ? c->ops : 1;
		const char *per = c->ops > 0 ? "op" : "rep";
		char base[160] = "", t[24], units[48];

		snprintf(t, sizeof(t), "t%d", c->threads);
		name_add(base, sizeof(base), v->command ? v->command : "run");
		name_add(base, sizeof(base), c->kernel);
		name_add(base, sizeof(base), c->strategy);
		name_add(base, sizeof(base), t);
		if (c->side)
			name_add(base, sizeof(base), c->side);
		snprintf(units, sizeof(units), "ns/%s", per);
		/* A failed cell's time is no measurement of it. */
		emit(w, base, NULL, result,
		     c->wall.n && !strcmp(result, "pass") ? c->wall.st.median / div : NAN, units,
		     c->reason);
		if (strcmp(result, "pass"))
			continue; /* its counters were not read: the cell says why */
		for (size_t k = 0; k < c->nctr; k++) {
			const struct tsob_view_counter *x = &c->ctr[k];

			snprintf(units, sizeof(units), "%s/%s", x->name, per);
			emit(w, base, x->name, x->available ? "pass" : "skip",
			     x->available && x->s.n ? x->s.st.median / div : NAN, units,
			     x->available ? NULL
			     : x->reason  ? x->reason
					  : "counter unavailable");
		}
	}
}

/* ctxsw.GROUP.STATE: a row of the context-switch section, measured or not available. */
static void ctxsw_cells(struct walk *w, const struct tsob_view *v)
{
	for (size_t i = 0; i < v->nctxsw; i++) {
		const struct tsob_view_ctxsw *r = &v->ctxsw[i];
		size_t ln = strlen(r->label), gn = strlen(r->group);
		char base[160] = "ctxsw", state[96];

		/* A row keyed by state is labelled "STATE GROUP": the group is named once. */
		snprintf(state, sizeof(state), "%s", r->label);
		if (ln > gn + 1 && !strcmp(r->label + ln - gn, r->group) &&
		    r->label[ln - gn - 1] == ' ')
			state[ln - gn - 1] = '\0';
		name_add(base, sizeof(base), r->group);
		emit(w, base, state, r->available ? "pass" : "skip", r->available ? r->median : NAN,
		     strstr(r->unit ? r->unit : "", "call") ? "ns/call" : "ns/switch", r->reason);
	}
}

/* litmus.TEST.STRATEGY: forbidden outcomes seen. */
static void litmus_cells(struct walk *w, const struct tsob_view *v)
{
	json_object *tests = tsob_json_get(v->litmus, "tests");

	if (!tests || !json_object_is_type(tests, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(tests); i++) {
		json_object *t = json_object_array_get_idx(tests, i);
		const char *result = status_result(tsob_json_get_str(t, "status"));
		const char *reason = tsob_json_get_str(t, "reason");
		double forbidden = tsob_json_get_num(t, "forbidden_observed");
		char base[160] = "litmus", why[96] = "";

		if (!strcmp(result, "fail") && !reason && isfinite(forbidden)) {
			snprintf(why, sizeof(why), "%.0f outcomes that x86-TSO forbids", forbidden);
			reason = why;
		}
		name_add(base, sizeof(base), tsob_json_get_str(t, "test"));
		emit(w, base, tsob_json_get_str(t, "strategy"), result, forbidden, "forbidden",
		     reason);
	}
}

int tsob_lava_cases_walk(const struct tsob_view *v,
			 int (*fn)(const struct tsob_lava_case *c, void *arg), void *arg)
{
	struct walk w = {.fn = fn, .arg = arg};

	run_cells(&w, v);
	ctxsw_cells(&w, v);
	litmus_cells(&w, v);
	return w.stop;
}

int tsob_lava_case_print(FILE *f, const struct tsob_lava_case *c)
{
	char value[40] = "-";

	if (c->has_value)
		snprintf(value, sizeof(value), "%.9g", c->value);
	return fprintf(f, "%s %s %s %s %s\n", c->name, c->result, value,
		       c->has_value && c->units[0] ? c->units : "-",
		       c->reason[0] ? c->reason : "-") < 0
		   ? -EIO
		   : 0;
}

static int print_case(const struct tsob_lava_case *c, void *arg)
{
	return tsob_lava_case_print(arg, c);
}

int tsob_lava_cases_print(const char *path, FILE *f, struct tsob_err *e)
{
	struct tsob_view v;
	int r;

	if ((r = tsob_view_load(path, &v, e)))
		return r;
	r = tsob_lava_cases_walk(&v, print_case, f);
	tsob_view_free(&v);
	if (!r && fflush(f))
		r = -EIO;
	return r ? tsob_err_set(e, r, "cannot write the test cases of %s", path) : 0;
}
