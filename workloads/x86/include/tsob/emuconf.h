/* SPDX-License-Identifier: MIT */
/*
 * Emulator configurations as data: the rows of emulators.conf (an x86-64
 * emulator and its memory-ordering settings), whether a row can run here,
 * and the exact command and environment a row runs tsob-x86 with.
 *
 * The file format is described at the top of workloads/x86/emulators.conf.
 * Errors are negative errno values with one line in @err: "FILE:LINE: reason".
 */
#ifndef TSOB_EMUCONF_H
#define TSOB_EMUCONF_H

#include <stdbool.h>
#include <stddef.h>

#define TSOB_EMU_MAX_WORDS 16 /* words of a program, version or run line */
#define TSOB_EMU_MAX_ENV 16   /* env lines of a block */

/* What a row claims for ordinary (scalar) loads and stores. */
enum tsob_emu_tso {
	TSOB_EMU_TSO_NO,      /* no ordering: forbidden litmus outcomes are expected */
	TSOB_EMU_TSO_PARTIAL, /* heuristic barriers: some reorderings may remain */
	TSOB_EMU_TSO_YES,     /* x86-TSO: a forbidden outcome is an emulator bug */
};

/* Hardware TSO through prctl(PR_SET_MEM_MODEL), for emulators that ask for it. */
enum tsob_emu_hwtso {
	TSOB_EMU_HWTSO_ANY,   /* whatever the emulator does by itself */
	TSOB_EMU_HWTSO_USE,   /* the row needs it: unavailable where the prctl refuses */
	TSOB_EMU_HWTSO_BLOCK, /* refused to the emulator (seccomp), so it orders in software */
};

struct tsob_emu_emulator {
	char *name;
	char *programs[TSOB_EMU_MAX_WORDS]; /* looked up on PATH, or absolute */
	unsigned nprograms;
	char *path_env;			   /* variable naming the executable explicitly, or NULL */
	char *version[TSOB_EMU_MAX_WORDS]; /* may use {emulator} and {dir} */
	unsigned nversion;
	char *clear_env[TSOB_EMU_MAX_ENV]; /* prefixes not passed on from the caller */
	unsigned nclear;
	char *env[TSOB_EMU_MAX_ENV]; /* NAME=VALUE for every row of this emulator */
	unsigned nenv;
	char *checked; /* which version the option names were checked against */
	char *install; /* what to do where it is missing, or NULL */
	unsigned line;
};

struct tsob_emu_config {
	char *name;
	const struct tsob_emu_emulator *emulator;
	char *run[TSOB_EMU_MAX_WORDS]; /* {emulator} {dir} {prog}, and {args} as a word */
	unsigned nrun;
	char *env[TSOB_EMU_MAX_ENV]; /* NAME=VALUE */
	unsigned nenv;
	char *stands_for;
	enum tsob_emu_tso tso;
	enum tsob_emu_hwtso hwtso;
	char *model[TSOB_EMU_MAX_WORDS]; /* tsobench strategies it resembles; may be none */
	unsigned nmodel;
	unsigned line;
};

struct tsob_emu_conf; /* a parsed file */

/* $TSOB_EMU_CONF, else the emulators.conf of the source tree this was built from. */
const char *tsob_emu_conf_default(void);
int tsob_emu_conf_load(const char *path, struct tsob_emu_conf **conf, char *err, size_t len);
/* @origin names the text in errors. */
int tsob_emu_conf_parse(const char *text, const char *origin, struct tsob_emu_conf **conf,
			char *err, size_t len);
void tsob_emu_conf_free(struct tsob_emu_conf *conf);

unsigned tsob_emu_conf_nconfigs(const struct tsob_emu_conf *conf);
const struct tsob_emu_config *tsob_emu_conf_config(const struct tsob_emu_conf *conf, unsigned i);
/* The row called @name, or NULL. */
const struct tsob_emu_config *tsob_emu_conf_find(const struct tsob_emu_conf *conf,
						 const char *name);

const char *tsob_emu_tso_name(enum tsob_emu_tso t);	/* "no", "partial", "yes" */
const char *tsob_emu_hwtso_name(enum tsob_emu_hwtso h); /* "any", "use", "block" */

/* Whether a row can run here: never an error, a reason when not. */
struct tsob_emu_avail {
	bool available;
	bool block_hwtso; /* run the emulator under the seccomp filter (emumodel.h) */
	char path[4096];  /* the emulator's executable */
	char how[320];	  /* how it was found, or why the row cannot run */
};
bool tsob_emu_available(const struct tsob_emu_config *c, struct tsob_emu_avail *a);

/* The exact command of one run: argv and envp for execve(), NULL-ended. */
struct tsob_emu_cmd {
	char **argv;
	char **envp;
	char **set; /* the variables the row and its emulator set, NAME=VALUE, NULL-ended */
};

/*
 * Builds the command for row @c with the emulator at @emulator, running @prog
 * with @args (NULL-ended). The environment is @base (NULL: environ) without the
 * emulator's clear-env prefixes and without the variables set here, then the
 * emulator's env lines, then the row's (a row's value wins).
 */
int tsob_emu_cmd_build(const struct tsob_emu_config *c, const char *emulator, const char *prog,
		       char *const args[], char *const base[], struct tsob_emu_cmd *cmd, char *err,
		       size_t len);
/* The emulator's version command (its version line); -ENOENT when it has none. */
int tsob_emu_cmd_version(const struct tsob_emu_config *c, const char *emulator, char *const base[],
			 struct tsob_emu_cmd *cmd, char *err, size_t len);
void tsob_emu_cmd_free(struct tsob_emu_cmd *cmd);

#endif
