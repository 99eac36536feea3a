// SPDX-License-Identifier: MIT
/* Two tsobench builds, round by round, one fresh process a side, into one document. */
#include "ab.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child.h"
#include "placement.h"
#include "record.h"
#include "tsob/paired.h"
#include "tsob/parse.h"
#include "tsob/results.h"
#include "tsob/rng.h"

enum { BASE, NEW };
static const char *const side_name[2] = { "base", "new" };
static const char *const side_label[2] = { "BASE", "NEW" };

struct ab_state {
	const struct tsob_ab_conf *c;
	json_object *doc;
	struct tsob_rng rng;
	char dir[PATH_MAX];
	uint64_t start;
	unsigned done;
	int exit_code;
	bool interrupted;
	cpu_set_t half[2]; /* duet: the two halves of the allowed CPUs */
};

int tsob_ab_check_build(const char *bin, const char *label, struct tsob_err *e)
{
	char out[256], *argv[] = { (char *)bin, "--version", NULL };
	int r;

	if (access(bin, X_OK))
		return tsob_err_set(e, -EINVAL, "%s '%s': %s", label, bin, strerror(errno));
	r = tsob_child_capture(argv, out, sizeof(out));
	out[strcspn(out, "\n")] = '\0';
	if (r != 0 || strncmp(out, "tsobench ", 9))
		return tsob_err_set(e, -EINVAL,
				    "%s '%s' is not a tsobench build ('%s --version' %s%.80s%s)",
				    label, bin, bin, r ? "failed" : "said '", r ? "" : out,
				    r ? "" : "'");
	return 0;
}

/* BIN run RUN_ARGS -q -o OUT [--inject-slowdown PCT]: options every tsobench run takes. */
static char **side_argv(const struct ab_state *st, int side, const char *out, char *pct)
{
	size_t n = 0, k = 0;
	char **a;

	while (st->c->run_args && st->c->run_args[n])
		n++;
	if (!(a = calloc(n + 9, sizeof(*a))))
		return NULL;
	a[k++] = (char *)st->c->bin[side];
	a[k++] = "run";
	for (size_t i = 0; i < n; i++)
		a[k++] = st->c->run_args[i];
	a[k++] = "-q";
	a[k++] = "-o";
	a[k++] = (char *)out;
	if (side == NEW && st->c->inject_new_pct > 0) {
		snprintf(pct, 32, "%g", st->c->inject_new_pct);
		a[k++] = "--inject-slowdown";
		a[k++] = pct;
	}
	return a;
}

static void paths(const struct ab_state *st, int side, unsigned r, char *out, char *err)
{
	snprintf(out, PATH_MAX, "%.4000s/round-%04u-%s.json", st->dir, r, side_name[side]);
	snprintf(err, PATH_MAX, "%.4000s/round-%04u-%s.err", st->dir, r, side_name[side]);
}

static int start_side(struct ab_state *st, int side, unsigned r, const cpu_set_t *cpus,
		      struct tsob_child *ch, struct tsob_err *e)
{
	char out[PATH_MAX], err[PATH_MAX], pct[32];
	char **argv;
	struct tsob_child_spec spec = { .path = st->c->bin[side], .cpus = cpus, .gated = !!cpus,
					.err_path = err,
					.env_pad = TSOB_CHILD_PAD(tsob_rng_next(&st->rng)) };
	int ret;

	paths(st, side, r, out, err);
	if (!(argv = side_argv(st, side, out, pct)))
		return tsob_err_set(e, -ENOMEM, "out of memory");
	spec.argv = argv;
	ret = tsob_child_start(ch, &spec);
	free(argv);
	return ret ? tsob_err_set(e, ret, "cannot start %s: %s", side_label[side], strerror(-ret))
		   : 0;
}

/* Wait for a side and merge its file. 0, or a negative errno with @e. */
static int finish_side(struct ab_state *st, int side, unsigned r, struct tsob_child *ch,
		       struct tsob_err *e)
{
	char out[PATH_MAX], err[PATH_MAX];
	struct tsob_view v;
	int ret;

	paths(st, side, r, out, err);
	tsob_child_wait(ch);
	unlink(err); /* its last line is in ch->what */
	if (ch->end == TSOB_CHILD_ERROR || ch->end == TSOB_CHILD_CRASHED) {
		unlink(out);
		return tsob_err_set(e, -EIO, "%s (%s) in round %u: %s", side_label[side],
				    st->c->bin[side], r + 1, ch->what);
	}
	if (!ch->wrote) { /* interrupted before it could write anything */
		st->interrupted = true;
		return 0;
	}
	if ((ret = tsob_view_load(out, &v, e))) {
		unlink(out);
		return tsob_err_prefix(e, "%s (%s) in round %u wrote a file this tsobench cannot use",
				       side_label[side], st->c->bin[side], r + 1);
	}
	ret = tsob_results_merge_run(st->doc, v.doc, (int)r, side_name[side], e);
	tsob_view_free(&v);
	if (!st->c->keep_dir)
		unlink(out);
	if (ch->end == TSOB_CHILD_FAILED)
		st->exit_code = TSOB_EXIT_FAIL;
	st->interrupted |= ch->end == TSOB_CHILD_INTERRUPTED;
	return ret;
}

