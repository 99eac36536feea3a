// SPDX-License-Identifier: MIT
/*
 * Section 3: what the context switch costs, from native `tsobench ctxsw`
 * files, one per kernel label: ns per switch by method and state, the
 * differences the review asked for, the prctl calls and the throughput form.
 * A difference of medians takes the conservative interval
 * [lo(a) - hi(b), hi(a) - lo(b)], at least 95% when both intervals are.
 */
#include <math.h>
#include <string.h>

#include "cover_internal.h"
#include "tsob/json.h"

static const char *const states[] = {"default", "tso", "mixed", "cross-cpu"};
static const char *const methods[] = {"pipe", "futex"};

static json_object *section(const struct cover_file *f)
{
	return f ? tsob_json_get(f->v.doc, "ctxsw") : NULL;
}

/* A state's ns per switch (or a call's ns per call): false with the reason when none. */
static bool figure(json_object *row, const char *key, struct tsob_stats *st, const char **why)
{
	*why = NULL;
	if (!row) {
		*why = "not in this file";
		return false;
	}
	if (!tsob_json_get_bool(row, "available", false) || !tsob_json_get_bool(row, "ok", true)) {
		*why = tsob_json_get_str(row, "reason") ? tsob_json_get_str(row, "reason")
							: "not measured";
		return false;
	}
	if (!cover_series_stats(tsob_json_get(row, key), st)) {
		*why = "no samples";
		return false;
	}
	return true;
}

static json_object *state_row(const struct cover_file *f, const char *method, const char *state)
{
	return tsob_json_get(tsob_json_get(section(f), method), state);
}

static void stat_text(char *buf, size_t len, const struct tsob_stats *st, struct cover_notes *fn)
{
	char m[32], lo[32], hi[32];

	cover_num(m, sizeof(m), st->median);
	cover_num(lo, sizeof(lo), st->ci_lo);
	cover_num(hi, sizeof(hi), st->ci_hi);
	snprintf(buf, len, "%s [%s, %s] %zu%s", m, lo, hi, st->n, st->ci_level < 0.95 ? "*" : "");
	if (st->ci_level < 0.95)
		fn->low = true;
}

/* Every mismatch in a file (a thread that ran in the wrong model): failures, printed first. */
static size_t failures(FILE *o, const struct cover_file *f)
{
	json_object *sec = section(f),
		    *tp = tsob_json_get(tsob_json_get(sec, "throughput"), "states");
	double total = tsob_json_get_num(sec, "mismatches");
	size_t bad = 0;

	if (total > 0)
		cover_wrapf(o, 2, 4, "FAILURE [%s]: %.0f memory-model mismatches in all",
			    tsob_cover_label_names[f->label], total),
		    bad++;
	for (size_t k = 0; k < ARRAY_SIZE(methods); k++)
		for (size_t s = 0; s < ARRAY_SIZE(states); s++) {
			double n =
			    tsob_json_get_num(state_row(f, methods[k], states[s]), "mismatches");

			if (n > 0)
				cover_wrapf(o, 2, 4, "FAILURE [%s]: %s %s: %.0f mismatches",
					    tsob_cover_label_names[f->label], methods[k], states[s],
					    n),
				    bad++;
		}
	for (size_t s = 0; s < ARRAY_SIZE(states); s++) {
		double n = tsob_json_get_num(tsob_json_get(tp, states[s]), "mismatches");

		if (n > 0)
			cover_wrapf(o, 2, 4, "FAILURE [%s]: throughput %s: %.0f mismatches",
				    tsob_cover_label_names[f->label], states[s], n),
			    bad++;
	}
	return bad;
}

static void state_table(FILE *o, const struct cover *c, size_t m, const char *method, size_t from,
			struct cover_notes *fn)
{
	const char *head[3] = {"kernel", states[from], states[from + 1]};
	struct cover_table t;

