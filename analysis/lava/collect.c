// SPDX-License-Identifier: MIT
/*
 * Collecting finished LAVA jobs: each log read (log.c), its results files
 * restored byte for byte, its test cases checked against the files' cells,
 * and the files added to the history tagged with the device and the job id.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lava.h"
#include "log.h"
#include "store.h"
#include "tsob/output.h"

/* One log being collected. */
struct job {
	const char *log_path;
	struct tsob_lava_log log;
	const char *id, *device;
	char dir[PATH_MAX];
	char **paths; /* the restored files, one a log file */
	size_t nrestored;
};

/* A job id names a directory: LAVA's are numbers, a lab's may add dots or dashes. */
static bool good_id(const char *s)
{
	if (!*s || *s == '.' || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

static int job_names(struct job *j, const struct tsob_lava_collect_opts *o, struct tsob_err *e)
{
	j->id = o->job_id ? o->job_id : j->log.job_id;
	/* The device label the job gave, else the device's host name. */
	j->device = o->device ? o->device : j->log.device ? j->log.device : j->log.host;
	if (!j->id)
		return tsob_err_set(e, -EINVAL, "the log names no LAVA job id: give --job-id");
	if (!good_id(j->id))
		return tsob_err_set(e, -EINVAL,
				    "job id '%s': letters, digits, '.', '_' and '-' only", j->id);
	if (!j->device || !*j->device)
		return tsob_err_set(e, -EINVAL, "the log names no device: give --device");
	return 0;
}

static int make_dir(const char *path, struct tsob_err *e)
{
	struct stat st;

	if (mkdir(path, 0777) && errno != EEXIST)
		return tsob_err_set(e, -errno, "cannot create %s: %s", path, strerror(errno));
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return tsob_err_set(e, -ENOTDIR, "%s is not a directory", path);
	return 0;
}

/* Whether the file at @path holds exactly @f's bytes. */
static bool same_bytes(const char *path, const struct tsob_lava_file *f)
{
	FILE *fp = fopen(path, "rb");
	unsigned char buf[65536];
	size_t at = 0, n;
	bool same = fp != NULL;

	while (same && (n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		same = at + n <= f->size && !memcmp(buf, f->data + at, n);
		at += n;
	}
	if (fp && ferror(fp))
		same = false;
	if (fp)
		fclose(fp);
	return same && at == f->size;
}

static int write_bytes(FILE *fp, void *arg)
{
	const struct tsob_lava_file *f = arg;

	return fwrite(f->data, 1, f->size, fp) == f->size ? 0 : -EIO;
}

/*
 * Restore the files that came back whole, by the output rule. The same file
 * collected again is left as it is; a different one is never replaced.
 */
static int restore(struct job *j, const char *outdir, struct tsob_err *e)
{
	const char *what = "";
	int r;

	j->paths = calloc(j->log.nfiles + 1, sizeof(*j->paths));
	if (!j->paths)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	snprintf(j->dir, sizeof(j->dir), "%s/%s", outdir, j->id);
	if (j->log.nfiles && ((r = make_dir(outdir, e)) || (r = make_dir(j->dir, e))))
		return r;
	for (size_t i = 0; i < j->log.nfiles; i++) {
		const struct tsob_lava_file *f = &j->log.files[i];
		char *path;

		for (size_t k = 0; k < i; k++)
			if (!strcmp(j->log.files[k].name, f->name))
				return tsob_err_set(e, -EBADMSG, "%s came back twice", f->name);
		if (asprintf(&path, "%s/%s", j->dir, f->name) < 0)
			return tsob_err_set(e, -ENOMEM, "out of memory");
		j->paths[j->nrestored++] = path;
		if (!access(path, F_OK)) {
			if (same_bytes(path, f))
				continue;
			return tsob_err_set(e, -EEXIST,
					    "%s exists and holds another file: not replaced", path);
		}
		if ((r = tsob_output_write(path, write_bytes, (void *)f, &what)))
			return tsob_err_set(e, r, "cannot write %s: %s (%s)", path, what,
					    strerror(-r));
	}
	return 0;
}

struct match {
	const struct tsob_lava_log *log;
	bool *seen;
	const char *file;
	struct tsob_err *e;
};

/* A cell of a restored file must be the log's test case of that name, with its result. */
static int match_case(const struct tsob_lava_case *c, void *arg)
{
	struct match *m = arg;

	for (size_t i = 0; i < m->log->ncases; i++) {
		const struct tsob_lava_logcase *lc = &m->log->cases[i];

		if (m->seen[i] || strcmp(lc->name, c->name))
			continue;
		m->seen[i] = true;
		if (strcmp(lc->result, c->result))
			return tsob_err_set(m->e, -EBADMSG,
					    "test case %s is %s in the log, %s in %s", c->name,
					    lc->result, c->result, m->file);
		if (c->has_value != lc->has_value ||
		    (c->has_value &&
		     !(fabs(c->value - lc->value) <= 1e-6 * fmax(fabs(c->value), fabs(lc->value)))))
			return tsob_err_set(m->e, -EBADMSG,
					    "test case %s: the log's measurement is not %s's",
					    c->name, m->file);
		return 0;
	}
	return tsob_err_set(m->e, -EBADMSG, "the log has no test case for %s of %s", c->name,
			    m->file);
}

/* The log's test cases are the restored files' cells, and the subcommands' statuses. */
static int check_cases(const struct job *j, struct tsob_err *e)
{
	struct match m = {.log = &j->log, .e = e};
	int r = 0;

	m.seen = calloc(j->log.ncases + 1, sizeof(*m.seen));
	if (!m.seen)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	for (size_t i = 0; i < j->nrestored && !r; i++) {
		struct tsob_view v;

		m.file = j->log.files[i].name;
		if (!(r = tsob_view_load(j->paths[i], &v, e))) {
			r = tsob_lava_cases_walk(&v, match_case, &m);
			tsob_view_free(&v);
		}
	}
	for (size_t i = 0; i < j->log.ncases && !r; i++) {
		const char *name = j->log.cases[i].name, *dot = strrchr(name, '.');

		if (!m.seen[i] && !(dot && !strcmp(dot, ".status")))
			r = tsob_err_set(e, -EBADMSG,
					 "test case %s is no cell of the results files", name);
	}
	free(m.seen);
	return r;
}

static void summary(FILE *f, const struct job *j, const struct tsob_store_added *added)
{
	const struct tsob_lava_log *l = &j->log;

	fprintf(f,
		"job %s on %s (host %s, %s, tsobench %s): LAVA result %s; %zu test cases: "
		"%zu pass, %zu fail, %zu skip\n",
		j->id, j->device, l->host ? l->host : "?", l->arch ? l->arch : "?",
		l->tsobench ? l->tsobench : "?", l->job_result, l->ncases, l->npass, l->nfail,
		l->nskip);
	for (size_t i = 0; i < j->nrestored; i++) {
		fprintf(f, "  %-12s %9zu bytes  %s: ", l->files[i].name, l->files[i].size,
			j->paths[i]);
		if (added[i].duplicate)
			fprintf(f, "already in the history as run %lld\n",
				(long long)added[i].run_id);
		else
			fprintf(f, "history run %lld (%zu cells, %zu series points)\n",
				(long long)added[i].run_id, added[i].ncells, added[i].npoints);
	}
}

/* Add to the one line in @e (what was kept, or where). */
static void err_append(struct tsob_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void err_append(struct tsob_err *e, const char *fmt, ...)
{
	char more[256];
	struct tsob_err was = *e;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(more, sizeof(more), fmt, ap);
	va_end(ap);
	tsob_err_set(e, was.code, "%s%s", was.msg, more);
}

/* One log, whole or not at all in the history; what came back whole stays restored. */
static int collect_one(struct job *j, struct tsob_store *s, const struct tsob_lava_collect_opts *o,
		       FILE *f, struct tsob_err *e)
{
	struct tsob_store_add_opts ao = {.commit = o->commit, .branch = o->branch};
	struct tsob_store_added *added;
	struct tsob_err aside = {0};
	int r = tsob_lava_log_read(j->log_path, &j->log, e);
	/* Even from a damaged log, whatever came back whole is restored. */
	int k = job_names(j, o, r ? &aside : e);

	if (!k)
		k = restore(j, o->outdir, r ? &aside : e);
	if (r && !k && j->nrestored)
		err_append(e, "; %zu file(s) that came back whole are in %s/", j->nrestored,
			   j->dir);
	if (r || k || (r = check_cases(j, e)))
		return r ? r : k;
	if (!(added = calloc(j->nrestored + 1, sizeof(*added))))
		return tsob_err_set(e, -ENOMEM, "out of memory");
	ao.device = j->device;
	ao.job_id = j->id;
	if (!(r = tsob_store_add(s, j->paths, (int)j->nrestored, &ao, added, e)))
		summary(f, j, added);
	free(added);
	return r;
}

static void job_free(struct job *j)
{
	for (size_t i = 0; j->paths && i < j->nrestored; i++)
		free(j->paths[i]);
	free(j->paths);
	tsob_lava_log_free(&j->log);
}

int tsob_lava_collect(char *const *logs, int n, const struct tsob_lava_collect_opts *o, FILE *f,
		      struct tsob_err *e)
{
	struct tsob_store *s;
	bool failed = false;
	int r;

	if (n > 1 && (o->job_id || o->device))
		return tsob_err_set(e, -EINVAL, "--job-id and --device name one job: give one log");
	if ((r = tsob_store_open(o->db, TSOB_STORE_CREATE, o->wait_s, &s, e)))
		return r;
	for (int i = 0; i < n && !r; i++) {
		struct job j = {.log_path = logs[i]};

		r = collect_one(&j, s, o, f, e);
		failed |= j.log.nfail > 0;
		if (r) {
			tsob_err_prefix(e, "%s", logs[i]);
			if (i)
				err_append(e, " (the %d log(s) before it are collected)", i);
		}
		job_free(&j);
	}
	tsob_store_close(s);
	return r ? r : failed ? TSOB_EXIT_FAIL : TSOB_EXIT_OK;
}
