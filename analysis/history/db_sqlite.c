// SPDX-License-Identifier: MIT
/*
 * The SQLite backend of the history store (Debian's libsqlite3): one file,
 * rollback journal, writers serialised by BEGIN IMMEDIATE and a busy timeout,
 * so that two processes adding at once wait for each other instead of failing.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"

struct hdb_sqlite {
	struct hdb base;
	sqlite3 *db;
	char path[4096];
	double wait_s;
};

struct hdb_rows {
	struct hdb_sqlite *s;
	sqlite3_stmt *st;
};

/* One line for an SQLite failure, by what the user can do about it. */
static int fail(struct hdb_sqlite *s, int rc, struct tsob_err *e)
{
	const char *msg = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return tsob_err_set(e, -EBUSY,
				    "%s is locked by another process (waited %g s): try again, "
				    "or wait longer with --wait",
				    s->path, s->wait_s);
	case SQLITE_READONLY:
		return tsob_err_set(e, -EROFS, "%s is read-only: %s", s->path, msg);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return tsob_err_set(e, -EBADMSG,
				    "%s is not a usable SQLite database (%s): nothing was changed; "
				    "restore it from a copy or name another --db",
				    s->path, msg);
	case SQLITE_CANTOPEN:
		return tsob_err_set(e, -ENOENT, "cannot open %s: %s", s->path, msg);
	case SQLITE_FULL:
		return tsob_err_set(e, -ENOSPC, "%s: %s", s->path, msg);
	default:
		return tsob_err_set(e, -EIO, "%s: %s", s->path, msg);
	}
}

static int sq_open(const char *where, const struct hdb_open_opts *o, struct hdb **out,
		   struct tsob_err *e)
{
	struct hdb_sqlite *s = calloc(1, sizeof(*s));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	struct stat st;
	int rc;

	if (!s)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	s->base.ops = &tsob_hdb_sqlite;
	s->wait_s = o->wait_s;
	snprintf(s->path, sizeof(s->path), "%s", where);
	if (stat(where, &st)) {
		if (!o->create) {
			free(s);
			return tsob_err_set(e, -ENOENT,
					    "no history database at %s: add runs first "
					    "('tsobench history add'), or name one with --db",
					    where);
		}
		flags |= SQLITE_OPEN_CREATE;
	} else if (!S_ISREG(st.st_mode)) {
		free(s);
		return tsob_err_set(e, -EINVAL, "%s is not a regular file", where);
	}
	rc = sqlite3_open_v2(where, &s->db, flags, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(s->db, (int)(o->wait_s * 1000));
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		fail(s, rc, e);
		sqlite3_close(s->db);
		free(s);
		return e->code;
	}
	*out = &s->base;
	return 0;
}

static void sq_close(struct hdb *db)
{
	struct hdb_sqlite *s = (struct hdb_sqlite *)db;

	if (!s)
		return;
	sqlite3_close(s->db);
	free(s);
}

static const char *sq_label(struct hdb *db)
{
	return ((struct hdb_sqlite *)db)->path;
}

static bool sq_read_only(struct hdb *db)
{
	return sqlite3_db_readonly(((struct hdb_sqlite *)db)->db, "main") == 1;
}

static int sq_exec(struct hdb *db, const char *sql, struct tsob_err *e)
{
	struct hdb_sqlite *s = (struct hdb_sqlite *)db;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : fail(s, rc, e);
}

/* IMMEDIATE takes the write lock now: two writers never deadlock upgrading a read. */
static int sq_begin_write(struct hdb *db, struct tsob_err *e)
{
	return sq_exec(db, "BEGIN IMMEDIATE", e);
}

static int bind(sqlite3_stmt *st, const struct hdb_val *p, int np)
{
	int rc = SQLITE_OK;

	for (int i = 0; i < np && rc == SQLITE_OK; i++) {
		switch (p[i].t) {
		case HDB_NULL:
			rc = sqlite3_bind_null(st, i + 1);
			break;
		case HDB_INT:
			rc = sqlite3_bind_int64(st, i + 1, p[i].i);
			break;
		case HDB_DBL:
			rc = sqlite3_bind_double(st, i + 1, p[i].d);
			break;
		case HDB_TEXT:
			rc = sqlite3_bind_text(st, i + 1, p[i].s, -1, SQLITE_STATIC);
			break;
		}
	}
	return rc;
}

static int sq_query(struct hdb *db, const char *sql, const struct hdb_val *p, int np,
		    struct hdb_rows **rows, struct tsob_err *e)
{
	struct hdb_sqlite *s = (struct hdb_sqlite *)db;
	struct hdb_rows *r = calloc(1, sizeof(*r));
	int rc;

	if (!r)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	r->s = s;
	rc = sqlite3_prepare_v2(s->db, sql, -1, &r->st, NULL);
	if (rc == SQLITE_OK)
		rc = bind(r->st, p, np);
	if (rc != SQLITE_OK) {
		fail(s, rc, e);
		sqlite3_finalize(r->st);
		free(r);
		return e->code;
	}
	*rows = r;
	return 0;
}

static int sq_next(struct hdb_rows *r, struct tsob_err *e)
{
	int rc = sqlite3_step(r->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail(r->s, rc, e);
}

static bool sq_is_null(struct hdb_rows *r, int col)
{
	return sqlite3_column_type(r->st, col) == SQLITE_NULL;
}

static int64_t sq_get_int(struct hdb_rows *r, int col)
{
	return sqlite3_column_int64(r->st, col);
}

static double sq_get_dbl(struct hdb_rows *r, int col)
{
	return sqlite3_column_double(r->st, col);
}

static const char *sq_get_text(struct hdb_rows *r, int col)
{
	return (const char *)sqlite3_column_text(r->st, col);
}

static void sq_done(struct hdb_rows *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->st);
	free(r);
}

const struct hdb_ops tsob_hdb_sqlite = {
    .name = "sqlite",
    .id_type = "INTEGER PRIMARY KEY",
    .tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table'",
    .open = sq_open,
    .close = sq_close,
    .label = sq_label,
    .read_only = sq_read_only,
    .exec = sq_exec,
    .begin_write = sq_begin_write,
    .query = sq_query,
    .next = sq_next,
    .is_null = sq_is_null,
    .get_int = sq_get_int,
    .get_dbl = sq_get_dbl,
    .get_text = sq_get_text,
    .done = sq_done,
};
