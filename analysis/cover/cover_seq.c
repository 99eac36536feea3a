// SPDX-License-Identifier: MIT
/*
 * Section 5: what single instruction sequences cost, from `tsobench seq`:
 * cycles per copy (or ns per copy where no cycle counter ran, which the
 * section then says) for each row, in the default model and under TSO.
 */
#include <string.h>

#include "cover_internal.h"
#include "seq.h"

static void entry(char *buf, size_t len, const struct tsob_view_cell *c, const char *figure,
		  struct cover_notes *fn)
{
	const struct tsob_series *s = c ? tsob_seq_series(c, figure) : NULL;
	char m[32], lo[32], hi[32], why[512];

	if (!c) {
		snprintf(buf, len, "-");
		return;
	}
	if (!tsob_view_cell_ok(c) || !s || !s->n) {
		snprintf(why, sizeof(why), "%s%s%s", c->status, c->reason ? ": " : "",
			 c->reason ? c->reason : "");
		snprintf(buf, len, "%s [%d]", c->status, cover_note(fn, why));
		return;
	}
	cover_num(m, sizeof(m), s->st.median);
	cover_num(lo, sizeof(lo), s->st.ci_lo);
	cover_num(hi, sizeof(hi), s->st.ci_hi);
	snprintf(buf, len, "%s [%s, %s]%s", m, lo, hi, s->st.ci_level < 0.95 ? "*" : "");
	if (s->st.ci_level < 0.95)
		fn->low = true;
}

/* The cell of row @kernel under @model, or NULL. */
static const struct tsob_view_cell *find(const struct tsob_view *v, const char *kernel,
					 const char *model)
{
	for (size_t i = 0; i < v->ncells; i++)
		if (v->cells[i].seq && !strcmp(v->cells[i].kernel, kernel) &&
		    !strcmp(tsob_seq_model(&v->cells[i]), model))
			return &v->cells[i];
	return NULL;
}

static void table(FILE *o, const struct cover_file *f)
{
	static const char *const head[4] = {"row", "form", "default", "tso"};
	const struct tsob_view *v = &f->v;
	const char *note, *figure = tsob_seq_figure(v, &note);
	struct cover_notes fn = {0};
	struct cover_table t;

	cover_wrapf(o, 2, 4, "[%s] %s: %s per copy, median [95%% interval]%s%s",
		    tsob_cover_label_names[f->label], f->path, figure, note ? "; " : "",
		    note ? note : "");
	cover_table_init(&t, 4, head);
	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		char e[2][160];
		const char *cells[4] = {c->kernel, c->seq ? c->seq->form : "", e[0], e[1]};

		if (!c->seq || find(v, c->kernel, "default") != c)
			continue; /* one line a row, at its default cell */
		entry(e[0], sizeof(e[0]), c, figure, &fn);
		entry(e[1], sizeof(e[1]), find(v, c->kernel, "tso"), figure, &fn);
		cover_table_row(&t, cells);
	}
	fputc('\n', o);
	cover_table_print(o, &t, 4);
	cover_table_free(&t);
	if (v->seq.tso_reason)
		cover_wrapf(o, 4, 6, "tso not measured: %s", v->seq.tso_reason);
	if (fn.low)
		cover_wrap(o, 4, 6, "* too few repetitions for a 95% interval: the full range.");
	cover_notes_print(o, &fn, 4);
	fputc('\n', o);
}

void cover_seq(FILE *o, const struct cover *c)
{
	size_t shown = 0;

	cover_heading(o, "5. Instruction sequences");
	for (size_t m = 0; m < c->nm; m++) {
		if (c->m[m].emulated || !cover_machine_has(c, m, "seq"))
			continue;
		if (!shown++)
			cover_wrap(o, 0, 0,
				   "From `tsobench seq`: each sequence measured as the "
				   "difference between 2u and u copies of it in one loop, per "
				   "copy, in the default model and with the thread in TSO.");
		fputc('\n', o);
		cover_machine_line(o, c, m);
		for (int l = 0; l < TSOB_COVER_NLABELS; l++) {
			const struct cover_file *f =
			    cover_find(c, m, (enum tsob_cover_label)l, "seq");

			if (f)
				table(o, f);
		}
	}
	if (!shown)
		cover_wrap(o, 0, 0,
			   "Instruction sequences: not measured (no `tsobench seq` file from a "
			   "native machine).");
}