	cover_table_init(&t, 3, head);
	for (int l = 0; l < TSOB_COVER_NLABELS; l++) {
		const struct cover_file *f = cover_find(c, m, (enum tsob_cover_label)l, "ctxsw");
		char e[2][160];
		const char *cells[3] = {tsob_cover_label_names[l], e[0], e[1]};

		for (size_t s = 0; s < 2; s++) {
			struct tsob_stats st;
			const char *why;

			if (!f)
				snprintf(e[s], sizeof(e[s]), "not measured [%d]",
					 cover_note(fn, "no results file for this kernel"));
			else if (figure(state_row(f, method, states[from + s]), "ns_per_switch",
					&st, &why))
				stat_text(e[s], sizeof(e[s]), &st, fn);
			else
				snprintf(e[s], sizeof(e[s]), "n/a [%d]", cover_note(fn, why));
		}
		cover_table_row(&t, cells);
	}
	cover_table_print(o, &t, 2);
	cover_table_free(&t);
}

/* "a - b" of two states' medians with the conservative interval, or why not. */
static void difference(FILE *o, const struct cover *c, size_t m, const char *method,
		       enum tsob_cover_label la, const char *sa, enum tsob_cover_label lb,
		       const char *sb, const char *what)
{
	const struct cover_file *fa = cover_find(c, m, la, "ctxsw"),
				*fb = cover_find(c, m, lb, "ctxsw");
	struct tsob_stats a, b;
	const char *why = "no results file for this kernel";
	char name[160];

	snprintf(name, sizeof(name), "%s %s - %s %s", tsob_cover_label_names[la], sa,
		 tsob_cover_label_names[lb], sb);
	if (fa && fb && figure(state_row(fa, method, sa), "ns_per_switch", &a, &why) &&
	    figure(state_row(fb, method, sb), "ns_per_switch", &b, &why))
		cover_wrapf(o, 2, 6, "%s: %+.0f [%+.0f, %+.0f] ns per switch (%s)", name,
			    a.median - b.median, a.ci_lo - b.ci_hi, a.ci_hi - b.ci_lo, what);
	else
		cover_wrapf(o, 2, 6, "%s: not measured: %s (%s)", name, why, what);
}

static void differences(FILE *o, const struct cover *c, size_t m, const char *method)
{
	const enum tsob_cover_label U = TSOB_COVER_UNPATCHED, K = TSOB_COVER_KEY_OFF,
				    S = TSOB_COVER_SERIES, A = TSOB_COVER_ALWAYS_WRITE;

	difference(o, c, m, method, S, "default", U, "default", "the hook when no thread uses TSO");
	difference(o, c, m, method, K, "default", U, "default",
		   "the hook patched out by the static key");
	difference(o, c, m, method, S, "mixed", S, "default", "changing the model on a switch");
	difference(o, c, m, method, A, "default", S, "default",
		   "what writing only on a change saves, no thread in TSO");
	difference(o, c, m, method, A, "tso", S, "tso",
		   "what writing only on a change saves, both threads in TSO");
}

static void prctl_calls(FILE *o, const struct cover_file *f, struct cover_notes *fn)
{
	static const char *const calls[][2] = {
	    {"get", "GET"},
	    {"set_same", "SET without a change"},
	    {"set_tso", "default to TSO"},
	    {"set_default", "TSO to default"},
	};
	json_object *p = tsob_json_get(section(f), "prctl");
	char text[1024];
	size_t used = 0;

	used += (size_t)snprintf(text, sizeof(text), "%s:", tsob_cover_label_names[f->label]);
	for (size_t i = 0; i < ARRAY_SIZE(calls) && used < sizeof(text); i++) {
		struct tsob_stats st;
		const char *why;
		char e[160];

		if (figure(tsob_json_get(p, calls[i][0]), "ns_per_call", &st, &why))
			stat_text(e, sizeof(e), &st, fn);
		else
			snprintf(e, sizeof(e), "n/a [%d]", cover_note(fn, why));
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s %s %s", i ? ";" : "",
					 calls[i][1], e);
	}
	cover_wrap(o, 2, 6, text);
}

/* ops/s of a throughput state over the default state's, with the conservative interval. */
static void ratio_text(char *buf, size_t len, json_object *states_obj, const char *state,
		       struct cover_notes *fn)
{
	struct tsob_stats a, b;
	const char *why;

