// SPDX-License-Identifier: MIT
/* Declarative command lines: one table gives getopt, --help and the errors. */
#include "tsob/opt.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/parse.h"

#define MAX_ROWS 63
#define LONG_BASE 256 /* getopt value of row i's long name: LONG_BASE + i, above any char */
#define HELP_ROW (LONG_BASE + MAX_ROWS + 1)
#define HELP_COL 24

static int nrows(const struct tsob_cmd *cmd)
{
	int n = 0;

	while (cmd->opts && cmd->opts[n].kind != TSOB_OPT_END)
		n++;
	return n;
}

/* "--name" or "-x, --name" as the user may have typed it, for messages. */
static void opt_label(const struct tsob_opt *o, char *buf, size_t len)
{
	snprintf(buf, len, "--%s", o->name);
}

static int store_uint(const struct tsob_opt *o, void *opts, uint64_t v)
{
	char *dst = (char *)opts + o->offset;

	if (o->size == sizeof(uint64_t)) {
		memcpy(dst, &v, sizeof(v));
	} else if (o->size == sizeof(uint32_t)) {
		uint32_t w = (uint32_t)v;

		memcpy(dst, &w, sizeof(w));
	} else {
		return -EINVAL;
	}
	return 0;
}

static int apply(const struct tsob_cmd *cmd, const struct tsob_opt *o, void *opts,
		 const char *arg, struct tsob_err *e)
{
	char label[80];
	char *dst = (char *)opts + o->offset;
	uint64_t u;
	double d;
	int r;

	opt_label(o, label, sizeof(label));
	switch (o->kind) {
	case TSOB_OPT_FLAG:
		*(bool *)dst = true;
		return 0;
	case TSOB_OPT_UINT:
		r = tsob_parse_u64(arg, o->umin, o->umax, &u);
		if (r == -EINVAL)
			return tsob_err_set(e, r, "%s '%s': not a number", label, arg);
		if (r)
			return tsob_err_set(e, r, "%s %s: out of range (%llu to %llu)", label, arg,
					    (unsigned long long)o->umin, (unsigned long long)o->umax);
		if (store_uint(o, opts, u))
			return tsob_err_set(e, -EINVAL, "%s: bad option table row", label);
		return 0;
	case TSOB_OPT_DOUBLE:
		r = tsob_parse_double(arg, o->dmin, o->dmax, &d);
		if (r == -EINVAL)
			return tsob_err_set(e, r, "%s '%s': not a number", label, arg);
		if (r)
			return tsob_err_set(e, r, "%s %s: out of range (%g to %g)", label, arg,
					    o->dmin, o->dmax);
		memcpy(dst, &d, sizeof(d));
		return 0;
	case TSOB_OPT_STRING:
		if (!*arg)
			return tsob_err_set(e, -EINVAL, "%s needs a value, not an empty string",
					    label);
		if (o->call && (r = o->call(opts, arg, e)) < 0) {
			if (!e->msg[0])
				tsob_err_set(e, r, "%s '%s': not accepted", label, arg);
			return r;
		}
		*(const char **)dst = arg;
		return 0;
	case TSOB_OPT_CHOICE:
		for (int i = 0; o->choices[i]; i++)
			if (!strcmp(o->choices[i], arg)) {
				*(int *)dst = i;
				return 0;
			}
		{
			char list[256];
			size_t used = 0;

			list[0] = '\0';
			for (int i = 0; o->choices[i] && used < sizeof(list); i++)
				used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
							 i ? ", " : "", o->choices[i]);
			return tsob_err_set(e, -EINVAL, "%s '%s': use %s", label, arg, list);
		}
	case TSOB_OPT_CALL:
		r = o->call(opts, arg, e);
		if (r < 0 && !e->msg[0])
			tsob_err_set(e, r, "%s '%s': not accepted", label, arg);
		return r < 0 ? r : 0;
	default:
		return tsob_err_set(e, -EINVAL, "bad option table row in %s", cmd->name);
	}
}

static void build_getopt(const struct tsob_cmd *cmd, struct option *lo, char *shorts)
{
	int n = nrows(cmd), k = 0;
	char *s = shorts;

	*s++ = ':'; /* a missing value is ':', not '?' */
	for (int i = 0; i < n; i++) {
		const struct tsob_opt *o = &cmd->opts[i];
		int has_arg = o->kind == TSOB_OPT_FLAG ? no_argument : required_argument;

		lo[k++] = (struct option){ o->name, has_arg, NULL, LONG_BASE + i };
		if (o->short_name) {
			*s++ = o->short_name;
			if (has_arg == required_argument)
				*s++ = ':';
		}
	}
	lo[k++] = (struct option){ "help", no_argument, NULL, HELP_ROW };
	lo[k] = (struct option){ NULL, 0, NULL, 0 };
	*s++ = 'h';
	*s = '\0';
}

