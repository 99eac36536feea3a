// SPDX-License-Identifier: MIT
/*
 * history check: change points in every series (analysis/changepoint.h,
 * resumed from each series' stored search state so an append searches only
 * the last window), kept with a state so that a CI is not red forever for a
 * change someone accepted:
 *   new           found, nobody has looked at it: a regression fails the check
 *   acknowledged  `history ack ID`: known, accepted, no longer fails
 *   fixed         a regression whose series came back below the midpoint of
 *                 its step (before + after) / 2 in the latest segment
 * A change point no longer found (more data showed it was noise) is kept but
 * inactive: not shown, not judged. Every metric stored is a cost (time,
 * counts): a rise is a regression.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

struct check {
	struct tsob_store *s;
	const struct tsob_check_opts *o;
	char now[32];
	size_t series, points, searched, windows;
};

static int upsert(struct check *c, int64_t sid, int64_t run_id, const struct tsob_cp *cp,
		  struct tsob_err *e)
{
	struct hdb_val v[] = {
	    HV_DBL(cp->pvalue),	    HV_DBL(cp->magnitude), HV_DBL(cp->mean_before),
	    HV_DBL(cp->mean_after), HV_INT(sid),	   HV_INT(run_id)};
	int64_t id;
	bool found;
	int r;

	/* A rise from 0 (context switches) is +inf: kept, a regression like any other. */
	r = hs_int(c->s, "SELECT id FROM changepoints WHERE series_id = ? AND run_id = ?", v + 4, 2,
		   &id, &found, e);
	if (r)
		return r;
	if (found)
		return hs_run(c->s,
			      "UPDATE changepoints SET active = 1, pvalue = ?, magnitude = ?,"
			      " mean_before = ?, mean_after = ? WHERE series_id = ? AND run_id = ?",
			      v, 6, e);
	return hs_run(c->s,
		      "INSERT INTO changepoints (pvalue, magnitude, mean_before, mean_after,"
		      " series_id, run_id, state, active, found_time, state_time)"
		      " VALUES (?,?,?,?,?,?,'new',1,?,?)",
		      (struct hdb_val[]){v[0], v[1], v[2], v[3], v[4], v[5], HV_TEXT(c->now),
					 HV_TEXT(c->now)},
		      8, e);
}

/*
 * Regressions before the last change point are fixed when the latest segment
 * is back below their midpoint; a fixed one that rose again is new again.
 */
static int mark_fixed(struct check *c, int64_t sid, const struct hs_point *pts,
		      const struct tsob_cp *cp, size_t ncp, struct tsob_err *e)
{
	double last = ncp ? cp[ncp - 1].mean_after : NAN;
	int r = 0;

	for (size_t i = 0; i < ncp && !r; i++) {
		bool fixed = i + 1 < ncp && cp[i].magnitude > 0 &&
			     last <= (cp[i].mean_before + cp[i].mean_after) / 2;
		struct hdb_val v[] = {HV_TEXT(fixed ? "fixed" : "new"), HV_TEXT(c->now),
				      HV_INT(sid), HV_INT(pts[cp[i].index].run_id)};

		r = hs_run(c->s,
			   fixed ? "UPDATE changepoints SET state = ?, state_time = ? WHERE"
				   " series_id = ? AND run_id = ? AND state <> 'fixed'"
				 : "UPDATE changepoints SET state = ?, state_time = ? WHERE"
				   " series_id = ? AND run_id = ? AND state = 'fixed'",
			   v, 4, e);
	}
	return r;
}

/* Record what the search found in series @sid: found ones active, the rest not. */
static int record(struct check *c, int64_t sid, const struct hs_point *pts,
		  const struct tsob_cp *cp, size_t ncp, struct tsob_err *e)
{
	int r = hs_run(c->s, "UPDATE changepoints SET active = 0 WHERE series_id = ?",
		       (struct hdb_val[]){HV_INT(sid)}, 1, e);

	for (size_t i = 0; i < ncp && !r; i++)
		r = upsert(c, sid, pts[cp[i].index].run_id, &cp[i], e);
	return r ? r : mark_fixed(c, sid, pts, cp, ncp, e);
}

