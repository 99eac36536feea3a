// SPDX-License-Identifier: MIT
/*
 * Series as stored: which there are, their points oldest run first, and the
 * change-point search state kept beside each (text, so both backends hold it
 * the same way; a garbled one only costs a full search).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Whether @name is in the comma list @list (NULL: everything is). */
static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	if (!list)
		return true;
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, ",");

		if (k == n && !strncmp(p, name, n))
			return true;
		p += k + (p[k] == ',');
	}
	return false;
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

int hs_series_list(struct tsob_store *s, const char *kernels, const char *strategies,
		   const char *metric, struct hs_series **out, size_t *n, struct tsob_err *e)
{
	struct hs_series *v = NULL;
	struct hdb_rows *r;
	size_t cap = 0;
	int k;

	*out = NULL;
	*n = 0;
	if ((k = hs_query(s,
			  "SELECT se.id, h.fp_hash, se.kernel, se.strategy, se.threads, se.size,"
			  " se.metric, h.execution, h.emulated, se.cp_state, h.arch FROM series se"
			  " JOIN hosts h ON h.id = se.host_id ORDER BY h.fp_hash, se.kernel,"
			  " se.strategy, se.threads, se.size, se.metric",
			  NULL, 0, &r, e)))
		return k;
	while ((k = hs_next(s, r, e)) > 0) {
		struct hs_series *x;

		if (!in_list(kernels, hs_text(s, r, 2)) || !in_list(strategies, hs_text(s, r, 3)) ||
		    (metric && strcmp(metric, hs_text(s, r, 6))))
			continue;
		if (*n == cap) {
			struct hs_series *p = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof(*v));

			if (!p) {
				k = tsob_err_set(e, -ENOMEM, "out of memory");
				break;
			}
			v = p;
		}
		x = &v[(*n)++];
		memset(x, 0, sizeof(*x));
		x->id = hs_i64(s, r, 0);
		copy(x->fp, sizeof(x->fp), hs_text(s, r, 1));
		copy(x->kernel, sizeof(x->kernel), hs_text(s, r, 2));
		copy(x->strategy, sizeof(x->strategy), hs_text(s, r, 3));
		x->threads = (int)hs_i64(s, r, 4);
		x->size = hs_dbl(s, r, 5);
		copy(x->metric, sizeof(x->metric), hs_text(s, r, 6));
		copy(x->execution, sizeof(x->execution), hs_text(s, r, 7));
		x->emulated = hs_i64(s, r, 8);
		x->state = hs_text(s, r, 9) ? strdup(hs_text(s, r, 9)) : NULL;
		copy(x->arch, sizeof(x->arch), hs_text(s, r, 10));
	}
	hs_done(s, r);
	*out = v;
	if (k < 0) {
		hs_series_free(v, *n);
		*out = NULL;
		*n = 0;
	}
	return k < 0 ? k : 0;
}

void hs_series_free(struct hs_series *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].state);
	free(v);
}

int hs_points(struct tsob_store *s, int64_t series_id, struct hs_point **out, size_t *n,
	      struct tsob_err *e)
{
	struct hs_point *v = NULL;
	struct hdb_rows *r;
	size_t cap = 0;
	int k;

	*n = 0;
	if ((k = hs_query(s,
			  "SELECT p.run_id, p.value, p.ci_lo, p.ci_hi, r.commit_sha, r.run_time"
			  " FROM points p JOIN runs r ON r.id = p.run_id WHERE p.series_id = ?"
			  " ORDER BY r.run_time, r.id",
			  (struct hdb_val[]){HV_INT(series_id)}, 1, &r, e)))
		return k;
	while ((k = hs_next(s, r, e)) > 0) {
		if (*n == cap) {
			struct hs_point *p = realloc(v, (cap = cap ? 2 * cap : 256) * sizeof(*v));

			if (!p) {
				k = tsob_err_set(e, -ENOMEM, "out of memory");
				break;
			}
			v = p;
		}
		v[*n].run_id = hs_i64(s, r, 0);
		v[*n].value = hs_dbl(s, r, 1);
		v[*n].ci_lo = hs_dbl(s, r, 2);
		v[*n].ci_hi = hs_dbl(s, r, 3);
		copy(v[*n].commit, sizeof(v[*n].commit), hs_text(s, r, 4));
		copy(v[*n].time, sizeof(v[*n].time), hs_text(s, r, 5));
		(*n)++;
	}
	hs_done(s, r);
	if (k < 0) {
		free(v);
		*n = 0;
		return k;
	}
	*out = v;
	return 0;
}

void hs_series_label(const struct hs_series *x, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%dt/%s", x->kernel, x->strategy, x->threads, x->metric);
}

char *hs_state_format(const struct tsob_cp_state *st)
{
	size_t len = 256 + st->ncand * 21, used;
	char *buf = malloc(len);

	if (!buf)
		return NULL;
	used = (size_t)snprintf(buf, len,
				"v1 w=%zu p=%a m=%a s=%zu n=%zu nwin=%zu hash=%016" PRIx64 " cand=",
				st->opts.window, st->opts.max_pvalue, st->opts.min_magnitude,
				st->opts.min_segment, st->n, st->nwin, st->hash);
	for (size_t i = 0; i < st->ncand && used < len; i++)
		used +=
		    (size_t)snprintf(buf + used, len - used, "%s%zu", i ? "," : "", st->cand[i]);
	return buf;
}

void hs_state_parse(const char *text, struct tsob_cp_state *st)
{
	struct tsob_cp_state x = TSOB_CP_STATE_INIT;
	const char *c;
	int used = 0;

	*st = TSOB_CP_STATE_INIT;
	if (!text ||
	    sscanf(text, "v1 w=%zu p=%la m=%la s=%zu n=%zu nwin=%zu hash=%" SCNx64 " cand=%n",
		   &x.opts.window, &x.opts.max_pvalue, &x.opts.min_magnitude, &x.opts.min_segment,
		   &x.n, &x.nwin, &x.hash, &used) != 7 ||
	    !used)
		return;
	c = text + used;
	x.cand = malloc((strlen(c) / 2 + 1) * sizeof(*x.cand));
	if (!x.cand)
		return;
	while (*c) {
		char *end;
		unsigned long long v = strtoull(c, &end, 10);

		if (end == c || (*end && *end != ',')) {
			free(x.cand);
			return; /* garbled: a full search */
		}
		x.cand[x.ncand++] = (size_t)v;
		c = *end ? end + 1 : end;
	}
	*st = x;
}
