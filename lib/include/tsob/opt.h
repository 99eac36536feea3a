/* SPDX-License-Identifier: MIT */
/*
 * Declarative command lines, in the manner of perf's parse-options: a command
 * is one struct tsob_cmd, its options one table of TSOB_OPT_* rows (name,
 * short name, type, range, help). The same table gives the getopt parsing,
 * the --help text and the one-line errors for bad values, so an option is
 * written once. Values go into the command's own options struct, at the
 * offset each row names.
 */
#ifndef TSOB_OPT_H
#define TSOB_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tsob/err.h"

enum tsob_opt_kind {
	TSOB_OPT_END,
	TSOB_OPT_FLAG,   /* bool */
	TSOB_OPT_UINT,   /* unsigned, uint64_t or int (size from the member), in [umin, umax] */
	TSOB_OPT_DOUBLE, /* double, finite, in [dmin, dmax] */
	TSOB_OPT_STRING, /* const char *, not empty; checked by call() when there is one */
	TSOB_OPT_CHOICE, /* int: the index of the argument in choices[] */
	TSOB_OPT_CALL,   /* call(opts, arg, err): lists and anything else */
};

struct tsob_opt {
	enum tsob_opt_kind kind;
	char short_name;      /* 0: long name only */
	const char *name;     /* the long name, without "--" */
	size_t offset, size;  /* the destination member in the options struct */
	uint64_t umin, umax;
	double dmin, dmax;
	const char *const *choices; /* NULL-ended */
	int (*call)(void *opts, const char *arg, struct tsob_err *e);
	const char *arg;      /* the argument's name in --help: "N", "LIST", "FILE" */
	const char *help;     /* "\n" starts an indented continuation line; NULL: not shown */
	/* More help computed when shown (a list of names kept in one table elsewhere). */
	const char *(*more)(void);
};

#define TSOB__MEMBER(T, f) .offset = offsetof(T, f), .size = sizeof(((T *)0)->f)
#define TSOB_OPT_FLAG(s, l, T, f, h)                                                               \
	{ .kind = TSOB_OPT_FLAG, .short_name = s, .name = l, TSOB__MEMBER(T, f), .help = h }
#define TSOB_OPT_UINT(s, l, T, f, lo, hi, a, h)                                                    \
	{ .kind = TSOB_OPT_UINT, .short_name = s, .name = l, TSOB__MEMBER(T, f), .umin = lo,        \
	  .umax = hi, .arg = a, .help = h }
#define TSOB_OPT_DOUBLE(s, l, T, f, lo, hi, a, h)                                                  \
	{ .kind = TSOB_OPT_DOUBLE, .short_name = s, .name = l, TSOB__MEMBER(T, f), .dmin = lo,      \
	  .dmax = hi, .arg = a, .help = h }
#define TSOB_OPT_STRING(s, l, T, f, a, h)                                                          \
	{ .kind = TSOB_OPT_STRING, .short_name = s, .name = l, TSOB__MEMBER(T, f), .arg = a, .help = h }
#define TSOB_OPT_STRING_CHECKED(s, l, T, f, check, a, h)                                         \
	{ .kind = TSOB_OPT_STRING, .short_name = s, .name = l, TSOB__MEMBER(T, f), .call = check,   \
	  .arg = a, .help = h }
#define TSOB_OPT_CHOICE(s, l, T, f, c, a, h)                                                       \
	{ .kind = TSOB_OPT_CHOICE, .short_name = s, .name = l, TSOB__MEMBER(T, f), .choices = c,    \
	  .arg = a, .help = h }
#define TSOB_OPT_CALL(s, l, fn, a, h)                                                              \
	{ .kind = TSOB_OPT_CALL, .short_name = s, .name = l, .call = fn, .arg = a, .help = h }
#define TSOB_OPT_CALL_MORE(s, l, fn, a, h, m)                                                      \
	{ .kind = TSOB_OPT_CALL, .short_name = s, .name = l, .call = fn, .arg = a, .help = h,       \
	  .more = m }
#define TSOB_OPT_END_ROW { .kind = TSOB_OPT_END }

/* What the parse found besides the option values. */
struct tsob_args {
	int npos;
	char **pos;       /* positional arguments, in order */
	uint64_t given;   /* bit i: option row i was given */
};

struct tsob_cmd {
	const char *name;
	const char *summary;  /* one line, for `tsobench --help` */
	const char *usage;    /* after "tsobench NAME ": "[OPTIONS]", "BASE NEW [OPTIONS]" */
	int min_args, max_args;
	const struct tsob_opt *opts; /* ends with TSOB_OPT_END_ROW; at most 63 rows */
	const char *epilogue;        /* printed after the options by --help (exit codes, notes) */
	size_t opts_size;            /* sizeof the command's options struct */
	void (*defaults)(void *opts); /* before parsing; may be NULL (all zero) */
	/* The command itself: an exit status, or a negative errno with @e filled. */
	int (*run)(void *opts, const struct tsob_args *a, struct tsob_err *e);
	/*
	 * A command made of subcommands (NULL-ended, each a whole command named
	 * "PARENT SUB"): argv[1] names one, which parses the rest by its own table.
	 */
	const struct tsob_cmd *const *subs;
};

/*
 * Parse @argv (argv[0] is the command name) into @opts. Returns 0; 1 when
 * --help was printed; or a negative errno with one line in @e. Lists given to
 * TSOB_OPT_CALL rows are handed over unsplit; argv is not modified.
 */
int tsob_opt_parse(const struct tsob_cmd *cmd, int argc, char **argv, void *opts,
		   struct tsob_args *a, struct tsob_err *e);

/* Whether the option called @name (long name) was given. */
bool tsob_opt_given(const struct tsob_cmd *cmd, const struct tsob_args *a, const char *name);

/* The help text, generated from the table. */
void tsob_opt_help(FILE *f, const struct tsob_cmd *cmd);

/*
 * Split @arg into at most @max items (a copy is made; @store receives the
 * pieces, which live until the next call with the same @store), with one-line
 * errors naming @what for an empty element or too many. Returns the count.
 */
int tsob_opt_list(const char *arg, char *store, size_t store_len, char **items, int max,
		  const char *what, struct tsob_err *e);

#endif
