// SPDX-License-Identifier: MIT
/*
 * The declarative option parser (tsob/opt.h), on a command made for the
 * purpose: one table of command lines, each with what must come out of it
 * (the values, or the exact complaint), and the help generated from it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tsob/opt.h"

struct demo {
	bool flag;
	unsigned small;
	uint64_t big;
	int cpu;
	double ratio;
	const char *name;
	int color;
	int calls;
};

static const char *const colors[] = { "red", "green", NULL };

static int count_call(void *opts, const char *arg, struct tsob_err *e)
{
	if (!strcmp(arg, "bad"))
		return tsob_err_set(e, -EINVAL, "--call 'bad': refused by the callback");
	((struct demo *)opts)->calls++;
	return 0;
}

static int check_name(void *opts, const char *arg, struct tsob_err *e)
{
	return strchr(arg, '/') ? tsob_err_set(e, -EINVAL, "--name '%s': no slashes", arg) : 0;
}

static const char *more(void)
{
	return "computed: alpha, beta";
}

static const struct tsob_opt rows[] = {
	TSOB_OPT_FLAG('f', "flag", struct demo, flag, "a flag"),
	TSOB_OPT_UINT('s', "small", struct demo, small, 1, 100, "N", "a small number\nsecond line"),
	TSOB_OPT_UINT(0, "big", struct demo, big, 0, UINT64_MAX, "N", "a big number"),
	TSOB_OPT_UINT(0, "cpu", struct demo, cpu, 0, 1023, "N", "an int member"),
	TSOB_OPT_DOUBLE(0, "ratio", struct demo, ratio, 0.5, 2, "X", "a ratio"),
	TSOB_OPT_STRING_CHECKED('n', "name", struct demo, name, check_name, "NAME", "a name"),
	TSOB_OPT_CHOICE(0, "color", struct demo, color, colors, "C", "a color"),
	TSOB_OPT_CALL_MORE('c', "call", count_call, "X", "a callback", more),
	TSOB_OPT_END_ROW,
};

static const struct tsob_cmd demo_cmd = {
	.name = "demo",
	.summary = "the parser's test command",
	.usage = "A [B] [OPTIONS]",
	.min_args = 1,
	.max_args = 2,
	.opts = rows,
	.epilogue = "exit: never\n",
	.opts_size = sizeof(struct demo),
};

struct pcase {
	const char *argv[8];
	int ret;	    /* 0, 1 (help) or a negative errno */
	const char *error;  /* a piece of the one-line error */
	struct demo want;   /* when ret == 0 */
	int npos;
};

static const struct pcase cases[] = {
	{ { "demo", "a" }, 0, NULL, { .color = -1 }, 1 },
	{ { "demo", "a", "b", "-f", "-s", "7", "--big", "18446744073709551615" },
	  0, NULL, { .flag = true, .small = 7, .big = UINT64_MAX, .color = -1 }, 2 },
	{ { "demo", "--cpu", "1023", "--ratio", "1.5", "-n", "x", "a" },
	  0, NULL, { .cpu = 1023, .ratio = 1.5, .name = "x", .color = -1 }, 1 },
	{ { "demo", "--color", "green", "-c", "1", "--call", "2", "a" },
	  0, NULL, { .color = 1, .calls = 2 }, 1 },
	{ { "demo", "--help" }, 1, NULL, { 0 }, 0 },
	{ { "demo", "-h", "a" }, 1, NULL, { 0 }, 0 },
	{ { "demo" }, -EINVAL, "needs A [B] [OPTIONS]", { 0 }, 0 },
	{ { "demo", "a", "b", "c" }, -EINVAL, "unexpected argument 'c'", { 0 }, 0 },
	{ { "demo", "--nope", "a" }, -EINVAL, "unknown option '--nope'", { 0 }, 0 },
	{ { "demo", "-z", "a" }, -EINVAL, "unknown option", { 0 }, 0 },
	{ { "demo", "a", "-s" }, -EINVAL, "-s needs a value", { 0 }, 0 },
	{ { "demo", "a", "--small" }, -EINVAL, "--small needs a value", { 0 }, 0 },
	{ { "demo", "a", "-s", "0" }, -ERANGE, "--small 0: out of range (1 to 100)", { 0 }, 0 },
	{ { "demo", "a", "-s", "101" }, -ERANGE, "out of range (1 to 100)", { 0 }, 0 },
	{ { "demo", "a", "-s", "1.5" }, -EINVAL, "--small '1.5': not a number", { 0 }, 0 },
	{ { "demo", "a", "-s", "-3" }, -EINVAL, "not a number", { 0 }, 0 },
	{ { "demo", "a", "--big", "18446744073709551616" }, -ERANGE, "out of range", { 0 }, 0 },
	{ { "demo", "a", "--ratio", "nan" }, -EINVAL, "--ratio 'nan': not a number", { 0 }, 0 },
	{ { "demo", "a", "--ratio", "3" }, -ERANGE, "--ratio 3: out of range (0.5 to 2)", { 0 }, 0 },
	{ { "demo", "a", "-n", "" }, -EINVAL, "--name needs a value", { 0 }, 0 },
	{ { "demo", "a", "-n", "x/y" }, -EINVAL, "--name 'x/y': no slashes", { 0 }, 0 },
	{ { "demo", "a", "--color", "blue" }, -EINVAL, "--color 'blue': use red, green", { 0 }, 0 },
	{ { "demo", "a", "--call", "bad" }, -EINVAL, "refused by the callback", { 0 }, 0 },
};

