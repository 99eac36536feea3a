// SPDX-License-Identifier: MIT
/*
 * tsobench emu --litmus: tsob-x86-litmus under each configuration, into the
 * "litmus" section in the shape `tsobench litmus` writes (one entry per test
 * and configuration, "strategy" "emu:NAME"), with "emulators", one record per
 * configuration (what ran, its version and what became of it), beside it.
 */
#include "emu_litmus.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "emu_record.h"
#include "tsob/emurun.h"
#include "tsob/err.h"
#include "tsob/parse.h"

/* A test's status in the section's words: ok, violation, weak, unavailable, error. */
static const char *test_status(const struct tsob_emu_litmus *res, const struct tsob_emu_config *c,
			       const struct tsob_emu_litmus_test *t)
{
	if (res->status == TSOB_EMU_UNAVAILABLE)
		return "unavailable";
	if (!t)
		return "error";
	if (!t->forbidden)
		return "ok";
	return c->tso == TSOB_EMU_TSO_YES ? "violation" : "weak";
}

static json_object *outcomes_json(const struct tsob_emu_litmus_test *t)
{
	const struct tsob_litmus_test *lt = t->test;
	json_object *a = json_object_new_array();
	bool listed[TSOB_LITMUS_MAX_KEYS] = {false};

	/* The table's outcomes, seen or not, then any other that was seen. */
	for (int pass = 0; pass < 2; pass++)
		for (unsigned k = 0; k < tsob_litmus_nr_keys(lt); k++) {
			enum tsob_litmus_class cls = tsob_litmus_classify(lt, k);
			bool in_table = false;
			json_object *o;
			char name[64];

			for (unsigned i = 0; i < lt->noutcomes; i++) {
				uint32_t v[TSOB_LITMUS_MAX_VARS];

				for (unsigned j = 0; j < lt->nvars; j++)
					v[j] = lt->outcomes[i].v[j];
				in_table |= tsob_litmus_key(lt, v) == k;
			}
			if (listed[k] || (pass == 0 && !in_table) || (pass == 1 && !t->counts[k]))
				continue;
			listed[k] = true;
			o = json_object_new_object();
			tsob_litmus_outcome_name(lt, k, name, sizeof(name));
			json_object_object_add(o, "outcome", json_object_new_string(name));
			json_object_object_add(o, "count",
					       json_object_new_int64((int64_t)t->counts[k]));
			json_object_object_add(o, "class",
					       json_object_new_string(tsob_litmus_class_name(cls)));
			json_object_object_add(o, "allowed_by_sc",
					       json_object_new_boolean(cls == TSOB_LITMUS_SC));
			json_object_object_add(
			    o, "forbidden_by_tso",
			    json_object_new_boolean(cls == TSOB_LITMUS_FORBIDDEN));
			json_object_array_add(a, o);
		}
	return a;
}

/* One entry of "tests": test @lt under @c, @t its counts (NULL: it did not run). */
static json_object *test_json(const struct tsob_litmus_test *lt, const struct tsob_emu_config *c,
			      const struct tsob_emu_litmus *res,
			      const struct tsob_emu_litmus_test *t)
{
	json_object *o = json_object_new_object(), *prog = json_object_new_array();
	char strategy[96];

	json_object_object_add(o, "test", json_object_new_string(lt->name));
	json_object_object_add(o, "summary", json_object_new_string(lt->summary));
	json_object_object_add(o, "threads", json_object_new_int((int)lt->nthreads));
	for (unsigned p = 0; p < lt->nthreads; p++) {
		char buf[128];

		tsob_litmus_thread_name(lt, p, buf, sizeof(buf));
		json_object_array_add(prog, json_object_new_string(buf));
	}
	json_object_object_add(o, "program", prog);
	tsob_emu_strategy(c, strategy, sizeof(strategy));
	json_object_object_add(o, "strategy", json_object_new_string(strategy));
	json_object_object_add(o, "available",
			       json_object_new_boolean(res->status != TSOB_EMU_UNAVAILABLE));
	json_object_object_add(o, "reason", t ? NULL : json_object_new_string(res->error));
	json_object_object_add(o, "must_be_tso",
			       json_object_new_boolean(c->tso == TSOB_EMU_TSO_YES));
	json_object_object_add(o, "status", json_object_new_string(test_status(res, c, t)));
	json_object_object_add(o, "iterations",
			       t ? json_object_new_int64((int64_t)t->iterations) : NULL);
	json_object_object_add(o, "time_shared", json_object_new_boolean(t && t->time_shared));
	json_object_object_add(o, "outcomes", t ? outcomes_json(t) : json_object_new_array());
	json_object_object_add(o, "forbidden_observed",
			       t ? json_object_new_int64((int64_t)t->forbidden) : NULL);
	json_object_object_add(o, "relaxed_observed",
			       t ? json_object_new_int64((int64_t)t->relaxed) : NULL);
	return o;
}

