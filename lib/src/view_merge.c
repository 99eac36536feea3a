// SPDX-License-Identifier: MIT
/*
 * Several results files of one host read as one view, so that a report can
 * draw the cells of `tsobench run` and `tsobench emu` side by side: every file
 * is checked, they must come from the same host and execution kind, no cell
 * may be measured twice, and the cells follow each other in the files' order.
 * The first file's context describes the whole, except that every file's
 * timing note is kept: an emu file's (what its emulator's times are, and are
 * not) must not vanish behind a run file's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "results_internal.h"
#include "tsob/json.h"

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* @w against the first file @v: one host, one execution kind, no cell twice. */
static int compatible(const struct tsob_view *v, const struct tsob_view *w, struct tsob_err *e)
{
	if (!same(v->host, w->host) || !same(v->arch, w->arch) || !same(v->execution, w->execution))
		return tsob_err_set(e, -EINVAL,
				    "%s is from %s (%s, %s), %s from %s (%s, %s): one report draws "
				    "the files of one host and one execution kind",
				    w->name, w->host, w->arch, w->execution ? w->execution : "?",
				    v->name, v->host, v->arch, v->execution ? v->execution : "?");
	for (size_t i = 0; i < w->ncells; i++) {
		const struct tsob_view_cell *c = &w->cells[i];

		if (tsob_view_find(v, c->kernel, c->strategy, c->threads, c->side))
			return tsob_err_set(e, -EINVAL,
					    "cell %s/%s/%dt is in both %s and %s: a report draws "
					    "one measurement a cell ('tsobench compare' compares two)",
					    c->kernel, c->strategy, c->threads, v->name, w->name);
	}
	return 0;
}

/* @into's timing note, and @w's after it where it says something else. */
static int join_notes(json_object *into, const struct tsob_view *w, struct tsob_err *e)
{
	json_object *ctx = tsob_json_get(into, "context");
	const char *mine = tsob_json_get_str(ctx, "timing_note");
	char *both;

	if (!w->timing_note || (mine && strstr(mine, w->timing_note)))
		return 0;
	if (asprintf(&both, "%s%s%s", mine ? mine : "", mine ? "; " : "", w->timing_note) < 0)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	json_object_object_add(ctx, "timing_note", json_object_new_string(both));
	free(both);
	return 0;
}

/* Append @w's cells (and a section @into lacks) to the document @into. */
static int append(json_object *into, const struct tsob_view *w, struct tsob_err *e)
{
	static const char *const sections[] = {"ctxsw", "litmus", "seq"};
	json_object *cells = tsob_json_get(into, "cells"), *copy = NULL;

	for (size_t i = 0; i < w->ncells; i++) {
		copy = NULL;
		json_object_deep_copy(w->cells[i].json, &copy, NULL);
		json_object_array_add(cells, copy);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		json_object *sec = tsob_json_get(w->doc, sections[i]);

		if (!sec || tsob_json_get(into, sections[i]))
			continue;
		copy = NULL;
		json_object_deep_copy(sec, &copy, NULL);
		json_object_object_add(into, sections[i], copy);
	}
	return join_notes(into, w, e);
}

int tsob_view_load_many(char *const *paths, size_t n, const char *name, struct tsob_view *v,
			struct tsob_err *e)
{
	struct tsob_view first, next;
	json_object *doc = NULL;
	int r;

	if (n == 1)
		return tsob_view_load(paths[0], v, e);
	if ((r = tsob_view_load(paths[0], &first, e)))
		return r;
	for (size_t i = 1; i < n && !r; i++) {
		r = tsob_view_load(paths[i], &next, e);
		if (!r)
			r = compatible(&first, &next, e);
		if (!r && !doc && json_object_deep_copy(first.doc, &doc, NULL))
			r = tsob_err_set(e, -ENOMEM, "out of memory");
		if (!r)
			r = append(doc, &next, e);
		/* The next files are checked against the cells so far. */
		if (!r) {
			struct tsob_view merged;

			r = tsob_view_from_json(json_object_get(doc), name, &merged, e);
			tsob_view_free(&first);
			first = merged;
		}
		if (next.doc)
			tsob_view_free(&next);
	}
	tsob_view_free(&first);
	if (r) {
		json_object_put(doc);
		memset(v, 0, sizeof(*v));
		return r;
	}
	return tsob_view_from_json(doc, name, v, e);
}
