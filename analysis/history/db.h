/* SPDX-License-Identifier: MIT */
/*
 * The SQL connection under the history store, one backend a file (db_sqlite.c,
 * db_pg.c): the store writes portable SQL with '?' parameters and calls these
 * few operations, so that both backends hold the same schema and run the same
 * statements. Only analysis/history/ includes this.
 */
#ifndef TSOB_HISTORY_DB_H
#define TSOB_HISTORY_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "tsob/err.h"

enum hdb_type { HDB_NULL, HDB_INT, HDB_DBL, HDB_TEXT };

/* A statement parameter. */
struct hdb_val {
	enum hdb_type t;
	int64_t i;
	double d;
	const char *s;
};

#define HV_NULL ((struct hdb_val){.t = HDB_NULL})
#define HV_INT(x) ((struct hdb_val){.t = HDB_INT, .i = (int64_t)(x)})
#define HV_DBL(x) ((struct hdb_val){.t = HDB_DBL, .d = (x)})
/* A string; NULL becomes SQL NULL. */
static inline struct hdb_val hdb_text(const char *s)
{
	return (struct hdb_val){.t = s ? HDB_TEXT : HDB_NULL, .s = s};
}
#define HV_TEXT(x) hdb_text(x)

struct hdb;
struct hdb_rows;

struct hdb_open_opts {
	bool create;   /* SQLite: create the file when missing */
	double wait_s; /* how long to wait for another writer's lock */
};

struct hdb_ops {
	const char *name; /* "sqlite", "postgresql" */
	/* SQL for an integer key the database assigns ("INTEGER PRIMARY KEY", ...). */
	const char *id_type;
	/* SQL listing the names of the tables in the store's schema. */
	const char *tables_sql;
	int (*open)(const char *where, const struct hdb_open_opts *o, struct hdb **db,
		    struct tsob_err *e);
	void (*close)(struct hdb *db);
	/* How messages name the store: the path, or the URL without user and password. */
	const char *(*label)(struct hdb *db);
	/* Whether the connection cannot write (a read-only file, a read-only server). */
	bool (*read_only)(struct hdb *db);
	/* One or more statements without parameters (DDL, COMMIT, ROLLBACK). */
	int (*exec)(struct hdb *db, const char *sql, struct tsob_err *e);
	/* The writer's transaction: only one at a time across processes; waits up to wait_s. */
	int (*begin_write)(struct hdb *db, struct tsob_err *e);
	/* Run @sql with @np parameters; rows come from next() until it returns 0. */
	int (*query)(struct hdb *db, const char *sql, const struct hdb_val *p, int np,
		     struct hdb_rows **rows, struct tsob_err *e);
	int (*next)(struct hdb_rows *r, struct tsob_err *e); /* 1 a row, 0 the end, <0 error */
	bool (*is_null)(struct hdb_rows *r, int col);
	int64_t (*get_int)(struct hdb_rows *r, int col);
	double (*get_dbl)(struct hdb_rows *r, int col);
	const char *(*get_text)(struct hdb_rows *r, int col); /* valid until next() */
	void (*done)(struct hdb_rows *r);
};

/* Every backend's connection starts with its operations. */
struct hdb {
	const struct hdb_ops *ops;
};

extern const struct hdb_ops tsob_hdb_sqlite;
#ifdef TSOB_HAVE_POSTGRES
extern const struct hdb_ops tsob_hdb_pg;
#endif

/* Whether @where names a PostgreSQL server (postgresql:// or postgres:// URL). */
bool tsob_hdb_is_pg_url(const char *where);

#endif
