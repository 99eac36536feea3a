// SPDX-License-Identifier: MIT
/*
 * `tsobench litmus` measured: the cells (test x strategy) run through the
 * harness with the threads placed and, for strategies under the TSO memory
 * model, the prctl on every thread; the "litmus" section of the results
 * document; and histograms on stdout.
 *
 * "litmus": {
 *   "model": "x86-TSO",
 *   "iterations": N,          asked per test and strategy
 *   "batch": N, "stagger": N, "seed": N,
 *   "time_limit_s": S | null, a test stopped after S seconds even if iterations remained
 *   "tests": [ {
 *     "test": "SB", "summary": "...", "threads": 2,
 *     "program": ["x=1; r0=y", "y=1; r1=x"],    one string per thread, P0 first
 *     "strategy": "plain", "available": true, "reason": null | "why not run",
 *     "must_be_tso": true,     false only for plain on arm64
 *     "status": "ok" | "violation" | "weak" | "unavailable" | "error",
 *     "iterations": N,         run (null when not run)
 *     "stopped_early": false,  the time limit or a signal ended it
 *     "elapsed_s": S, "time_shared": false, "cpus": [0, 1],
 *     "outcomes": [ { "outcome": "r0=0 r1=0", "count": N, "class": "sc" | "relaxed" |
 *                     "forbidden", "allowed_by_sc": false, "forbidden_by_tso": false } ],
 *     "forbidden_observed": N, iterations with an outcome x86-TSO forbids (null when not run)
 *     "relaxed_observed": N    ... allowed by x86-TSO but not by SC (SB, R)
 *   } ],
 *   "violations": N,           forbidden outcomes where x86 ordering is required
 *   "verdict": "ok" | "violation" | "error" | "not-run" (no selected strategy runs here)
 * }
 * Every outcome of the test's table is listed, seen or not, then any other
 * outcome that was seen; "status" "weak" means forbidden outcomes from plain
 * code on a weakly ordered CPU, which is expected.
 */
#include "litmus_suite.h"

#include <errno.h>
#include <string.h>

#include "memmodel.h"
#include "placement.h"
#include "tsob/err.h"
#include "tsob/parse.h"

enum tsob_litmus_status tsob_litmus_cell_status(const struct tsob_litmus_cell *c)
{
	if (!c->available)
		return TSOB_LITMUS_UNAVAILABLE;
	if (c->res.err)
		return TSOB_LITMUS_ERROR;
	if (!c->res.forbidden)
		return TSOB_LITMUS_OK;
	return c->must_be_tso ? TSOB_LITMUS_VIOLATION : TSOB_LITMUS_WEAK;
}

const char *tsob_litmus_status_name(enum tsob_litmus_status s)
{
	static const char *const names[] = {"ok", "violation", "weak", "unavailable", "error"};

	return names[s];
}

static bool ran(const struct tsob_litmus_cell *c)
{
	return c->available && !c->res.err;
}

/* The outcomes to show: the table's, in its order, then others that were seen. */
static unsigned outcome_keys(const struct tsob_litmus_test *t, const struct tsob_litmus_cell *cells,
			     unsigned ncells, unsigned *keys)
{
	bool listed[TSOB_LITMUS_MAX_KEYS] = {false};
	unsigned n = 0;

	for (unsigned i = 0; i < t->noutcomes; i++) {
		uint32_t v[TSOB_LITMUS_MAX_VARS];

		for (unsigned j = 0; j < t->nvars; j++)
			v[j] = t->outcomes[i].v[j];
		keys[n] = tsob_litmus_key(t, v);
		listed[keys[n++]] = true;
	}
	for (unsigned k = 0; k < tsob_litmus_nr_keys(t); k++) {
		bool seen = false;

		for (unsigned c = 0; c < ncells; c++)
			seen |= cells[c].test == t && ran(&cells[c]) && cells[c].res.counts[k];
		if (seen && !listed[k])
			keys[n++] = k;
	}
	return n;
}

