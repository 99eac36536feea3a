// SPDX-License-Identifier: MIT
/* Counters through libperf on the calling thread. */
#include <errno.h>
#include <stdbool.h>
#include <linux/perf_event.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "counters.h"
#include "events.h"

static void test_counters(void **state)
{
	struct tsob_event ev[2];
	struct tsob_counter_status st[2];
	struct tsob_count start[2], delta[2];
	struct tsob_counters *c;
	volatile uint64_t x = 0;

	assert_int_equal(tsob_event_resolve("task-clock", &ev[0]), 0);
	tsob_event_resolve("instructions", &ev[1]); /* may not encode on this host */
	c = tsob_counters_open(ev, 2, st);
	assert_non_null(c);
	assert_true(st[0].open);
	tsob_counters_snapshot(c, start);
	for (int i = 0; i < 3000000; i++)
		x = x + (uint64_t)i;
	assert_true(x > 0);
	tsob_counters_delta(c, start, delta);
	assert_true(delta[0].ok);
	assert_true(delta[0].value > 0);
	assert_true(delta[0].enabled > 0);
	if (st[1].open) {
		assert_true(delta[1].ok);
		assert_true(delta[1].value > 3000000); /* at least one instruction a step */
	} else {
		/* Not opened: a reason, and no value pretending to be zero. */
		assert_true(strlen(st[1].why) > 0);
		assert_false(delta[1].ok);
	}
	tsob_counters_close(c);
}

/* Multiplexing arithmetic, without a PMU: the rows are snapshots a kernel could give. */
static void test_count_diff(void **state)
{
	static const struct {
		struct tsob_count start, now;
		bool ok, scaled;
		uint64_t value;
	} rows[] = {
		/* counted the whole time */
		{ { .raw = 100, .enabled = 10, .running = 10, .ok = true },
		  { .raw = 1100, .enabled = 20, .running = 20, .ok = true }, true, false, 1000 },
		/* on the PMU half the time: extrapolated x2, and marked */
		{ { .raw = 0, .enabled = 0, .running = 0, .ok = true },
		  { .raw = 500, .enabled = 100, .running = 50, .ok = true }, true, true, 1000 },
		/* a third of the time, rounding to nearest */
		{ { .raw = 0, .enabled = 0, .running = 0, .ok = true },
		  { .raw = 333, .enabled = 300, .running = 100, .ok = true }, true, true, 999 },
		/* enabled but never scheduled: refused, not zero */
		{ { .raw = 0, .enabled = 0, .running = 0, .ok = true },
		  { .raw = 0, .enabled = 100, .running = 0, .ok = true }, false, false, 0 },
		/* a read that failed */
		{ { .raw = 0, .enabled = 0, .running = 0, .ok = true },
		  { .raw = 7, .enabled = 1, .running = 1, .ok = false }, false, false, 0 },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct tsob_count d;

		tsob_count_diff(&rows[i].start, &rows[i].now, &d);
		if (d.ok != rows[i].ok || d.scaled != rows[i].scaled || d.value != rows[i].value)
			fail_msg("row %zu: ok %d scaled %d value %llu", i, d.ok, d.scaled,
				 (unsigned long long)d.value);
	}
}

int main(void)
{
	const struct CMUnitTest arithmetic[] = {
		cmocka_unit_test(test_count_diff),
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counters),
	};
	struct perf_event_attr attr = { .size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
					.config = PERF_COUNT_SW_TASK_CLOCK, .disabled = 1 };
	int fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	int err = fd < 0 ? errno : 0;

	if (cmocka_run_group_tests(arithmetic, NULL, NULL))
		return 1;
	if (err == ENOSYS) {
		printf("SKIP: perf_event_open returns ENOSYS here (qemu-user has no perf)\n");
		return 77;
	}
	if (fd >= 0)
		close(fd);
	tsob_counters_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
