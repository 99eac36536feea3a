// SPDX-License-Identifier: MIT
/*
 * One cell's run (tsob_emu_cell_run) and the litmus run through a stub
 * emulator (stub-emulator.sh): every row of the shipped emulators.conf runs
 * with exactly its command and variables; the hooks come in order; a crash,
 * a hang, a wrong checksum and malformed output each give their own error.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "emu_stub.h"
#include "tsob/emurun.h"

struct fail_case {
	const char *mode;
	enum tsob_emu_status status;
	const char *error; /* the start of cell.error */
};

static void test_failures(void **state)
{
	struct fixture *f = *state;
	static const struct fail_case cases[] = {
	    {"crash", TSOB_EMU_ERROR, "killed by signal 11 (Segmentation fault)"},
	    {"hang", TSOB_EMU_ERROR, "timed out after 1500 ms (killed) with 0 of 0 warm-up"},
	    {"exit1", TSOB_EMU_ERROR,
	     "exit status 1: stub: the emulator could not load the program"},
	    {"early", TSOB_EMU_ERROR, "exit status 0 before the end line"},
	    {"partial", TSOB_EMU_ERROR, "output ended inside a line"},
	    {"garbage", TSOB_EMU_ERROR,
	     "malformed output, line 1: not a tsob-x86 v1 line: "
	     "'Box64 with Dynarec"},
	    {"badsum", TSOB_EMU_FAILED,
	     "rep 0: checksum 0x0000000000000bad, expected "
	     "0x0000000000000001, 0 ordering violations"},
	    {"lying", TSOB_EMU_ERROR,
	     "malformed output, line 2: ok=1 with a wrong checksum or violations"},
	    {"foreign", TSOB_EMU_FAILED,
	     "rep 0: reference 0x0000000000000bad differs from "
	     "the host's 0x"},
	};
	const struct tsob_emu_config *c = tsob_emu_conf_find(f->conf, "stub");

	assert_null(tsob_emu_conf_find(f->conf, "no-such-config"));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tsob_emu_cell cell;
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		run(c, cases[i].mode, 0, 1, NULL, 1500, &cell);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		print_message("%-8s %-6s %s\n", cases[i].mode, tsob_emu_status_name(cell.status),
			      cell.error);
		assert_int_equal(cell.status, cases[i].status);
		if (strncmp(cell.error, cases[i].error, strlen(cases[i].error)))
			fail_msg("%s: got '%s'", cases[i].mode, cell.error);
		/* The hang is killed at its deadline, not after the stub's 60 s. */
		assert_true(t1.tv_sec - t0.tv_sec < 10);
		assert_string_equal(cell.version, "stub-emulator 1.0");
		tsob_emu_cell_free(&cell);
	}
}

static volatile int stop_flag;

static void on_alarm(int sig)
{
	stop_flag = 1;
}

/* A stop flag set by a signal handler (as tsobench's SIGINT handler would)
 * kills the emulator at once, long before its deadline. */
