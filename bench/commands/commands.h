/* SPDX-License-Identifier: MIT */
/*
 * The driver's commands, one file each (cmd_*.c): an options struct, one
 * option table, and one call into the measuring side or the analysis.
 * bench/main.c lists them in one table and is the only place errors become
 * output (tsob/err.h).
 */
#ifndef TSOB_COMMANDS_H
#define TSOB_COMMANDS_H

#include "tsob/opt.h"
#include "tsob/results.h"

extern const struct tsob_cmd tsob_cmd_info, tsob_cmd_list, tsob_cmd_events, tsob_cmd_run,
	tsob_cmd_ctxsw, tsob_cmd_litmus, tsob_cmd_report, tsob_cmd_compare, tsob_cmd_export,
	tsob_cmd_emu, tsob_cmd_seq, tsob_cmd_ab, tsob_cmd_calibrate;
extern const struct tsob_cmd tsob_cmd_history, tsob_cmd_lava;

/* The whole command line, as typed, for the results' context (set once by main). */
const char *tsob_command_line(void);
void tsob_command_line_set(int argc, char **argv);
/* The same as main received it (argv[1] is the command), for re-running tsobench. */
char **tsob_command_argv(int *argc);

/* Option rows shared by the measuring commands, checked while parsing. */
int tsob_check_execution(void *opts, const char *label, struct tsob_err *e);
#define TSOB_OPT_EXECUTION(T, f)                                                                   \
	TSOB_OPT_STRING_CHECKED(0, "execution", T, f, tsob_check_execution, "KIND[:DETAIL]",       \
				"how this runs, where detection cannot know: native,\n"           \
				"virtualized (a VM on the real CPU) or emulated")

/*
 * Where a measuring command writes its results: @out, or
 * results/COMMAND-HOST-ARCH-TIME.EXT, checked writable before any work; when
 * it means standard output, that is kept for the file and the tables go to
 * stderr. @shown gets the name to print. 0, or a negative errno with @e.
 */
int tsob_results_out(const char *out, const char *command, const char *host, const char *arch,
		     enum tsob_format fmt, char *path, size_t plen, char *shown, size_t slen,
		     struct tsob_err *e);

/* Run @cmd on @argv (argv[0] is its name): parse, run, and report any error. */
int tsob_command_main(const struct tsob_cmd *cmd, int argc, char **argv);

#endif
