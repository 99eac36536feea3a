// SPDX-License-Identifier: MIT
/*
 * tsob-x86-litmus under a row of emulators.conf: its lines parsed strictly
 * and checked against the host's own table of the tests (workloads/litmus):
 * every outcome's name and class are recomputed from its key, and each test's
 * totals from its outcome lines.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emuproc.h"
#include "emuwords.h"
#include "tsob/emurun.h"
#include "x86line.h"

struct litp {
	struct tsob_emu_litmus *res;
	unsigned lineno, want_tests;
	struct tsob_emu_litmus_test *cur; /* the test whose outcome lines are coming */
	bool started, ended, end_ok;
	char error[400];
};

static int malformed(struct litp *p, const char *line, const char *why)
{
	snprintf(p->error, sizeof(p->error), "line %u: %s: '%.120s'", p->lineno, why, line);
	return TSOB_EMU_LINE_STOP;
}

static struct tsob_emu_litmus_test *test_named(struct litp *p, const char *name)
{
	const struct tsob_litmus_test *t = tsob_litmus_lookup(name);
	struct tsob_emu_litmus *res = p->res;

	if (!t || strcmp(t->name, name))
		return NULL;
	if (p->cur)
		return p->cur->test == t ? p->cur : NULL; /* the test before has no summary */
	if (res->ntests >= p->want_tests)
		return NULL;
	for (unsigned i = 0; i < res->ntests; i++)
		if (res->tests[i].test == t)
			return NULL; /* a test reported twice */
	p->cur = &res->tests[res->ntests++];
	p->cur->test = t;
	return p->cur;
}

static int on_outcome(struct litp *p, struct tsob_emu_words *w, const char *line)
{
	struct tsob_emu_litmus_test *t;
	char name[128], got[128] = "";
	uint64_t key, count;
	size_t used = 0;
	unsigned nv;

	if (w->n < 7 || strncmp(w->w[3], "test=", 5) || !(t = test_named(p, w->w[3] + 5)))
		return malformed(p, line, "outcome of an unknown or finished test");
	nv = t->test->nvars;
	if (w->n != 7 + nv || tsob_emu_field_u64(w->w[4], "key", &key) ||
	    key >= tsob_litmus_nr_keys(t->test) ||
	    tsob_emu_field_u64(w->w[6 + nv], "count", &count))
		return malformed(p, line, "not an outcome line");
	for (unsigned i = 0; i < nv; i++)
		used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s", i ? " " : "",
					 w->w[5 + i]);
	tsob_litmus_outcome_name(t->test, (unsigned)key, name, sizeof(name));
	if (strcmp(got, name) ||
	    tsob_emu_field_is(w->w[5 + nv], "class",
			      tsob_litmus_class_name(tsob_litmus_classify(t->test, (unsigned)key))))
		return malformed(p, line, "the outcome's values or class do not match its key");
	t->counts[key] = count;
	return TSOB_EMU_LINE_NEXT;
}

static int on_test(struct litp *p, struct tsob_emu_words *w, const char *line)
{
	struct tsob_emu_litmus_test *t = p->cur;
	uint64_t it, forbidden, relaxed, shared, ok, sum = 0, f = 0, r = 0;

	if (!t || w->n != 8 || tsob_emu_field_is(w->w[2], "test", t->test->name) ||
	    tsob_emu_field_u64(w->w[3], "iterations", &it) ||
	    tsob_emu_field_u64(w->w[4], "forbidden", &forbidden) ||
	    tsob_emu_field_u64(w->w[5], "relaxed", &relaxed) ||
	    tsob_emu_field_u64(w->w[6], "time_shared", &shared) || shared > 1 ||
	    tsob_emu_field_u64(w->w[7], "ok", &ok) || ok != (forbidden == 0))
		return malformed(p, line, "not the summary of the test before it");
	for (unsigned k = 0; k < tsob_litmus_nr_keys(t->test); k++) {
		enum tsob_litmus_class c = tsob_litmus_classify(t->test, k);

		sum += t->counts[k];
		f += c == TSOB_LITMUS_FORBIDDEN ? t->counts[k] : 0;
		r += c == TSOB_LITMUS_RELAXED ? t->counts[k] : 0;
	}
	if (sum != it || f != forbidden || r != relaxed)
		return malformed(p, line, "the totals do not add up from the outcome lines");
	t->iterations = it;
	t->forbidden = forbidden;
	t->relaxed = relaxed;
	t->time_shared = shared;
	p->res->forbidden += forbidden;
	p->cur = NULL;
	return TSOB_EMU_LINE_NEXT;
}

static int litmus_line(void *arg, char *line)
{
	struct litp *p = arg;
	struct tsob_emu_words w;
	char copy[TSOB_X86_LINE_MAX];
	uint64_t n, it, seed, forbidden, ok;

	p->lineno++;
	snprintf(copy, sizeof(copy), "%s", line);
	if (tsob_emu_split(line, &w) || w.n < 3 || strcmp(w.w[0], "tsob-x86-litmus") ||
	    strcmp(w.w[1], "v1") || p->ended)
		return malformed(p, copy, "not a tsob-x86-litmus v1 line here");
	if (!p->started) {
		if (w.n != 7 || strcmp(w.w[2], "start") || tsob_emu_field_u64(w.w[3], "t_ns", &n) ||
		    tsob_emu_field_u64(w.w[4], "tests", &n) || !n || n > tsob_litmus_nr_tests ||
		    tsob_emu_field_u64(w.w[5], "iterations", &it) ||
		    tsob_emu_field_u64(w.w[6], "seed", &seed))
			return malformed(p, copy, "not the start line");
		p->want_tests = (unsigned)n;
		p->started = true;
		return TSOB_EMU_LINE_NEXT;
	}
	if (!strcmp(w.w[2], "outcome"))
		return on_outcome(p, &w, copy);
	if (!strcmp(w.w[2], "end")) {
		if (p->cur || w.n != 6 || tsob_emu_field_u64(w.w[3], "tests", &n) ||
		    n != p->res->ntests || tsob_emu_field_u64(w.w[4], "forbidden", &forbidden) ||
		    forbidden != p->res->forbidden || tsob_emu_field_u64(w.w[5], "ok", &ok))
			return malformed(p, copy,
					 "the end line does not match the tests before it");
		p->ended = true;
		p->end_ok = ok;
		return TSOB_EMU_LINE_NEXT;
	}
	return on_test(p, &w, copy);
}