static json_object *cell_json(const struct tsob_litmus_cell *c)
{
	const struct tsob_litmus_test *t = c->test;
	json_object *o = json_object_new_object(), *prog = json_object_new_array();
	json_object *outcomes = json_object_new_array(), *cpus = json_object_new_array();
	unsigned keys[TSOB_LITMUS_MAX_KEYS], n;
	bool r = ran(c);

	json_object_object_add(o, "test", json_object_new_string(t->name));
	json_object_object_add(o, "summary", json_object_new_string(t->summary));
	json_object_object_add(o, "threads", json_object_new_int((int)t->nthreads));
	for (unsigned p = 0; p < t->nthreads; p++) {
		char buf[128];

		tsob_litmus_thread_name(t, p, buf, sizeof(buf));
		json_object_array_add(prog, json_object_new_string(buf));
	}
	json_object_object_add(o, "program", prog);
	json_object_object_add(o, "strategy",
			       json_object_new_string(tsob_strategies[c->strategy].name));
	json_object_object_add(o, "available", json_object_new_boolean(c->available));
	json_object_object_add(o, "reason",
			       !c->available ? json_object_new_string(c->why)
			       : c->res.err  ? json_object_new_string(c->res.reason)
					     : NULL);
	json_object_object_add(o, "must_be_tso", json_object_new_boolean(c->must_be_tso));
	json_object_object_add(
	    o, "status",
	    json_object_new_string(tsob_litmus_status_name(tsob_litmus_cell_status(c))));
	json_object_object_add(o, "iterations",
			       r ? json_object_new_int64((int64_t)c->res.iterations) : NULL);
	json_object_object_add(o, "stopped_early", json_object_new_boolean(r && c->res.stopped));
	json_object_object_add(o, "elapsed_s", r ? json_object_new_double(c->res.elapsed_s) : NULL);
	json_object_object_add(o, "time_shared", json_object_new_boolean(c->res.time_shared));
	for (unsigned p = 0; r && p < c->res.nthreads; p++)
		json_object_array_add(
		    cpus, c->res.cpus[p] >= 0 ? json_object_new_int(c->res.cpus[p]) : NULL);
	json_object_object_add(o, "cpus", cpus);
	n = r ? outcome_keys(t, c, 1, keys) : 0;
	for (unsigned i = 0; i < n; i++) {
		json_object *oc = json_object_new_object();
		enum tsob_litmus_class cls = tsob_litmus_classify(t, keys[i]);
		char name[64];

		tsob_litmus_outcome_name(t, keys[i], name, sizeof(name));
		json_object_object_add(oc, "outcome", json_object_new_string(name));
		json_object_object_add(oc, "count",
				       json_object_new_int64((int64_t)c->res.counts[keys[i]]));
		json_object_object_add(oc, "class",
				       json_object_new_string(tsob_litmus_class_name(cls)));
		json_object_object_add(oc, "allowed_by_sc",
				       json_object_new_boolean(cls == TSOB_LITMUS_SC));
		json_object_object_add(oc, "forbidden_by_tso",
				       json_object_new_boolean(cls == TSOB_LITMUS_FORBIDDEN));
		json_object_array_add(outcomes, oc);
	}
	json_object_object_add(o, "outcomes", outcomes);
	json_object_object_add(o, "forbidden_observed",
			       r ? json_object_new_int64((int64_t)c->res.forbidden) : NULL);
	json_object_object_add(o, "relaxed_observed",
			       r ? json_object_new_int64((int64_t)c->res.relaxed) : NULL);
	return o;
}

json_object *tsob_litmus_json(const struct tsob_litmus_params *p,
			      const struct tsob_litmus_cell *cells, unsigned ncells)
{
	json_object *o = json_object_new_object(), *tests = json_object_new_array();
	uint64_t violations = 0;
	bool error = false, any = false;

	json_object_object_add(o, "model", json_object_new_string("x86-TSO"));
	json_object_object_add(o, "iterations", json_object_new_int64((int64_t)p->iterations));
	json_object_object_add(o, "batch", json_object_new_int((int)p->batch));
	json_object_object_add(o, "stagger", json_object_new_int((int)p->stagger));
	json_object_object_add(o, "seed", json_object_new_int64((int64_t)p->seed));
	json_object_object_add(o, "time_limit_s",
			       p->time_limit_s > 0 ? json_object_new_double(p->time_limit_s)
						   : NULL);
	for (unsigned i = 0; i < ncells; i++) {
		enum tsob_litmus_status s = tsob_litmus_cell_status(&cells[i]);

		json_object_array_add(tests, cell_json(&cells[i]));
		if (s == TSOB_LITMUS_VIOLATION)
			violations += cells[i].res.forbidden;
		error |= s == TSOB_LITMUS_ERROR;
		any |= ran(&cells[i]);
	}
	json_object_object_add(o, "tests", tests);
	json_object_object_add(o, "violations", json_object_new_int64((int64_t)violations));
	json_object_object_add(o, "verdict",
			       json_object_new_string(violations ? "violation"
						      : error	 ? "error"
						      : any	 ? "ok"
								 : "not-run"));
	return o;
}