static json_object *emulator_json(const struct tsob_emu_config *c,
				  const struct tsob_emu_avail *avail,
				  const struct tsob_emu_litmus *res)
{
	json_object *o = tsob_emu_record_emulator(c, avail), *argv, *set;
	bool ok = res->status == TSOB_EMU_OK;

	if (res->status == TSOB_EMU_UNAVAILABLE)
		return o;
	argv = json_object_new_array();
	set = json_object_new_array();
	for (char **a = res->cmd.argv; a && *a; a++)
		json_object_array_add(argv, json_object_new_string(*a));
	for (char **a = res->cmd.set; a && *a; a++)
		json_object_array_add(set, json_object_new_string(*a));
	json_object_object_add(o, "version",
			       res->version[0] ? json_object_new_string(res->version) : NULL);
	json_object_object_add(o, "version_error",
			       res->version[0] ? NULL : json_object_new_string(res->version_error));
	json_object_object_add(o, "argv", argv);
	json_object_object_add(o, "set", set);
	json_object_object_add(o, "status",
			       json_object_new_string(tsob_emu_status_name(res->status)));
	json_object_object_add(o, "error", ok ? NULL : json_object_new_string(res->error));
	json_object_object_add(o, "stderr_tail",
			       ok ? NULL : json_object_new_string(res->stderr_tail));
	json_object_object_add(o, "exit_code",
			       res->exit_code >= 0 ? json_object_new_int(res->exit_code) : NULL);
	json_object_object_add(o, "signal",
			       res->term_signal ? json_object_new_int(res->term_signal) : NULL);
	json_object_object_add(o, "timed_out", json_object_new_boolean(res->timed_out));
	return o;
}

static const struct tsob_emu_litmus_test *find(const struct tsob_emu_litmus *res,
					       const struct tsob_litmus_test *lt)
{
	for (unsigned i = 0; i < res->ntests; i++)
		if (res->tests[i].test == lt)
			return &res->tests[i];
	return NULL;
}

static bool selected(const char *tests, const struct tsob_litmus_test *lt)
{
	char buf[256], *save = NULL;

	if (!strcmp(tests, "all"))
		return true;
	snprintf(buf, sizeof(buf), "%s", tests);
	for (char *n = strtok_r(buf, ",", &save); n; n = strtok_r(NULL, ",", &save))
		if (tsob_litmus_lookup(n) == lt)
			return true;
	return false;
}

/* The table of one configuration, and its verdict line. */
static void print_config(FILE *out, const struct tsob_emu_litmus_suite *s,
			 const struct tsob_emu_config *c, const struct tsob_emu_litmus *res)
{
	fprintf(out, "\n%s%s (tso %s): %s\n", TSOB_EMU_STRATEGY_PREFIX, c->name,
		tsob_emu_tso_name(c->tso),
		res->version[0]			      ? res->version
		: res->status == TSOB_EMU_UNAVAILABLE ? "-"
						      : res->version_error);
	if (res->status == TSOB_EMU_UNAVAILABLE) {
		fprintf(out, "   unavailable: %s\n", res->error);
		return;
	}
	fprintf(out, "   %-8s %12s %12s %12s  %s\n", "test", "iterations", "forbidden", "relaxed",
		"status");
	for (unsigned i = 0; i < tsob_litmus_nr_tests; i++) {
		const struct tsob_litmus_test *lt = &tsob_litmus_tests[i];
		const struct tsob_emu_litmus_test *t = find(res, lt);

		if (!selected(s->tests, lt))
			continue;
		if (t)
			fprintf(out, "   %-8s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 "  %s\n",
				lt->name, t->iterations, t->forbidden, t->relaxed,
				test_status(res, c, t));
		else
			fprintf(out, "   %-8s %12s %12s %12s  error\n", lt->name, "-", "-", "-");
	}
	if (res->status == TSOB_EMU_VIOLATIONS && c->tso == TSOB_EMU_TSO_YES)
		fprintf(out, "   EMULATOR BUG: %s under a configuration that claims x86-TSO\n",
			res->error);
	else if (res->status == TSOB_EMU_VIOLATIONS)
		fprintf(out, "   weak: %s, allowed by this configuration (tso %s)\n", res->error,
			tsob_emu_tso_name(c->tso));
	else if (res->status != TSOB_EMU_OK)
		fprintf(out, "   %s: %s\n", tsob_emu_status_name(res->status), res->error);
}

