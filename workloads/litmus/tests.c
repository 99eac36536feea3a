// SPDX-License-Identifier: MIT
/*
 * The litmus tests as data: programs (from shapes.h, the macros the running
 * code is compiled from), what an outcome records, and x86-TSO's verdict on
 * every outcome. tests/litmus/test_litmus_model.c checks each verdict against
 * an exhaustive run of the x86-TSO store-buffer machine and of SC.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "code.h"
#include "shapes.h"

/* The tables read best as written. */
/* clang-format off */
#define ST(l, v) { TSOB_LITMUS_ST, (l), (v) },
#define LD(l, n) { TSOB_LITMUS_LD, (l), (n) },
#define REG(n) { (n), -1 }
#define LOC(l) { -1, (l) }
#define COUNT(type, ...) (sizeof((type[]){ __VA_ARGS__ }) / sizeof(type))
#define VARS(...) .vars = { __VA_ARGS__ }, .nvars = COUNT(struct tsob_litmus_var, __VA_ARGS__)
#define OUTCOMES(...) \
	.outcomes = { __VA_ARGS__ }, .noutcomes = COUNT(struct tsob_litmus_outcome, __VA_ARGS__)
#define SC(...) { { __VA_ARGS__ }, TSOB_LITMUS_SC }
#define RELAXED(...) { { __VA_ARGS__ }, TSOB_LITMUS_RELAXED }
#define FORBIDDEN(...) { { __VA_ARGS__ }, TSOB_LITMUS_FORBIDDEN }

const struct tsob_litmus_test tsob_litmus_tests[] = {
	[TSOB_LITMUS_ID_MP] = {
		.name = "MP", .id = TSOB_LITMUS_ID_MP, .nthreads = 2,
		.summary = "message passing: data then flag, read back as flag then data",
		.forbidden_means = "the reader saw the flag but not the data: stores or loads "
				   "were reordered",
		.prog = { { MP_P0 }, { MP_P1 } },
		VARS(REG(0), REG(1)),
		OUTCOMES(SC(0, 0), SC(0, 1), FORBIDDEN(1, 0), SC(1, 1)),
	},
	[TSOB_LITMUS_ID_SB] = {
		.name = "SB", .id = TSOB_LITMUS_ID_SB, .nthreads = 2,
		.summary = "store buffering: each thread's load may pass its own earlier store",
		.forbidden_means = NULL,
		.prog = { { SB_P0 }, { SB_P1 } },
		VARS(REG(0), REG(1)),
		OUTCOMES(RELAXED(0, 0), SC(0, 1), SC(1, 0), SC(1, 1)),
	},
	[TSOB_LITMUS_ID_LB] = {
		.name = "LB", .id = TSOB_LITMUS_ID_LB, .nthreads = 2,
		.summary = "load buffering: each thread loads, then stores what the other loads",
		.forbidden_means = "a store became visible before an earlier load of its thread",
		.prog = { { LB_P0 }, { LB_P1 } },
		VARS(REG(0), REG(1)),
		OUTCOMES(SC(0, 0), SC(0, 1), SC(1, 0), FORBIDDEN(1, 1)),
	},
	[TSOB_LITMUS_ID_S] = {
		.name = "S", .id = TSOB_LITMUS_ID_S, .nthreads = 2,
		.summary = "store, flag; whoever sees the flag stores to the same location",
		.forbidden_means = "a store overtook an earlier store, or a load a later store",
		.prog = { { S_P0 }, { S_P1 } },
		VARS(REG(0), LOC(LX)),
		OUTCOMES(SC(0, 1), SC(0, 2), SC(1, 1), FORBIDDEN(1, 2)),
	},
	[TSOB_LITMUS_ID_R] = {
		.name = "R", .id = TSOB_LITMUS_ID_R, .nthreads = 2,
		.summary = "two stores against store then load: the load may pass the store",
		.forbidden_means = NULL,
		.prog = { { R_P0 }, { R_P1 } },
		VARS(REG(0), LOC(LY)),
		OUTCOMES(SC(0, 1), RELAXED(0, 2), SC(1, 1), SC(1, 2)),
	},
	[TSOB_LITMUS_ID_2P2W] = {
		.name = "2+2W", .id = TSOB_LITMUS_ID_2P2W, .nthreads = 2,
		.summary = "two stores per thread in opposite orders",
		.forbidden_means = "stores of one thread became visible out of program order",
		.prog = { { W22_P0 }, { W22_P1 } },
		VARS(LOC(LX), LOC(LY)),
		OUTCOMES(SC(1, 1), SC(1, 2), SC(2, 1), FORBIDDEN(2, 2)),
	},
	[TSOB_LITMUS_ID_IRIW] = {
		.name = "IRIW", .id = TSOB_LITMUS_ID_IRIW, .nthreads = 4,
		.summary = "independent reads of independent writes: do readers agree on order?",
		.forbidden_means = "two readers saw two stores in opposite orders: stores are not "
				   "multi-copy atomic, or loads were reordered",
		.prog = { { IRIW_P0 }, { IRIW_P1 }, { IRIW_P2 }, { IRIW_P3 } },
		VARS(REG(0), REG(1), REG(2), REG(3)),
		OUTCOMES(SC(0, 0, 0, 0), SC(0, 0, 0, 1), SC(0, 0, 1, 0), SC(0, 0, 1, 1),
			 SC(0, 1, 0, 0), SC(0, 1, 0, 1), SC(0, 1, 1, 0), SC(0, 1, 1, 1),
			 SC(1, 0, 0, 0), SC(1, 0, 0, 1), FORBIDDEN(1, 0, 1, 0), SC(1, 0, 1, 1),
			 SC(1, 1, 0, 0), SC(1, 1, 0, 1), SC(1, 1, 1, 0), SC(1, 1, 1, 1)),
	},
	[TSOB_LITMUS_ID_CORR] = {
		.name = "CoRR", .id = TSOB_LITMUS_ID_CORR, .nthreads = 2,
		.summary = "coherence: two loads of one location never see it go back",
		.forbidden_means = "a later load saw an older value: coherence is broken",
		.prog = { { CORR_P0 }, { CORR_P1 } },
		VARS(REG(0), REG(1)),
		OUTCOMES(SC(0, 0), SC(0, 1), FORBIDDEN(1, 0), SC(1, 1)),
	},
};
/* clang-format on */

