// SPDX-License-Identifier: MIT
/*
 * The runner's hwtso path: each measured thread sets TSO and confirms it,
 * and checks it again after every run. What the kernel answers decides the
 * cell. TSOB_EXPECT names what this process's prctl will do:
 *   refused  the kernel has no TSO (this host's own prctl): unavailable at once
 *   ok       TSO granted and kept (user-space stand-in for the prctl)
 *   partway  granted, then lost during the run (the stand-in flips it)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "counters.h"
#include "runner.h"
#include "tsob/kernel.h"

static void test_hwtso_cell(void **state)
{
	const char *expect = getenv("TSOB_EXPECT");
	const struct tsob_kernel *k = tsob_registry_find("xadd", TSOB_PLAIN);
	struct tsob_cell_conf conf;
	struct tsob_cell cell;

	assert_non_null(expect);
	assert_non_null(k);
	conf = (struct tsob_cell_conf){ .kernel = k, .strategy = TSOB_HWTSO, .threads = 2,
					.size = k->quick_size, .warmup = 1, .repeat = 5,
					.cpu = -1, .barrier_timeout_ms = 5000 };
	assert_int_equal(tsob_cell_run(&cell, &conf), 0);
	printf("%s: status %s: %s\n", expect, tsob_cell_status_name(cell.status), cell.reason);
	if (!strcmp(expect, "ok")) {
		assert_int_equal(cell.status, TSOB_CELL_OK);
		assert_int_equal(cell.n, 5);
		assert_int_equal(cell.memmodel[0], 1); /* each thread confirmed TSO */
		assert_int_equal(cell.memmodel[1], 1);
	} else if (!strcmp(expect, "refused")) {
		assert_int_equal(cell.status, TSOB_CELL_UNAVAILABLE);
		assert_non_null(strstr(cell.reason, "PR_SET_MEM_MODEL(TSO) failed"));
		assert_int_equal(cell.n, 0);
	} else {
		/* Lost after some runs: the cell is unavailable, not a silent success. */
		assert_int_equal(cell.status, TSOB_CELL_UNAVAILABLE);
		assert_non_null(strstr(cell.reason, "memory model changed during the run"));
		assert_true(cell.n < 5);
	}
	tsob_cell_free(&cell);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hwtso_cell),
	};
	tsob_counters_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
