// SPDX-License-Identifier: MIT
/*
 * Section 6: what emulated files (the QEMU reference results) can show.
 * Correctness and plumbing only: which strategies ran, the memory-model
 * prctl's answers, checksums, litmus counts and instructions per operation.
 * No time from these files is printed, in any form.
 */
#include <string.h>

#include "cover_internal.h"
#include "seq.h"
#include "tsob/json.h"

static void strategies(FILE *o, const struct tsob_view *v)
{
	char ran[512] = "", text[2048];
	size_t used = 0;

	for (size_t s = 0; s < v->nstrat && used < sizeof(ran); s++)
		if (v->strat[s].available)
			used += (size_t)snprintf(ran + used, sizeof(ran) - used, "%s%s",
						 used ? ", " : "", v->strat[s].name);
	cover_wrapf(o, 4, 6, "strategies that ran: %s", used ? ran : "none");
	for (size_t s = 0; s < v->nstrat; s++)
		if (!v->strat[s].available) {
			snprintf(text, sizeof(text), "%s unavailable: %s", v->strat[s].name,
				 v->strat[s].reason ? v->strat[s].reason : "no reason given");
			cover_wrap(o, 4, 6, text);
		}
}

static const char *hwtso_reason(const struct tsob_view *v)
{
	for (size_t s = 0; s < v->nstrat; s++)
		if (!strcmp(v->strat[s].name, "hwtso"))
			return v->strat[s].reason;
	return NULL;
}

static void memory_model(FILE *o, const struct tsob_view *v)
{
	json_object *mm = tsob_json_get(tsob_json_get(v->doc, "context"), "memory_model");
	const char *why = hwtso_reason(v);

	if (!tsob_json_get_bool(mm, "supported", false)) {
		cover_wrapf(o, 4, 6, "memory-model prctl: PR_GET_MEM_MODEL fails%s%s",
			    why ? ": " : "", why ? why : "");
		return;
	}
	cover_wrapf(o, 4, 6, "memory-model prctl: PR_GET_MEM_MODEL answers (current: %s); %s",
		    tsob_json_get_str(mm, "current") ? tsob_json_get_str(mm, "current") : "?",
		    tsob_json_get_bool(mm, "tso", false) ? "PR_SET_MEM_MODEL(TSO) accepted"
		    : why				 ? why
							 : "PR_SET_MEM_MODEL(TSO) refused");
}

/* Checksums and ordering violations of every measured cell. */
static void checks(FILE *o, const struct tsob_view *v)
{
	size_t measured = 0, ok = 0, viol = 0;

	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		json_object *ck = tsob_json_get(c->json, "checksum");
		char lab[64];

		if (!ck)
			continue;
		measured++;
		tsob_view_cell_label(c, lab, sizeof(lab));
		if (tsob_json_get_bool(ck, "ok", false))
			ok++;
		else
			cover_wrapf(o, 4, 6,
				    "FAILURE: checksum of %s under %s: got %s, expected %s", lab,
				    c->strategy, tsob_json_get_str(ck, "got"),
				    tsob_json_get_str(ck, "expected"));
		if (c->violations > 0 && strcmp(c->strategy, "plain"))
			viol++;
	}
	cover_wrapf(o, 4, 6, "checksums: %zu of %zu measured cells ok", ok, measured);
	cover_wrapf(o, 4, 6, "ordering violations outside plain: %zu cells", viol);
}

/* A seq file under emulation: do the counted instructions match each sequence's own count? */
static void seq_counts(FILE *o, const struct tsob_view *v)
{
	struct cover_notes fn = {0};
	size_t rows = 0, match = 0, unavail = 0;

	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		double got;

		if (!c->seq)
			continue;
		if (!tsob_view_cell_ok(c)) {
			unavail++;
			cover_note(&fn, c->reason ? c->reason : c->status);
			continue;
		}
		got = tsob_seq_insns_measured(c);
		rows++;
		if (got == c->seq->instructions)
			match++;
		else
			cover_wrapf(o, 4, 6,
				    "FAILURE: %s (%s): %.2f instructions per copy counted, "
				    "%.0f in the sequence",
				    c->kernel, tsob_seq_model(c), got, c->seq->instructions);
	}
	cover_wrapf(o, 4, 6,
		    "instructions per copy: %zu of %zu measured cells count exactly the "
		    "sequence's instructions; %zu cells did not run, for these reasons:",
		    match, rows, unavail);
	cover_notes_print(o, &fn, 4);
}

static void machine(FILE *o, const struct cover *c, size_t m)
{
	cover_machine_line(o, c, m);
	for (size_t i = 0; i < c->nf; i++) {
		const struct cover_file *f = &c->f[i];

		if ((size_t)f->machine != m)
			continue;
		fputc('\n', o);
		cover_wrapf(o, 2, 4, "[%s] %s (%s):", tsob_cover_label_names[f->label], f->path,
			    f->v.command);
		if (!strcmp(f->v.command, "run")) {
			strategies(o, &f->v);
			memory_model(o, &f->v);
			checks(o, &f->v);
			fputc('\n', o);
			cover_per_op_table(o, &f->v, "instructions", 4);
			cover_wrap(o, 4, 4,
				   "Multi-threaded kernels (/2t) count their spin-waiting too: "
				   "their counts move with scheduling, not only with the "
				   "mapping.");
		} else if (!strcmp(f->v.command, "litmus")) {
			cover_wrap(o, 4, 6,
				   "TCG runs the guest's threads on the host's CPU; on an x86 "
				   "host it does not reorder, so these counts show plumbing, not "
				   "ordering.");
			cover_litmus_block(o, f, 4);
		} else if (!strcmp(f->v.command, "seq")) {
			memory_model(o, &f->v);
			seq_counts(o, &f->v);
		} else {
			memory_model(o, &f->v);
			cover_wrap(o, 4, 6, "(nothing else from an emulated file of this kind)");
		}
	}
	fputc('\n', o);
}

void cover_emulated(FILE *o, const struct cover *c)
{
	cover_heading(o, "6. From QEMU");
	cover_wrap(o, 0, 0,
		   "Emulated files: what they show is correctness, plumbing and instruction "
		   "counts (the guest PMU's instruction counter).");
	fputc('\n', o);
	for (size_t m = 0; m < c->nm; m++)
		if (c->m[m].emulated)
			machine(o, c, m);
	cover_wrap(o, 0, 0,
		   c->any_native ? "No cost figure comes from the emulated files."
				 : "No cost figure: every input is emulated.");
}
