// SPDX-License-Identifier: MIT
/* tsobench events [PATTERN]: what libpfm4 can encode on this host. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "events.h"
#include "util.h"

int cmd_events(int argc, char **argv)
{
	const char *pattern = NULL, *why;
	int n;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: tsobench events [PATTERN]\n"
		       "Lists pmu::event names libpfm4 encodes here; any of them, or a generic\n"
		       "name (cycles, instructions, task-clock, ...), goes to 'run -e'.\n");
		return TSOB_EXIT_OK;
	}
	if (argc > 2)
		return tsob_usage_error("events: one PATTERN at most ('%s' is extra)", argv[2]);
	if (argc == 2) {
		if (argv[1][0] == '-')
			return tsob_usage_error("events: unknown option '%s'", argv[1]);
		pattern = argv[1];
	}
	if (tsob_events_init(&why))
		return tsob_usage_error("events: libpfm4 failed to initialise: %s", why);
	n = tsob_events_list(stdout, pattern);
	if (!n && pattern)
		fprintf(stderr, "tsobench: no event matches '%s'\n", pattern);
	return TSOB_EXIT_OK;
}
