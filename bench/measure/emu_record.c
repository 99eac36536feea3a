// SPDX-License-Identifier: MIT
/* An emu cell in the results model: the cell, its counters, and the emulator's record. */
#include "emu_record.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "emu_suite.h"
#include "tsob/json.h"
#include "tsob/results.h"

const char *tsob_emu_cell_status(enum tsob_emu_status s)
{
	return s == TSOB_EMU_FAILED ? "checksum-failed" : tsob_emu_status_name(s);
}

bool tsob_emu_cell_fails(const struct tsob_emu_cell *cell, const struct tsob_emu_config *c)
{
	switch (cell->status) {
	case TSOB_EMU_OK:
	case TSOB_EMU_UNAVAILABLE:
		return false;
	case TSOB_EMU_VIOLATIONS:
		return c->tso == TSOB_EMU_TSO_YES;
	default:
		return true;
	}
}

void tsob_emu_strategy(const struct tsob_emu_config *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", TSOB_EMU_STRATEGY_PREFIX, c->name);
}

static json_object *strings(char *const *v, unsigned n)
{
	json_object *a = json_object_new_array();

	for (unsigned i = 0; v && (n ? i < n : v[i] != NULL); i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *u64(uint64_t v)
{
	return json_object_new_int64((int64_t)v);
}

json_object *tsob_emu_record_emulator(const struct tsob_emu_config *c,
				      const struct tsob_emu_avail *avail)
{
	json_object *o = json_object_new_object();
	struct utsname u;

	json_object_object_add(o, "config", json_object_new_string(c->name));
	json_object_object_add(o, "emulator", json_object_new_string(c->emulator->name));
	json_object_object_add(o, "checked", json_object_new_string(c->emulator->checked));
	json_object_object_add(o, "stands_for", json_object_new_string(c->stands_for));
	json_object_object_add(o, "tso", json_object_new_string(tsob_emu_tso_name(c->tso)));
	json_object_object_add(o, "hwtso", json_object_new_string(tsob_emu_hwtso_name(c->hwtso)));
	json_object_object_add(o, "model", strings(c->model, c->nmodel));
	/* The guest is x86-64; the code the emulator emits is this host's. */
	json_object_object_add(o, "translates_to",
			       json_object_new_string(uname(&u) ? "unknown" : u.machine));
	json_object_object_add(o, "available", json_object_new_boolean(avail->available));
	json_object_object_add(o, "how", json_object_new_string(avail->how));
	json_object_object_add(o, "path",
			       avail->available ? json_object_new_string(avail->path) : NULL);
	json_object_object_add(o, "block_hwtso", json_object_new_boolean(avail->block_hwtso));
	return o;
}

/* The process: command, version, what became of it, and its own timings. */
static void record_run(json_object *o, const struct tsob_emu_cell *cell)
{
	json_object *warm = json_object_new_array();
	bool ok = cell->status == TSOB_EMU_OK;

	json_object_object_add(o, "version",
			       cell->version[0] ? json_object_new_string(cell->version) : NULL);
	json_object_object_add(o, "version_error",
			       cell->version[0] ? NULL
						: json_object_new_string(cell->version_error));
	json_object_object_add(o, "argv", strings(cell->cmd.argv, 0));
	json_object_object_add(o, "set", strings(cell->cmd.set, 0));
	json_object_object_add(o, "status",
			       json_object_new_string(tsob_emu_status_name(cell->status)));
	json_object_object_add(o, "error", ok ? NULL : json_object_new_string(cell->error));
	json_object_object_add(o, "stderr_tail",
			       ok ? NULL : json_object_new_string(cell->stderr_tail));
	json_object_object_add(o, "exit_code",
			       cell->exit_code >= 0 ? json_object_new_int(cell->exit_code) : NULL);
	json_object_object_add(o, "signal",
			       cell->term_signal ? json_object_new_int(cell->term_signal) : NULL);
	json_object_object_add(o, "timed_out", json_object_new_boolean(cell->timed_out));
	json_object_object_add(o, "startup_ns", cell->start_ns ? u64(cell->startup_ns) : NULL);
	json_object_object_add(o, "total_ns", cell->total_ns ? u64(cell->total_ns) : NULL);
	for (unsigned i = 0; i < cell->nwarmup; i++)
		json_object_array_add(warm, u64(cell->warmup_ns[i]));
	json_object_object_add(o, "warmup_ns", warm);
}

static json_object *unavailable(const char *why)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "available", json_object_new_boolean(0));
	json_object_object_add(o, "reason", json_object_new_string(why));
	return o;
}

/*
 * One event: per repetition the region's count less what the marks add
 * (calib), never below 0; the counts as read, the calibration and the whole
 * process's total beside them.
 */
