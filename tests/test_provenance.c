// SPDX-License-Identifier: MIT
/*
 * Which kernel configuration lines a results file records: a Debian arm64
 * .config excerpt goes in, and exactly the tick, preemption, page-size and
 * series lines come out, "is not set" lines included (a key-off kernel is
 * told from the series by CONFIG_ARM64_TSO_APPLE alone).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "provenance.h"

static void test_matters(void **state)
{
	(void)state;
	assert_true(tsob_kconfig_matters("CONFIG_HZ=250"));
	assert_true(tsob_kconfig_matters("CONFIG_HZ_1000=y"));
	assert_true(tsob_kconfig_matters("# CONFIG_HZ_300 is not set"));
	assert_true(tsob_kconfig_matters("CONFIG_PREEMPT_VOLUNTARY=y"));
	assert_true(tsob_kconfig_matters("# CONFIG_ARM64_TSO_APPLE is not set"));
	assert_true(tsob_kconfig_matters("CONFIG_ARM64_16K_PAGES=y"));
	/* Near misses: a prefix is not a name. */
	assert_false(tsob_kconfig_matters("CONFIG_HZ_PERIODIC=y"));
	assert_false(tsob_kconfig_matters("CONFIG_PREEMPT_COUNT=y"));
	assert_false(tsob_kconfig_matters("CONFIG_PREEMPT_NOTIFIERS=y"));
	assert_false(tsob_kconfig_matters("CONFIG_ARM64_TSO_APPLEX=y"));
	assert_false(tsob_kconfig_matters("# CONFIG_HZ is a comment"));
	assert_false(tsob_kconfig_matters("HZ=250"));
	assert_false(tsob_kconfig_matters(""));
}

static const char debian_excerpt[] =
	"#\n# Automatically generated file; DO NOT EDIT.\n"
	"CONFIG_ARM64=y\n"
	"CONFIG_ARM64_4K_PAGES=y\n"
	"# CONFIG_ARM64_16K_PAGES is not set\n"
	"CONFIG_HZ_PERIODIC=n\n"
	"CONFIG_NO_HZ_IDLE=y\n"
	"CONFIG_PREEMPT_VOLUNTARY=y\n"
	"CONFIG_PREEMPT_COUNT=y\n"
	"CONFIG_HZ_250=y\n"
	"CONFIG_HZ=250\n"
	"CONFIG_ARM64_TSO_APPLE=y\n";

static void test_read(void **state)
{
	static const char *const want[] = {
		"CONFIG_ARM64_4K_PAGES=y", "# CONFIG_ARM64_16K_PAGES is not set",
		"CONFIG_NO_HZ_IDLE=y",	   "CONFIG_PREEMPT_VOLUNTARY=y",
		"CONFIG_HZ_250=y",	   "CONFIG_HZ=250",
		"CONFIG_ARM64_TSO_APPLE=y",
	};
	FILE *f = fmemopen((void *)debian_excerpt, sizeof(debian_excerpt) - 1, "r");
	json_object *lines = json_object_new_array();

	(void)state;
	assert_non_null(f);
	assert_int_equal(tsob_kconfig_read(f, lines), 7);
	assert_int_equal(json_object_array_length(lines), 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(json_object_get_string(json_object_array_get_idx(lines, i)),
				    want[i]);
	fclose(f);
	json_object_put(lines);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matters),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
