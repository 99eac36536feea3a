/* SPDX-License-Identifier: MIT */
/*
 * Ordering strategies: how a translated guest access is ordered.
 * The names are the ones used everywhere (CLI, JSON, charts).
 */
#ifndef TSOB_STRATEGY_H
#define TSOB_STRATEGY_H

enum tsob_strategy {
	TSOB_PLAIN,
	TSOB_LDAR,
	TSOB_LDAPR,
	TSOB_LDAPUR,
	TSOB_DMB,
	TSOB_HWTSO,
	TSOB_NR_STRATEGIES,
};

struct tsob_strategy_info {
	const char *name;
	const char *load;       /* what a guest load becomes */
	const char *store;      /* what a guest store becomes */
	const char *emitted_by; /* which translators emit it today */
};

extern const struct tsob_strategy_info tsob_strategies[TSOB_NR_STRATEGIES];

/* Returns the strategy called @name, or -1. */
int tsob_strategy_lookup(const char *name);

#endif
