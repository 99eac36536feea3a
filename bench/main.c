// SPDX-License-Identifier: MIT
/* tsobench: what x86 memory ordering costs on arm64. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "util.h"

static const struct tsob_command commands[] = {
	{ "info", "host, CPU, kernel, PMU, memory-model prctl, strategies here", cmd_info },
	{ "list", "kernels and strategies", cmd_list },
	{ "events", "events that can be counted on this host", cmd_events },
	{ "run", "run kernels × strategies with counters and write results", cmd_run },
	{ "ctxsw", "context-switch and prctl cost of the per-thread memory model", cmd_ctxsw },
	{ "litmus", "ordering litmus tests for every strategy", cmd_litmus },
	{ "report", "charts and Markdown tables from a results file", cmd_report },
	{ "compare", "compare two results files (CI gate)", cmd_compare },
	{ "export", "results as Google Benchmark JSON or perf-stat-style CSV", cmd_export },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: tsobench COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'tsobench COMMAND --help' describes a command's options.\n"
		   "exit: 0 ok, 1 failed check / regression / ordering violation, 2 bad usage\n");
}

int main(int argc, char **argv)
{
	size_t used = 0;

	for (int i = 0; i < argc && used < sizeof(tsob_argv_line); i++)
		used += (size_t)snprintf(tsob_argv_line + used, sizeof(tsob_argv_line) - used,
					 "%s%s", i ? " " : "", argv[i]);
	if (argc < 2)
		return tsob_usage_error("no command given: 'tsobench --help' lists the commands");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return TSOB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("tsobench %s\n", TSOB_VERSION);
		return TSOB_EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	return tsob_usage_error("unknown command '%s': 'tsobench --help' lists the commands",
				argv[1]);
}
