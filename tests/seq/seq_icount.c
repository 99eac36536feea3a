// SPDX-License-Identifier: MIT
/*
 * Instructions per copy, counted by the PMU: the proof that the u/2u
 * subtraction leaves exactly a row's instructions. Meant for the QEMU guest
 * (qemu-system-aarch64 -icount shift=0, whose PMU counts instructions
 * exactly; tests/seq/icount.sh boots it), and usable on any host with a
 * user-space instructions counter.
 *
 * Every row this CPU runs is measured with an instructions counter as the
 * probe; the median over the repetitions of (2u - u) / (u * iterations) must
 * equal the table's count exactly. With --tso each row is measured a second
 * time under PR_SET_MEM_MODEL_TSO where the kernel grants it (the same code,
 * so the same counts); --expect-tso fails the run when it does not.
 *
 * The counter is one generic event opened with perf_event_open(2) directly:
 * the guest program stays self-contained (no libperf, no libpfm4 tables),
 * which is all one instructions count needs. The driver's counters plug into
 * the same probe interface.
 *
 * Usage: seq_icount [--tso] [--expect-tso]
 * Exit: 0 every count exact, 1 a mismatch or failure, 2 bad usage,
 *       77 no instructions counter here (qemu-user, a host without a PMU).
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tsob/seq.h"
#include "tsob/mem_model.h"

#define ICOUNT_U 16
#define ICOUNT_ITERS 100
#define ICOUNT_REPS 5

/* The proposed prctl, v2 values (kernel-patch/README.md). */
#define ICOUNT_PR_GET_MEM_MODEL PR_GET_MEM_MODEL
#define ICOUNT_PR_SET_MEM_MODEL PR_SET_MEM_MODEL
#define ICOUNT_PR_SET_MEM_MODEL_TSO PR_SET_MEM_MODEL_TSO

struct icount {
	int fd; /* the measuring thread's counter, -1 when closed */
};

static int icount_open(void)
{
	struct perf_event_attr attr = {
	    .type = PERF_TYPE_HARDWARE,
	    .size = sizeof(attr),
	    .config = PERF_COUNT_HW_INSTRUCTIONS,
	    .disabled = 1,
	    .exclude_kernel = 1,
	    .exclude_hv = 1,
	};

	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

/* Thread set-up: this thread's counter, and TSO when asked. */
static int icount_setup(void *ctx, int tso, char *why, size_t len)
{
	struct icount *c = ctx;

	if (tso && (prctl(ICOUNT_PR_SET_MEM_MODEL, ICOUNT_PR_SET_MEM_MODEL_TSO, 0, 0, 0) ||
		    prctl(ICOUNT_PR_GET_MEM_MODEL, 0, 0, 0, 0) != ICOUNT_PR_SET_MEM_MODEL_TSO)) {
		snprintf(why, len, "PR_SET_MEM_MODEL(TSO) not granted: %s", strerror(errno));
		return -EOPNOTSUPP;
	}
	c->fd = icount_open();
	if (c->fd < 0) {
		int err = errno;

		snprintf(why, len, "perf_event_open(instructions): %s", strerror(err));
		return -err;
	}
	return 0;
}

static void icount_teardown(void *ctx)
{
	struct icount *c = ctx;

	close(c->fd);
	c->fd = -1;
}

static int icount_start(void *ctx)
{
	struct icount *c = ctx;

	if (ioctl(c->fd, PERF_EVENT_IOC_RESET, 0) || ioctl(c->fd, PERF_EVENT_IOC_ENABLE, 0))
		return -errno;
	return 0;
}

static int icount_stop(void *ctx, uint64_t *values)
{
	struct icount *c = ctx;

	if (ioctl(c->fd, PERF_EVENT_IOC_DISABLE, 0))
		return -errno;
	if (read(c->fd, &values[0], sizeof(values[0])) != sizeof(values[0]))
		return -EIO;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One row, with or without TSO: 0 exact, 1 wrong, 2 unavailable, -1 failed. */
static int icount_row(const struct tsob_seq *row, int tso)
{
	struct icount c = {-1};
	struct tsob_seq_probe probe = {.nr = 1,
				       .names = {"instructions"},
				       .start = icount_start,
				       .stop = icount_stop,
				       .ctx = &c};
	struct tsob_seq_hooks hooks = {icount_setup, icount_teardown, &c};
	struct tsob_seq_conf conf = {
	    .u = ICOUNT_U, .iters = ICOUNT_ITERS, .reps = ICOUNT_REPS, .warmup = 1, .tso = tso};
	struct tsob_seq_sample s[ICOUNT_REPS];
	double per[ICOUNT_REPS];
	const char *mode = tso ? "tso" : "default";
	char why[160];
	int rc = tsob_seq_measure(row, &conf, &probe, &hooks, s, why, sizeof(why));
	int exact = 0;

	if (rc == -EOPNOTSUPP) {
		printf("%-26s %-7s unavailable: %s\n", row->name, mode, why);
		return 2;
	}
	if (rc) {
		printf("%-26s %-7s error: %s\n", row->name, mode, why);
		return -1;
	}
	for (int r = 0; r < ICOUNT_REPS; r++) {
		per[r] = s[r].per_copy[0];
		exact += per[r] == row->count;
	}
	qsort(per, ICOUNT_REPS, sizeof(per[0]), cmp_double);
	printf("%-26s %-7s table %u, measured %.4f per copy (%d of %d repetitions exact) %s\n",
	       row->name, mode, row->count, per[ICOUNT_REPS / 2], exact, ICOUNT_REPS,
	       per[ICOUNT_REPS / 2] == row->count ? "ok" : "MISMATCH");
	return per[ICOUNT_REPS / 2] == row->count ? 0 : 1;
}

int main(int argc, char **argv)
{
	int tso = 0, expect_tso = 0, bad = 0, tso_runs = 0, fd;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--tso")) {
			tso = 1;
		} else if (!strcmp(argv[i], "--expect-tso")) {
			tso = expect_tso = 1;
		} else {
			fprintf(stderr, "seq_icount: unknown option %s (--tso, --expect-tso)\n",
				argv[i]);
			return 2;
		}
	}
	fd = icount_open();
	if (fd < 0) {
		printf("SKIP: no instructions counter here: perf_event_open: %s\n",
		       strerror(errno));
		return 77;
	}
	close(fd);
	printf("# instructions per copy, u = %d, %d iterations, median of %d repetitions\n",
	       ICOUNT_U, ICOUNT_ITERS, ICOUNT_REPS);
	for (size_t i = 0; i < tsob_seq_count(); i++) {
		int plain_rc = icount_row(tsob_seq_at(i), 0);

		bad += plain_rc == 1 || plain_rc < 0;
		if (tso && plain_rc != 2) {
			int rc = icount_row(tsob_seq_at(i), 1);

			/* What runs by default must run under TSO too, where TSO is promised. */
			bad += rc == 1 || rc < 0 || (expect_tso && rc == 2);
			tso_runs += rc == 0;
		}
	}
	printf("# %s: %d rows measured under TSO; %d failures\n", bad ? "FAIL" : "pass", tso_runs,
	       bad);
	return bad ? 1 : 0;
}