const unsigned tsob_litmus_nr_tests = TSOB_LITMUS_NR;

_Static_assert(sizeof(tsob_litmus_tests) / sizeof(tsob_litmus_tests[0]) == TSOB_LITMUS_NR,
	       "one table entry per shape");

const struct tsob_litmus_test *tsob_litmus_lookup(const char *name)
{
	for (unsigned i = 0; name && i < tsob_litmus_nr_tests; i++)
		if (!strcasecmp(tsob_litmus_tests[i].name, name))
			return &tsob_litmus_tests[i];
	return NULL;
}

unsigned tsob_litmus_nr_keys(const struct tsob_litmus_test *t)
{
	return 1u << (2 * t->nvars);
}

unsigned tsob_litmus_key(const struct tsob_litmus_test *t, const uint32_t *values)
{
	unsigned key = 0;

	for (unsigned i = 0; i < t->nvars; i++)
		key |= (values[i] > 3 ? 3u : values[i]) << (2 * i);
	return key;
}

enum tsob_litmus_class tsob_litmus_classify(const struct tsob_litmus_test *t, unsigned key)
{
	for (unsigned i = 0; i < t->noutcomes; i++) {
		uint32_t v[TSOB_LITMUS_MAX_VARS];

		for (unsigned j = 0; j < t->nvars; j++)
			v[j] = t->outcomes[i].v[j];
		if (tsob_litmus_key(t, v) == key)
			return t->outcomes[i].cls;
	}
	return TSOB_LITMUS_FORBIDDEN;
}

const char *tsob_litmus_class_name(enum tsob_litmus_class c)
{
	switch (c) {
	case TSOB_LITMUS_SC:
		return "sc";
	case TSOB_LITMUS_RELAXED:
		return "relaxed";
	default:
		return "forbidden";
	}
}

static const char *const loc_names[TSOB_LITMUS_NR_LOCS] = {"x", "y"};

void tsob_litmus_outcome_name(const struct tsob_litmus_test *t, unsigned key, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < t->nvars && used < len; i++) {
		const struct tsob_litmus_var *v = &t->vars[i];
		unsigned d = (key >> (2 * i)) & 3;
		char name[8], val[8];

		if (v->reg >= 0)
			snprintf(name, sizeof(name), "r%d", v->reg);
		else
			snprintf(name, sizeof(name), "%s", loc_names[v->loc]);
		/* 3 stands for any value above 2, which no program here stores. */
		if (d == 3)
			snprintf(val, sizeof(val), "other");
		else
			snprintf(val, sizeof(val), "%u", d);
		used +=
		    (size_t)snprintf(buf + used, len - used, "%s%s=%s", i ? " " : "", name, val);
	}
}

void tsob_litmus_thread_name(const struct tsob_litmus_test *t, unsigned thread, char *buf,
			     size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const struct tsob_litmus_op *op = t->prog[thread];
	     op->kind != TSOB_LITMUS_END && used < len; op++) {
		const char *sep = op == t->prog[thread] ? "" : "; ";

		if (op->kind == TSOB_LITMUS_ST)
			used += (size_t)snprintf(buf + used, len - used, "%s%s=%u", sep,
						 loc_names[op->loc], op->arg);
		else
			used += (size_t)snprintf(buf + used, len - used, "%sr%u=%s", sep, op->arg,
						 loc_names[op->loc]);
	}
}