static void set(struct tsob_emu_litmus *res, enum tsob_emu_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set(struct tsob_emu_litmus *res, enum tsob_emu_status st, const char *fmt, ...)
{
	va_list ap;

	res->status = st;
	va_start(ap, fmt);
	vsnprintf(res->error, sizeof(res->error), fmt, ap);
	va_end(ap);
}

/* The verdict, from the first thing that went wrong. */
static void classify(struct litp *p, const struct tsob_emu_litmus_conf *c,
		     const struct tsob_emu_proc_result *r)
{
	struct tsob_emu_litmus *res = p->res;
	char tail[300];

	tsob_emu_last_line(res->stderr_tail, tail, sizeof(tail));
	if (!r->started || r->error[0])
		set(res, TSOB_EMU_ERROR, "%s", r->error);
	else if (r->interrupted)
		set(res, TSOB_EMU_INTERRUPTED, "interrupted");
	else if (r->timed_out)
		set(res, TSOB_EMU_ERROR, "timed out after %u ms (killed) with %u tests done",
		    c->timeout_ms, res->ntests - (p->cur != NULL));
	else if (p->error[0])
		set(res, TSOB_EMU_ERROR, "malformed output, %s", p->error);
	else if (r->partial_line)
		set(res, TSOB_EMU_ERROR, "output ended inside a line");
	else if (r->term_signal)
		set(res, TSOB_EMU_ERROR, "killed by signal %d (%s): %s", r->term_signal,
		    strsignal(r->term_signal), tail);
	else if (!p->ended || res->ntests != p->want_tests)
		set(res, TSOB_EMU_ERROR, "exit status %d before all tests ended: %s", r->exit_code,
		    tail);
	else if (res->forbidden && r->exit_code == TSOB_X86_EXIT_FAILED && !p->end_ok)
		set(res, TSOB_EMU_VIOLATIONS, "%" PRIu64 " forbidden outcomes", res->forbidden);
	else if (!res->forbidden && r->exit_code == 0 && p->end_ok)
		set(res, TSOB_EMU_OK, "%s", "");
	else
		set(res, TSOB_EMU_ERROR, "exit status %d does not match the outcomes: %s",
		    r->exit_code, tail);
}

int tsob_emu_litmus_run(const struct tsob_emu_litmus_conf *c, struct tsob_emu_litmus *res)
{
	char it[24], seed[24], limit[24];
	char *args[] = {(char *)c->tests, it, seed, limit, NULL};
	struct litp p = {.res = res};
	struct tsob_emu_proc_conf pc;
	struct tsob_emu_proc_result r;

	memset(res, 0, sizeof(*res));
	res->exit_code = -1;
	if (!c->avail || !c->avail->available) {
		res->status = TSOB_EMU_UNAVAILABLE;
		snprintf(res->error, sizeof(res->error), "%s",
			 c->avail ? c->avail->how : "availability not checked");
		return 0;
	}
	snprintf(it, sizeof(it), "%" PRIu64, c->iterations);
	snprintf(seed, sizeof(seed), "%" PRIu64, c->seed);
	snprintf(limit, sizeof(limit), "%u", c->limit_ms);
	res->tests = calloc(tsob_litmus_nr_tests, sizeof(*res->tests));
	if (!res->tests || tsob_emu_cmd_build(c->config, c->avail->path, c->prog, args, c->env,
					      &res->cmd, res->error, sizeof(res->error)))
		goto nomem;
	if (tsob_emu_version(c->config, c->avail->path, c->env, res->version, sizeof(res->version),
			     res->version_error, sizeof(res->version_error)) == -ENOMEM)
		goto nomem;
	pc = (struct tsob_emu_proc_conf){
	    .argv = res->cmd.argv,
	    .envp = res->cmd.envp,
	    .hooks = c->hooks,
	    .block_hwtso = c->avail->block_hwtso,
	    .timeout_ms = c->timeout_ms,
	    .stop = c->stop,
	    .line = litmus_line,
	    .arg = &p,
	};
	if (tsob_emu_proc_run(&pc, &r))
		goto nomem;
	memcpy(res->stderr_tail, r.stderr_tail, sizeof(res->stderr_tail));
	res->exit_code = r.exit_code;
	res->term_signal = r.term_signal;
	res->timed_out = r.timed_out;
	classify(&p, c, &r);
	return 0;
nomem:
	tsob_emu_litmus_free(res);
	return -ENOMEM;
}

void tsob_emu_litmus_free(struct tsob_emu_litmus *res)
{
	tsob_emu_cmd_free(&res->cmd);
	free(res->tests);
	res->tests = NULL;
	res->ntests = 0;
}
