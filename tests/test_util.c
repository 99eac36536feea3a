// SPDX-License-Identifier: MIT
/* Number parsing, lists and the atomic writer. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tsob/err.h"
#include "tsob/output.h"
#include "tsob/parse.h"

struct num_case {
	const char *in;
	uint64_t min, max;
	int ret;
	uint64_t want;
};

static void test_parse_u64(void **state)
{
	static const struct num_case cases[] = {
		{ "0", 0, 10, 0, 0 },
		{ "10", 0, 10, 0, 10 },
		{ "11", 0, 10, -ERANGE, 0 },
		{ "0", 1, 10, -ERANGE, 0 },
		{ "", 0, 10, -EINVAL, 0 },
		{ "-1", 0, 10, -EINVAL, 0 },
		{ "+1", 0, 10, -EINVAL, 0 },
		{ " 1", 0, 10, -EINVAL, 0 },
		{ "1x", 0, 10, -EINVAL, 0 },
		{ "0x10", 0, 100, -EINVAL, 0 },
		{ "1.5", 0, 10, -EINVAL, 0 },
		{ "99999999999999999999999", 0, UINT64_MAX, -ERANGE, 0 },
		{ "18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t v = 12345;
		int r = tsob_parse_u64(cases[i].in, cases[i].min, cases[i].max, &v);

		if (r != cases[i].ret)
			fail_msg("'%s': got %d, want %d", cases[i].in, r, cases[i].ret);
		if (!r)
			assert_true(v == cases[i].want);
		else
			assert_true(v == 12345); /* untouched on error */
	}
}

static void test_parse_double(void **state)
{
	double v;

	assert_int_equal(tsob_parse_double("2.5", 0, 100, &v), 0);
	assert_true(v == 2.5);
	assert_int_equal(tsob_parse_double("nan", 0, 100, &v), -EINVAL);
	assert_int_equal(tsob_parse_double("inf", 0, 100, &v), -EINVAL);
	assert_int_equal(tsob_parse_double("101", 0, 100, &v), -ERANGE);
	assert_int_equal(tsob_parse_double("1e", 0, 100, &v), -EINVAL);
	assert_int_equal(tsob_parse_double("", 0, 100, &v), -EINVAL);
}

static void test_split_list(void **state)
{
	char buf[] = "a,b,c";
	char many[] = "1,2,3,4";
	char *items[3];
	/* Every empty element is an error, wherever it is. */
	static const char *const bad[] = { "", ",", "a,", ",a", "a,,b", "plain,,", ",,," };

	assert_int_equal(tsob_split_list(buf, items, 3), 3);
	assert_string_equal(items[0], "a");
	assert_string_equal(items[2], "c");
	assert_int_equal(tsob_split_list(many, items, 3), -E2BIG);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char tmp[16];

		snprintf(tmp, sizeof(tmp), "%s", bad[i]);
		assert_int_equal(tsob_split_list(tmp, items, 3), -EINVAL);
	}
}

static int write_ok(FILE *f, void *arg)
{
	return fputs(arg, f) < 0 ? -EIO : 0;
}

static int write_fails(FILE *f, void *arg)
{
	fputs("partial", f);
	return -EIO;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_atomic_write(void **state)
{
	char dir[] = "/tmp/tsob-test-XXXXXX", path[256], buf[64];
	const char *what = NULL;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.json", dir);

	assert_int_equal(tsob_output_write(path, write_ok, "first", &what), 0);
	assert_int_equal(tsob_read_small(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "first");

	/* A failing writer leaves the earlier file and no temporary behind. */
	assert_true(tsob_output_write(path, write_fails, NULL, &what) < 0);
	assert_non_null(what);
	assert_int_equal(tsob_read_small(path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "first");
	assert_int_equal(count_entries(dir), 1);

	/* A missing directory is refused up front. */
	snprintf(path, sizeof(path), "%s/missing/r.json", dir);
	{
		struct tsob_err e = { 0 };

		assert_int_equal(tsob_output_check(path, "results", &e), -ENOENT);
		assert_non_null(strstr(e.msg, "does not exist"));
	}
	assert_true(tsob_output_write(path, write_ok, "x", &what) < 0);

	snprintf(path, sizeof(path), "%s/r.json", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_parse_double),
		cmocka_unit_test(test_split_list),
		cmocka_unit_test(test_atomic_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