	if (figure(tsob_json_get(states_obj, state), "ops_per_s", &a, &why) &&
	    figure(tsob_json_get(states_obj, "default"), "ops_per_s", &b, &why) && b.ci_lo > 0)
		snprintf(buf, len, "%s/default %.3f [%.3f, %.3f]", state, a.median / b.median,
			 a.ci_lo / b.ci_hi, a.ci_hi / b.ci_lo);
	else
		snprintf(buf, len, "%s/default n/a [%d]", state,
			 cover_note(fn, why ? why : "no samples"));
}

static void throughput(FILE *o, const struct cover_file *f, struct cover_notes *fn)
{
	json_object *st = tsob_json_get(tsob_json_get(section(f), "throughput"), "states");
	char a[256], b[256];

	ratio_text(a, sizeof(a), st, "tso", fn);
	ratio_text(b, sizeof(b), st, "mixed", fn);
	cover_wrapf(o, 2, 6, "%s: %s; %s", tsob_cover_label_names[f->label], a, b);
}

static void machine(FILE *o, const struct cover *c, size_t m)
{
	struct cover_notes fn = {0};
	size_t bad = 0;

	cover_machine_line(o, c, m);
	fputc('\n', o);
	for (int l = 0; l < TSOB_COVER_NLABELS; l++) {
		const struct cover_file *f = cover_find(c, m, (enum tsob_cover_label)l, "ctxsw");

		if (f)
			bad += failures(o, f);
	}
	if (bad)
		fputc('\n', o);
	for (size_t k = 0; k < ARRAY_SIZE(methods); k++) {
		cover_wrapf(o, 2, 4, "%s: ns per switch, median [95%% interval] n", methods[k]);
		state_table(o, c, m, methods[k], 0, &fn);
		fputc('\n', o);
		state_table(o, c, m, methods[k], 2, &fn);
		fputc('\n', o);
		differences(o, c, m, methods[k]);
		fputc('\n', o);
	}
	cover_wrap(o, 2, 4, "The memory-model prctl, ns per call, median [95% interval] n:");
	for (int l = 0; l < TSOB_COVER_NLABELS; l++) {
		const struct cover_file *f = cover_find(c, m, (enum tsob_cover_label)l, "ctxsw");

		if (f)
			prctl_calls(o, f, &fn);
	}
	fputc('\n', o);
	cover_wrap(o, 2, 4,
		   "Throughput with a switch every time slice, ops/s against both "
		   "threads default:");
	for (int l = 0; l < TSOB_COVER_NLABELS; l++) {
		const struct cover_file *f = cover_find(c, m, (enum tsob_cover_label)l, "ctxsw");

		if (f)
			throughput(o, f, &fn);
	}
	fputc('\n', o);
	if (fn.low)
		cover_wrap(o, 2, 4,
			   "* fewer than 6 samples: the interval is the full range, at "
			   "a level below 95%.");
	cover_notes_print(o, &fn, 2);
	fputc('\n', o);
}

void cover_ctxsw(FILE *o, const struct cover *c)
{
	size_t shown = 0;

	cover_heading(o, "3. What the context switch costs");
	for (size_t m = 0; m < c->nm; m++) {
		if (c->m[m].emulated || !cover_machine_has(c, m, "ctxsw"))
			continue;
		if (!shown++)
			cover_wrap(o, 0, 0,
				   "From `tsobench ctxsw`, one file per kernel. default and tso: "
				   "both threads in that model; mixed: one TSO and one default "
				   "thread, so the model changes on every switch; cross-cpu: a "
				   "wake-up on another CPU. Each kernel's figures come from one "
				   "boot: a difference between kernels also holds what differs "
				   "between two boots, which these intervals do not measure.");
		fputc('\n', o);
		machine(o, c, m);
	}
	if (!shown)
		cover_wrapf(o, 0, 0,
			    "Not measured: no `tsobench ctxsw` file from a native "
			    "machine.%s",
			    c->any_emulated ? " An emulated file gives no switch cost; the "
					      "prctl's answers under emulation are in section 6."
					    : "");
}
