// SPDX-License-Identifier: MIT
/*
 * The history schema and its forward migrations: step k takes a store from
 * version k-1 to k inside the writer's transaction, so a store is always at
 * one version, and a newer one than this code knows is refused untouched.
 * The SQL is the same for both backends; @ID@ stands for each one's
 * database-assigned integer key.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static const char *const steps[TSOB_HISTORY_SCHEMA] = {
	/* 1: runs kept whole, hosts by fingerprint, cells, samples, counters, series */
	"CREATE TABLE tsob_schema (version INTEGER NOT NULL);"
	"INSERT INTO tsob_schema (version) VALUES (0);"
	"CREATE TABLE hosts (id @ID@, fingerprint TEXT NOT NULL UNIQUE, fp_hash TEXT NOT NULL,"
	" arch TEXT, cpu_model TEXT, midr TEXT, kernel TEXT, ncpus INTEGER, execution TEXT,"
	" emulated INTEGER NOT NULL, compiler TEXT, cflags TEXT);"
	"CREATE TABLE runs (id @ID@, host_id BIGINT NOT NULL REFERENCES hosts (id),"
	" host TEXT, commit_sha TEXT, branch TEXT, run_time TEXT NOT NULL,"
	" added_time TEXT NOT NULL, tsobench_version TEXT, command TEXT, command_line TEXT,"
	" source TEXT, nruns INTEGER NOT NULL, ncells INTEGER NOT NULL,"
	" doc_hash TEXT NOT NULL UNIQUE, document TEXT NOT NULL);"
	"CREATE INDEX runs_order ON runs (run_time, id);"
	"CREATE TABLE cells (id @ID@, run_id BIGINT NOT NULL REFERENCES runs (id),"
	" idx INTEGER NOT NULL, kernel TEXT NOT NULL, strategy TEXT NOT NULL,"
	" threads INTEGER NOT NULL, side TEXT, status TEXT NOT NULL, size DOUBLE PRECISION,"
	" ops DOUBLE PRECISION);"
	"CREATE INDEX cells_run ON cells (run_id);"
	"CREATE TABLE counters (cell_id BIGINT NOT NULL REFERENCES cells (id),"
	" name TEXT NOT NULL, available INTEGER NOT NULL, reason TEXT, read_path TEXT);"
	"CREATE TABLE samples (cell_id BIGINT NOT NULL REFERENCES cells (id),"
	" metric TEXT NOT NULL, idx INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL,"
	" run INTEGER, round INTEGER);"
	"CREATE INDEX samples_cell ON samples (cell_id);"
	"CREATE TABLE series (id @ID@, host_id BIGINT NOT NULL REFERENCES hosts (id),"
	" kernel TEXT NOT NULL, strategy TEXT NOT NULL, threads INTEGER NOT NULL,"
	" size DOUBLE PRECISION NOT NULL, metric TEXT NOT NULL,"
	" UNIQUE (host_id, kernel, strategy, threads, size, metric));"
	"CREATE TABLE points (series_id BIGINT NOT NULL REFERENCES series (id),"
	" run_id BIGINT NOT NULL REFERENCES runs (id), value DOUBLE PRECISION NOT NULL,"
	" ci_lo DOUBLE PRECISION, ci_hi DOUBLE PRECISION, n INTEGER NOT NULL,"
	" PRIMARY KEY (series_id, run_id));",
	/* 2: change points with their states, and each series' incremental search state */
	"ALTER TABLE series ADD COLUMN cp_state TEXT;"
	"CREATE TABLE changepoints (id @ID@, series_id BIGINT NOT NULL REFERENCES series (id),"
	" run_id BIGINT NOT NULL REFERENCES runs (id), state TEXT NOT NULL,"
	" active INTEGER NOT NULL, pvalue DOUBLE PRECISION, magnitude DOUBLE PRECISION,"
	" mean_before DOUBLE PRECISION, mean_after DOUBLE PRECISION,"
	" found_time TEXT NOT NULL, state_time TEXT NOT NULL, UNIQUE (series_id, run_id));",
	/* 3: the machine a run came from and the lab's job that ran it (tsobench lava) */
	"ALTER TABLE runs ADD COLUMN device TEXT;"
	"ALTER TABLE runs ADD COLUMN job_id TEXT;",
};

