// SPDX-License-Identifier: MIT
/* The table of a tsobench emu run: one line a cell, the emulators, what did not run. */
#include "emutable.h"

#include <math.h>
#include <string.h>

#include "table.h"
#include "tsob/fmt.h"

static void header(FILE *out, const struct tsob_view *v)
{
	tsob_table_host_line(out, v, "emu");
	if (v->timing_note)
		fprintf(out, "NOTE: %s.\n", v->timing_note);
	fprintf(out, "\n%-16s %-24s %3s %11s %25s %11s %11s %9s  %s\n", "kernel", "configuration",
		"thr", "median", "95% CI of median", "per x86 op", "start-up", "instr/op",
		"status");
}

static double counter_median(const struct tsob_view_cell *c, const char *name)
{
	const struct tsob_view_counter *k = tsob_view_counter(c, name);

	return k && k->available && k->s.n ? k->s.st.median : NAN;
}

static void row(FILE *out, const struct tsob_view_cell *c)
{
	const struct tsob_stats *st = &c->wall.st;
	char med[32], lo[32], hi[32], ci[72], per[32], up[32], ipo[16];
	double ins = counter_median(c, "instructions");

	tsob_fmt_ns(med, sizeof(med), c->wall.n ? st->median : NAN);
	tsob_fmt_ns(lo, sizeof(lo), c->wall.n ? st->ci_lo : NAN);
	tsob_fmt_ns(hi, sizeof(hi), c->wall.n ? st->ci_hi : NAN);
	snprintf(ci, sizeof(ci), "[%s, %s]", lo, hi);
	tsob_fmt_ns(per, sizeof(per), c->ops > 0 && c->wall.n ? st->median / c->ops : NAN);
	tsob_fmt_ns(up, sizeof(up), c->emu ? c->emu->startup_ns : NAN);
	if (isfinite(ins) && c->ops > 0)
		snprintf(ipo, sizeof(ipo), "%.2f", ins / c->ops);
	else
		snprintf(ipo, sizeof(ipo), "-");
	fprintf(out, "%-16s %-24s %3d %11s %25s %11s %11s %9s  %s\n", c->kernel, c->strategy,
		c->threads, med, ci, per, up, ipo, c->status);
	if (strcmp(c->status, "ok") && c->reason)
		fprintf(out, "%16s %s\n", "", c->reason);
}

/* Each configuration that ran once: its emulator's version and what it stands for. */
static void emulators(FILE *out, const struct tsob_view *v)
{
	bool any = false;

	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_emu *x = v->cells[i].emu;
		bool seen = false;

		if (!x || !x->available)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen =
			    v->cells[j].emu && !strcmp(v->cells[j].strategy, v->cells[i].strategy);
		if (seen)
			continue;
		if (!any)
			fprintf(out, "\nemulators:\n");
		any = true;
		fprintf(out, "  %-24s %s; tso %s; %s\n", v->cells[i].strategy,
			x->version ? x->version : "(no version)", x->tso ? x->tso : "?",
			x->stands_for ? x->stands_for : "");
	}
}

void tsob_emutable_print(FILE *out, const struct tsob_view *v)
{
	header(out, v);
	for (size_t i = 0; i < v->ncells; i++)
		if (strcmp(v->cells[i].status, "unavailable"))
			row(out, &v->cells[i]);
	emulators(out, v);
	tsob_table_not_run(out, v, 24);
}