#define COL 11

static void print_test(FILE *out, const struct tsob_litmus_test *t,
		       const struct tsob_litmus_cell *cells, unsigned ncells)
{
	const struct tsob_litmus_cell *col[TSOB_NR_STRATEGIES];
	unsigned keys[TSOB_LITMUS_MAX_KEYS], ncol = 0, n;

	for (unsigned c = 0; c < ncells; c++)
		if (cells[c].test == t && cells[c].available)
			col[ncol++] = &cells[c];
	if (!ncol)
		return;
	fprintf(out, "\n%s: %s\n   ", t->name, t->summary);
	for (unsigned p = 0; p < t->nthreads; p++) {
		char buf[128];

		tsob_litmus_thread_name(t, p, buf, sizeof(buf));
		fprintf(out, "  P%u: %-14s", p, buf);
	}
	fprintf(out, "\n   %-22s %-10s", "outcome", "x86-TSO");
	for (unsigned i = 0; i < ncol; i++)
		fprintf(out, "%*s", COL, tsob_strategies[col[i]->strategy].name);
	fputc('\n', out);

	n = outcome_keys(t, cells, ncells, keys);
	for (unsigned k = 0; k < n; k++) {
		enum tsob_litmus_class cls = tsob_litmus_classify(t, keys[k]);
		char name[64];

		tsob_litmus_outcome_name(t, keys[k], name, sizeof(name));
		fprintf(out, "   %-22s %-10s", name,
			cls == TSOB_LITMUS_FORBIDDEN ? "FORBIDDEN" : tsob_litmus_class_name(cls));
		for (unsigned i = 0; i < ncol; i++) {
			if (ran(col[i]))
				fprintf(out, "%*llu", COL,
					(unsigned long long)col[i]->res.counts[keys[k]]);
			else
				fprintf(out, "%*s", COL, "-");
		}
		fputc('\n', out);
	}
	fprintf(out, "   %-33s", "iterations");
	for (unsigned i = 0; i < ncol; i++) {
		if (ran(col[i]))
			fprintf(out, "%*llu", COL, (unsigned long long)col[i]->res.iterations);
		else
			fprintf(out, "%*s", COL, "error");
	}
	fprintf(out, "\n   %-33s", "verdict");
	for (unsigned i = 0; i < ncol; i++)
		fprintf(out, "%*s", COL, tsob_litmus_status_name(tsob_litmus_cell_status(col[i])));
	fputc('\n', out);
	for (unsigned i = 0; i < ncol; i++)
		if (col[i]->res.err)
			fprintf(out, "   %s: %s\n", tsob_strategies[col[i]->strategy].name,
				col[i]->res.reason);
}

void tsob_litmus_print(FILE *out, const struct tsob_litmus_cell *cells, unsigned ncells,
		       unsigned ncpus)
{
	bool shown[TSOB_NR_STRATEGIES] = {false}, time_shared = false, weak = false;
	unsigned violations = 0, errors = 0, nran = 0;

	for (unsigned c = 0; c < ncells; c++)
		if (!cells[c].available && !shown[cells[c].strategy]) {
			shown[cells[c].strategy] = true;
			fprintf(out, "not run here: %-7s %s\n",
				tsob_strategies[cells[c].strategy].name, cells[c].why);
		}
	for (unsigned i = 0; i < tsob_litmus_nr_tests; i++)
		print_test(out, &tsob_litmus_tests[i], cells, ncells);

	fputc('\n', out);
	for (unsigned c = 0; c < ncells; c++) {
		const struct tsob_litmus_cell *cell = &cells[c];
		enum tsob_litmus_status s = tsob_litmus_cell_status(cell);

		nran += ran(cell);
		if (ran(cell) && cell->res.time_shared && !time_shared) {
			time_shared = true;
			fprintf(out,
				"note: %s has %u threads and this host %u usable CPUs: its threads "
				"took turns, so it checks the code but hardly the hardware\n",
				cell->test->name, cell->test->nthreads, ncpus);
		}
		if (s == TSOB_LITMUS_VIOLATION) {
			violations++;
			fprintf(out, "FORBIDDEN: %s / %s: %llu of %llu iterations: %s\n",
				cell->test->name, tsob_strategies[cell->strategy].name,
				(unsigned long long)cell->res.forbidden,
				(unsigned long long)cell->res.iterations,
				cell->test->forbidden_means);
		} else if (s == TSOB_LITMUS_WEAK) {
			weak = true;
			fprintf(out,
				"weak: %s / %s: %llu of %llu iterations forbidden by x86-TSO\n",
				cell->test->name, tsob_strategies[cell->strategy].name,
				(unsigned long long)cell->res.forbidden,
				(unsigned long long)cell->res.iterations);
		} else if (s == TSOB_LITMUS_ERROR) {
			errors++;
		}
	}
	if (weak)
		fprintf(out, "(plain code on a weakly ordered CPU: expected; these are the "
			     "reorderings every other strategy must prevent)\n");
	if (violations)
		fprintf(out,
			"verdict: VIOLATION: %u test%s showed outcomes x86-TSO forbids where "
			"x86 ordering is required\n",
			violations, violations == 1 ? "" : "s");
	else if (errors)
		fprintf(out, "verdict: ERROR: %u test%s could not run\n", errors,
			errors == 1 ? "" : "s");
	else if (!nran)
		fprintf(out, "verdict: nothing ran: none of the selected strategies runs here\n");
	else
		fprintf(out, "verdict: ok: no outcome x86-TSO forbids where x86 ordering is "
			     "required\n");
}