/* @sql with each @ID@ replaced by the backend's key type. */
static char *expand(const char *sql, const char *id_type)
{
	size_t n = 0, k = strlen(id_type);
	char *out, *w;

	for (const char *p = sql; (p = strstr(p, "@ID@")); p += 4)
		n++;
	out = malloc(strlen(sql) + n * k + 1);
	if (!out)
		return NULL;
	w = out;
	for (const char *p = sql; *p;) {
		if (!strncmp(p, "@ID@", 4)) {
			memcpy(w, id_type, k);
			w += k;
			p += 4;
		} else {
			*w++ = *p++;
		}
	}
	*w = '\0';
	return out;
}

/*
 * The version of the store: 0 when it has no tables at all (new), or -1 when
 * it has tables but not ours (another program's database).
 */
static int read_version(struct tsob_store *s, int *version, struct tsob_err *e)
{
	struct hdb_rows *r;
	bool ours = false, others = false;
	int64_t v = 0;
	int k;

	if ((k = hs_query(s, s->ops->tables_sql, NULL, 0, &r, e)))
		return k;
	while ((k = hs_next(s, r, e)) > 0) {
		const char *name = hs_text(s, r, 0);

		if (name && !strcmp(name, "tsob_schema"))
			ours = true;
		else
			others = true;
	}
	hs_done(s, r);
	if (k < 0)
		return k;
	*version = ours ? 0 : others ? -1 : 0;
	if (ours && (k = hs_int(s, "SELECT max(version) FROM tsob_schema", NULL, 0, &v, &ours, e)))
		return k;
	if (ours)
		*version = (int)v;
	return 0;
}

static int migrate(struct tsob_store *s, int from, struct tsob_err *e)
{
	int r = 0;

	for (int v = from; v < TSOB_HISTORY_SCHEMA && !r; v++) {
		char *sql = expand(steps[v], s->ops->id_type);

		if (!sql)
			return tsob_err_set(e, -ENOMEM, "out of memory");
		r = s->ops->exec(s->db, sql, e);
		free(sql);
		if (!r)
			r = hs_run(s, "UPDATE tsob_schema SET version = ?",
				   (struct hdb_val[]){ HV_INT(v + 1) }, 1, e);
		if (r)
			tsob_err_prefix(e, "migrating the history schema to version %d", v + 1);
	}
	return r;
}

static int refuse(int version, struct tsob_err *e)
{
	if (version < 0)
		return tsob_err_set(e, -EBADMSG,
				    "not a tsobench history database (it holds other tables): "
				    "nothing was changed; name another --db");
	return tsob_err_set(e, -EPROTO,
			    "history schema version %d is newer than this tsobench knows (%d): "
			    "use a newer tsobench; nothing was changed",
			    version, TSOB_HISTORY_SCHEMA);
}

int hs_schema_open(struct tsob_store *s, bool writable, struct tsob_err *e)
{
	int version, r;

	if ((r = read_version(s, &version, e)))
		return r;
	s->found_version = version;
	if (version < 0 || version > TSOB_HISTORY_SCHEMA)
		return refuse(version, e);
	if (version == TSOB_HISTORY_SCHEMA)
		return 0;
	if (!writable)
		return tsob_err_set(e, -EROFS,
				    "history schema version %d needs migrating to %d, and the "
				    "database is read-only",
				    version, TSOB_HISTORY_SCHEMA);
	/* Under the writer's lock, look again: another process may have just migrated. */
	if ((r = hs_begin(s, e)))
		return r;
	r = read_version(s, &version, e);
	if (!r && (version < 0 || version > TSOB_HISTORY_SCHEMA))
		r = refuse(version, e);
	if (!r)
		r = migrate(s, version, e);
	if (r) {
		hs_rollback(s);
		return r;
	}
	return hs_commit(s, e);
}
