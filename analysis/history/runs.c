// SPDX-License-Identifier: MIT
/* Runs in the history: naming one, listing them, showing one, and giving its document back. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "table.h"
#include "tsob/output.h"
#include "tsob/results.h"

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static bool hex_prefix(const char *s)
{
	size_t n = strlen(s);

	if (n < 4 || n > 40)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

int tsob_store_run_ref(struct tsob_store *s, const char *ref, int64_t *id, struct tsob_err *e)
{
	char like[48];
	int64_t count = 0;
	bool found;
	int r;

	if (all_digits(ref) && strlen(ref) < 12) {
		if ((r = hs_int(s, "SELECT id FROM runs WHERE id = ?",
				(struct hdb_val[]){HV_INT(strtoll(ref, NULL, 10))}, 1, id, &found,
				e)))
			return r;
		if (found)
			return 0;
	}
	if (!hex_prefix(ref))
		return tsob_err_set(e, -ENOENT,
				    "no run '%s': name a run id ('tsobench history list') "
				    "or a commit (4 to 40 hex digits)",
				    ref);
	snprintf(like, sizeof(like), "%s%%", ref);
	if ((r = hs_int(s, "SELECT count(DISTINCT commit_sha) FROM runs WHERE commit_sha LIKE ?",
			(struct hdb_val[]){HV_TEXT(like)}, 1, &count, &found, e)))
		return r;
	if (count > 1)
		return tsob_err_set(e, -EINVAL, "commit '%s' is ambiguous (%lld commits start so)",
				    ref, (long long)count);
	/* A commit run more than once: its first run, where a change would first show. */
	if ((r = hs_int(s, "SELECT id FROM runs WHERE commit_sha LIKE ? ORDER BY run_time, id",
			(struct hdb_val[]){HV_TEXT(like)}, 1, id, &found, e)))
		return r;
	return found ? 0 : tsob_err_set(e, -ENOENT, "no run of a commit '%s' in the history", ref);
}

int tsob_store_list(struct tsob_store *s, FILE *f, struct tsob_err *e)
{
	struct hdb_rows *r;
	size_t n = 0;
	int k;

	if ((k = hs_query(s,
			  "SELECT r.id, r.run_time, r.commit_sha, r.branch, h.fp_hash, h.execution,"
			  " r.command, r.ncells, r.nruns, r.host, r.device, r.job_id FROM runs r"
			  " JOIN hosts h ON h.id = r.host_id ORDER BY r.run_time, r.id",
			  NULL, 0, &r, e)))
		return k;
	fprintf(f, "%-6s %-20s %-18s %-12s %-12s %-10s %-8s %5s %4s  %-16s %-10s %s\n", "run",
		"time", "commit", "branch", "fingerprint", "execution", "command", "cells", "runs",
		"device", "job", "host");
	while ((k = hs_next(s, r, e)) > 0) {
		const char *c = hs_text(s, r, 2), *b = hs_text(s, r, 3);
		const char *d = hs_text(s, r, 10), *j = hs_text(s, r, 11);

		fprintf(f,
			"%-6lld %-20s %-18.18s %-12.12s %-12s %-10s %-8s %5lld %4lld  %-16s %-10s "
			"%s\n",
			(long long)hs_i64(s, r, 0), hs_text(s, r, 1), c ? c : "-", b ? b : "-",
			hs_text(s, r, 4), hs_text(s, r, 5) ? hs_text(s, r, 5) : "?",
			hs_text(s, r, 6) ? hs_text(s, r, 6) : "?", (long long)hs_i64(s, r, 7),
			(long long)hs_i64(s, r, 8), d ? d : "-", j ? j : "-",
			hs_text(s, r, 9) ? hs_text(s, r, 9) : "?");
		n++;
	}
	hs_done(s, r);
	if (k == 0 && !n)
		fprintf(f, "(no runs yet)\n");
	return k;
}

/* Run @id's document as stored (malloc'd). */
static int document(struct tsob_store *s, int64_t id, char **doc, struct tsob_err *e)
{
	struct hdb_rows *r;
	int k;

	*doc = NULL;
	if ((k = hs_query(s, "SELECT document FROM runs WHERE id = ?",
			  (struct hdb_val[]){HV_INT(id)}, 1, &r, e)))
		return k;
	if ((k = hs_next(s, r, e)) > 0 && hs_text(s, r, 0))
		*doc = strdup(hs_text(s, r, 0));
	hs_done(s, r);
	if (k < 0)
		return k;
	if (!k)
		return tsob_err_set(e, -ENOENT, "no run %lld in the history", (long long)id);
	return *doc ? 0 : tsob_err_set(e, -ENOMEM, "out of memory");
}

static void show_header(struct tsob_store *s, int64_t id, FILE *f, struct tsob_err *e)
{
	struct hdb_rows *r;

	if (hs_query(s,
		     "SELECT r.commit_sha, r.branch, r.run_time, r.added_time, r.source,"
		     " h.fp_hash, h.fingerprint, r.device, r.job_id FROM runs r JOIN hosts h"
		     " ON h.id = r.host_id WHERE r.id = ?",
		     (struct hdb_val[]){HV_INT(id)}, 1, &r, e))
		return;
	if (hs_next(s, r, e) > 0) {
		fprintf(f, "run %lld: commit %s, branch %s, run %s, added %s from %s\n",
			(long long)id, hs_text(s, r, 0) ? hs_text(s, r, 0) : "-",
			hs_text(s, r, 1) ? hs_text(s, r, 1) : "-", hs_text(s, r, 2),
			hs_text(s, r, 3), hs_text(s, r, 4) ? hs_text(s, r, 4) : "?");
		fprintf(f, "device %s, job %s\n", hs_text(s, r, 7) ? hs_text(s, r, 7) : "-",
			hs_text(s, r, 8) ? hs_text(s, r, 8) : "-");
		fprintf(f, "host fingerprint %s: %s\n\n", hs_text(s, r, 5), hs_text(s, r, 6));
	}
	hs_done(s, r);
}

int tsob_store_show(struct tsob_store *s, int64_t id, FILE *f, struct tsob_err *e)
{
	struct tsob_view v;
	json_object *doc;
	char name[64], *text;
	int r;

	if ((r = document(s, id, &text, e)))
		return r;
	snprintf(name, sizeof(name), "run %lld", (long long)id);
	r = tsob_results_parse_mem(text, strlen(text), name, &doc, e);
	free(text);
	if (r || (r = tsob_view_from_json(doc, name, &v, e)))
		return r;
	show_header(s, id, f, e);
	tsob_table_print(f, &v);
	tsob_view_free(&v);
	return e->code;
}

struct doc_out {
	const char *text;
};

static int write_doc(FILE *f, void *arg)
{
	const struct doc_out *d = arg;
	size_t n = strlen(d->text);

	return fwrite(d->text, 1, n, f) == n ? 0 : -EIO;
}

int tsob_store_export(struct tsob_store *s, int64_t id, const char *path, struct tsob_err *e)
{
	struct doc_out d;
	const char *what = "";
	char *text;
	int r;

	if ((r = document(s, id, &text, e)))
		return r;
	d.text = text;
	r = tsob_output_write(path, write_doc, &d, &what);
	free(text);
	return r ? tsob_err_set(e, r, "cannot write %s: %s (%s)", path, what, strerror(-r)) : 0;
}