static void test_interrupt(void **state)
{
	struct fixture *f = *state;
	const struct tsob_emu_config *c = tsob_emu_conf_find(f->conf, "stub");
	struct itimerval at = {.it_value = {0, 300000}};
	struct sigaction sa = {.sa_handler = on_alarm};
	struct tsob_emu_avail avail;
	struct tsob_emu_cell_conf cc = {
	    .config = c,
	    .avail = &avail,
	    .prog = TSOB_X86,
	    .kernel = "copy8",
	    .size = 4096,
	    .threads = 1,
	    .repeat = 1,
	    .timeout_ms = 20000,
	    .stop = &stop_flag,
	};
	struct tsob_emu_cell cell;
	struct timespec t0, t1;

	setenv("TSOB_STUB_MODE", "hang", 1);
	tsob_emu_available(c, &avail);
	assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &at, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(tsob_emu_cell_run(&cc, &cell), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(cell.status, TSOB_EMU_INTERRUPTED);
	assert_string_equal(cell.error, "interrupted after 0 of 1 repetitions");
	assert_int_equal(cell.term_signal, SIGKILL);
	assert_true(t1.tv_sec - t0.tv_sec < 5);
	tsob_emu_cell_free(&cell);
	signal(SIGALRM, SIG_DFL);
}

static void test_cannot_start(void **state)
{
	struct fixture *f = *state;
	const struct tsob_emu_config *c = tsob_emu_conf_find(f->conf, "stub");
	struct tsob_emu_cell cell;
	char path[128];
	FILE *fp;

	/* Executable, but not a program the kernel can run. */
	snprintf(path, sizeof(path), "%s/not-a-program", f->dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("\x7f"
	      "ELF but nothing else\n",
	      fp);
	fclose(fp);
	assert_int_equal(chmod(path, 0755), 0);
	setenv("TSOB_TEST_STUB", path, 1);
	run(c, "record", 0, 1, NULL, 5000, &cell);
	assert_int_equal(cell.status, TSOB_EMU_ERROR);
	assert_true(!strncmp(cell.error, "cannot execute ", 15));
	assert_non_null(strstr(cell.error, ": Exec format error"));
	tsob_emu_cell_free(&cell);

	/* Not installed: the cell is unavailable, with the reason. */
	unsetenv("TSOB_TEST_STUB");
	run(c, "record", 0, 1, NULL, 5000, &cell);
	assert_int_equal(cell.status, TSOB_EMU_UNAVAILABLE);
	assert_string_equal(cell.error, "stub is not installed (no tsob-no-such-stub on PATH; set "
					"TSOB_TEST_STUB)");
	tsob_emu_cell_free(&cell);
	setenv("TSOB_TEST_STUB", TSOB_STUB, 1);
}

struct hooked {
	pid_t pid, waited;
	int forks, waits, status, pipe[2];
	bool before_exec_seen_unexeced;
	char marks[256];
	bool fail_fork;
};

static int h_after_fork(void *arg, pid_t pid, char *why, size_t len)
{
	struct hooked *h = arg;
	char shell[256] = "", child[256] = "", link[64];

	h->forks++;
	h->pid = pid;
	/* The stub is a shell script: after execve the child's executable is the
	 * shell. Not yet (under qemu-user it is qemu itself, not this program). */
	snprintf(link, sizeof(link), "/proc/%d/exe", (int)pid);
	if (realpath("/bin/sh", shell) && readlink(link, child, sizeof(child) - 1) > 0)
		h->before_exec_seen_unexeced = strcmp(shell, child) != 0;
	if (h->fail_fork) {
		snprintf(why, len, "no counters for this cell");
		return -1;
	}
	return 0;
}

static void h_before_exec(void *arg)
{
	struct hooked *h = arg;

	if (write(h->pipe[1], "b", 1) != 1)
		_exit(125);
}

static void h_mark(void *arg, const char *kind, unsigned i, int end)
{
	struct hooked *h = arg;
	size_t n = strlen(h->marks);

	snprintf(h->marks + n, sizeof(h->marks) - n, "%s%s%u%c", n ? " " : "", kind, i,
		 end ? 'e' : 'b');
}

static void h_after_wait(void *arg, pid_t pid, int status, const struct rusage *ru)
{
	struct hooked *h = arg;

	h->waits++;
	h->waited = pid;
	h->status = status;
}

static void test_hooks(void **state)
{
	struct fixture *f = *state;
	const struct tsob_emu_config *c = tsob_emu_conf_find(f->conf, "stub");
	struct hooked h = {0};
	struct tsob_emu_hooks hooks = {h_after_fork, h_before_exec, h_mark, h_after_wait, &h};
	struct tsob_emu_cell cell;
	char b = 0;

	assert_int_equal(pipe2(h.pipe, O_CLOEXEC | O_NONBLOCK), 0);
	run(c, "record", 1, 2, &hooks, 20000, &cell);
	assert_int_equal(cell.status, TSOB_EMU_OK);
	assert_int_equal(h.forks, 1);
	assert_true(h.before_exec_seen_unexeced);
	assert_int_equal(read(h.pipe[0], &b, 1), 1);
	assert_int_equal(b, 'b');
	assert_string_equal(h.marks, "warmup0b warmup0e calib0b calib0e rep0b rep0e rep1b rep1e");
	assert_int_equal(h.waits, 1);
	assert_int_equal(h.waited, h.pid);
	assert_true(WIFEXITED(h.status) && WEXITSTATUS(h.status) == 0);
	assert_int_equal(cell.nwarmup, 1);
	assert_int_equal(cell.nrep, 2);
	assert_true(cell.wall_ns[0] > 0 && cell.wall_ns[1] > 0 && cell.warmup_ns[0] > 0);
	assert_true(cell.startup_ns > 0 && cell.total_ns > cell.startup_ns);
	assert_int_equal(cell.ops, 4096);
	assert_int_equal(cell.checksum, cell.expected);
	assert_string_equal(cell.cmd.argv[0], TSOB_STUB);
	assert_string_equal(cell.cmd.argv[7], "sync");
	tsob_emu_cell_free(&cell);

	/* A hook that fails ends the cell before exec; the child is still reaped. */
	memset(h.marks, 0, sizeof(h.marks));
	h.fail_fork = true;
	h.waits = 0;
	run(c, "record", 1, 2, &hooks, 20000, &cell);
	assert_int_equal(cell.status, TSOB_EMU_ERROR);
	assert_string_equal(cell.error, "no counters for this cell");
	assert_int_equal(h.waits, 1);
	assert_string_equal(h.marks, "");
	tsob_emu_cell_free(&cell);
	close(h.pipe[0]);
	close(h.pipe[1]);
}

static void test_version_on_stderr(void **state)
{
	struct fixture *f = *state;
	char v[160], why[160];

	setenv("TSOB_STUB_VERSION_ON", "stderr", 1);
	assert_int_equal(tsob_emu_version(tsob_emu_conf_find(f->conf, "stub"), TSOB_STUB, NULL, v,
					  sizeof(v), why, sizeof(why)),
			 0);
	unsetenv("TSOB_STUB_VERSION_ON");
	assert_string_equal(v, "stub-emulator 2.0 (on stderr)");
}

static void run_litmus(const struct tsob_emu_config *c, const char *mode,
		       struct tsob_emu_litmus *res)
{
	struct tsob_emu_avail avail;
	struct tsob_emu_litmus_conf lc = {
	    .config = c,
	    .avail = &avail,
	    .prog = TSOB_X86_LITMUS,
	    .tests = "SB,MP",
	    .iterations = 500,
	    .seed = 1,
	    .timeout_ms = 60000,
	};

	setenv("TSOB_STUB_MODE", mode, 1);
	tsob_emu_available(c, &avail);
	assert_int_equal(tsob_emu_litmus_run(&lc, res), 0);
}

static void test_litmus(void **state)
{
	struct fixture *f = *state;
	const struct tsob_emu_config *c = tsob_emu_conf_find(f->conf, "stub");
	struct tsob_emu_litmus res;

	run_litmus(c, "record", &res);
	assert_int_equal(res.status, TSOB_EMU_OK);
	assert_int_equal(res.ntests, 2);
	for (unsigned t = 0; t < 2; t++) {
		uint64_t sum = 0;

		for (unsigned k = 0; k < TSOB_LITMUS_MAX_KEYS; k++)
			sum += res.tests[t].counts[k];
		assert_int_equal(res.tests[t].iterations, 500);
		assert_int_equal(sum, 500);
		assert_int_equal(res.tests[t].forbidden, 0);
	}
	assert_string_equal(res.tests[0].test->name, "MP");
	tsob_emu_litmus_free(&res);

	run_litmus(c, "litmus-forbidden", &res);
	assert_int_equal(res.status, TSOB_EMU_VIOLATIONS);
	assert_int_equal(res.forbidden, 2);
	assert_int_equal(res.tests[0].counts[1], 2); /* r0=1 r1=0 */
	assert_string_equal(res.error, "2 forbidden outcomes");
	tsob_emu_litmus_free(&res);

	run_litmus(c, "litmus-badtotal", &res);
	assert_int_equal(res.status, TSOB_EMU_ERROR);
	assert_string_equal(res.error,
			    "malformed output, line 6: the totals do not add up from the "
			    "outcome lines: 'tsob-x86-litmus v1 test=MP iterations=10 "
			    "forbidden=2 relaxed=0 time_shared=0 ok=0'");
	tsob_emu_litmus_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_interrupt, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cannot_start, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hooks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_version_on_stderr, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_litmus, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
