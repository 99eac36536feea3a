/* SPDX-License-Identifier: MIT */
/*
 * The history store: every results file added is kept whole, with its host
 * fingerprint, cells, raw samples and counters, and one point per run in each
 * series (fingerprint, kernel, strategy, threads, size, metric). The same API
 * on SQLite (a file, the default) and PostgreSQL (a postgresql:// URL); which
 * one is decided by tsob_store_open() and nothing above it knows.
 *
 * Reliability: writers serialise (one at a time, waiting up to wait_s), every
 * change is one transaction, and a database this code cannot use (newer
 * schema, locked, read-only for a writer, corrupt, not ours) is refused with
 * one line before anything is written.
 */
#ifndef TSOB_HISTORY_STORE_H
#define TSOB_HISTORY_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "changepoint.h"
#include "tsob/err.h"

#define TSOB_HISTORY_DEFAULT_DB "results/history.db"
/* The schema this code writes; older ones migrate forward when opened for writing. */
#define TSOB_HISTORY_SCHEMA 3

struct tsob_store;

enum tsob_store_mode {
	TSOB_STORE_READ,   /* list, show, export, trend */
	TSOB_STORE_WRITE,  /* check, ack: an existing database */
	TSOB_STORE_CREATE, /* add: created when missing (SQLite) */
};

/*
 * Open the store at @where: a postgresql:// (or postgres://) URL, else an
 * SQLite file. Migrates an older schema forward (when writable). 0, or a
 * negative errno with one line in @e.
 */
int tsob_store_open(const char *where, enum tsob_store_mode mode, double wait_s,
		    struct tsob_store **s, struct tsob_err *e);
void tsob_store_close(struct tsob_store *s);

/* The schema version found when opened (before any migration). */
int tsob_store_found_version(const struct tsob_store *s);

/* ---- runs (import.c, runs.c) ---- */

struct tsob_store_add_opts {
	const char *commit, *branch; /* NULL: from each file's context */
	const char *device, *job_id; /* the machine and the lab's job (LAVA); NULL: none */
};

struct tsob_store_added {
	int64_t run_id;
	bool duplicate; /* the same document was already stored as run_id */
	size_t ncells, npoints;
};

/*
 * Add the results files @files[0..n) in one transaction: all or none. Each
 * is read and checked as tsob_view_load() does; @out[i] says what became of
 * file i.
 */
int tsob_store_add(struct tsob_store *s, char *const *files, int n,
		   const struct tsob_store_add_opts *o, struct tsob_store_added *out,
		   struct tsob_err *e);

/* A run named by its id, or by a commit (a unique prefix of 4+ hex digits). */
int tsob_store_run_ref(struct tsob_store *s, const char *ref, int64_t *id, struct tsob_err *e);

/* One line per run, oldest first. */
int tsob_store_list(struct tsob_store *s, FILE *f, struct tsob_err *e);

/* A run: what the store knows of it, then its table as `tsobench run` prints it. */
int tsob_store_show(struct tsob_store *s, int64_t id, FILE *f, struct tsob_err *e);

/* Write run @id's results document, as it was added, to @path by the output rule. */
int tsob_store_export(struct tsob_store *s, int64_t id, const char *path, struct tsob_err *e);

/* ---- change points (check.c) ---- */

struct tsob_check_opts {
	struct tsob_cp_opts cp;
	const char *since;  /* a run reference: report from that run on; NULL: all */
	const char *metric; /* only the series of this metric; NULL: all */
};

/*
 * Detect change points in every series (incrementally from each series'
 * stored state), record them with their states, print them to @f. Returns
 * TSOB_EXIT_FAIL when a regression change point from @since on is new (not
 * acknowledged, not fixed), TSOB_EXIT_OK otherwise, or a negative errno.
 */
int tsob_store_check(struct tsob_store *s, const struct tsob_check_opts *o, FILE *f,
		     struct tsob_err *e);

/* Mark change point @id acknowledged. */
int tsob_store_ack(struct tsob_store *s, int64_t id, FILE *f, struct tsob_err *e);

/* ---- trend charts (trend.c) ---- */

struct tsob_trend_opts {
	const char *kernels, *strategies; /* comma lists, NULL: all */
	const char *metric;		  /* default wall_ns */
	const char *scripts;		  /* gnuplot scripts' directory, NULL: found */
	struct tsob_cp_opts cp;		  /* the change points marked */
};

/* Charts (PNG, SVG) and trend.md in @dir, published whole. */
int tsob_store_trend(struct tsob_store *s, const struct tsob_trend_opts *o, const char *dir,
		     struct tsob_err *e);

#endif
