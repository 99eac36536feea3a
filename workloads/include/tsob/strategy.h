/* SPDX-License-Identifier: MIT */
/*
 * Ordering strategies: how a translated guest access is ordered. Every fact
 * about a strategy is one row of tsob/strategies.def; this header and
 * strategy.c only read it.
 */
#ifndef TSOB_STRATEGY_H
#define TSOB_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>

enum tsob_strategy {
#define TSOB_STRATEGY(id, ...) TSOB_##id,
#include "tsob/strategies.def"
#undef TSOB_STRATEGY
	TSOB_NR_STRATEGIES,
};

/* What the CPU must offer for a strategy's objects (HWCAP checks in cpu.c). */
enum tsob_cpu_need { TSOB_NEED_NONE, TSOB_NEED_LRCPC, TSOB_NEED_LRCPC2 };

/* The memory model each measured thread asks for (PR_SET_MEM_MODEL). */
enum tsob_thread_model { TSOB_MODEL_DEFAULT, TSOB_MODEL_TSO };

struct tsob_strategy_info {
	const char *name;
	const char *load;       /* what a guest load becomes */
	const char *store;      /* what a guest store becomes */
	enum tsob_cpu_need needs;
	enum tsob_strategy code; /* whose objects run (itself, or plain for hwtso) */
	enum tsob_thread_model model;
	bool tso;               /* promises x86 ordering: violations fail the cell */
	bool x86;               /* objects exist on x86-64 */
	const char *emitted_by; /* which translators emit it today */
};

extern const struct tsob_strategy_info tsob_strategies[TSOB_NR_STRATEGIES];

/* Returns the strategy called @name, or -1. */
int tsob_strategy_lookup(const char *name);

/* "plain, ldar, ldapr, ldapur, dmb or hwtso": for help texts and errors. */
const char *tsob_strategy_choices(void);

/* Whether @s has compiled objects of its own (its code is itself). */
static inline bool tsob_strategy_has_objects(int s)
{
	return s >= 0 && s < TSOB_NR_STRATEGIES && tsob_strategies[s].code == (enum tsob_strategy)s;
}

#endif
