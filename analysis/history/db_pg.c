// SPDX-License-Identifier: MIT
/*
 * The PostgreSQL backend of the history store (Debian's libpq), for a fleet of
 * runners writing to one server. Writers serialise on a transaction-scoped
 * advisory lock, bounded by lock_timeout, as SQLite's writers do on the file:
 * the same store code runs on both.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

/* The advisory lock every writer takes ("tsob" in ASCII). */
#define WRITER_LOCK "1953722210"
#define MAX_PARAMS 4096

struct hdb_pg {
	struct hdb base;
	PGconn *c;
	char label[512]; /* the URL without user and password, for messages */
	double wait_s;
};

struct hdb_rows {
	struct hdb_pg *p;
	PGresult *res;
	int row, nrows;
};

/* "postgresql://user:secret@host/db" -> "postgresql://host/db": never print a password. */
static void make_label(const char *url, char *buf, size_t len)
{
	const char *rest = strstr(url, "://"), *at, *slash;

	rest = rest ? rest + 3 : url;
	at = strchr(rest, '@');
	slash = strchr(rest, '/');
	if (at && (!slash || at < slash))
		rest = at + 1;
	snprintf(buf, len, "postgresql://%.400s", rest);
	buf[strcspn(buf, "?")] = '\0';
}

static void no_notices(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* NOTICE lines ("already exists") are not errors: only the dispatcher prints */
}

static int fail(struct hdb_pg *p, const PGresult *res, struct tsob_err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char line[300];

	snprintf(line, sizeof(line), "%s", msg ? msg : PQerrorMessage(p->c));
	line[strcspn(line, "\n")] = '\0';
	if (state && !strcmp(state, "55P03"))
		return tsob_err_set(e, -EBUSY,
				    "%s is locked by another writer (waited %g s): try again, or "
				    "wait longer with --wait",
				    p->label, p->wait_s);
	if (state && !strcmp(state, "25006"))
		return tsob_err_set(e, -EROFS, "%s is read-only: %s", p->label, line);
	if (state && !strncmp(state, "53", 2))
		return tsob_err_set(e, -ENOSPC, "%s: %s", p->label, line);
	if (state && !strncmp(state, "08", 2))
		return tsob_err_set(e, -ECONNRESET, "%s: connection lost: %s", p->label, line);
	return tsob_err_set(e, -EIO, "%s: %s", p->label, line);
}

static int pg_exec(struct hdb *db, const char *sql, struct tsob_err *e)
{
	struct hdb_pg *p = (struct hdb_pg *)db;
	PGresult *res = PQexec(p->c, sql);
	ExecStatusType st = PQresultStatus(res);
	int r = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : fail(p, res, e);

	PQclear(res);
	return r;
}

static int pg_open(const char *where, const struct hdb_open_opts *o, struct hdb **out,
		   struct tsob_err *e)
{
	struct hdb_pg *p = calloc(1, sizeof(*p));
	char sql[128], line[300];

	if (!p)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	p->base.ops = &tsob_hdb_pg;
	p->wait_s = o->wait_s;
	make_label(where, p->label, sizeof(p->label));
	p->c = PQconnectdb(where);
	if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
		snprintf(line, sizeof(line), "%s", p->c ? PQerrorMessage(p->c) : "out of memory");
		line[strcspn(line, "\n")] = '\0';
		tsob_err_set(e, -ECONNREFUSED, "cannot connect to %s: %s", p->label, line);
		PQfinish(p->c);
		free(p);
		return e->code;
	}
	PQsetNoticeProcessor(p->c, no_notices, NULL);
	/* At least 1 ms: 0 would mean wait forever. */
	snprintf(sql, sizeof(sql), "SET lock_timeout = %ld; SET client_min_messages = warning",
		 (long)(o->wait_s * 1000) > 0 ? (long)(o->wait_s * 1000) : 1L);
	if (pg_exec(&p->base, sql, e)) {
		PQfinish(p->c);
		free(p);
		return e->code;
	}
	*out = &p->base;
	return 0;
}

static void pg_close(struct hdb *db)
{
	struct hdb_pg *p = (struct hdb_pg *)db;

	if (!p)
		return;
	PQfinish(p->c);
	free(p);
}

static const char *pg_label(struct hdb *db)
{
	return ((struct hdb_pg *)db)->label;
}

static bool pg_read_only(struct hdb *db)
{
	struct hdb_pg *p = (struct hdb_pg *)db;
	PGresult *res = PQexec(p->c, "SELECT current_setting('transaction_read_only')");
	bool ro = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
		  !strcmp(PQgetvalue(res, 0, 0), "on");

	PQclear(res);
	return ro;
}

