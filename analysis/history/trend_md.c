// SPDX-License-Identifier: MIT
/* trend.md: the charts of history trend with their change points and states, in Markdown. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "trend_internal.h"
#include "tsob/output.h"

const char *trend_banner(const struct hs_series *x)
{
	if (x->emulated)
		return "emulated: timings say nothing about what ordering costs";
	if (strcmp(x->arch, "aarch64") && strcmp(x->arch, "arm64"))
		return "not an arm64 host: timings here are not ordering costs";
	return "";
}

struct md {
	struct trend_run *tr;
	struct tsob_err *e;
};

/* The recorded state of a change point ("new (cp 12)"), as the last check left it. */
static void cp_state(struct md *m, const struct trend_series *t, size_t k, char *buf, size_t len)
{
	struct tsob_store *s = m->tr->s;
	struct hdb_rows *r;

	snprintf(buf, len, "not recorded: run `history check`");
	if (hs_query(s,
		     "SELECT id, state FROM changepoints WHERE series_id = ? AND run_id = ?"
		     " AND active = 1",
		     (struct hdb_val[]){HV_INT(t->x->id), HV_INT(t->pts[t->cp[k].index].run_id)}, 2,
		     &r, m->e))
		return;
	if (hs_next(s, r, m->e) > 0)
		snprintf(buf, len, "%s (cp %lld)", hs_text(s, r, 1), (long long)hs_i64(s, r, 0));
	hs_done(s, r);
}

static void md_series(FILE *f, struct md *m, const struct trend_series *t)
{
	const struct hs_point *a, *z;
	char state[96];

	if (!t->n)
		return;
	a = &t->pts[0];
	z = &t->pts[t->n - 1];
	fprintf(f, "## %s, host %s (%s)\n\n", t->label, t->x->fp, t->x->execution);
	if (*trend_banner(t->x))
		fprintf(f, "> NOTE: %s.\n\n", trend_banner(t->x));
	fprintf(f, "![%s](%s.png)\n\n", t->label, t->file);
	fprintf(f,
		"%zu runs, from commit `%.12s` (%s) to `%.12s` (%s); latest median %.6g "
		"[%.6g, %.6g]. Data: [%s.dat](%s.dat).\n\n",
		t->n, a->commit, a->time, z->commit, z->time, z->value, z->ci_lo, z->ci_hi, t->file,
		t->file);
	if (!t->ncp) {
		fprintf(f, "No change point.\n\n");
		return;
	}
	fprintf(f, "| at run | commit | mean before | mean after | change | p | state |\n"
		   "|---:|---|---:|---:|---:|---:|---|\n");
	for (size_t k = 0; k < t->ncp; k++) {
		const struct tsob_cp *c = &t->cp[k];
		const struct hs_point *p = &t->pts[c->index];

		cp_state(m, t, k, state, sizeof(state));
		fprintf(f, "| %zu (id %lld) | `%.12s` | %.6g | %.6g | %+.2f%% | %.2g | %s |\n",
			c->index, (long long)p->run_id, p->commit, c->mean_before, c->mean_after,
			100 * c->magnitude, c->pvalue, state);
	}
	fprintf(f, "\n");
}

static int write_md(FILE *f, void *arg)
{
	struct md *m = arg;
	const struct tsob_trend_opts *o = m->tr->o;

	fprintf(f, "# History trend: %s\n\n", o->metric ? o->metric : "wall_ns");
	fprintf(f,
		"One chart per series (host fingerprint, kernel, strategy, threads, size, "
		"metric), oldest run first: the median of each run with its 95%% CI, the mean "
		"of each segment, and the change points found by E-divisive means with the "
		"t-test merge (window %zu, max p %g, min magnitude %g%%, min segment %zu). "
		"Every metric is a cost: a rise is a regression. States are those the last "
		"`tsobench history check` recorded.\n\n",
		o->cp.window, o->cp.max_pvalue, 100 * o->cp.min_magnitude, o->cp.min_segment);
	for (size_t i = 0; i < m->tr->nser; i++)
		md_series(f, m, &m->tr->ser[i]);
	return ferror(f) ? -EIO : 0;
}

int trend_write_md(struct trend_run *tr, struct tsob_err *e)
{
	struct md m = {.tr = tr, .e = e};
	char path[PATH_MAX + 16];
	const char *what = "";
	int r;

	snprintf(path, sizeof(path), "%s/trend.md", tr->tmp);
	r = tsob_output_write(path, write_md, &m, &what);
	if (r)
		return tsob_err_set(e, r, "cannot write trend.md: %s (%s)", what, strerror(-r));
	return e->code;
}