static void test_parse_table(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pcase *c = &cases[i];
		struct demo d = { .color = -1 };
		struct tsob_err e = { 0 };
		struct tsob_args a;
		char *argv[8];
		int argc = 0, r;
		FILE *saved = stdout;

		while (argc < 8 && c->argv[argc]) {
			argv[argc] = (char *)c->argv[argc];
			argc++;
		}
		stdout = fopen("/dev/null", "w"); /* --help prints */
		r = tsob_opt_parse(&demo_cmd, argc, argv, &d, &a, &e);
		fclose(stdout);
		stdout = saved;
		if (r != c->ret)
			fail_msg("case %zu (%s ...): returned %d, want %d: %s", i, c->argv[1], r, c->ret,
				 e.msg);
		if (r < 0) {
			if (!strstr(e.msg, c->error))
				fail_msg("case %zu: error '%s' lacks '%s'", i, e.msg, c->error);
			assert_null(strchr(e.msg, '\n'));
			continue;
		}
		if (r)
			continue;
		assert_int_equal(a.npos, c->npos);
		assert_true(d.flag == c->want.flag && d.small == c->want.small &&
			    d.big == c->want.big && d.cpu == c->want.cpu &&
			    d.ratio == c->want.ratio && d.color == c->want.color &&
			    d.calls == c->want.calls);
		assert_true((d.name == NULL) == (c->want.name == NULL));
	}
}

static void test_given(void **state)
{
	char *argv[] = { "demo", "a", "--big", "5", "-f" };
	struct demo d = { 0 };
	struct tsob_err e = { 0 };
	struct tsob_args a;

	assert_int_equal(tsob_opt_parse(&demo_cmd, 5, argv, &d, &a, &e), 0);
	assert_true(tsob_opt_given(&demo_cmd, &a, "big"));
	assert_true(tsob_opt_given(&demo_cmd, &a, "flag"));
	assert_false(tsob_opt_given(&demo_cmd, &a, "small"));
	assert_false(tsob_opt_given(&demo_cmd, &a, "no-such-option"));
	assert_string_equal(a.pos[0], "a");
}

static void test_help_from_the_table(void **state)
{
	char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	tsob_opt_help(f, &demo_cmd);
	fclose(f);
	/* Every row shows, with its argument, its help and continuation lines. */
	assert_non_null(strstr(buf, "usage: tsobench demo A [B] [OPTIONS]"));
	assert_non_null(strstr(buf, "  -s, --small N"));
	assert_non_null(strstr(buf, "a small number\n                        second line"));
	assert_non_null(strstr(buf, "      --ratio X"));
	assert_non_null(strstr(buf, "computed: alpha, beta"));
	assert_non_null(strstr(buf, "-h, --help"));
	assert_non_null(strstr(buf, "exit: never"));
}

static void test_list(void **state)
{
	char store[64], *items[3];
	struct tsob_err e = { 0 };

	assert_int_equal(tsob_opt_list("a,b", store, sizeof(store), items, 3, "things", &e), 2);
	assert_string_equal(items[1], "b");
	assert_int_equal(tsob_opt_list("a,,b", store, sizeof(store), items, 3, "things", &e),
			 -EINVAL);
	assert_non_null(strstr(e.msg, "list of things 'a,,b': an empty element"));
	assert_int_equal(tsob_opt_list("a,b,c,d", store, sizeof(store), items, 3, "things", &e),
			 -E2BIG);
	assert_non_null(strstr(e.msg, "too many things (at most 3)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_given),
		cmocka_unit_test(test_help_from_the_table),
		cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
