// SPDX-License-Identifier: MIT
/* Event names through libpfm4. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "events.h"
#include "tsob/err.h"

struct ev_case {
	const char *name;
	int ret;
	uint32_t type;
	uint64_t config;
};

static void test_resolve_generic(void **state)
{
	static const struct ev_case cases[] = {
		{ "task-clock", 0, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
		{ "context-switches", 0, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
		{ "page-faults", 0, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
		{ "perf::task-clock", 0, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
		{ "no-such-event", -ENOENT, 0, 0 },
		{ "", -ENOENT, 0, 0 },
		{ "task-clock:bogusmod", -ENOENT, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct tsob_event ev;
		int r = tsob_event_resolve(cases[i].name, &ev);

		if (r != cases[i].ret)
			fail_msg("%s: got %d, want %d (%s)", cases[i].name, r, cases[i].ret, ev.why);
		if (r) {
			assert_false(ev.encoded);
			assert_true(strlen(ev.why) > 0);
			continue;
		}
		assert_true(ev.encoded);
		assert_int_equal(ev.attr.type, cases[i].type);
		assert_true(ev.attr.config == cases[i].config);
		/* Software events happen in the kernel: excluding it would read zero. */
		assert_int_equal(ev.attr.exclude_kernel, 0);
	}
}

static void test_resolve_hardware(void **state)
{
	struct tsob_event ev;

#if defined(__x86_64__)
	/* amd64 libpfm4 has the generic perf PMU whatever the hardware. */
	assert_int_equal(tsob_event_resolve("cycles", &ev), 0);
	assert_int_equal(ev.attr.type, PERF_TYPE_HARDWARE);
	assert_true(ev.attr.config == PERF_COUNT_HW_CPU_CYCLES);
	assert_int_equal(ev.attr.exclude_kernel, 1); /* user space only */
	assert_int_equal(tsob_event_resolve("instructions", &ev), 0);
	assert_true(ev.attr.config == PERF_COUNT_HW_INSTRUCTIONS);
#else
	/* arm64: Neoverse N1 barrier events, encoded without the hardware
	 * (LIBPFM_ENCODE_INACTIVE, set in main before libpfm4 starts). */
	assert_int_equal(tsob_event_resolve("arm_n1::DMB_SPEC", &ev), 0);
	assert_true(ev.attr.config == 0x7e);
	assert_int_equal(tsob_event_resolve("arm_n1::INST_RETIRED", &ev), 0);
	assert_true(ev.attr.config == 0x08);
	assert_int_equal(tsob_event_resolve("arm_n1::CPU_CYCLES", &ev), 0);
	assert_true(ev.attr.config == 0x11);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_generic),
		cmocka_unit_test(test_resolve_hardware),
	};
#if !defined(__x86_64__)
	setenv("LIBPFM_ENCODE_INACTIVE", "1", 1);
#endif
	return cmocka_run_group_tests(tests, NULL, NULL);
}
