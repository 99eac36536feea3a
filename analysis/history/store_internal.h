/* SPDX-License-Identifier: MIT */
/* Shared by the files of analysis/history/, and only there. */
#ifndef TSOB_HISTORY_STORE_INTERNAL_H
#define TSOB_HISTORY_STORE_INTERNAL_H

#include "db.h"
#include "store.h"

struct tsob_store {
	struct hdb *db;
	const struct hdb_ops *ops;
	int found_version;
};

/* Thin wrappers over the backend's operations. */
int hs_query(struct tsob_store *s, const char *sql, const struct hdb_val *p, int np,
	     struct hdb_rows **r, struct tsob_err *e);
/* Run a statement to its end, ignoring any rows. */
int hs_run(struct tsob_store *s, const char *sql, const struct hdb_val *p, int np,
	   struct tsob_err *e);
/* The first column of the first row as an integer; *found false when no row. */
int hs_int(struct tsob_store *s, const char *sql, const struct hdb_val *p, int np, int64_t *out,
	   bool *found, struct tsob_err *e);
int hs_next(struct tsob_store *s, struct hdb_rows *r, struct tsob_err *e);
const char *hs_text(struct tsob_store *s, struct hdb_rows *r, int col);
int64_t hs_i64(struct tsob_store *s, struct hdb_rows *r, int col);
double hs_dbl(struct tsob_store *s, struct hdb_rows *r, int col); /* NaN for NULL */
void hs_done(struct tsob_store *s, struct hdb_rows *r);

/* The writer's transaction. */
int hs_begin(struct tsob_store *s, struct tsob_err *e);
int hs_commit(struct tsob_store *s, struct tsob_err *e);
void hs_rollback(struct tsob_store *s);

/* schema.c: bring the schema to TSOB_HISTORY_SCHEMA, or refuse. */
int hs_schema_open(struct tsob_store *s, bool writable, struct tsob_err *e);

/* A series as stored (series.c). */
struct hs_series {
	int64_t id;
	char fp[16], kernel[64], strategy[32], metric[64], execution[32], arch[24];
	int threads;
	double size;
	bool emulated;
	char *state; /* the change-point state as stored, or NULL */
};

struct hs_point {
	int64_t run_id;
	double value, ci_lo, ci_hi;
	char commit[48], time[32];
};

/* All series (matching the comma lists when not NULL), in a stable order. */
int hs_series_list(struct tsob_store *s, const char *kernels, const char *strategies,
		   const char *metric, struct hs_series **out, size_t *n, struct tsob_err *e);
void hs_series_free(struct hs_series *v, size_t n);
/* A series' points, oldest run first. */
int hs_points(struct tsob_store *s, int64_t series_id, struct hs_point **out, size_t *n,
	      struct tsob_err *e);
/* "kernel/strategy/Nt/metric" */
void hs_series_label(const struct hs_series *x, char *buf, size_t len);

/* The change-point state as text and back (series.c). */
char *hs_state_format(const struct tsob_cp_state *st);
void hs_state_parse(const char *text, struct tsob_cp_state *st);

/* UTC now, ISO 8601. */
void hs_now(char *buf, size_t len);

#endif
