/* SPDX-License-Identifier: MIT */
/* The driver's commands; main.c lists them in one table. */
#ifndef TSOB_COMMANDS_H
#define TSOB_COMMANDS_H

struct tsob_command {
	const char *name;
	const char *summary;
	int (*fn)(int argc, char **argv);
};

int cmd_info(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_ctxsw(int argc, char **argv);
int cmd_litmus(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* The whole command line, for the results' context. */
extern char tsob_argv_line[1024];

#endif
