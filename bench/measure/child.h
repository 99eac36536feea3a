/* SPDX-License-Identifier: MIT */
/*
 * tsobench processes this one starts and waits for: `run --runs` re-executes
 * itself for fresh processes, `ab` runs two builds. A child's standard output
 * is discarded (the parent prints what the merged file says), its standard
 * error is kept in a file and its last line names what went wrong. SIGINT or
 * SIGTERM received while waiting is passed on, so an interrupted child still
 * writes its finished cells.
 *
 * Each child can get an environment variable of a chosen length
 * (TSOBENCH_PAD): the size of the environment moves the initial stack, and
 * with it the alignment of everything on it, within a page, which address
 * randomisation leaves alone (Mytkowicz et al., ASPLOS 2009). A length drawn
 * per process turns that fixed bias (BASE and NEW with paths or arguments of
 * different lengths) into noise the rounds average out.
 */
#ifndef TSOB_CHILD_H
#define TSOB_CHILD_H

#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum tsob_child_end {
	TSOB_CHILD_OK,		/* exit 0 */
	TSOB_CHILD_FAILED,	/* exit 1: a failed check, the file is written */
	TSOB_CHILD_INTERRUPTED, /* exit 130: the file is written, marked incomplete; or
				 * SIGINT/SIGTERM before its handler was set: no file */
	TSOB_CHILD_ERROR,	/* exit 2 or another status: its last stderr line says why */
	TSOB_CHILD_CRASHED,	/* killed by a signal */
};

struct tsob_child {
	pid_t pid;
	int gate; /* write end of the start gate, -1 when none */
	char err_path[PATH_MAX];
	enum tsob_child_end end;
	bool wrote;     /* it may have written its results (not killed by a signal) */
	char what[512]; /* one line: how it ended */
};

struct tsob_child_spec {
	const char *path;     /* the executable */
	char *const *argv;    /* NULL-ended, argv[0] included */
	const cpu_set_t *cpus; /* its CPUs, or NULL to inherit */
	bool gated;	      /* it waits for tsob_child_release() before exec */
	const char *err_path; /* its standard error goes to this file */
	unsigned env_pad;     /* bytes of TSOBENCH_PAD in its environment (0: none) */
};

/* The pad length for a process: uniform over a page, from @rng_value. */
#define TSOB_CHILD_PAD(rng_value) ((unsigned)((rng_value) % 4096))

/* Start a child: 0, or a negative errno (fork or pipe failed). */
int tsob_child_start(struct tsob_child *c, const struct tsob_child_spec *spec);

/* Let a gated child go on to exec. */
void tsob_child_release(struct tsob_child *c);

/* Wait for it and fill end and what. Returns its end. */
enum tsob_child_end tsob_child_wait(struct tsob_child *c);

/*
 * Run @argv (argv[0] the path) to the end, capturing up to @len - 1 bytes of
 * its standard output into @out (standard error discarded). Returns its exit
 * status, or a negative errno when it could not run or died by a signal.
 */
int tsob_child_capture(char *const *argv, char *out, size_t len);

#endif
