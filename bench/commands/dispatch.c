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

int tsob_command_main(const struct tsob_cmd *cmd, int argc, char **argv)
{
	struct tsob_err err = { 0 };
	struct tsob_args args;
	void *opts = calloc(1, cmd->opts_size ? cmd->opts_size : 1);
	int r;

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
