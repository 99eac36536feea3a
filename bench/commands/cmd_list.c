// SPDX-License-Identifier: MIT
/* tsobench list: the kernels and strategies built into this binary. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "host.h"
#include "tsob/kernel.h"
#include "tsob/json.h"

/* Each kernel once (the plain object describes it), in registry order. */
static int is_first(int i)
{
	for (int j = 0; j < i; j++)
		if (!strcmp(tsob_registry[j]->name, tsob_registry[i]->name))
			return 0;
	return 1;
}

static void strategies_of(const char *kernel, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int s = 0; s < TSOB_NR_STRATEGIES; s++)
		if (tsob_registry_find(kernel, s) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "",
						 tsob_strategies[s].name);
}

struct list_opts {
	bool json;
};

static void print_json(const struct tsob_host *hp)
{
	json_object *doc = json_object_new_object(), *ks = json_object_new_array();
	json_object *ss = json_object_new_array();

	for (int i = 0; tsob_registry[i]; i++) {
		const struct tsob_kernel *k = tsob_registry[i];
		json_object *o, *sl = json_object_new_array();

		if (!is_first(i)) {
			json_object_put(sl);
			continue;
		}
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(k->name));
		json_object_object_add(o, "stands_for",
				       json_object_new_string(k->stands_for));
		json_object_object_add(o, "unit", json_object_new_string(k->unit));
		json_object_object_add(o, "size_unit", json_object_new_string(k->size_unit));
		json_object_object_add(o, "min_threads", json_object_new_int((int)k->min_threads));
		json_object_object_add(o, "max_threads", json_object_new_int((int)k->max_threads));
		json_object_object_add(o, "quick_size",
				       json_object_new_int64((int64_t)k->quick_size));
		json_object_object_add(o, "default_size",
				       json_object_new_int64((int64_t)k->default_size));
		for (int s = 0; s < TSOB_NR_STRATEGIES; s++)
			if (tsob_registry_find(k->name, s))
				json_object_array_add(
					sl, json_object_new_string(tsob_strategies[s].name));
		json_object_object_add(o, "strategies", sl);
		json_object_array_add(ks, o);
	}
	for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
		json_object *o = json_object_new_object();
		const struct tsob_strategy_info *si = &tsob_strategies[s];

		json_object_object_add(o, "name", json_object_new_string(si->name));
		json_object_object_add(o, "load", json_object_new_string(si->load));
		json_object_object_add(o, "store", json_object_new_string(si->store));
		json_object_object_add(o, "emitted_by", json_object_new_string(si->emitted_by));
		json_object_object_add(o, "runs", json_object_new_string(tsob_strategies[si->code].name));
		json_object_object_add(o, "memory_model",
				       json_object_new_string(si->model == TSOB_MODEL_TSO ? "tso"
											   : "default"));
		json_object_object_add(o, "promises_tso", json_object_new_boolean(si->tso));
		json_object_object_add(o, "runs", json_object_new_string(tsob_strategies[si->code].name));
		json_object_object_add(o, "memory_model", json_object_new_string(
								  si->model == TSOB_MODEL_TSO ? "tso" : "default"));
		json_object_object_add(o, "promises_tso", json_object_new_boolean(si->tso));
		json_object_object_add(o, "available",
				       json_object_new_boolean(hp->strat[s].available));
		json_object_object_add(o, "reason",
				       hp->strat[s].available
					       ? NULL
					       : json_object_new_string(hp->strat[s].why));
		json_object_array_add(ss, o);
	}
	json_object_object_add(doc, "arch", json_object_new_string(hp->arch));
	json_object_object_add(doc, "kernels", ks);
	json_object_object_add(doc, "strategies", ss);
	puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							 JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct list_opts *o = opts;
	struct tsob_host h;
	char strat[128];
	int nk = 0;

	tsob_host_probe(&h);
	if (o->json) {
		print_json(&h);
		return TSOB_EXIT_OK;
	}

	printf("kernels (%s build):\n", h.arch);
	for (int i = 0; tsob_registry[i]; i++) {
		const struct tsob_kernel *k = tsob_registry[i];

		if (!is_first(i))
			continue;
		nk++;
		strategies_of(k->name, strat, sizeof(strat));
		printf("  %-16s %-3s %s\n", k->name, k->max_threads > 1 ? "MT" : "", k->stands_for);
		printf("  %-16s     one op: %s; --size in units of: %s; default %zu, --quick %zu\n",
		       "", k->unit, k->size_unit, k->default_size, k->quick_size);
		printf("  %-16s     objects: %s\n", "", strat);
	}
	printf("\nstrategies:\n");
	for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
		const struct tsob_strategy_info *si = &tsob_strategies[s];

		printf("  %-8s load %-18s store %-16s %s\n", si->name, si->load, si->store,
		       h.strat[s].available ? "available here" : "unavailable here");
		printf("  %-8s emitted by: %s\n", "", si->emitted_by);
		if (!h.strat[s].available)
			printf("  %-8s why: %s\n", "", h.strat[s].why);
	}
	printf("\n%d kernels × %d strategies\n", nk, TSOB_NR_STRATEGIES);
	return TSOB_EXIT_OK;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_FLAG(0, "json", struct list_opts, json, "as JSON"),
	TSOB_OPT_END_ROW,
};

const struct tsob_cmd tsob_cmd_list = {
	.name = "list",
	.summary = "kernels and strategies",
	.usage = "[--json]",
	.opts = options,
	.opts_size = sizeof(struct list_opts),
	.run = run,
};