/* One configuration: its run, its entries in @tests, its record in @emus. 0, 1 (fails), -ENOMEM. */
static int run_config(const struct tsob_emu_litmus_suite *s, const struct tsob_emu_config *c,
		      json_object *tests, json_object *emus, uint64_t *violations, bool *ran,
		      FILE *out)
{
	struct tsob_emu_avail avail;
	struct tsob_emu_litmus_conf lc = {
	    .config = c,
	    .avail = &avail,
	    .prog = s->prog,
	    .tests = s->tests,
	    .iterations = s->iterations,
	    .seed = s->seed,
	    .limit_ms = s->limit_ms,
	    .timeout_ms = s->timeout_ms,
	    .stop = &tsob_interrupted,
	};
	struct tsob_emu_litmus res;
	bool fails;

	tsob_emu_available(c, &avail);
	if (tsob_emu_litmus_run(&lc, &res))
		return -ENOMEM;
	for (unsigned i = 0; i < tsob_litmus_nr_tests; i++)
		if (selected(s->tests, &tsob_litmus_tests[i]))
			json_object_array_add(tests, test_json(&tsob_litmus_tests[i], c, &res,
							       find(&res, &tsob_litmus_tests[i])));
	json_object_array_add(emus, emulator_json(c, &avail, &res));
	print_config(out, s, c, &res);
	fails = res.status == TSOB_EMU_ERROR || res.status == TSOB_EMU_FAILED ||
		res.status == TSOB_EMU_INTERRUPTED ||
		(res.status == TSOB_EMU_VIOLATIONS && c->tso == TSOB_EMU_TSO_YES);
	if (res.status == TSOB_EMU_VIOLATIONS && c->tso == TSOB_EMU_TSO_YES)
		*violations += res.forbidden;
	*ran |= res.status == TSOB_EMU_OK || res.status == TSOB_EMU_VIOLATIONS;
	tsob_emu_litmus_free(&res);
	return fails;
}

int tsob_emu_litmus_suite_run(const struct tsob_emu_litmus_suite *s, json_object **section,
			      FILE *out)
{
	json_object *o = json_object_new_object(), *tests = json_object_new_array();
	json_object *emus = json_object_new_array();
	uint64_t violations = 0;
	int exit_code = TSOB_EXIT_OK;
	bool ran = false;

	json_object_object_add(o, "model", json_object_new_string("x86-TSO"));
	json_object_object_add(o, "iterations", json_object_new_int64((int64_t)s->iterations));
	json_object_object_add(o, "seed", json_object_new_int64((int64_t)s->seed));
	json_object_object_add(o, "time_limit_s",
			       s->limit_ms ? json_object_new_double(s->limit_ms / 1000.0) : NULL);
	json_object_object_add(o, "tests", tests);
	json_object_object_add(o, "emulators", emus);
	*section = o;
	for (int j = 0; j < s->nconfigs && !tsob_interrupted; j++) {
		int r = run_config(s, s->configs[j], tests, emus, &violations, &ran, out);

		if (r < 0)
			return r;
		if (r)
			exit_code = TSOB_EXIT_FAIL;
	}
	json_object_object_add(o, "violations", json_object_new_int64((int64_t)violations));
	json_object_object_add(o, "verdict",
			       json_object_new_string(violations  ? "violation"
						      : exit_code ? "error"
						      : ran	  ? "ok"
								  : "not-run"));
	fprintf(out, "\nverdict: %s\n",
		violations  ? "VIOLATION: an outcome x86-TSO forbids under a configuration that "
			      "claims TSO (an emulator ordering bug)"
		: exit_code ? "ERROR: a configuration could not run its tests"
		: ran	    ? "ok: no outcome x86-TSO forbids under a configuration that claims TSO"
			    : "nothing ran: no selected configuration can run here");
	return exit_code;
}
