// SPDX-License-Identifier: MIT
/*
 * The `tsobench seq` parts of the view: each cell's row (what the sequence is
 * and how it ran) and the file's section. Types and ranges were checked by
 * results_check.c; strings point into the document.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results_internal.h"
#include "tsob/json.h"

static double num_or_zero(json_object *o, const char *key)
{
	double v = tsob_json_get_num(o, key);

	return isfinite(v) ? v : 0;
}

int tsob_view_read_seq(json_object *c, struct tsob_view_cell *cell, struct tsob_err *e)
{
	json_object *s = tsob_json_get(c, "seq"), *needs;
	struct tsob_view_seq *q;
	size_t used = 0;

	if (!s)
		return 0;
	q = calloc(1, sizeof(*q));
	if (!q)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	q->group = tsob_json_get_str(s, "group");
	q->form = tsob_json_get_str(s, "form");
	q->insns = tsob_json_get_str(s, "insns");
	q->model = tsob_json_get_str(s, "model");
	q->figure = tsob_json_get_str(s, "figure");
	q->figure_note = tsob_json_get_str(s, "figure_note");
	q->instructions = num_or_zero(s, "instructions");
	q->u = num_or_zero(s, "u");
	q->iterations = num_or_zero(s, "iterations");
	needs = tsob_json_get(s, "needs");
	for (size_t i = 0; needs && i < json_object_array_length(needs); i++) {
		const char *n = json_object_get_string(json_object_array_get_idx(needs, i));
		int k = snprintf(q->needs + used, sizeof(q->needs) - used, "%s%s", i ? "," : "", n);

		if (k < 0 || used + (size_t)k >= sizeof(q->needs))
			break;
		used += (size_t)k;
	}
	cell->seq = q;
	return 0;
}

void tsob_view_read_seq_section(struct tsob_view *v, json_object *sec)
{
	v->seq.tso = tsob_json_get_str(sec, "tso");
	v->seq.tso_reason = tsob_json_get_str(sec, "tso_reason");
}
