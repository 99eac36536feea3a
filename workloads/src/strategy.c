// SPDX-License-Identifier: MIT
/* The strategy table, filled from tsob/strategies.def. */
#include <stdio.h>
#include <string.h>

#include "tsob/strategy.h"

const struct tsob_strategy_info tsob_strategies[TSOB_NR_STRATEGIES] = {
#define TSOB_STRATEGY(id, name_, load_, store_, needs_, code_, model_, tso_, x86_, by_)            \
	[TSOB_##id] = { .name = #name_,                                                            \
			.load = load_,                                                             \
			.store = store_,                                                           \
			.needs = TSOB_NEED_##needs_,                                               \
			.code = TSOB_##code_,                                                      \
			.model = TSOB_MODEL_##model_,                                              \
			.tso = tso_,                                                               \
			.x86 = x86_,                                                               \
			.emitted_by = by_ },
#include "tsob/strategies.def"
#undef TSOB_STRATEGY
};

int tsob_strategy_lookup(const char *name)
{
	for (int i = 0; i < TSOB_NR_STRATEGIES; i++)
		if (name && strcmp(tsob_strategies[i].name, name) == 0)
			return i;
	return -1;
}

const char *tsob_strategy_choices(void)
{
	static char buf[256];

	if (!buf[0]) {
		size_t used = 0;

		for (int i = 0; i < TSOB_NR_STRATEGIES && used < sizeof(buf); i++)
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
						 i == 0			     ? ""
						 : i + 1 == TSOB_NR_STRATEGIES ? " or "
									       : ", ",
						 tsob_strategies[i].name);
	}
	return buf;
}
