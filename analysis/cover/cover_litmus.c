// SPDX-License-Identifier: MIT
/*
 * Section 4, litmus tests: every test under every strategy, with the count of
 * forbidden outcomes (must be 0 for each ordering strategy) and of relaxed
 * ones, out of the iterations that ran. plain's count of relaxed outcomes is
 * what gives the other zeros their meaning.
 */
#include <string.h>

#include "cover_internal.h"
#include "tsob/json.h"

static void count(char *buf, size_t len, json_object *t, const char *key)
{
	double v = tsob_json_get_num(t, key);

	if (v == v)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "-");
}

static size_t rows(struct cover_table *tab, json_object *tests, struct cover_notes *fn)
{
	size_t bad = 0;

	for (size_t i = 0; i < json_object_array_length(tests); i++) {
		json_object *t = json_object_array_get_idx(tests, i);
		const char *strategy = tsob_json_get_str(t, "strategy");
		const char *status = tsob_json_get_str(t, "status");
		const char *reason = tsob_json_get_str(t, "reason");
		char forb[32], rel[32], of[32], st[160];
		const char *cells[6] = {tsob_json_get_str(t, "test"), strategy, forb, rel, of, st};

		count(forb, sizeof(forb), t, "forbidden_observed");
		count(rel, sizeof(rel), t, "relaxed_observed");
		count(of, sizeof(of), t, "iterations");
		if (reason && *reason)
			snprintf(st, sizeof(st), "%s [%d]", status ? status : "?",
				 cover_note(fn, reason));
		else
			snprintf(st, sizeof(st), "%s", status ? status : "?");
		if (strategy && strcmp(strategy, "plain") &&
		    tsob_json_get_num(t, "forbidden_observed") > 0)
			bad++;
		cover_table_row(tab, cells);
	}
	return bad;
}

void cover_litmus_block(FILE *o, const struct cover_file *f, int indent)
{
	static const char *const head[6] = {"test",    "strategy", "forbidden",
					    "relaxed", "of",	   "status"};
	json_object *l = f->v.litmus, *tests = tsob_json_get(l, "tests");
	struct cover_notes fn = {0};
	struct cover_table t;
	size_t bad;

	cover_wrapf(o, indent, indent + 2, "iterations %.0f, batch %.0f, stagger %.0f, seed %.0f",
		    tsob_json_get_num(l, "iterations"), tsob_json_get_num(l, "batch"),
		    tsob_json_get_num(l, "stagger"), tsob_json_get_num(l, "seed"));
	if (!tests || !json_object_is_type(tests, json_type_array)) {
		cover_wrap(o, indent + 2, indent + 4, "no litmus tests in this file");
		return;
	}
	cover_table_init(&t, 6, head);
	t.right[2] = t.right[3] = t.right[4] = true;
	bad = rows(&t, tests, &fn);
	fputc('\n', o);
	cover_table_print(o, &t, indent + 2);
	cover_table_free(&t);
	cover_notes_print(o, &fn, indent + 2);
	if (bad)
		cover_wrapf(o, indent + 2, indent + 4,
			    "FAILURE: %zu test(s) under an ordering strategy saw a forbidden "
			    "outcome",
			    bad);
	cover_wrapf(o, indent + 2, indent + 4, "verdict: %s",
		    tsob_json_get_str(l, "verdict") ? tsob_json_get_str(l, "verdict") : "none");
	fputc('\n', o);
}

void cover_litmus(FILE *o, const struct cover *c)
{
	size_t shown = 0;

	cover_heading(o, "4. Litmus tests");
	for (size_t m = 0; m < c->nm; m++) {
		if (c->m[m].emulated || !cover_machine_has(c, m, "litmus"))
			continue;
		if (!shown++)
			cover_wrap(o, 0, 0,
				   "From `tsobench litmus`. hwtso, ldar, ldapr, ldapur and dmb "
				   "must show 0 forbidden outcomes; plain shows how often the CPU "
				   "reorders (weak), which is what makes the other zeros mean "
				   "something.");
		fputc('\n', o);
		cover_machine_line(o, c, m);
		for (int l = 0; l < TSOB_COVER_NLABELS; l++) {
			const struct cover_file *f =
			    cover_find(c, m, (enum tsob_cover_label)l, "litmus");

			if (!f)
				continue;
			cover_wrapf(o, 2, 4, "[%s] %s:", tsob_cover_label_names[f->label], f->path);
			cover_litmus_block(o, f, 4);
		}
	}
	if (!shown)
		cover_wrapf(o, 0, 0,
			    "Not measured: no `tsobench litmus` file from a native "
			    "machine.%s",
			    c->any_emulated ? " Emulated litmus counts are in section 6." : "");
}
