// SPDX-License-Identifier: MIT
/*
 * The emulator record of a tsobench emu cell: checked once with the document
 * (an "emu:CONFIG" cell must carry the record of CONFIG; its numbers in range)
 * and read into the cell's view for the table and the report.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results_internal.h"
#include "tsob/json.h"

bool tsob_view_is_emu(const char *strategy)
{
	return strategy && !strncmp(strategy, TSOB_VIEW_EMU_PREFIX, strlen(TSOB_VIEW_EMU_PREFIX));
}

static int check_ns(json_object *emu, const char *key, const char *where, struct tsob_err *e)
{
	json_object *v = tsob_json_get(emu, key);
	double d;

	if (!v)
		return 0;
	d = json_object_get_double(v);
	if (!tsob_json_is_num(v) || !isfinite(d) || d < 0 || d > 1e18)
		return tsob_err_set(e, -ERANGE, "%s.emulator.%s is not a time in ns (0 to 1e18)",
				    where, key);
	return 0;
}

int tsob_view_check_emu(json_object *c, const char *where, struct tsob_err *e)
{
	const char *strategy = tsob_json_get_str(c, "strategy");
	json_object *emu = tsob_json_get(c, "emulator"), *model;
	const char *config;

	if (!tsob_view_is_emu(strategy))
		return 0;
	if (!emu || !json_object_is_type(emu, json_type_object))
		return tsob_err_set(e, -EINVAL, "%s: an emu cell without its \"emulator\" object",
				    where);
	config = tsob_json_get_str(emu, "config");
	if (!config || strcmp(config, strategy + strlen(TSOB_VIEW_EMU_PREFIX)))
		return tsob_err_set(e, -EINVAL, "%s.emulator.config is not \"%s\"", where,
				    strategy + strlen(TSOB_VIEW_EMU_PREFIX));
	if (!tsob_json_get_str(emu, "emulator") || !tsob_json_get_str(emu, "tso") ||
	    !tsob_json_get_str(emu, "hwtso"))
		return tsob_err_set(e, -EINVAL, "%s.emulator lacks emulator, tso or hwtso", where);
	model = tsob_json_get(emu, "model");
	if (model && !json_object_is_type(model, json_type_array))
		return tsob_err_set(e, -EINVAL, "%s.emulator.model is not an array", where);
	for (size_t i = 0; model && i < json_object_array_length(model); i++)
		if (!json_object_is_type(json_object_array_get_idx(model, i), json_type_string))
			return tsob_err_set(e, -EINVAL, "%s.emulator.model[%zu] is not a string",
					    where, i);
	if (check_ns(emu, "startup_ns", where, e) || check_ns(emu, "total_ns", where, e))
		return e->code;
	return 0;
}

int tsob_view_read_emu(json_object *c, struct tsob_view_cell *cell, struct tsob_err *e)
{
	json_object *o = tsob_json_get(c, "emulator"), *model;
	struct tsob_view_emu *x;

	if (!tsob_view_is_emu(cell->strategy) || !o)
		return 0;
	x = calloc(1, sizeof(*x));
	if (!x)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	x->config = tsob_json_get_str(o, "config");
	x->emulator = tsob_json_get_str(o, "emulator");
	x->checked = tsob_json_get_str(o, "checked");
	x->stands_for = tsob_json_get_str(o, "stands_for");
	x->tso = tsob_json_get_str(o, "tso");
	x->hwtso = tsob_json_get_str(o, "hwtso");
	x->how = tsob_json_get_str(o, "how");
	x->version = tsob_json_get_str(o, "version");
	x->translates_to = tsob_json_get_str(o, "translates_to");
	x->available = tsob_json_get_bool(o, "available", false);
	x->startup_ns = tsob_json_get_num(o, "startup_ns");
	x->total_ns = tsob_json_get_num(o, "total_ns");
	model = tsob_json_get(o, "model");
	for (size_t i = 0;
	     model && i < json_object_array_length(model) && x->nmodel < TSOB_VIEW_EMU_MAX_MODEL;
	     i++)
		x->model[x->nmodel++] = json_object_get_string(json_object_array_get_idx(model, i));
	cell->emu = x;
	return 0;
}
