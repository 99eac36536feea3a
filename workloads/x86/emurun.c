// SPDX-License-Identifier: MIT
/*
 * One cell of tsobench emu: tsob-x86 under a row of emulators.conf, its lines
 * parsed strictly in the order x86line.h gives them, every run verified
 * against its own reference and, when the caller has it, the host's.
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
#include "tsob/kernel.h"
#include "x86line.h"

#define VERSION_TIMEOUT_MS 10000

const char *tsob_emu_status_name(enum tsob_emu_status s)
{
	static const char *const names[] = {"ok",	   "failed", "violations",
					    "unavailable", "error",  "interrupted"};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

enum state { P_START, P_CALIB_B, P_CALIB_E, P_BEGIN, P_END, P_RESULT, P_FINAL, P_DONE };

struct cellp {
	const struct tsob_emu_cell_conf *conf;
	struct tsob_emu_cell *cell;
	unsigned lineno, run; /* run: index over warm-up runs, then repetitions */
	enum state state;
	bool calibrated; /* the calib marks were seen */
	bool bad_run;	 /* a result line said ok=0 */
	char error[400]; /* the first malformed line */
	char wrong[400]; /* the first wrong result */
};

static const char *run_kind(const struct cellp *p)
{
	return p->run < p->conf->warmup ? "warmup" : "rep";
}

static unsigned run_index(const struct cellp *p)
{
	return p->run < p->conf->warmup ? p->run : p->run - p->conf->warmup;
}

/* The state after the start line, a run's result or the calibration. */
static enum state next_run(const struct cellp *p)
{
	if (p->bad_run || p->run >= p->conf->warmup + p->conf->repeat)
		return P_FINAL;
	if (p->conf->sync && p->run == p->conf->warmup && !p->calibrated)
		return P_CALIB_B;
	return p->conf->sync ? P_BEGIN : P_RESULT;
}

static int malformed(struct cellp *p, const char *line, const char *why)
{
	snprintf(p->error, sizeof(p->error), "line %u: %s: '%.120s'", p->lineno, why, line);
	return TSOB_EMU_LINE_STOP;
}

static int on_start(struct cellp *p, struct tsob_emu_words *w, const char *line)
{
	const struct tsob_emu_cell_conf *c = p->conf;
	uint64_t size, threads, warmup, repeat, sync;

	if (w->n != 12 || strcmp(w->w[2], "start") ||
	    tsob_emu_field_u64(w->w[3], "t_ns", &p->cell->start_ns) ||
	    tsob_emu_field_is(w->w[4], "kernel", c->kernel) ||
	    tsob_emu_field_str(w->w[5], "unit") || tsob_emu_field_u64(w->w[6], "size", &size) ||
	    tsob_emu_field_u64(w->w[7], "threads", &threads) ||
	    tsob_emu_field_u64(w->w[8], "warmup", &warmup) ||
	    tsob_emu_field_u64(w->w[9], "repeat", &repeat) ||
	    tsob_emu_field_u64(w->w[10], "ops", &p->cell->ops) ||
	    tsob_emu_field_u64(w->w[11], "sync", &sync))
		return malformed(p, line, "not the start line asked for");
	if (size != c->size || threads != c->threads || warmup != c->warmup ||
	    repeat != c->repeat || sync != c->sync)
		return malformed(p, line, "the start line does not echo the cell's parameters");
	if (c->have_reference && p->cell->ops != c->ops && !p->wrong[0])
		snprintf(p->wrong, sizeof(p->wrong),
			 "%" PRIu64 " operations, the host's reference has %" PRIu64, p->cell->ops,
			 c->ops);
	p->state = next_run(p);
	return TSOB_EMU_LINE_NEXT;
}

static int on_mark(struct cellp *p, struct tsob_emu_words *w, const char *line)
{
	const struct tsob_emu_hooks *h = p->conf->hooks;
	bool calib = p->state == P_CALIB_B || p->state == P_CALIB_E;
	bool end = p->state == P_CALIB_E || p->state == P_END;
	const char *kind = calib ? "calib" : run_kind(p);
	unsigned i = calib ? 0 : run_index(p);
	uint64_t got;

	if (w->n != 5 || strcmp(w->w[3], end ? "end" : "begin") ||
	    tsob_emu_field_u64(w->w[4], kind, &got) || got != i)
		return malformed(p, line, "not the mark expected here");
	if (h && h->mark)
		h->mark(h->arg, kind, i, end);
	p->calibrated |= p->state == P_CALIB_E;
	p->state = p->state == P_CALIB_B   ? P_CALIB_E
		   : p->state == P_CALIB_E ? next_run(p)
		   : p->state == P_BEGIN   ? P_END
					   : P_RESULT;
	return TSOB_EMU_LINE_ACK;
}

