// SPDX-License-Identifier: MIT
/* Opening the history store on the backend its name calls for, and the SQL helpers over it. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_internal.h"

bool tsob_hdb_is_pg_url(const char *where)
{
	return !strncmp(where, "postgresql://", 13) || !strncmp(where, "postgres://", 11);
}

static int pick_backend(const char *where, const struct hdb_ops **ops, struct tsob_err *e)
{
	if (!*where)
		return tsob_err_set(e, -EINVAL, "--db needs a file or a postgresql:// URL");
	if (!tsob_hdb_is_pg_url(where)) {
		*ops = &tsob_hdb_sqlite;
		return 0;
	}
#ifdef TSOB_HAVE_POSTGRES
	*ops = &tsob_hdb_pg;
	return 0;
#else
	return tsob_err_set(e, -ENOTSUP,
			    "this tsobench was built without PostgreSQL (TSOB_POSTGRES=OFF, as "
			    "the static arm64 build is): use an SQLite file for --db");
#endif
}

int tsob_store_open(const char *where, enum tsob_store_mode mode, double wait_s,
		    struct tsob_store **out, struct tsob_err *e)
{
	struct hdb_open_opts oo = {.create = mode == TSOB_STORE_CREATE, .wait_s = wait_s};
	struct tsob_store *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	if ((r = pick_backend(where, &s->ops, e)) || (r = s->ops->open(where, &oo, &s->db, e))) {
		free(s);
		return r;
	}
	if (mode != TSOB_STORE_READ && s->ops->read_only(s->db))
		r = tsob_err_set(e, -EROFS, "%s is read-only: nothing can be added or recorded",
				 s->ops->label(s->db));
	if (!r)
		r = hs_schema_open(s, !s->ops->read_only(s->db), e);
	if (r) {
		tsob_store_close(s);
		return r;
	}
	*out = s;
	return 0;
}

void tsob_store_close(struct tsob_store *s)
{
	if (!s)
		return;
	s->ops->close(s->db);
	free(s);
}

int tsob_store_found_version(const struct tsob_store *s)
{
	return s->found_version;
}

int hs_query(struct tsob_store *s, const char *sql, const struct hdb_val *p, int np,
	     struct hdb_rows **r, struct tsob_err *e)
{
	return s->ops->query(s->db, sql, p, np, r, e);
}

int hs_next(struct tsob_store *s, struct hdb_rows *r, struct tsob_err *e)
{
	return s->ops->next(r, e);
}

const char *hs_text(struct tsob_store *s, struct hdb_rows *r, int col)
{
	return s->ops->is_null(r, col) ? NULL : s->ops->get_text(r, col);
}

int64_t hs_i64(struct tsob_store *s, struct hdb_rows *r, int col)
{
	return s->ops->get_int(r, col);
}

double hs_dbl(struct tsob_store *s, struct hdb_rows *r, int col)
{
	return s->ops->is_null(r, col) ? NAN : s->ops->get_dbl(r, col);
}

void hs_done(struct tsob_store *s, struct hdb_rows *r)
{
	s->ops->done(r);
}

int hs_run(struct tsob_store *s, const char *sql, const struct hdb_val *p, int np,
	   struct tsob_err *e)
{
	struct hdb_rows *r;
	int k;

	if ((k = hs_query(s, sql, p, np, &r, e)))
		return k;
	while ((k = hs_next(s, r, e)) > 0)
		;
	hs_done(s, r);
	return k;
}

int hs_int(struct tsob_store *s, const char *sql, const struct hdb_val *p, int np, int64_t *out,
	   bool *found, struct tsob_err *e)
{
	struct hdb_rows *r;
	int k;

	*found = false;
	if ((k = hs_query(s, sql, p, np, &r, e)))
		return k;
	k = hs_next(s, r, e);
	if (k > 0 && !s->ops->is_null(r, 0)) {
		*out = hs_i64(s, r, 0);
		*found = true;
	}
	/* Step to the end: SQLite finishes an INSERT ... RETURNING only then. */
	while (k > 0)
		k = hs_next(s, r, e);
	hs_done(s, r);
	return k < 0 ? k : 0;
}

int hs_begin(struct tsob_store *s, struct tsob_err *e)
{
	return s->ops->begin_write(s->db, e);
}

int hs_commit(struct tsob_store *s, struct tsob_err *e)
{
	int r = s->ops->exec(s->db, "COMMIT", e);

	if (r)
		hs_rollback(s);
	return r;
}

void hs_rollback(struct tsob_store *s)
{
	s->ops->exec(s->db, "ROLLBACK", NULL);
}

void hs_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
