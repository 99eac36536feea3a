// SPDX-License-Identifier: MIT
/* tsobench seq: what one ordering instruction sequence costs on this core, into a results file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "counters.h"
#include "host.h"
#include "placement.h"
#include "record.h"
#include "seq.h"
#include "seq_suite.h"
#include "tsob/output.h"
#include "tsob/parse.h"

/* How long the u call of a row takes when --iterations is not given. */
#define TARGET_NS 1000000ull
#define QUICK_TARGET_NS 200000ull

struct seq_opts {
	struct tsob_seq_suite s;
	const char *group, *out, *execution;
	bool quick, list;
	int tso; /* index in tsob_seq_tso_names */
};

#define O struct seq_opts

/* cycles and instructions always: where they cannot count, they say why. */
static const char *const default_events[] = {"cycles", "instructions"};

static int opt_events(void *opts, const char *arg, struct tsob_err *e)
{
	char store[1024], *items[TSOB_MAX_EVENTS];
	int n = tsob_opt_list(arg, store, sizeof(store), items, TSOB_MAX_EVENTS, "events", e);

	for (int i = 0; i < n; i++) {
		int r = tsob_seq_suite_event(&((O *)opts)->s, items[i], e);

		if (r)
			return r;
	}
	return n < 0 ? n : 0;
}

static int opt_cpu(void *opts, const char *arg, struct tsob_err *e)
{
	uint64_t v;
	int r = tsob_parse_u64(arg, 0, CPU_SETSIZE - 1, &v);

	if (r == -EINVAL)
		return tsob_err_set(e, r, "--cpu '%s': not a number", arg);
	if (r || !tsob_cpu_allowed((int)v))
		return tsob_err_set(e, -EINVAL, "--cpu %s: no such CPU online for this process",
				    arg);
	((O *)opts)->s.cpu = (int)v;
	return 0;
}

static const char *events_help(void)
{
	return "always: cycles,instructions (or why they do not count)";
}

static const struct tsob_opt options[] = {
    TSOB_OPT_STRING(0, "group", O, group, "GROUP",
		    "only the rows of this group (load, store, store-load,\n"
		    "barrier, rmw, x86-op)"),
    TSOB_OPT_UINT('u', "unroll", O, s.u, 8, 32, "N",
		  "copies in the short call: 8, 16 or 32; the long one has\n2u (default 16)"),
    TSOB_OPT_UINT('n', "iterations", O, s.iterations, 1, 1ull << 40, "N",
		  "loop iterations per call (default: chosen per row so the\n"
		  "short call takes 1 ms, --quick 0.2 ms)"),
    TSOB_OPT_UINT('r', "repeat", O, s.repeat, 1, 100000, "N",
		  "repetitions per row and model (default 11, --quick 5)"),
    TSOB_OPT_UINT(0, "warmup", O, s.warmup, 0, 100000, "N",
		  "untimed calls of each variant first (default 1)"),
    TSOB_OPT_CHOICE(0, "tso", O, tso, tsob_seq_tso_names, "auto|on|off",
		    "also under the hardware TSO model: where the prctl grants\n"
		    "it (auto, default), always (on: refused = unavailable), never"),
    TSOB_OPT_CALL_MORE('e', "events", opt_events, "LIST",
		       "more events per copy (libpfm4 or perf names)", events_help),
    TSOB_OPT_CALL(0, "cpu", opt_cpu, "N", "pin the measuring thread to CPU N (default: unpinned)"),
    TSOB_OPT_FLAG(0, "quick", O, quick, "a CI-sized run: shorter calls, 5 repetitions"),
    TSOB_OPT_FLAG(0, "list", O, list, "print the rows and exit"),
    TSOB_OPT_STRING('o', "output", O, out, "FILE",
		    "results file (default: results/seq-HOST-ARCH-TIME.json;\n"
		    "'-': standard output)"),
    TSOB_OPT_EXECUTION(O, execution),
    TSOB_OPT_FLAG('q', "quiet", O, s.quiet, "no progress on stderr"),
    TSOB_OPT_END_ROW,
};

static void defaults(void *opts)
{
	O *o = opts;

	o->s.cpu = -1;
	o->s.u = 16;
	o->s.warmup = 1;
}

/* cycles and instructions first, then what -e added. */
static int default_events_first(struct tsob_seq_suite *s, struct tsob_err *e)
{
	struct tsob_event given[TSOB_SEQ_MAX_EVENTS];
	int ngiven = s->nevents;

	memcpy(given, s->events, sizeof(given));
	s->nevents = 0;
	/* Kept even where libpfm4 cannot encode them: the cell then says why. */
	for (size_t i = 0; i < ARRAY_SIZE(default_events); i++)
		tsob_event_resolve(default_events[i], &s->events[s->nevents++]);
	for (int i = 0; i < ngiven; i++) {
		bool dup = false;

		for (int k = 0; k < s->nevents; k++)
			dup |= !strcmp(s->events[k].name, given[i].name);
		if (dup)
			continue;
		if (s->nevents == TSOB_SEQ_MAX_EVENTS)
			return tsob_err_set(e, -E2BIG,
					    "-e: too many events: the probe reads %d besides "
					    "cycles and instructions",
					    TSOB_SEQ_MAX_EVENTS - (int)ARRAY_SIZE(default_events));
		s->events[s->nevents++] = given[i];
	}
	return 0;
}

