// SPDX-License-Identifier: MIT
/* Running one command: its option table, its one call, and the one place errors are printed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "execution.h"

static char line[1024]; /* filled once, before any command runs */
static char **saved_argv;
static int saved_argc;

void tsob_command_line_set(int argc, char **argv)
{
	size_t used = 0;

	saved_argv = argv;
	saved_argc = argc;
	for (int i = 0; i < argc && used < sizeof(line); i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s", i ? " " : "",
					 argv[i]);
}

const char *tsob_command_line(void)
{
	return line;
}

char **tsob_command_argv(int *argc)
{
	*argc = saved_argc;
	return saved_argv;
}

int tsob_check_execution(void *opts, const char *label, struct tsob_err *e)
{
	(void)opts;
	if (!tsob_execution_label_ok(label))
		return tsob_err_set(e, -EINVAL,
				    "--execution '%s': say native, virtualized or emulated, "
				    "optionally with :DETAIL",
				    label);
	return 0;
}

/* The subcommand's own name: "add" of "history add". */
static const char *sub_name(const struct tsob_cmd *sub)
{
	const char *sp = strrchr(sub->name, ' ');

	return sp ? sp + 1 : sub->name;
}

static void sub_help(const struct tsob_cmd *cmd)
{
	printf("usage: tsobench %s SUBCOMMAND [OPTIONS]\n%s\n\nsubcommands:\n", cmd->name,
	       cmd->summary);
	for (size_t i = 0; cmd->subs[i]; i++)
		printf("  %-8s %s\n", sub_name(cmd->subs[i]), cmd->subs[i]->summary);
	printf("\n'tsobench %s SUBCOMMAND --help' describes its options.\n%s", cmd->name,
	       cmd->epilogue ? cmd->epilogue : "");
}

/* A command of subcommands: argv[1] picks one, which runs on the rest. */
static int sub_main(const struct tsob_cmd *cmd, int argc, char **argv)
{
	struct tsob_err err = { 0 };

	if (argc < 2) {
		tsob_err_set(&err, -EINVAL, "needs a subcommand: 'tsobench %s --help' lists them",
			     cmd->name);
		return tsob_err_report(cmd->name, &err);
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		sub_help(cmd);
		return TSOB_EXIT_OK;
	}
	for (size_t i = 0; cmd->subs[i]; i++)
		if (!strcmp(argv[1], sub_name(cmd->subs[i])))
			return tsob_command_main(cmd->subs[i], argc - 1, argv + 1);
	tsob_err_set(&err, -EINVAL, "unknown subcommand '%s': 'tsobench %s --help' lists them",
		     argv[1], cmd->name);
	return tsob_err_report(cmd->name, &err);
}

int tsob_command_main(const struct tsob_cmd *cmd, int argc, char **argv)
{
	struct tsob_err err = { 0 };
	struct tsob_args args;
	void *opts = calloc(1, cmd->opts_size ? cmd->opts_size : 1);
	int r;

	if (cmd->subs) {
		free(opts);
		return sub_main(cmd, argc, argv);
	}
	if (!opts) {
		tsob_err_set(&err, -ENOMEM, "out of memory");
		return tsob_err_report(cmd->name, &err);
	}
	if (cmd->defaults)
		cmd->defaults(opts);
	r = tsob_opt_parse(cmd, argc, argv, opts, &args, &err);
	if (r == 0)
		r = cmd->run(opts, &args, &err);
	else if (r > 0)
		r = TSOB_EXIT_OK; /* --help */
	free(opts);
	return r < 0 ? tsob_err_report(cmd->name, &err) : r;
}