static int pg_begin_write(struct hdb *db, struct tsob_err *e)
{
	int r = pg_exec(db, "BEGIN", e);

	if (!r && (r = pg_exec(db, "SELECT pg_advisory_xact_lock(" WRITER_LOCK ")", e)))
		pg_exec(db, "ROLLBACK", NULL);
	return r;
}

/* The store's '?' parameters become $1, $2, ... (its SQL has no '?' in literals). */
static char *number_params(const char *sql)
{
	size_t n = strlen(sql), q = 0;
	char *out, *w;
	int k = 0;

	for (const char *s = sql; *s; s++)
		q += *s == '?';
	out = malloc(n + q * 5 + 1);
	if (!out)
		return NULL;
	w = out;
	for (const char *s = sql; *s; s++) {
		if (*s == '?')
			w += sprintf(w, "$%d", ++k);
		else
			*w++ = *s;
	}
	*w = '\0';
	return out;
}

static int pg_query(struct hdb *db, const char *sql, const struct hdb_val *v, int np,
		    struct hdb_rows **rows, struct tsob_err *e)
{
	struct hdb_pg *p = (struct hdb_pg *)db;
	const char **vals = calloc((size_t)np + 1, sizeof(*vals));
	char(*buf)[32] = calloc((size_t)np + 1, sizeof(*buf));
	char *q = number_params(sql);
	struct hdb_rows *r = calloc(1, sizeof(*r));
	ExecStatusType st;
	int err = 0;

	if (!vals || !buf || !q || !r || np > MAX_PARAMS) {
		err = tsob_err_set(e, np > MAX_PARAMS ? -E2BIG : -ENOMEM, "out of memory");
		goto out;
	}
	for (int i = 0; i < np; i++) {
		if (v[i].t == HDB_INT)
			snprintf(buf[i], sizeof(buf[i]), "%lld", (long long)v[i].i);
		else if (v[i].t == HDB_DBL && isfinite(v[i].d))
			snprintf(buf[i], sizeof(buf[i]), "%.17g", v[i].d);
		else if (v[i].t == HDB_DBL) /* PostgreSQL's spelling, not printf's */
			snprintf(buf[i], sizeof(buf[i]), "%s",
				 isnan(v[i].d) ? "NaN"
				 : v[i].d > 0  ? "Infinity"
					       : "-Infinity");
		vals[i] = v[i].t == HDB_TEXT ? v[i].s : v[i].t == HDB_NULL ? NULL : buf[i];
	}
	r->p = p;
	r->res = PQexecParams(p->c, q, np, NULL, vals, NULL, NULL, 0);
	st = PQresultStatus(r->res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		err = fail(p, r->res, e);
		PQclear(r->res);
		goto out;
	}
	r->row = -1;
	r->nrows = PQntuples(r->res);
	*rows = r;
	r = NULL;
out:
	free(r);
	free(q);
	free(buf);
	free(vals);
	return err;
}

static int pg_next(struct hdb_rows *r, struct tsob_err *e)
{
	(void)e;
	return ++r->row < r->nrows;
}

static bool pg_is_null(struct hdb_rows *r, int col)
{
	return PQgetisnull(r->res, r->row, col);
}

static int64_t pg_get_int(struct hdb_rows *r, int col)
{
	return strtoll(PQgetvalue(r->res, r->row, col), NULL, 10);
}

static double pg_get_dbl(struct hdb_rows *r, int col)
{
	return strtod(PQgetvalue(r->res, r->row, col), NULL);
}

static const char *pg_get_text(struct hdb_rows *r, int col)
{
	return PQgetisnull(r->res, r->row, col) ? NULL : PQgetvalue(r->res, r->row, col);
}

static void pg_done(struct hdb_rows *r)
{
	if (!r)
		return;
	PQclear(r->res);
	free(r);
}

const struct hdb_ops tsob_hdb_pg = {
    .name = "postgresql",
    .id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    .tables_sql = "SELECT table_name FROM information_schema.tables "
		  "WHERE table_schema = current_schema()",
    .open = pg_open,
    .close = pg_close,
    .label = pg_label,
    .read_only = pg_read_only,
    .exec = pg_exec,
    .begin_write = pg_begin_write,
    .query = pg_query,
    .next = pg_next,
    .is_null = pg_is_null,
    .get_int = pg_get_int,
    .get_dbl = pg_get_dbl,
    .get_text = pg_get_text,
    .done = pg_done,
};