/* Rows, group, defaults that depend on other options, and the checks across options. */
static int finish(O *o, const struct tsob_args *a, struct tsob_err *e)
{
	struct tsob_seq_suite *s = &o->s;
	int r;

	if (s->u != 8 && s->u != 16 && s->u != 32)
		return tsob_err_set(e, -EINVAL, "-u %u: must be 8, 16 or 32 (the long call has 2u)",
				    s->u);
	for (int i = 0; i < a->npos; i++) {
		char store[1024], *items[TSOB_SEQ_MAX_ROWS];
		int n = tsob_opt_list(a->pos[i], store, sizeof(store), items, TSOB_SEQ_MAX_ROWS,
				      "rows", e);

		for (int k = 0; k < n; k++)
			if ((r = tsob_seq_suite_select(s, items[k], e)))
				return r;
		if (n < 0)
			return n;
	}
	if (!a->npos)
		for (size_t i = 0; tsob_seq_at(i) && i < TSOB_SEQ_MAX_ROWS; i++)
			s->rows[s->nrows++] = tsob_seq_at(i);
	if (o->group && (r = tsob_seq_suite_group(s, o->group, e)))
		return r;
	if (!s->nrows)
		return tsob_err_set(e, -EINVAL, "no row of group %s among the rows given",
				    o->group);
	if (!tsob_opt_given(&tsob_cmd_seq, a, "repeat"))
		s->repeat = o->quick ? 5 : 11;
	s->target_ns = o->quick ? QUICK_TARGET_NS : TARGET_NS;
	s->tso = o->tso;
	return default_events_first(s, e);
}

static void list_rows(const struct tsob_seq_suite *s)
{
	printf("%-26s %-10s %-10s %-4s %5s  %s\n", "row", "group", "form", "here", "instr",
	       "one copy");
	for (size_t i = 0; i < s->nrows; i++) {
		const struct tsob_seq *row = s->rows[i];
		char insns[512], why[160];

		tsob_seq_format_insns(row, insns, sizeof(insns));
		printf("%-26s %-10s %-10s %-4s %5u  %s\n", row->name, row->group,
		       tsob_seq_form_name(row->form),
		       tsob_seq_available(row, 0, why, sizeof(why)) ? "yes" : "no", row->count,
		       insns);
	}
}

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	O *o = opts;
	struct tsob_host host;
	struct tsob_run_info info;
	struct tsob_view v;
	json_object *doc;
	char path[512], shown[512];
	int r, exit_code;

	if ((r = finish(o, a, e)))
		return r;
	if (o->list) {
		list_rows(&o->s);
		return TSOB_EXIT_OK;
	}
	tsob_host_probe(&host);
	if (o->execution)
		tsob_host_set_execution(&host, o->execution);
	if ((r = tsob_results_out(o->out, "seq", host.hostname, host.arch, TSOB_FORMAT_JSON, path,
				  sizeof(path), shown, sizeof(shown), e)))
		return r;

	tsob_counters_init();
	tsob_signals_install();
	info = (struct tsob_run_info){.host = &host,
				      .command = "seq",
				      .argv_line = tsob_command_line(),
				      .quick = o->quick,
				      .repeat = o->s.repeat,
				      .warmup = o->s.warmup,
				      .cpu = o->s.cpu,
				      .events = o->s.events,
				      .nevents = o->s.nevents};
	doc = tsob_record_new(&info);
	exit_code = tsob_seq_suite_run(&o->s, &host, doc);
	if (exit_code < 0) {
		json_object_put(doc);
		return tsob_err_set(e, exit_code, "out of memory");
	}
	tsob_results_set_complete(doc, !tsob_interrupted, "interrupted by a signal");
	if ((r = tsob_results_save(path, doc, TSOB_FORMAT_JSON, e))) {
		json_object_put(doc);
		return r;
	}
	/* The table is the analysis's reading of the same document. */
	if (!tsob_view_from_json(json_object_get(doc), shown, &v, e)) {
		tsob_seq_table_print(stdout, &v);
		tsob_view_free(&v);
	}
	printf("results: %s%s\n", shown, tsob_interrupted ? " (incomplete: interrupted)" : "");
	json_object_put(doc);
	return tsob_interrupted ? TSOB_EXIT_INTERRUPTED : exit_code;
}

const struct tsob_cmd tsob_cmd_seq = {
    .name = "seq",
    .summary = "instruction sequences, nanoBench-style: cost per copy",
    .usage = "[ROW|GLOB[,...] ...] [OPTIONS]",
    .max_args = 64,
    .opts = options,
    .epilogue = "Each row is run unrolled u and 2u times in a loop; per copy = (reading(2u) -\n"
		"reading(u)) / (u x iterations): loop, call and reading cancel. Rows the CPU\n"
		"cannot run are reported unavailable with the reason. Timings under emulation\n"
		"(qemu) or on x86-64 are not arm64 ordering costs.\n"
		"exit: 0 ok, 1 a row failed (reported in its cell), 2 bad usage,\n"
		"130 interrupted (the finished rows are kept)\n",
    .opts_size = sizeof(struct seq_opts),
    .defaults = defaults,
    .run = run,
};
