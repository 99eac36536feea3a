/* SPDX-License-Identifier: MIT */
/*
 * One emulator process, for emurun.c and emulitmus.c: fork, the hooks, exec
 * with an exact argv/envp, stdout read line by line, stderr kept, a deadline
 * for the whole process (its process group is killed when it passes).
 */
#ifndef TSOB_EMUPROC_H
#define TSOB_EMUPROC_H

#include <stdbool.h>
#include <stdint.h>

#include "tsob/emurun.h"

/* What a line callback returns. */
#define TSOB_EMU_LINE_NEXT 0  /* go on */
#define TSOB_EMU_LINE_ACK 1   /* send the child one byte on its stdin, then go on */
#define TSOB_EMU_LINE_STOP -1 /* malformed: kill the process */

struct tsob_emu_proc_conf {
	char *const *argv, *const *envp;
	const struct tsob_emu_hooks *hooks; /* may be NULL */
	bool block_hwtso;		    /* install the seccomp filter before exec */
	bool ack;			    /* the child's stdin is ours, for acknowledgements */
	unsigned timeout_ms;		    /* 0: none */
	volatile int *stop;		    /* set (by a signal handler): kill and return */
	/* Every complete stdout line, without its newline. */
	int (*line)(void *arg, char *line);
	void *arg;
};

struct tsob_emu_proc_result {
	uint64_t exec_ns, end_ns; /* CLOCK_MONOTONIC_RAW: just before execve; reaped */
	int exit_code;		  /* -1 if it did not exit */
	int term_signal;
	bool timed_out;
	bool interrupted;  /* *stop was set */
	bool stopped;	   /* the line callback said STOP, or a line was too long */
	bool partial_line; /* stdout ended inside a line, or a line was too long */
	bool started;	   /* execve succeeded */
	char error[256]; /* why it did not start (the hook's reason), or could not be waited for */
	char stderr_tail[512];
};

/* 0 (what happened is in @r), or -ENOMEM. */
int tsob_emu_proc_run(const struct tsob_emu_proc_conf *c, struct tsob_emu_proc_result *r);

uint64_t tsob_emu_now_ns(void);
/* The last line of @text that is not empty, control characters blanked:
 * what an emulator said last on stderr, for a one-line error. */
void tsob_emu_last_line(const char *text, char *out, size_t len);
/* @name's executable on $PATH (as execvp would find it) in @out. */
bool tsob_emu_which(const char *name, char *out, size_t len);

#endif
