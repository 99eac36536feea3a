/* SPDX-License-Identifier: MIT */
/*
 * One cell of tsobench emu: tsob-x86 running one kernel under one row of
 * emulators.conf, as a fresh emulator process (fork/exec with the row's exact
 * argv and envp), with a timeout, strict parsing of the lines of x86line.h and
 * checksum verification. The litmus program runs the same way.
 *
 * Counters that follow the emulator and its threads belong to the caller:
 * the hooks let it open them on the child before exec, read them at the marks
 * around every measured region (sync runs), and close them after the wait.
 */
#ifndef TSOB_EMURUN_H
#define TSOB_EMURUN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "tsob/emuconf.h"
#include "tsob/litmus.h"

struct tsob_emu_hooks {
	/* Parent, after fork; the child waits before exec until this returns.
	 * Non-zero makes the cell an error, with @why. */
	int (*after_fork)(void *arg, pid_t pid, char *why, size_t len);
	/* Child, just before execve: async-signal-safe calls only. */
	void (*before_exec)(void *arg);
	/* Parent, at each mark of a sync run ("calib", "warmup" or "rep"; @end
	 * 0 before the region, 1 after); the child waits until it returns. */
	void (*mark)(void *arg, const char *kind, unsigned i, int end);
	/* Parent, after the child was reaped, whatever happened to it. */
	void (*after_wait)(void *arg, pid_t pid, int status, const struct rusage *ru);
	void *arg;
};

enum tsob_emu_status {
	TSOB_EMU_OK,
	TSOB_EMU_FAILED,      /* a wrong result no memory ordering explains */
	TSOB_EMU_VIOLATIONS,  /* ordering violations observed (tso no/partial: expected) */
	TSOB_EMU_UNAVAILABLE, /* the row cannot run here (emulator missing, hardware TSO) */
	TSOB_EMU_ERROR,	      /* crash, timeout, malformed output, could not start */
	TSOB_EMU_INTERRUPTED, /* the caller's stop flag was set: the process was killed */
};

const char *tsob_emu_status_name(enum tsob_emu_status s); /* "ok", "failed", ... */

struct tsob_emu_cell_conf {
	const struct tsob_emu_config *config;
	const struct tsob_emu_avail *avail; /* tsob_emu_available() of config */
	const char *prog;		    /* tsob-x86 */
	const char *kernel;
	uint64_t size; /* in the kernel's size unit */
	unsigned threads, warmup, repeat;
	unsigned timeout_ms; /* the whole process, from fork to exit */
	bool sync;	     /* marks around every measured region, for hooks->mark */
	/* The host's reference (tsob_emu_reference()); checked when set. */
	bool have_reference;
	uint64_t ops, expected;
	char *const *env;		    /* base environment; NULL: environ */
	const struct tsob_emu_hooks *hooks; /* may be NULL */
	volatile int *stop; /* set by the caller (a SIGINT handler): kill, return; may be NULL */
};

struct tsob_emu_cell {
	enum tsob_emu_status status;
	char error[512];	 /* one line; empty when ok */
	struct tsob_emu_cmd cmd; /* exactly what ran: argv, envp, the variables set */
	char version[160];	 /* the emulator's version line, or "" (version_error says why) */
	char version_error[160];
	uint64_t exec_ns;    /* CLOCK_MONOTONIC_RAW in the child just before execve */
	uint64_t start_ns;   /* tsob-x86's own clock at main() */
	uint64_t startup_ns; /* start_ns - exec_ns: emulator start-up until main() */
	uint64_t total_ns;   /* exec until the child was reaped */
	uint64_t ops, checksum, expected, violations; /* of the last result line */
	unsigned nwarmup, nrep;			      /* result lines seen */
	uint64_t *warmup_ns, *wall_ns;		      /* per run, measured by tsob-x86 */
	int exit_code;				      /* -1 if it did not exit */
	int term_signal;			      /* 0 if not killed by a signal */
	bool timed_out;
	char stderr_tail[512]; /* the end of what the process wrote on stderr */
};

/* 0 with the outcome in @cell (status, error), or -ENOMEM. */
int tsob_emu_cell_run(const struct tsob_emu_cell_conf *conf, struct tsob_emu_cell *cell);
void tsob_emu_cell_free(struct tsob_emu_cell *cell);

/* The first line the row's version command prints (timeout 10 s). 0, or a
 * negative errno with @why. */
int tsob_emu_version(const struct tsob_emu_config *c, const char *emulator, char *const env[],
		     char *out, size_t len, char *why, size_t wlen);

/* What tsob-x86 must report for @kernel at @size on @threads: the host's
 * registry (plain object) computes the same reference. 0, -EINVAL (bad kernel,
 * size or threads) or -ENOMEM, with @why. */
int tsob_emu_reference(const char *kernel, uint64_t size, unsigned threads, uint64_t *ops,
		       uint64_t *expected, char *why, size_t len);

/* tsob-x86-litmus under a row: per test, outcome counts as the program printed them. */
struct tsob_emu_litmus_test {
	const struct tsob_litmus_test *test;
	uint64_t iterations, forbidden, relaxed;
	uint64_t counts[TSOB_LITMUS_MAX_KEYS];
	bool time_shared;
};

struct tsob_emu_litmus_conf {
	const struct tsob_emu_config *config;
	const struct tsob_emu_avail *avail;
	const char *prog;  /* tsob-x86-litmus */
	const char *tests; /* "all" or names separated by commas */
	uint64_t iterations, seed;
	unsigned limit_ms;   /* per test, passed on; 0: none */
	unsigned timeout_ms; /* the whole process */
	char *const *env;
	const struct tsob_emu_hooks *hooks;
	volatile int *stop;
};

struct tsob_emu_litmus {
	/* ok: nothing forbidden; violations: forbidden outcomes seen. */
	enum tsob_emu_status status;
	char error[512];
	struct tsob_emu_cmd cmd;
	char version[160], version_error[160];
	struct tsob_emu_litmus_test *tests;
	unsigned ntests;
	uint64_t forbidden;
	int exit_code, term_signal;
	bool timed_out;
	char stderr_tail[512];
};

int tsob_emu_litmus_run(const struct tsob_emu_litmus_conf *conf, struct tsob_emu_litmus *res);
void tsob_emu_litmus_free(struct tsob_emu_litmus *res);

#endif