static json_object *counter_json(const struct tsob_emu_counts *cnt, int e, uint64_t ops)
{
	const struct tsob_counter_status *st = &cnt->status[e];
	json_object *o, *raw, *ena, *run, *reads;
	double *v;
	struct tsob_stats stats;
	bool scaled = false;
	uint64_t calib = cnt->calib[e].value;

	if (!st->open)
		return unavailable(st->why[0] ? st->why : "not opened");
	if (!cnt->nrep || !cnt->calibrated)
		return unavailable("no repetition was counted: the cell ended before its marks");
	if (!cnt->calib[e].ok)
		return unavailable("refused: the counter never ran (time_running 0)");
	v = calloc(cnt->nrep, sizeof(*v));
	if (!v)
		return unavailable("out of memory");
	raw = json_object_new_array();
	ena = json_object_new_array();
	run = json_object_new_array();
	reads = json_object_new_array();
	for (unsigned r = 0; r < cnt->nrep; r++) {
		const struct tsob_count *c =
		    &cnt->rep[(size_t)r * (size_t)cnt->nevents + (size_t)e];

		v[r] = c->value > calib ? (double)(c->value - calib) : 0;
		scaled |= c->scaled;
		json_object_array_add(raw, u64(c->value));
		json_object_array_add(ena, u64(c->enabled));
		json_object_array_add(run, u64(c->running));
		json_object_array_add(reads, json_object_new_int(0));
	}
	o = tsob_results_series(v, cnt->nrep, NULL, NULL, &stats);
	free(v);
	json_object_object_add(o, "available", json_object_new_boolean(1));
	json_object_object_add(o, "scaled", json_object_new_boolean(scaled));
	json_object_object_add(o, "modifier", json_object_new_string(st->modifier));
	json_object_object_add(o, "read_path", json_object_new_string("syscall"));
	json_object_object_add(o, "user_read", json_object_new_boolean(0));
	json_object_object_add(o, "user_read_offered", json_object_new_boolean(0));
	json_object_object_add(o, "user_reads", reads);
	json_object_object_add(o, "time_enabled", ena);
	json_object_object_add(o, "time_running", run);
	json_object_object_add(o, "per_op", ops ? tsob_json_num(stats.median / (double)ops) : NULL);
	json_object_object_add(o, "inherit", json_object_new_boolean(1));
	json_object_object_add(o, "raw_values", raw);
	json_object_object_add(o, "calib", u64(calib));
	json_object_object_add(
	    o, "total", cnt->have_total && cnt->total[e].ok ? u64(cnt->total[e].value) : NULL);
	return o;
}

/* Why the cell's status is what it is, with what a violation means for this row. */
static void reason(const struct tsob_emu_cell *cell, const struct tsob_emu_config *c, char *buf,
		   size_t len)
{
	if (cell->status != TSOB_EMU_VIOLATIONS)
		snprintf(buf, len, "%s", cell->error);
	else if (c->tso == TSOB_EMU_TSO_YES)
		snprintf(buf, len,
			 "%s: an emulator ordering bug (the configuration claims x86-TSO)",
			 cell->error);
	else
		snprintf(buf, len, "%s: allowed by this configuration (tso %s)", cell->error,
			 tsob_emu_tso_name(c->tso));
}

static void record_samples(json_object *o, const struct tsob_emu_cell *cell, uint64_t ops)
{
	double *wall = calloc(cell->nrep ? cell->nrep : 1, sizeof(*wall));
	struct tsob_stats st;
	json_object *chk = json_object_new_object();
	char hex[32];

	snprintf(hex, sizeof(hex), "0x%016" PRIx64, cell->checksum);
	json_object_object_add(chk, "got", json_object_new_string(hex));
	snprintf(hex, sizeof(hex), "0x%016" PRIx64, cell->expected);
	json_object_object_add(chk, "expected", json_object_new_string(hex));
	json_object_object_add(chk, "ok", json_object_new_boolean(cell->status == TSOB_EMU_OK));
	json_object_object_add(o, "checksum", chk);
	json_object_object_add(o, "ordering_violations", u64(cell->violations));
	for (unsigned i = 0; wall && i < cell->nrep; i++)
		wall[i] = (double)cell->wall_ns[i];
	json_object_object_add(o, "wall_ns",
			       tsob_results_series(wall, wall ? cell->nrep : 0, NULL, NULL, &st));
	json_object_object_add(o, "wall_ns_per_op",
			       ops && cell->nrep ? tsob_json_num(st.median / (double)ops) : NULL);
	free(wall);
}

void tsob_emu_record_cell(json_object *doc, const struct tsob_emu_cell_conf *cc,
			  const struct tsob_kernel *k, const struct tsob_emu_cell *cell,
			  const struct tsob_emu_counts *cnt)
{
	char strategy[96], why[640];
	json_object *o, *emu, *ctr;

	tsob_emu_strategy(cc->config, strategy, sizeof(strategy));
	reason(cell, cc->config, why, sizeof(why));
	o = tsob_results_cell_add(doc, k->name, strategy, cc->threads,
				  tsob_emu_cell_status(cell->status), why);
	json_object_object_add(o, "stands_for", json_object_new_string(k->stands_for));
	emu = tsob_emu_record_emulator(cc->config, cc->avail);
	json_object_object_add(o, "emulator", emu);
	if (cell->status == TSOB_EMU_UNAVAILABLE)
		return;
	json_object_object_add(o, "size", u64(cc->size));
	json_object_object_add(o, "size_unit",
			       json_object_new_string(k->size_unit ? k->size_unit : k->unit));
	json_object_object_add(o, "ops", u64(cc->ops));
	json_object_object_add(o, "unit", json_object_new_string(k->unit));
	json_object_object_add(o, "warmup", json_object_new_int((int)cc->warmup));
	json_object_object_add(o, "repeat", json_object_new_int((int)cc->repeat));
	record_samples(o, cell, cc->ops);
	ctr = json_object_new_object();
	for (int e = 0; cnt && e < cnt->nevents; e++)
		json_object_object_add(ctr, cnt->events[e].name, counter_json(cnt, e, cc->ops));
	json_object_object_add(o, "counters", ctr);
	record_run(emu, cell);
}