/* Every test thread: pinned by the plan, then the strategy's memory model. */
struct thread_setup {
	const int *cpus;
	bool tso;
};

static int thread_init(void *arg, unsigned tid, char *why, size_t len)
{
	const struct thread_setup *ts = arg;
	int r = tsob_cpu_pin_self(ts->cpus[tid]);

	if (r) {
		snprintf(why, len, "cannot pin test thread %u to CPU %d: %s", tid, ts->cpus[tid],
			 strerror(-r));
		return r;
	}
	if (ts->tso && (r = tsob_memmodel_enter_tso()))
		snprintf(why, len, "PR_SET_MEM_MODEL(TSO) failed on a test thread: %s",
			 r == -EIO ? "PR_GET_MEM_MODEL does not report TSO" : strerror(-r));
	return r;
}

int tsob_litmus_suite_run(struct tsob_litmus_cell *cells, unsigned ncells,
			  const struct tsob_litmus_params *p, bool quiet)
{
	struct tsob_cpus allowed;
	unsigned nrun = 0, done = 0;
	uint64_t start = tsob_now_ns();
	int exit_code = TSOB_EXIT_OK;

	tsob_cpus_allowed(&allowed);
	for (unsigned i = 0; i < ncells; i++)
		nrun += cells[i].available;
	for (unsigned i = 0; i < ncells && !tsob_interrupted; i++) {
		struct tsob_litmus_cell *c = &cells[i];
		int plan[TSOB_LITMUS_MAX_THREADS];
		struct thread_setup ts = {
			.cpus = plan, .tso = tsob_strategies[c->strategy].model == TSOB_MODEL_TSO
		};
		struct tsob_litmus_conf conf = {
			.test = c->test,
			.strategy = c->strategy,
			.iterations = p->iterations,
			.batch = p->batch,
			.stagger = p->stagger,
			.seed = p->seed + i,
			.time_limit_ns = (uint64_t)(p->time_limit_s * 1e9),
			.thread_init = thread_init,
			.thread_init_arg = &ts,
			.cpus = plan,
			/* Distinct CPUs when there are enough; else threads take turns. */
			.time_shared = allowed.n < (int)c->test->nthreads,
			.stop = &tsob_interrupted,
		};

		if (!c->available)
			continue;
		for (unsigned t = 0; t < c->test->nthreads; t++)
			plan[t] = allowed.n ? allowed.cpu[t % (unsigned)allowed.n] : -1;
		done++;
		if (!quiet)
			fprintf(stderr, "[%u/%u] %s / %s\n", done, nrun, c->test->name,
				tsob_strategies[c->strategy].name);
		if (tsob_litmus_run(&conf, &c->res)) {
			tsob_warn("%s / %s: %s", c->test->name, tsob_strategies[c->strategy].name,
				  c->res.reason);
			exit_code = TSOB_EXIT_FAIL;
		} else if (tsob_litmus_cell_status(c) == TSOB_LITMUS_VIOLATION) {
			exit_code = TSOB_EXIT_FAIL;
		}
	}
	if (!quiet)
		fprintf(stderr, "litmus: %u tests in %.1f s\n", done,
			(double)(tsob_now_ns() - start) / 1e9);
	return exit_code;
}