/* One side after the other, the first drawn; or both at once on their halves (duet). */
static int one_round(struct ab_state *st, unsigned r, struct tsob_err *e)
{
	int first = (int)tsob_rng_below(&st->rng, 2), ret = 0, ret2;
	struct tsob_child ch[2];
	struct tsob_err e2 = { 0 };

	tsob_record_ab_round(st->doc, r, side_name[first]);
	if (!st->c->duet) {
		for (int k = 0; k < 2 && !ret && !tsob_interrupted; k++) {
			int side = k ? !first : first;

			ret = start_side(st, side, r, NULL, &ch[side], e);
			if (!ret)
				ret = finish_side(st, side, r, &ch[side], e);
		}
		return ret;
	}
	/* Duet: "first" takes the first half of the CPUs; both start together. */
	if ((ret = start_side(st, first, r, &st->half[0], &ch[first], e)))
		return ret;
	if ((ret = start_side(st, !first, r, &st->half[1], &ch[!first], e))) {
		tsob_child_wait(&ch[first]);
		return ret;
	}
	tsob_child_release(&ch[BASE]);
	tsob_child_release(&ch[NEW]);
	ret = finish_side(st, BASE, r, &ch[BASE], e);
	ret2 = finish_side(st, NEW, r, &ch[NEW], &e2);
	if (!ret && ret2)
		*e = e2;
	return ret ? ret : ret2;
}

static int split_cpus(struct ab_state *st, struct tsob_err *e)
{
	struct tsob_cpus cpus;

	tsob_cpus_allowed(&cpus);
	if (cpus.n < 2)
		return tsob_err_set(e, -EINVAL, "--duet needs two CPUs or more; this process may "
						"use %d", cpus.n);
	CPU_ZERO(&st->half[0]);
	CPU_ZERO(&st->half[1]);
	for (int i = 0; i < cpus.n; i++)
		CPU_SET(cpus.cpu[i], &st->half[i >= cpus.n / 2]);
	return 0;
}

/* With --precision: whether every cell's paired interval across rounds is narrow enough. */
static bool all_precise(json_object *doc, double target)
{
	json_object *copy = NULL;
	struct tsob_err e = { 0 };
	struct tsob_view v;
	bool all = true;

	if (json_object_deep_copy(doc, &copy, NULL))
		return false;
	tsob_results_merge_finish(copy);
	if (tsob_view_from_json(copy, NULL, &v, &e))
		return false;
	for (size_t i = 0; i < v.ncells && all; i++) {
		const struct tsob_view_cell *b = &v.cells[i], *n;
		double *x, *y;
		struct tsob_paired p;
		size_t m;

		if (!b->side || strcmp(b->side, "base") || !tsob_view_cell_ok(b))
			continue;
		n = tsob_view_find(&v, b->kernel, b->strategy, b->threads, "new");
		if (!n || !tsob_view_cell_ok(n) || !(x = malloc(2 * b->wall.nruns * sizeof(*x))))
			continue;
		y = x + b->wall.nruns;
		m = tsob_series_pair_runs(&b->wall, &n->wall, x, y);
		all = m && !tsob_paired_compare(x, y, m, 0.95, &p) && p.exact_level &&
		      (p.hi - p.lo) / 2 / p.est <= target;
		free(x);
	}
	tsob_view_free(&v);
	return all;
}

static bool want_more(const struct ab_state *st)
{
	const struct tsob_ab_conf *c = st->c;

	if (tsob_interrupted || st->interrupted)
		return false;
	if (st->done < c->rounds)
		return true;
	if (!(c->precision > 0) || st->done >= TSOB_AB_MAX_ROUNDS ||
	    (double)(tsob_now_ns() - st->start) / 1e9 > c->budget_s)
		return false;
	return !all_precise(st->doc, c->precision);
}

int tsob_ab_measure(const struct tsob_ab_conf *c, json_object *doc, unsigned *done,
		    struct tsob_err *e)
{
	struct ab_state st = { .c = c, .doc = doc, .start = tsob_now_ns() };
	const char *tmp = getenv("TMPDIR");
	int r = 0;

	tsob_rng_seed(&st.rng, c->seed);
	if (c->duet && (r = split_cpus(&st, e)))
		return r;
	if (c->keep_dir) {
		snprintf(st.dir, sizeof(st.dir), "%s", c->keep_dir);
		if (mkdir(st.dir, 0777) && errno != EEXIST)
			return tsob_err_set(e, -errno, "--keep %s: %s", st.dir, strerror(errno));
	} else if (snprintf(st.dir, sizeof(st.dir), "%s/tsobench-ab-XXXXXX", tmp && *tmp ? tmp : "/tmp"),
		 !mkdtemp(st.dir))
		return tsob_err_set(e, -errno, "cannot make a directory for the rounds: %s",
				    strerror(errno));
	while (!r && want_more(&st)) {
		if (!c->quiet)
			fprintf(stderr, "round %u of %s%u\n", st.done + 1,
				c->precision > 0 ? "at least " : "", c->rounds);
		if (!(r = one_round(&st, st.done, e)))
			st.done++;
	}
	if (!c->keep_dir)
		rmdir(st.dir);
	tsob_results_merge_finish(doc);
	tsob_record_set_runs(doc, st.done);
	*done = st.done;
	if (r)
		return r;
	return tsob_interrupted || st.interrupted ? TSOB_EXIT_INTERRUPTED : st.exit_code;
}