static int on_result(struct cellp *p, struct tsob_emu_words *w, const char *line)
{
	const struct tsob_emu_cell_conf *c = p->conf;
	struct tsob_emu_cell *cell = p->cell;
	uint64_t i, wall, ops, ok;

	if (w->n != 9 || tsob_emu_field_u64(w->w[2], run_kind(p), &i) || i != run_index(p) ||
	    tsob_emu_field_u64(w->w[3], "wall_ns", &wall) ||
	    tsob_emu_field_u64(w->w[4], "ops", &ops) ||
	    tsob_emu_field_hex(w->w[5], "checksum", &cell->checksum) ||
	    tsob_emu_field_hex(w->w[6], "expected", &cell->expected) ||
	    tsob_emu_field_u64(w->w[7], "violations", &cell->violations) ||
	    tsob_emu_field_u64(w->w[8], "ok", &ok) || ok > 1)
		return malformed(p, line, "not the result line expected here");
	if (ops != cell->ops)
		return malformed(p, line, "ops differ from the start line");
	if (ok && (cell->checksum != cell->expected || cell->violations))
		return malformed(p, line, "ok=1 with a wrong checksum or violations");
	if (p->run < c->warmup)
		cell->warmup_ns[cell->nwarmup++] = wall;
	else
		cell->wall_ns[cell->nrep++] = wall;
	if (!ok && !p->wrong[0])
		snprintf(p->wrong, sizeof(p->wrong),
			 "%s %" PRIu64 ": checksum 0x%016" PRIx64 ", expected 0x%016" PRIx64
			 ", %" PRIu64 " ordering violations",
			 run_kind(p), i, cell->checksum, cell->expected, cell->violations);
	else if (c->have_reference && cell->expected != c->expected && !p->wrong[0])
		snprintf(p->wrong, sizeof(p->wrong),
			 "%s %" PRIu64 ": reference 0x%016" PRIx64 " differs from the host's "
			 "0x%016" PRIx64,
			 run_kind(p), i, cell->expected, c->expected);
	p->bad_run |= !ok;
	p->run++;
	p->state = next_run(p);
	return TSOB_EMU_LINE_NEXT;
}

static int on_end(struct cellp *p, struct tsob_emu_words *w, const char *line)
{
	uint64_t reps, ok;

	if (w->n != 5 || strcmp(w->w[2], "end") || tsob_emu_field_u64(w->w[3], "reps", &reps) ||
	    tsob_emu_field_u64(w->w[4], "ok", &ok))
		return malformed(p, line, "not the end line expected here");
	if (ok != !p->bad_run || reps != p->cell->nrep - p->bad_run * (p->run > p->conf->warmup))
		return malformed(p, line, "the end line does not match the runs before it");
	p->state = P_DONE;
	return TSOB_EMU_LINE_NEXT;
}

static int cell_line(void *arg, char *line)
{
	struct cellp *p = arg;
	struct tsob_emu_words w;
	char copy[TSOB_X86_LINE_MAX];

	p->lineno++;
	snprintf(copy, sizeof(copy), "%s", line);
	if (tsob_emu_split(line, &w) || w.n < 3 || strcmp(w.w[0], "tsob-x86") ||
	    strcmp(w.w[1], "v1"))
		return malformed(p, copy, "not a tsob-x86 v1 line");
	switch (p->state) {
	case P_START:
		return on_start(p, &w, copy);
	case P_CALIB_B:
	case P_CALIB_E:
	case P_BEGIN:
	case P_END:
		if (strcmp(w.w[2], "mark"))
			return malformed(p, copy, "a mark was expected");
		return on_mark(p, &w, copy);
	case P_RESULT:
		return on_result(p, &w, copy);
	case P_FINAL:
		return on_end(p, &w, copy);
	case P_DONE:
		break;
	}
	return malformed(p, copy, "output after the end line");
}

