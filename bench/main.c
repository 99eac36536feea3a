// SPDX-License-Identifier: MIT
/* tsobench: what x86 memory ordering costs on arm64. The table of commands. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands/commands.h"

static const struct tsob_cmd *const commands[] = {
	&tsob_cmd_info,	  &tsob_cmd_list,   &tsob_cmd_events,  &tsob_cmd_run,	 &tsob_cmd_ctxsw,
	&tsob_cmd_litmus, &tsob_cmd_report, &tsob_cmd_compare, &tsob_cmd_export, &tsob_cmd_emu,
	&tsob_cmd_history, &tsob_cmd_lava, &tsob_cmd_seq, &tsob_cmd_ab, &tsob_cmd_calibrate,
};

static void usage(FILE *f)
{
	fprintf(f, "usage: tsobench COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\n'tsobench COMMAND --help' describes a command's options.\n"
		   "exit: 0 ok, 1 failed check / regression / ordering violation, 2 bad usage\n");
}

int main(int argc, char **argv)
{
	struct tsob_err err = { 0 };

	tsob_command_line_set(argc, argv);
	if (argc < 2) {
		tsob_err_set(&err, -EINVAL, "no command given: 'tsobench --help' lists the commands");
		return tsob_err_report(NULL, &err);
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return TSOB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("tsobench %s\n", TSOB_VERSION);
		return TSOB_EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i]->name))
			return tsob_command_main(commands[i], argc - 1, argv + 1);
	tsob_err_set(&err, -EINVAL, "unknown command '%s': 'tsobench --help' lists the commands",
		     argv[1]);
	return tsob_err_report(NULL, &err);
}
