// SPDX-License-Identifier: MIT
/*
 * Adding results files to the history: the document kept whole (export gives
 * its bytes back), the host fingerprint, cells, counters and raw samples with
 * their run, round and side, and one point per series, computed here from the
 * raw samples as every reader does.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "tsob/results.h"

#define BATCH_ROWS 128 /* rows per multi-row INSERT: few round trips, few parameters */

/* Rows gathered for one multi-row INSERT. */
struct batch {
	const char *head; /* "INSERT INTO t (a, b) VALUES " */
	const char *tail; /* after the rows, or NULL */
	int ncols, nrows;
	struct hdb_val v[BATCH_ROWS * 6];
};

static int batch_flush(struct tsob_store *s, struct batch *b, struct tsob_err *e)
{
	char sql[BATCH_ROWS * 16 + 128];
	size_t used;
	int r;

	if (!b->nrows)
		return 0;
	used = (size_t)snprintf(sql, sizeof(sql), "%s", b->head);
	for (int i = 0; i < b->nrows; i++) {
		used += (size_t)snprintf(sql + used, sizeof(sql) - used, "%s(", i ? "," : "");
		for (int c = 0; c < b->ncols; c++)
			used +=
			    (size_t)snprintf(sql + used, sizeof(sql) - used, "%s?", c ? "," : "");
		used += (size_t)snprintf(sql + used, sizeof(sql) - used, ")");
	}
	if (b->tail)
		snprintf(sql + used, sizeof(sql) - used, "%s", b->tail);
	r = hs_run(s, sql, b->v, b->nrows * b->ncols, e);
	b->nrows = 0;
	return r;
}

static int batch_add(struct tsob_store *s, struct batch *b, const struct hdb_val *row,
		     struct tsob_err *e)
{
	memcpy(&b->v[b->nrows * b->ncols], row, (size_t)b->ncols * sizeof(*row));
	return ++b->nrows == BATCH_ROWS ? batch_flush(s, b, e) : 0;
}

static struct hdb_val num(double x)
{
	return isfinite(x) ? HV_DBL(x) : HV_NULL;
}

/* FNV-1a over the bytes: which document it is, to refuse the same one twice. */
static void doc_hash(const char *b, size_t n, char *out, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)b[i]) * 0x100000001b3ull;
	snprintf(out, len, "%016" PRIx64 "-%zu", h, n);
}

static const char *or_none(const char *s)
{
	return s ? s : "";
}

/*
 * What makes two runs comparable: the CPU, the kernel, how it executes, the
 * build. Not the host name: identical runners share their series.
 */
static int host_id(struct tsob_store *s, const struct tsob_view *v, int64_t *id, struct tsob_err *e)
{
	/* An A/B file's points are its NEW side's: that build is the one the series tracks. */
	const char *compiler = v->new_compiler ? v->new_compiler : v->compiler;
	const char *cflags = v->new_cflags ? v->new_cflags : v->cflags;
	char fp[1024], hash[40];
	bool found;
	int r;

	snprintf(fp, sizeof(fp),
		 "arch=%s;cpu=%s;midr=%s;kernel=%s;ncpus=%d;execution=%s;"
		 "emulated=%d;compiler=%s;cflags=%s",
		 or_none(v->arch), or_none(v->cpu_model), or_none(v->midr), or_none(v->kernel),
		 v->ncpus, or_none(v->execution), v->emulated, or_none(compiler), or_none(cflags));
	doc_hash(fp, strlen(fp), hash, sizeof(hash));
	hash[12] = '\0';
	r = hs_int(s,
		   "INSERT INTO hosts (fingerprint, fp_hash, arch, cpu_model, midr, kernel, ncpus,"
		   " execution, emulated, compiler, cflags) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
		   " ON CONFLICT (fingerprint) DO UPDATE SET fp_hash = excluded.fp_hash"
		   " RETURNING id",
		   (struct hdb_val[]){HV_TEXT(fp), HV_TEXT(hash), HV_TEXT(v->arch),
				      HV_TEXT(v->cpu_model), HV_TEXT(v->midr), HV_TEXT(v->kernel),
				      HV_INT(v->ncpus), HV_TEXT(v->execution), HV_INT(v->emulated),
				      HV_TEXT(compiler), HV_TEXT(cflags)},
		   11, id, &found, e);
	return r ? r : found ? 0 : tsob_err_set(e, -EIO, "the host row was not stored");
}

