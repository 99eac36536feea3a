// SPDX-License-Identifier: MIT
/*
 * The outcome table against the memory models: every test's program (the
 * data form of the code that runs) is run exhaustively on an SC machine and
 * on the x86-TSO store-buffer machine (Owens, Sarkar, Sewell, "A better x86
 * memory model: x86-TSO", TPHOLs 2009): each thread has a FIFO store buffer,
 * loads read their own latest buffered store or else memory, and a buffer's
 * oldest store may reach memory at any time. An outcome is SC if the SC
 * machine can end in it, relaxed if only the TSO machine can, forbidden if
 * neither can; the table must say exactly that for every outcome.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tsob/litmus.h"

struct machine {
	unsigned pc[TSOB_LITMUS_MAX_THREADS];
	uint32_t reg[TSOB_LITMUS_MAX_VARS];
	uint32_t mem[TSOB_LITMUS_NR_LOCS];
	struct tsob_litmus_op buf[TSOB_LITMUS_MAX_THREADS][TSOB_LITMUS_MAX_OPS];
	unsigned nbuf[TSOB_LITMUS_MAX_THREADS];
};

static void finish(const struct tsob_litmus_test *t, const struct machine *m, bool *reach)
{
	uint32_t v[TSOB_LITMUS_MAX_VARS];

	for (unsigned i = 0; i < t->nvars; i++)
		v[i] = t->vars[i].reg >= 0 ? m->reg[t->vars[i].reg] : m->mem[t->vars[i].loc];
	reach[tsob_litmus_key(t, v)] = true;
}

/* Every interleaving of steps and (TSO) buffer flushes from @m. */
static void explore(const struct tsob_litmus_test *t, const struct machine *m, bool tso,
		    bool *reach)
{
	bool moved = false;

	for (unsigned p = 0; p < t->nthreads; p++) {
		const struct tsob_litmus_op *op = &t->prog[p][m->pc[p]];
		struct machine n;

		if (op->kind != TSOB_LITMUS_END) {
			n = *m;
			n.pc[p]++;
			if (op->kind == TSOB_LITMUS_ST && tso) {
				n.buf[p][n.nbuf[p]++] = *op;
			} else if (op->kind == TSOB_LITMUS_ST) {
				n.mem[op->loc] = op->arg;
			} else {
				uint32_t v = m->mem[op->loc];

				for (unsigned b = 0; b < m->nbuf[p]; b++)
					if (m->buf[p][b].loc == op->loc)
						v = m->buf[p][b].arg; /* the latest wins */
				n.reg[op->arg] = v;
			}
			explore(t, &n, tso, reach);
			moved = true;
		}
		if (m->nbuf[p]) {
			n = *m;
			n.mem[m->buf[p][0].loc] = m->buf[p][0].arg;
			memmove(n.buf[p], n.buf[p] + 1, --n.nbuf[p] * sizeof(n.buf[p][0]));
			explore(t, &n, tso, reach);
			moved = true;
		}
	}
	if (!moved)
		finish(t, m, reach);
}

static void reachable(const struct tsob_litmus_test *t, bool tso, bool *reach)
{
	struct machine m;

	memset(&m, 0, sizeof(m));
	memset(reach, 0, TSOB_LITMUS_MAX_KEYS * sizeof(*reach));
	explore(t, &m, tso, reach);
}

static void test_table_matches_models(void **state)
{
	for (unsigned i = 0; i < tsob_litmus_nr_tests; i++) {
		const struct tsob_litmus_test *t = &tsob_litmus_tests[i];
		bool sc[TSOB_LITMUS_MAX_KEYS], tso[TSOB_LITMUS_MAX_KEYS];

		reachable(t, false, sc);
		reachable(t, true, tso);
		for (unsigned k = 0; k < tsob_litmus_nr_keys(t); k++) {
			enum tsob_litmus_class want = sc[k]    ? TSOB_LITMUS_SC
						      : tso[k] ? TSOB_LITMUS_RELAXED
							       : TSOB_LITMUS_FORBIDDEN;
			enum tsob_litmus_class got = tsob_litmus_classify(t, k);
			char name[64];

			tsob_litmus_outcome_name(t, k, name, sizeof(name));
			if (got != want)
				fail_msg("%s: outcome %s: table says %s, x86-TSO model says %s",
					 t->name, name, tsob_litmus_class_name(got),
					 tsob_litmus_class_name(want));
			if (sc[k] && !tso[k])
				fail_msg("%s: %s is SC but not TSO: the model is broken", t->name,
					 name);
		}
	}
}

