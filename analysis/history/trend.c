// SPDX-License-Identifier: MIT
/*
 * history trend: one chart per series over commits (analysis/trend.gp, run by
 * the report's gnuplot runner), its change points marked, and trend.md beside
 * the charts; the directory is built aside and published whole (outdir.h).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "outdir.h"
#include "store_internal.h"
#include "trend_internal.h"
#include "tsob/output.h"

#define VARS_LEN 4096

/* A file name for the series: its label with '/' and odd bytes as '-'. */
static void file_base(const struct hs_series *x, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%s-%s-%dt-%s", x->fp, x->kernel, x->strategy, x->threads, x->metric);
	for (char *p = buf; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
			*p = '-';
}

static int write_dat(FILE *f, void *arg)
{
	const struct trend_series *t = arg;
	size_t k = 0;
	double seg = t->ncp ? t->cp[0].mean_before : NAN;

	fprintf(f, "# index\tcommit\tmedian\tci_lo\tci_hi\tsegment_mean\tchange_mean\tchange\n");
	for (size_t i = 0; i < t->n; i++) {
		const struct hs_point *p = &t->pts[i];
		bool at = k < t->ncp && t->cp[k].index == i;

		if (at)
			seg = t->cp[k].mean_after;
		if (!t->ncp)
			seg = t->mean;
		fprintf(f, "%zu\t%.12s\t%.17g\t%.17g\t%.17g\t%.17g\t", i,
			*p->commit ? p->commit : "-", p->value,
			isfinite(p->ci_lo) ? p->ci_lo : p->value,
			isfinite(p->ci_hi) ? p->ci_hi : p->value, seg);
		if (at)
			fprintf(f, "%.17g\t%+.1f%%\n", t->cp[k].mean_after,
				100 * t->cp[k].magnitude);
		else
			fprintf(f, "NaN\t-\n");
		k += at;
	}
	return ferror(f) ? -EIO : 0;
}

static void chart_vars(const struct trend_series *t, const char *scripts, char *vars, size_t len)
{
	char ttl[320], sub[256], cps[1024], ylab[128];
	size_t used = 0;
	double lo = INFINITY, hi = 0;

	snprintf(ttl, sizeof(ttl), "%s over commits", t->label);
	snprintf(sub, sizeof(sub), "host fingerprint %s, %s, %zu runs, %zu change point%s",
		 t->x->fp, t->x->execution, t->n, t->ncp, t->ncp == 1 ? "" : "s");
	snprintf(ylab, sizeof(ylab), "%s per repetition",
		 strcmp(t->x->metric, "wall_ns") ? t->x->metric : "ns");
	cps[0] = '\0';
	for (size_t i = 0; i < t->ncp && used < sizeof(cps); i++)
		used += (size_t)snprintf(cps + used, sizeof(cps) - used, "%s%zu", i ? " " : "",
					 t->cp[i].index);
	for (size_t i = 0; i < t->n; i++) {
		lo = fmin(lo, t->pts[i].value);
		hi = fmax(hi, t->pts[i].value);
	}
	vars[0] = '\0';
	tsob_chart_str(vars, len, "scripts", scripts);
	tsob_chart_str(vars, len, "ttl", ttl);
	tsob_chart_str(vars, len, "sub", sub);
	tsob_chart_str(vars, len, "note", trend_banner(t->x));
	tsob_chart_str(vars, len, "ylab", ylab);
	tsob_chart_str(vars, len, "cps", cps);
	/* Wide enough for 40 labelled commits; beyond that every step-th is labelled. */
	tsob_chart_num(vars, len, "nx", (double)(t->n < 40 ? t->n : 40));
	tsob_chart_num(vars, len, "step", (double)(t->n / 40 + 1));
	tsob_chart_num(vars, len, "logy", lo > 0 && hi > 30 * lo);
}

static int draw(struct trend_run *tr, const struct trend_series *t, const char *base)
{
	static const char *const fmts[] = {"png", "svg"};
	char vars[VARS_LEN], path[PATH_MAX + 300], data[PATH_MAX + 300], log[PATH_MAX + 16];
	const char *what = "";
	int r;

	snprintf(data, sizeof(data), "%s/%s.dat", tr->tmp, base);
	snprintf(log, sizeof(log), "%s/gnuplot.log", tr->tmp);
	if ((r = tsob_output_write(data, write_dat, (void *)t, &what))) {
		snprintf(tr->why, sizeof(tr->why), "cannot write %s.dat: %s", base, what);
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(fmts); i++) {
		snprintf(path, sizeof(path), "%s/%s.%s", tr->tmp, base, fmts[i]);
		chart_vars(t, tr->scripts, vars, sizeof(vars));
		tsob_chart_str(vars, sizeof(vars), "fmt", fmts[i]);
		tsob_chart_str(vars, sizeof(vars), "out", path);
		tsob_chart_str(vars, sizeof(vars), "data", data);
		if (tsob_chart_run(tr->scripts, "trend.gp", vars, log, tr->why, sizeof(tr->why)))
			return -1;
		if (access(path, R_OK)) {
			snprintf(tr->why, sizeof(tr->why), "gnuplot wrote no %s.%s", base, fmts[i]);
			return -1;
		}
	}
	unlink(log);
	return 0;
}

/* Points and change points of series @x, charted. */
static int one_series(struct trend_run *tr, struct hs_series *x, struct trend_series *t,
		      struct tsob_err *e)
{
	double *v;
	int r;

	memset(t, 0, sizeof(*t));
	t->x = x;
	hs_series_label(x, t->label, sizeof(t->label));
	file_base(x, t->file, sizeof(t->file));
	if ((r = hs_points(tr->s, x->id, &t->pts, &t->n, e)))
		return r;
	if (!(v = malloc((t->n ? t->n : 1) * sizeof(*v))))
		return tsob_err_set(e, -ENOMEM, "out of memory");
	for (size_t i = 0; i < t->n; i++) {
		v[i] = t->pts[i].value;
		t->mean += v[i] / (double)t->n;
	}
	r = tsob_cp_detect(v, t->n, &tr->o->cp, &t->cp, &t->ncp);
	free(v);
	if (r)
		return tsob_err_set(e, r, "change points of %s: bad options or values", t->label);
	if (draw(tr, t, t->file))
		return tsob_err_set(e, -EIO, "%s", tr->why);
	return 0;
}

static int all_series(struct trend_run *tr, struct tsob_err *e)
{
	struct hs_series *x;
	size_t n;
	int r;

	if ((r = hs_series_list(tr->s, tr->o->kernels, tr->o->strategies,
				tr->o->metric ? tr->o->metric : "wall_ns", &x, &n, e)))
		return r;
	if (!n) {
		hs_series_free(x, n);
		return tsob_err_set(e, -ENOENT,
				    "no series matches (-w, -m, --metric): "
				    "'tsobench history list' shows what is stored");
	}
	tr->ser = calloc(n, sizeof(*tr->ser));
	if (!tr->ser)
		r = tsob_err_set(e, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n && !r; i++, tr->nser++)
		r = one_series(tr, &x[i], &tr->ser[i], e);
	if (!r)
		r = trend_write_md(tr, e);
	for (size_t i = 0; i < tr->nser; i++) {
		free(tr->ser[i].pts);
		free(tr->ser[i].cp);
	}
	free(tr->ser);
	hs_series_free(x, n);
	return r;
}

int tsob_store_trend(struct tsob_store *s, const struct tsob_trend_opts *o, const char *dir,
		     struct tsob_err *e)
{
	struct trend_run tr = {.s = s, .o = o};
	char final[PATH_MAX], scripts[PATH_MAX];
	int r;

	if (tsob_chart_scripts(o->scripts, scripts, sizeof(scripts)))
		return tsob_err_set(
		    e, -ENOENT,
		    "gnuplot scripts not found%s%s (set TSOB_ANALYSIS_DIR or --scripts)",
		    o->scripts ? " in " : "", o->scripts ? o->scripts : "");
	tr.scripts = scripts;
	snprintf(final, sizeof(final), "%s", dir);
	for (size_t n = strlen(final); n > 1 && final[n - 1] == '/'; n--)
		final[n - 1] = '\0';
	if (tsob_outdir_begin(final, "trend.md", tr.tmp, sizeof(tr.tmp), tr.why, sizeof(tr.why)))
		return tsob_err_set(e, -EINVAL, "%s", tr.why);
	r = all_series(&tr, e);
	if (!r && tsob_outdir_commit(final, tr.tmp, tr.why, sizeof(tr.why)))
		r = tsob_err_set(e, -EIO, "%s", tr.why);
	if (r) {
		char msg[sizeof(e->msg)];

		tsob_outdir_discard(tr.tmp);
		snprintf(msg, sizeof(msg), "%s", e->msg);
		tsob_err_set(e, r, "%s; nothing was written", msg);
	}
	return r;
}