static int series_id(struct tsob_store *s, int64_t host, const struct tsob_view_cell *c,
		     const char *metric, int64_t *id, struct tsob_err *e)
{
	bool found;
	int r =
	    hs_int(s,
		   "INSERT INTO series (host_id, kernel, strategy, threads, size, metric)"
		   " VALUES (?,?,?,?,?,?) ON CONFLICT (host_id, kernel, strategy, threads, size,"
		   " metric) DO UPDATE SET metric = excluded.metric RETURNING id",
		   (struct hdb_val[]){HV_INT(host), HV_TEXT(c->kernel), HV_TEXT(c->strategy),
				      HV_INT(c->threads), HV_DBL(c->size), HV_TEXT(metric)},
		   6, id, &found, e);

	return r ? r : found ? 0 : tsob_err_set(e, -EIO, "the series row was not stored");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * A run's point in a series: with replicated runs (run --runs, ab), the
 * median and CI over the runs' medians, since runs vary more than the
 * repetitions within one; otherwise over all samples.
 */
static void point_stats(const struct tsob_series *x, struct tsob_stats *st)
{
	double *med = malloc((x->n ? x->n : 1) * sizeof(*med));
	double *tmp = malloc((x->n ? x->n : 1) * sizeof(*tmp));
	size_t nr = 0;

	*st = x->st;
	for (int run = 0; med && tmp && nr < x->n; run++) {
		size_t k = 0;

		for (size_t i = 0; i < x->n; i++)
			if (x->run[i] == run)
				tmp[k++] = x->v[i];
		if (!k)
			break;
		qsort(tmp, k, sizeof(*tmp), cmp_double);
		med[nr++] = tsob_stats_median(tmp, k);
	}
	if (nr >= 2)
		tsob_stats_compute(med, nr, st);
	free(med);
	free(tmp);
}

/* A cell's samples of one metric, and its point when the cell belongs in a series. */
static int add_metric(struct tsob_store *s, struct batch *smp, struct batch *pts, int64_t host,
		      int64_t run_id, int64_t cell_id, const struct tsob_view_cell *c,
		      const char *metric, const struct tsob_series *x, struct tsob_err *e)
{
	bool in_series = tsob_view_cell_ok(c) && (!c->side || !strcmp(c->side, "new"));
	struct tsob_stats st;
	int64_t sid;
	int r = 0;

	for (size_t i = 0; i < x->n && !r; i++)
		r = batch_add(s, smp,
			      (struct hdb_val[]){HV_INT(cell_id), HV_TEXT(metric), HV_INT(i),
						 HV_DBL(x->v[i]),
						 x->run[i] >= 0 ? HV_INT(x->run[i]) : HV_NULL,
						 x->round[i] >= 0 ? HV_INT(x->round[i]) : HV_NULL},
			      e);
	if (r || !in_series || !x->n)
		return r;
	point_stats(x, &st);
	if ((r = series_id(s, host, c, metric, &sid, e)))
		return r;
	return batch_add(s, pts,
			 (struct hdb_val[]){HV_INT(sid), HV_INT(run_id), HV_DBL(st.median),
					    num(st.ci_lo), num(st.ci_hi), HV_INT(x->n)},
			 e);
}

static int add_cell(struct tsob_store *s, struct batch *smp, struct batch *pts, int64_t host,
		    int64_t run_id, size_t idx, const struct tsob_view_cell *c, struct tsob_err *e)
{
	int64_t cell_id;
	bool found;
	int r =
	    hs_int(s,
		   "INSERT INTO cells (run_id, idx, kernel, strategy, threads, side, status,"
		   " size, ops) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
		   (struct hdb_val[]){HV_INT(run_id), HV_INT(idx), HV_TEXT(c->kernel),
				      HV_TEXT(c->strategy), HV_INT(c->threads), HV_TEXT(c->side),
				      HV_TEXT(c->status), HV_DBL(c->size), HV_DBL(c->ops)},
		   9, &cell_id, &found, e);

	if (!r && !found)
		r = tsob_err_set(e, -EIO, "the cell row was not stored");
	if (!r)
		r = add_metric(s, smp, pts, host, run_id, cell_id, c, "wall_ns", &c->wall, e);
	for (size_t k = 0; k < c->nctr && !r; k++) {
		const struct tsob_view_counter *x = &c->ctr[k];

		r = hs_run(s,
			   "INSERT INTO counters (cell_id, name, available, reason, read_path)"
			   " VALUES (?,?,?,?,?)",
			   (struct hdb_val[]){HV_INT(cell_id), HV_TEXT(x->name),
					      HV_INT(x->available), HV_TEXT(x->reason),
					      HV_TEXT(x->read_path)},
			   5, e);
		if (!r && x->available)
			r = add_metric(s, smp, pts, host, run_id, cell_id, c, x->name, &x->s, e);
	}
	return r;
}

static int insert_run(struct tsob_store *s, const struct tsob_view *v, const char *bytes,
		      const char *hash, const char *path, const struct tsob_store_add_opts *o,
		      int64_t host, int64_t *id, struct tsob_err *e)
{
	const char *branch = o->branch ? o->branch : v->git_branch;
	const char *commit = o->commit ? o->commit : v->new_commit ? v->new_commit : v->git_commit;
	char now[32];
	bool found;
	int r;

	hs_now(now, sizeof(now));
	r = hs_int(
	    s,
	    "INSERT INTO runs (host_id, host, commit_sha, branch, run_time, added_time,"
	    " tsobench_version, command, command_line, source, nruns, ncells, doc_hash,"
	    " document, device, job_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
	    (struct hdb_val[]){HV_INT(host), HV_TEXT(v->host), HV_TEXT(commit), HV_TEXT(branch),
			       HV_TEXT(v->date ? v->date : now), HV_TEXT(now),
			       HV_TEXT(v->tsobench_version), HV_TEXT(v->command),
			       HV_TEXT(v->command_line), HV_TEXT(path), HV_INT(v->runs),
			       HV_INT(v->ncells), HV_TEXT(hash), HV_TEXT(bytes), HV_TEXT(o->device),
			       HV_TEXT(o->job_id)},
	    16, id, &found, e);
	return r ? r : found ? 0 : tsob_err_set(e, -EIO, "the run row was not stored");
}

struct adder {
	struct batch smp, pts;
};

static int add_view(struct tsob_store *s, struct adder *a, const struct tsob_view *v,
		    const char *bytes, size_t len, const char *path,
		    const struct tsob_store_add_opts *o, struct tsob_store_added *out,
		    struct tsob_err *e)
{
	int64_t host, npoints = 0;
	char hash[40];
	bool dup;
	int r;

	memset(out, 0, sizeof(*out));
	doc_hash(bytes, len, hash, sizeof(hash));
	if ((r = hs_int(s, "SELECT id FROM runs WHERE doc_hash = ?",
			(struct hdb_val[]){HV_TEXT(hash)}, 1, &out->run_id, &dup, e)))
		return r;
	if ((out->duplicate = dup))
		return 0;
	a->smp.nrows = a->pts.nrows = 0;
	if ((r = host_id(s, v, &host, e)) ||
	    (r = insert_run(s, v, bytes, hash, path, o, host, &out->run_id, e)))
		return r;
	for (size_t i = 0; i < v->ncells && !r; i++)
		r = add_cell(s, &a->smp, &a->pts, host, out->run_id, i, &v->cells[i], e);
	out->ncells = v->ncells;
	if (!r)
		r = batch_flush(s, &a->smp, e);
	if (!r)
		r = batch_flush(s, &a->pts, e);
	if (!r)
		r = hs_int(s, "SELECT count(*) FROM points WHERE run_id = ?",
			   (struct hdb_val[]){HV_INT(out->run_id)}, 1, &npoints, &dup, e);
	out->npoints = (size_t)npoints;
	return r;
}

static int add_file(struct tsob_store *s, struct adder *a, const char *path,
		    const struct tsob_store_add_opts *o, struct tsob_store_added *out,
		    struct tsob_err *e)
{
	struct tsob_view v;
	json_object *doc;
	char *bytes;
	size_t len;
	int r;

	if ((r = tsob_results_read_file(path, &bytes, &len, &doc, e)))
		return r;
	if ((r = tsob_view_from_json(doc, path, &v, e))) {
		free(bytes);
		return r;
	}
	if ((r = add_view(s, a, &v, bytes, len, path, o, out, e)))
		tsob_err_prefix(e, "%s", path);
	tsob_view_free(&v);
	free(bytes);
	return r;
}

int tsob_store_add(struct tsob_store *s, char *const *files, int n,
		   const struct tsob_store_add_opts *o, struct tsob_store_added *out,
		   struct tsob_err *e)
{
	struct adder *a = calloc(1, sizeof(*a));
	int r;

	if (!a)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	a->smp.head = "INSERT INTO samples (cell_id, metric, idx, value, run, round) VALUES ";
	a->smp.ncols = 6;
	/* A file naming one cell twice gives its series the first one's point. */
	a->pts.head = "INSERT INTO points (series_id, run_id, value, ci_lo, ci_hi, n) VALUES ";
	a->pts.tail = " ON CONFLICT (series_id, run_id) DO NOTHING";
	a->pts.ncols = 6;
	r = hs_begin(s, e);
	for (int i = 0; i < n && !r; i++)
		r = add_file(s, a, files[i], o, &out[i], e);
	free(a);
	if (r) {
		hs_rollback(s);
		return r;
	}
	return hs_commit(s, e);
}