/* Well-known verdicts, so a wrong program cannot agree with a wrong table. */
static void test_known_verdicts(void **state)
{
	static const struct {
		const char *test, *outcome;
		enum tsob_litmus_class cls;
	} cases[] = {
	    {"MP", "r0=1 r1=0", TSOB_LITMUS_FORBIDDEN},
	    {"SB", "r0=0 r1=0", TSOB_LITMUS_RELAXED},
	    {"LB", "r0=1 r1=1", TSOB_LITMUS_FORBIDDEN},
	    {"S", "r0=1 x=2", TSOB_LITMUS_FORBIDDEN},
	    {"R", "r0=0 y=2", TSOB_LITMUS_RELAXED},
	    {"2+2W", "x=2 y=2", TSOB_LITMUS_FORBIDDEN},
	    {"IRIW", "r0=1 r1=0 r2=1 r3=0", TSOB_LITMUS_FORBIDDEN},
	    {"CoRR", "r0=1 r1=0", TSOB_LITMUS_FORBIDDEN},
	};

	assert_int_equal(tsob_litmus_nr_tests, sizeof(cases) / sizeof(cases[0]));
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct tsob_litmus_test *t = tsob_litmus_lookup(cases[c].test);
		unsigned same = 0;
		bool found = false;

		assert_non_null(t);
		for (unsigned k = 0; k < tsob_litmus_nr_keys(t); k++) {
			char name[64];

			tsob_litmus_outcome_name(t, k, name, sizeof(name));
			same += tsob_litmus_classify(t, k) == cases[c].cls;
			if (!strcmp(name, cases[c].outcome)) {
				found = true;
				if (tsob_litmus_classify(t, k) != cases[c].cls)
					fail_msg("%s: %s should be %s", t->name, name,
						 tsob_litmus_class_name(cases[c].cls));
			}
		}
		assert_true(found);
		/* Exactly one relaxed outcome; forbidden ones include the impossible values. */
		if (cases[c].cls == TSOB_LITMUS_RELAXED)
			assert_int_equal(same, 1);
	}
}

static void test_table_well_formed(void **state)
{
	for (unsigned i = 0; i < tsob_litmus_nr_tests; i++) {
		const struct tsob_litmus_test *t = &tsob_litmus_tests[i];
		bool seen[TSOB_LITMUS_MAX_KEYS] = {false}, forbidden = false;
		int owner[TSOB_LITMUS_MAX_VARS] = {-1, -1, -1, -1};
		unsigned threads = 0;

		assert_int_equal(t->id, i);
		assert_ptr_equal(tsob_litmus_lookup(t->name), t);
		for (unsigned p = 0; p < TSOB_LITMUS_MAX_THREADS; p++) {
			threads += t->prog[p][0].kind != TSOB_LITMUS_END;
			for (const struct tsob_litmus_op *op = t->prog[p]; op->kind; op++) {
				assert_true(op->loc < TSOB_LITMUS_NR_LOCS);
				if (op->kind == TSOB_LITMUS_LD) {
					assert_true(op->arg < TSOB_LITMUS_MAX_VARS);
					assert_int_equal(owner[op->arg], -1); /* one owner */
					owner[op->arg] = (int)p;
				}
			}
		}
		assert_int_equal(threads, t->nthreads);
		for (unsigned v = 0; v < t->nvars; v++) {
			if (t->vars[v].reg >= 0)
				assert_true(owner[t->vars[v].reg] >= 0);
			else
				assert_true(t->vars[v].loc >= 0 &&
					    t->vars[v].loc < TSOB_LITMUS_NR_LOCS);
		}
		assert_true(t->noutcomes <= TSOB_LITMUS_MAX_OUTCOMES);
		for (unsigned o = 0; o < t->noutcomes; o++) {
			uint32_t v[TSOB_LITMUS_MAX_VARS];
			unsigned k;

			for (unsigned j = 0; j < t->nvars; j++)
				v[j] = t->outcomes[o].v[j];
			k = tsob_litmus_key(t, v);
			assert_false(seen[k]);
			seen[k] = true;
			forbidden |= t->outcomes[o].cls == TSOB_LITMUS_FORBIDDEN;
		}
		/* A forbidden outcome says what seeing it would mean. */
		assert_true(forbidden == (t->forbidden_means != NULL));
	}
}

static void test_names(void **state)
{
	const struct tsob_litmus_test *sb = tsob_litmus_lookup("sb");
	const struct tsob_litmus_test *s = tsob_litmus_lookup("S");
	uint32_t v[] = {1, 2}, other[] = {7, 0};
	char buf[64];

	assert_non_null(sb);
	assert_string_equal(sb->name, "SB");
	assert_non_null(tsob_litmus_lookup("2+2w"));
	assert_non_null(tsob_litmus_lookup("corr"));
	assert_null(tsob_litmus_lookup("SB2"));
	assert_null(tsob_litmus_lookup(""));
	assert_null(tsob_litmus_lookup(NULL));
	tsob_litmus_thread_name(sb, 0, buf, sizeof(buf));
	assert_string_equal(buf, "x=1; r0=y");
	tsob_litmus_thread_name(sb, 1, buf, sizeof(buf));
	assert_string_equal(buf, "y=1; r1=x");
	tsob_litmus_outcome_name(s, tsob_litmus_key(s, v), buf, sizeof(buf));
	assert_string_equal(buf, "r0=1 x=2");
	/* Values no program stores are one "other" outcome, always forbidden. */
	tsob_litmus_outcome_name(sb, tsob_litmus_key(sb, other), buf, sizeof(buf));
	assert_string_equal(buf, "r0=other r1=0");
	assert_int_equal(tsob_litmus_classify(sb, tsob_litmus_key(sb, other)),
			 TSOB_LITMUS_FORBIDDEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_matches_models),
	    cmocka_unit_test(test_known_verdicts),
	    cmocka_unit_test(test_table_well_formed),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