static void set(struct tsob_emu_cell *c, enum tsob_emu_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set(struct tsob_emu_cell *c, enum tsob_emu_status st, const char *fmt, ...)
{
	va_list ap;

	c->status = st;
	va_start(ap, fmt);
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
}

/* The verdict, from the first thing that went wrong. */
static void classify(struct cellp *p, const struct tsob_emu_proc_result *r)
{
	const struct tsob_emu_cell_conf *cc = p->conf;
	struct tsob_emu_cell *c = p->cell;
	char tail[300];

	tsob_emu_last_line(c->stderr_tail, tail, sizeof(tail));
	if (!r->started || r->error[0])
		set(c, TSOB_EMU_ERROR, "%s", r->error);
	else if (r->interrupted)
		set(c, TSOB_EMU_INTERRUPTED, "interrupted after %u of %u repetitions", c->nrep,
		    cc->repeat);
	else if (r->timed_out)
		set(c, TSOB_EMU_ERROR,
		    "timed out after %u ms (killed) with %u of %u warm-up runs and %u of %u "
		    "repetitions done",
		    cc->timeout_ms, c->nwarmup, cc->warmup, c->nrep, cc->repeat);
	else if (p->error[0])
		set(c, TSOB_EMU_ERROR, "malformed output, %s", p->error);
	else if (r->partial_line)
		set(c, TSOB_EMU_ERROR,
		    "output ended inside a line, or a line was longer than %d bytes",
		    TSOB_X86_LINE_MAX);
	else if (r->term_signal)
		set(c, TSOB_EMU_ERROR, "killed by signal %d (%s): %s", r->term_signal,
		    strsignal(r->term_signal), tail);
	else if (p->wrong[0] && (r->exit_code == TSOB_X86_EXIT_FAILED || !p->bad_run))
		set(c, c->violations ? TSOB_EMU_VIOLATIONS : TSOB_EMU_FAILED, "%s", p->wrong);
	else if (r->exit_code != 0)
		set(c, TSOB_EMU_ERROR, "exit status %d%s: %s", r->exit_code,
		    p->bad_run ? " (after a wrong run)" : "", tail);
	else if (p->state != P_DONE || p->bad_run)
		set(c, TSOB_EMU_ERROR, "exit status 0 %s",
		    p->bad_run ? "after a wrong run" : "before the end line");
	else
		set(c, TSOB_EMU_OK, "%s", "");
}

int tsob_emu_cell_run(const struct tsob_emu_cell_conf *conf, struct tsob_emu_cell *cell)
{
	char a[5][24], *args[7];
	struct cellp p = {.conf = conf, .cell = cell};
	struct tsob_emu_proc_conf pc;
	struct tsob_emu_proc_result r;
	int err;

	memset(cell, 0, sizeof(*cell));
	cell->exit_code = -1;
	if (!conf->avail || !conf->avail->available) {
		cell->status = TSOB_EMU_UNAVAILABLE;
		snprintf(cell->error, sizeof(cell->error), "%s",
			 conf->avail ? conf->avail->how : "availability not checked");
		return 0;
	}
	snprintf(a[0], sizeof(a[0]), "%" PRIu64, conf->size);
	snprintf(a[1], sizeof(a[1]), "%u", conf->threads);
	snprintf(a[2], sizeof(a[2]), "%u", conf->warmup);
	snprintf(a[3], sizeof(a[3]), "%u", conf->repeat);
	args[0] = (char *)conf->kernel;
	for (int i = 0; i < 4; i++)
		args[i + 1] = a[i];
	args[5] = conf->sync ? "sync" : NULL;
	args[6] = NULL;
	err = tsob_emu_cmd_build(conf->config, conf->avail->path, conf->prog, args, conf->env,
				 &cell->cmd, cell->error, sizeof(cell->error));
	cell->warmup_ns = calloc(conf->warmup + 1, sizeof(uint64_t));
	cell->wall_ns = calloc(conf->repeat + 1, sizeof(uint64_t));
	if (err || !cell->warmup_ns || !cell->wall_ns) {
		tsob_emu_cell_free(cell);
		return -ENOMEM;
	}
	if (tsob_emu_version(conf->config, conf->avail->path, conf->env, cell->version,
			     sizeof(cell->version), cell->version_error,
			     sizeof(cell->version_error)) == -ENOMEM)
		return -ENOMEM;
	pc = (struct tsob_emu_proc_conf){
	    .argv = cell->cmd.argv,
	    .envp = cell->cmd.envp,
	    .hooks = conf->hooks,
	    .block_hwtso = conf->avail->block_hwtso,
	    .ack = conf->sync,
	    .timeout_ms = conf->timeout_ms,
	    .stop = conf->stop,
	    .line = cell_line,
	    .arg = &p,
	};
	if (tsob_emu_proc_run(&pc, &r))
		return -ENOMEM;
	memcpy(cell->stderr_tail, r.stderr_tail, sizeof(cell->stderr_tail));
	cell->exit_code = r.exit_code;
	cell->term_signal = r.term_signal;
	cell->timed_out = r.timed_out;
	cell->exec_ns = r.exec_ns;
	if (r.started) {
		cell->total_ns = r.end_ns - r.exec_ns;
		if (cell->start_ns >= r.exec_ns)
			cell->startup_ns = cell->start_ns - r.exec_ns;
	}
	classify(&p, &r);
	return 0;
}

void tsob_emu_cell_free(struct tsob_emu_cell *cell)
{
	tsob_emu_cmd_free(&cell->cmd);
	free(cell->warmup_ns);
	free(cell->wall_ns);
	cell->warmup_ns = cell->wall_ns = NULL;
}

struct versionp {
	char *out;
	size_t len;
};

static int version_line(void *arg, char *line)
{
	struct versionp *v = arg;

	line += strspn(line, " \t");
	if (!v->out[0] && *line)
		snprintf(v->out, v->len, "%s", line);
	return TSOB_EMU_LINE_NEXT;
}

int tsob_emu_version(const struct tsob_emu_config *c, const char *emulator, char *const env[],
		     char *out, size_t len, char *why, size_t wlen)
{
	struct tsob_emu_cmd cmd;
	struct versionp v = {out, len};
	struct tsob_emu_proc_result r;
	struct tsob_emu_proc_conf pc = {
	    .timeout_ms = VERSION_TIMEOUT_MS, .line = version_line, .arg = &v};
	int err;

	out[0] = why[0] = '\0';
	err = tsob_emu_cmd_version(c, emulator, env, &cmd, why, wlen);
	if (err)
		return err;
	pc.argv = cmd.argv;
	pc.envp = cmd.envp;
	err = tsob_emu_proc_run(&pc, &r);
	if (!err && !out[0]) {
		/* Some print their version on stderr only. */
		size_t n = strcspn(r.stderr_tail, "\n");

		snprintf(out, len, "%.*s", (int)n, r.stderr_tail);
	}
	if (!err && !out[0]) {
		snprintf(why, wlen, "%s printed no version (%s)", cmd.argv[0],
			 !r.started    ? r.error
			 : r.timed_out ? "timed out"
				       : "no output");
		err = -ENOENT;
	}
	tsob_emu_cmd_free(&cmd);
	return err;
}

int tsob_emu_reference(const char *kernel, uint64_t size, unsigned threads, uint64_t *ops,
		       uint64_t *expected, char *why, size_t len)
{
	const struct tsob_kernel *k = tsob_registry_find(kernel, TSOB_PLAIN);
	struct tsob_verdict v;
	void *state;

	if (!k) {
		snprintf(why, len, "unknown kernel '%s'", kernel);
		return -EINVAL;
	}
	errno = 0;
	state = k->create(&(struct tsob_kconf){.size = size, .threads = threads});
	if (!state) {
		snprintf(why, len, "%s with size %" PRIu64 " on %u threads: %s", kernel, size,
			 threads, strerror(errno ? errno : ENOMEM));
		return errno == EINVAL ? -EINVAL : -ENOMEM;
	}
	/* create() computed the reference; verify() reports it whatever the output. */
	if (k->reset)
		k->reset(state);
	memset(&v, 0, sizeof(v));
	k->verify(state, &v);
	*expected = v.expected;
	*ops = k->ops(state);
	k->destroy(state);
	return 0;
}