static int row_of_short(const struct tsob_cmd *cmd, int c)
{
	for (int i = 0; i < nrows(cmd); i++)
		if (cmd->opts[i].short_name == c)
			return i;
	return -1;
}

int tsob_opt_parse(const struct tsob_cmd *cmd, int argc, char **argv, void *opts,
		   struct tsob_args *a, struct tsob_err *e)
{
	struct option lo[MAX_ROWS + 2];
	char shorts[3 * MAX_ROWS + 4];
	int c, r;

	memset(a, 0, sizeof(*a));
	if (nrows(cmd) > MAX_ROWS)
		return tsob_err_set(e, -EINVAL, "%s: too many options for the parser", cmd->name);
	build_getopt(cmd, lo, shorts);
	opterr = 0;
	optind = 0; /* glibc: 0 re-initialises getopt fully, for repeated parses */
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		int row = c >= LONG_BASE ? c - LONG_BASE : row_of_short(cmd, c);

		if (c == HELP_ROW || c == 'h') {
			tsob_opt_help(stdout, cmd);
			return 1;
		}
		if (c == ':')
			return tsob_err_set(e, -EINVAL, "%s needs a value", argv[optind - 1]);
		if (c == '?' || row < 0)
			return tsob_err_set(e, -EINVAL, "unknown option '%s': try 'tsobench %s --help'",
					    argv[optind - 1], cmd->name);
		r = apply(cmd, &cmd->opts[row], opts, optarg, e);
		if (r < 0)
			return r;
		a->given |= 1ull << row;
	}
	a->pos = argv + optind;
	a->npos = argc - optind;
	if (a->npos > cmd->max_args)
		return tsob_err_set(e, -EINVAL, "unexpected argument '%s'",
				    argv[optind + cmd->max_args]);
	if (a->npos < cmd->min_args)
		return tsob_err_set(e, -EINVAL, "needs %s: try 'tsobench %s --help'", cmd->usage,
				    cmd->name);
	return 0;
}

bool tsob_opt_given(const struct tsob_cmd *cmd, const struct tsob_args *a, const char *name)
{
	for (int i = 0; i < nrows(cmd); i++)
		if (!strcmp(cmd->opts[i].name, name))
			return a->given & (1ull << i);
	return false;
}

void tsob_opt_help(FILE *f, const struct tsob_cmd *cmd)
{
	fprintf(f, "usage: tsobench %s %s\n", cmd->name, cmd->usage);
	if (cmd->summary)
		fprintf(f, "%s\n", cmd->summary);
	for (int i = 0; i < nrows(cmd); i++) {
		const struct tsob_opt *o = &cmd->opts[i];
		char left[80];
		const char *h = o->help, *nl;
		int w;

		if (!h)
			continue; /* an option between tsobench processes, not for users */
		if (o->short_name)
			w = snprintf(left, sizeof(left), "  -%c, --%s", o->short_name, o->name);
		else
			w = snprintf(left, sizeof(left), "      --%s", o->name);
		if (o->arg && w < (int)sizeof(left))
			snprintf(left + w, sizeof(left) - (size_t)w, " %s", o->arg);
		fprintf(f, "%-*s", HELP_COL, left);
		if (strlen(left) >= HELP_COL)
			fprintf(f, "\n%*s", HELP_COL, "");
		/* One help line per "\n" in the text, indented under the first. */
		while ((nl = strchr(h, '\n'))) {
			fprintf(f, "%.*s\n%*s", (int)(nl - h), h, HELP_COL, "");
			h = nl + 1;
		}
		fprintf(f, "%s\n", h);
		if (o->more)
			fprintf(f, "%*s%s\n", HELP_COL, "", o->more());
	}
	fprintf(f, "  -h, --help            this text\n");
	if (cmd->epilogue)
		fprintf(f, "%s", cmd->epilogue);
}

int tsob_opt_list(const char *arg, char *store, size_t store_len, char **items, int max,
		  const char *what, struct tsob_err *e)
{
	int n;

	if (strlen(arg) >= store_len)
		return tsob_err_set(e, -E2BIG, "list of %s too long", what);
	strcpy(store, arg);
	n = tsob_split_list(store, items, max);
	if (n == -E2BIG)
		return tsob_err_set(e, n, "too many %s (at most %d)", what, max);
	if (n < 0)
		return tsob_err_set(e, n, "list of %s '%s': an empty element (a stray comma?)",
				    what, arg);
	return n;
}