/* Windows of the grid over @n points (changepoint.c's): what a full search looks at. */
static size_t windows(size_t n, size_t w)
{
	size_t step = w / 2;

	if (!n)
		return 0;
	return n <= w ? 1 : (n - w + step - 1) / step + 1;
}

static int check_series(struct check *c, struct hs_series *x, struct tsob_err *e)
{
	struct tsob_cp_state st;
	struct hs_point *pts = NULL;
	struct tsob_cp *cp = NULL;
	size_t n, ncp = 0;
	double *v = NULL;
	char *text = NULL;
	int r;

	if ((r = hs_points(c->s, x->id, &pts, &n, e)))
		return r;
	hs_state_parse(x->state, &st);
	v = malloc((n ? n : 1) * sizeof(*v));
	if (!v) {
		r = tsob_err_set(e, -ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = pts[i].value;
	if ((r = tsob_cp_update(&st, v, n, &c->o->cp, &cp, &ncp))) {
		r = tsob_err_set(e, r, "change points of series %lld: bad options or values",
				 (long long)x->id);
		goto out;
	}
	c->series++;
	c->points += n;
	c->searched += st.searched;
	c->windows += windows(n, c->o->cp.window);
	if (!(text = hs_state_format(&st))) {
		r = tsob_err_set(e, -ENOMEM, "out of memory");
		goto out;
	}
	r = hs_run(c->s, "UPDATE series SET cp_state = ? WHERE id = ?",
		   (struct hdb_val[]){HV_TEXT(text), HV_INT(x->id)}, 2, e);
	if (!r)
		r = record(c, x->id, pts, cp, ncp, e);
out:
	free(text);
	free(cp);
	free(v);
	free(pts);
	tsob_cp_state_release(&st);
	return r;
}

/* The (time, id) from which change points count: the --since run, or the first. */
static int since_key(struct check *c, char *time, size_t len, int64_t *id, struct tsob_err *e)
{
	struct hdb_rows *r;
	int k;

	time[0] = '\0';
	*id = 0;
	if (!c->o->since)
		return 0;
	if ((k = tsob_store_run_ref(c->s, c->o->since, id, e)))
		return tsob_err_prefix(e, "--since");
	if ((k = hs_query(c->s, "SELECT run_time FROM runs WHERE id = ?",
			  (struct hdb_val[]){HV_INT(*id)}, 1, &r, e)))
		return k;
	if ((k = hs_next(c->s, r, e)) > 0)
		snprintf(time, len, "%s", hs_text(c->s, r, 0));
	hs_done(c->s, r);
	return k < 0 ? k : 0;
}

static bool in_scope(const char *t, int64_t id, const char *since_t, int64_t since_id)
{
	int d = strcmp(t, since_t);

	return d > 0 || (d == 0 && id >= since_id);
}

/* Print the active change points from the since run on; 1 when a new regression is among them. */
static int report(struct check *c, FILE *f, const char *since_t, int64_t since_id,
		  struct tsob_err *e)
{
	struct tsob_store *s = c->s;
	struct hdb_rows *r;
	char label[200];
	int k, fail = 0, shown = 0;

	if ((k = hs_query(s,
			  "SELECT c.id, c.state, c.run_id, r.commit_sha, r.run_time, h.fp_hash,"
			  " se.kernel, se.strategy, se.threads, se.metric, c.mean_before,"
			  " c.mean_after, c.magnitude, c.pvalue FROM changepoints c"
			  " JOIN series se ON se.id = c.series_id JOIN hosts h ON h.id = se.host_id"
			  " JOIN runs r ON r.id = c.run_id WHERE c.active = 1 ORDER BY h.fp_hash,"
			  " se.kernel, se.strategy, se.threads, se.metric, r.run_time, r.id",
			  NULL, 0, &r, e)))
		return k;
	while ((k = hs_next(s, r, e)) > 0) {
		const char *state = hs_text(s, r, 1), *commit = hs_text(s, r, 3);
		double mag = hs_dbl(s, r, 12);

		if (!in_scope(hs_text(s, r, 4), hs_i64(s, r, 2), since_t, since_id) ||
		    (c->o->metric && strcmp(c->o->metric, hs_text(s, r, 9))))
			continue;
		if (!shown++)
			fprintf(f, "%-5s %-12s %-6s %-14s %-12s %-40s %12s %12s %9s %9s\n", "cp",
				"state", "run", "commit", "fingerprint", "series", "before",
				"after", "change", "p");
		snprintf(label, sizeof(label), "%s/%s/%lldt/%s", hs_text(s, r, 6), hs_text(s, r, 7),
			 (long long)hs_i64(s, r, 8), hs_text(s, r, 9));
		fprintf(f,
			"%-5lld %-12s %-6lld %-14.14s %-12s %-40s %12.6g %12.6g %+8.2f%% %9.2g\n",
			(long long)hs_i64(s, r, 0), state, (long long)hs_i64(s, r, 2),
			commit ? commit : "-", hs_text(s, r, 5), label, hs_dbl(s, r, 10),
			hs_dbl(s, r, 11), 100 * mag, hs_dbl(s, r, 13));
		fail |= mag > 0 && !strcmp(state, "new");
	}
	hs_done(s, r);
	if (k < 0)
		return k;
	fprintf(f,
		"%s%d change point%s%s%s in %zu series (%zu points); searched %zu of %zu windows\n",
		shown ? "\n" : "", shown, shown == 1 ? "" : "s", c->o->since ? " since " : "",
		c->o->since ? c->o->since : "", c->series, c->points, c->searched, c->windows);
	if (fail)
		fprintf(f, "a new regression: look at it, then 'tsobench history ack CP' once it "
			   "is understood\n");
	return fail;
}

int tsob_store_check(struct tsob_store *s, const struct tsob_check_opts *o, FILE *f,
		     struct tsob_err *e)
{
	struct check c = {.s = s, .o = o};
	struct hs_series *x = NULL;
	char since_t[32];
	int64_t since_id;
	size_t n = 0;
	int r;

	hs_now(c.now, sizeof(c.now));
	/* A --since that names no run is bad input: refused before anything is recorded. */
	if ((r = since_key(&c, since_t, sizeof(since_t), &since_id, e)) || (r = hs_begin(s, e)))
		return r;
	r = hs_series_list(s, NULL, NULL, o->metric, &x, &n, e);
	for (size_t i = 0; i < n && !r; i++)
		r = check_series(&c, &x[i], e);
	hs_series_free(x, n);
	if (!r)
		r = hs_commit(s, e);
	else
		hs_rollback(s);
	if (r)
		return r;
	r = report(&c, f, since_t, since_id, e);
	return r < 0 ? r : r ? TSOB_EXIT_FAIL : TSOB_EXIT_OK;
}

int tsob_store_ack(struct tsob_store *s, int64_t id, FILE *f, struct tsob_err *e)
{
	char now[32];
	int64_t found_id;
	bool found;
	int r;

	hs_now(now, sizeof(now));
	if ((r = hs_begin(s, e)))
		return r;
	r = hs_int(s, "SELECT id FROM changepoints WHERE id = ?", (struct hdb_val[]){HV_INT(id)}, 1,
		   &found_id, &found, e);
	if (!r && !found)
		r = tsob_err_set(e, -ENOENT,
				 "no change point %lld: 'tsobench history check' lists them",
				 (long long)id);
	if (!r)
		r = hs_run(s,
			   "UPDATE changepoints SET state = 'acknowledged', state_time = ?"
			   " WHERE id = ?",
			   (struct hdb_val[]){HV_TEXT(now), HV_INT(id)}, 2, e);
	if (r) {
		hs_rollback(s);
		return r;
	}
	if ((r = hs_commit(s, e)))
		return r;
	fprintf(f, "change point %lld acknowledged\n", (long long)id);
	return 0;
}
