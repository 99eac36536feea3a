// SPDX-License-Identifier: MIT
/* The report as a whole: the files it writes, in a directory published whole. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart.h"
#include "outdir.h"
#include "report_internal.h"

void tsob_report_default_dir(const char *results, char *buf, size_t len)
{
	size_t n = strlen(results);

	if (n > 5 && !strcmp(results + n - 5, ".json"))
		n -= 5;
	snprintf(buf, len, "%.*s-report", (int)n, results);
}

/* The output rule for a directory: a symlink stays a link, its target is replaced. */
static void resolve(const char *dir, char *final, size_t len)
{
	char real[PATH_MAX];
	struct stat lst;

	snprintf(final, len, "%s", dir);
	for (size_t n = strlen(final); n > 1 && final[n - 1] == '/'; n--)
		final[n - 1] = '\0';
	if (!lstat(final, &lst) && S_ISLNK(lst.st_mode) && realpath(final, real))
		snprintf(final, len, "%s", real);
}

static int write_all(struct report *rp)
{
	return (rp->g.nrows && rp_write_file(rp, "time.dat", rp_write_time)) ||
	       (rp->slowdown && rp_write_file(rp, "slowdown.dat", rp_write_slowdown)) ||
	       (rp->nevents && rp_write_file(rp, "counters.dat", rp_write_counters)) ||
	       (rp->ctxsw && rp_write_file(rp, "ctxsw.dat", rp_write_ctxsw)) ||
	       (rp->seq && rp_write_file(rp, "seq.dat", rp_write_seq)) ||
	       (rp->charts && rp_charts(rp)) || rp_write_file(rp, "summary.md", rp_write_summary);
}

int tsob_report_write(const struct tsob_view *v, const char *dir,
		      const struct tsob_report_opts *o, struct tsob_err *e)
{
	char final[PATH_MAX], tmp[PATH_MAX], scripts[PATH_MAX], why[512];
	struct report *rp = calloc(1, sizeof(*rp));
	int r = 0;

	if (!rp)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	rp->charts = o->charts;
	if (rp->charts && tsob_chart_scripts(o->scripts, scripts, sizeof(scripts))) {
		free(rp);
		return tsob_err_set(e, -ENOENT,
				    "gnuplot scripts not found%s%s (set TSOB_ANALYSIS_DIR or "
				    "--scripts, or pass --no-charts)",
				    o->scripts ? " in " : "", o->scripts ? o->scripts : "");
	}
	resolve(dir, final, sizeof(final));
	if (tsob_outdir_begin(final, "summary.md", tmp, sizeof(tmp), why, sizeof(why))) {
		free(rp);
		return tsob_err_set(e, -EINVAL, "%s", why);
	}
	rp->ds = v;
	rp->dir = tmp;
	rp->scripts = scripts;
	rp_prepare(rp);
	if (write_all(rp) || tsob_outdir_commit(final, tmp, rp->why, sizeof(rp->why))) {
		tsob_outdir_discard(tmp);
		r = tsob_err_set(e, -EIO, "%s; nothing was written", rp->why);
	}
	free(rp);
	return r;
}
