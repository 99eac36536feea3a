// SPDX-License-Identifier: MIT
/* The runner with kernels made for the purpose: right, wrong, multi-threaded, stuck. */
#include <errno.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "counters.h"
#include "events.h"
#include "record.h"
#include "runner.h"

struct fake {
	unsigned threads;
	uint64_t sum[8];
	int wrong;
};

static void *fake_create(const struct tsob_kconf *conf)
{
	struct fake *f = calloc(1, sizeof(*f));

	if (f)
		f->threads = conf->threads;
	return f;
}

static void fake_reset(void *st)
{
	struct fake *f = st;

	memset(f->sum, 0, sizeof(f->sum));
}

static void fake_run(void *st, unsigned tid)
{
	struct fake *f = st;
	volatile uint64_t s = 0;

	for (uint64_t i = 0; i < 20000; i++)
		s += i;
	f->sum[tid] = s;
}

static int fake_verify(void *st, struct tsob_verdict *v)
{
	struct fake *f = st;

	v->expected = 0;
	for (unsigned t = 0; t < f->threads; t++)
		v->expected += 199990000ull;
	v->checksum = 0;
	for (unsigned t = 0; t < f->threads; t++)
		v->checksum += f->sum[t];
	if (f->wrong)
		v->checksum ^= 1;
	return v->checksum != v->expected;
}

static uint64_t fake_ops(const void *st)
{
	return 20000;
}

static void fake_destroy(void *st)
{
	free(st);
}

static const struct tsob_kernel fake_kernel = {
	.name = "fake", .stands_for = "a loop", .unit = "add", .size_unit = "add", .strategy = TSOB_PLAIN,
	.min_threads = 1, .max_threads = 8, .quick_size = 1, .default_size = 1,
	.create = fake_create, .reset = fake_reset, .run = fake_run, .verify = fake_verify,
	.ops = fake_ops, .destroy = fake_destroy,
};

/* One event list a cell: a thread left stuck by one test still holds its cell's list. */
static struct tsob_event events[16][1];
static unsigned nconf;

static struct tsob_cell_conf conf_for(unsigned threads)
{
	struct tsob_event *ev = events[nconf++ % 16];

	tsob_event_resolve("task-clock", &ev[0]);
	return (struct tsob_cell_conf){ .kernel = &fake_kernel, .strategy = TSOB_PLAIN,
					.threads = threads, .size = 1, .warmup = 1, .repeat = 7,
					.cpu = -1, .events = ev, .nevents = 1,
					.barrier_timeout_ms = 2000 };
}

static void test_cell_ok(void **state)
{
	struct tsob_cell_conf conf = conf_for(3);
	struct tsob_cell cell;

	assert_int_equal(tsob_cell_run(&cell, &conf), 0);
	assert_int_equal(cell.status, TSOB_CELL_OK);
	assert_int_equal(cell.n, 7);
	assert_true(cell.ops == 20000);
	for (unsigned i = 0; i < cell.n; i++)
		assert_true(cell.wall_ns[i] > 0);
	for (unsigned t = 0; t < 3; t++)
		assert_true(cell.cpus_seen[t] != 0); /* every thread recorded where it ran */
	/* task-clock: counted per thread, or unavailable with a reason, never a silent 0. */
	for (unsigned t = 0; t < 3; t++) {
		if (cell.evstatus[t][0].open)
			assert_true(tsob_cell_count(&cell, 0, t, 0)->value > 0);
		else
			assert_true(strlen(cell.evstatus[t][0].why) > 0);
	}
	tsob_cell_free(&cell);
}

static int verify_wrong(void *st, struct tsob_verdict *v)
{
	((struct fake *)st)->wrong = 1;
	return fake_verify(st, v);
}

static void test_cell_checksum_failed(void **state)
{
	struct tsob_cell_conf conf = conf_for(1);
	struct tsob_kernel wrong = fake_kernel;
	struct tsob_cell cell;

	wrong.verify = verify_wrong;
	conf.kernel = &wrong;
	assert_int_equal(tsob_cell_run(&cell, &conf), 0);
	assert_int_equal(cell.status, TSOB_CELL_CHECKSUM_FAILED);
	assert_true(cell.verdict.checksum != cell.verdict.expected);
	assert_non_null(strstr(cell.reason, "expected"));
	tsob_cell_free(&cell);
}

static void stall_thread_1(void *arg, unsigned tid)
{
	if (tid == 1)
		for (;;)
			pause();
}

static void test_cell_barrier_timeout(void **state)
{
	struct tsob_cell_conf conf = conf_for(2);
	struct tsob_cell cell;

	conf.barrier_timeout_ms = 200;
	conf.thread_init = stall_thread_1;
	assert_int_equal(tsob_cell_run(&cell, &conf), 0);
	assert_int_equal(cell.status, TSOB_CELL_ERROR);
	assert_non_null(strstr(cell.reason, "1 of 2 threads reached the start barrier"));
	assert_int_equal(cell.n, 0);
	tsob_cell_free(&cell);
}

/* A clock whose first reading past the deadline is also when the last thread arrives. */
static atomic_uint late_arrived;
static uint64_t late_now(void)
{
	atomic_store(&late_arrived, 2);
	return UINT64_MAX;
}

static void test_wait_arrival_at_deadline(void **state)
{
	/* The thread arrived just as the deadline passed: that is not a timeout. */
	atomic_store(&late_arrived, 1);
	assert_int_equal(tsob_wait_arrival(&late_arrived, 2, 1000, late_now), 2);
}

/* A cell that ended before any repetition names why for every counter. */
static void test_error_cell_counters_have_reasons(void **state)
{
	struct tsob_cell_conf conf = conf_for(2);
	struct tsob_cell cell;
	json_object *doc, *cells, *c, *ctr, *reason;
	struct tsob_run_info info = { 0 };
	struct tsob_host host;

	conf.barrier_timeout_ms = 100;
	conf.thread_init = stall_thread_1;
	assert_int_equal(tsob_cell_run(&cell, &conf), 0);
	tsob_host_probe(&host);
	info.host = &host;
	info.command = "run";
	doc = tsob_record_new(&info);
	tsob_record_cell(doc, &cell);
	assert_true(json_object_object_get_ex(doc, "cells", &cells));
	c = json_object_array_get_idx(cells, 0);
	assert_true(json_object_object_get_ex(c, "counters", &ctr));
	assert_true(json_object_object_get_ex(ctr, "task-clock", &ctr));
	assert_true(json_object_object_get_ex(ctr, "reason", &reason));
	assert_non_null(reason);
	assert_true(strlen(json_object_get_string(reason)) > 10);
	json_object_put(doc);
	tsob_cell_free(&cell);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_ok),
		cmocka_unit_test(test_cell_checksum_failed),
		cmocka_unit_test(test_cell_barrier_timeout),
		cmocka_unit_test(test_wait_arrival_at_deadline),
		cmocka_unit_test(test_error_cell_counters_have_reasons),
	};
	tsob_counters_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
