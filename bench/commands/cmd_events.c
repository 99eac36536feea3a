// SPDX-License-Identifier: MIT
/* tsobench events [PATTERN]: what libpfm4 can encode on this host. */
#include <errno.h>
#include <stdio.h>

#include "commands.h"
#include "events.h"

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	const char *pattern = a->npos ? a->pos[0] : NULL, *why;

	if (tsob_events_init(&why))
		return tsob_err_set(e, -EINVAL, "libpfm4 failed to initialise: %s", why);
	if (!tsob_events_list(stdout, pattern) && pattern)
		tsob_warn("no event matches '%s'", pattern);
	return TSOB_EXIT_OK;
}

static const struct tsob_opt options[] = { TSOB_OPT_END_ROW };

const struct tsob_cmd tsob_cmd_events = {
	.name = "events",
	.summary = "events that can be counted on this host",
	.usage = "[PATTERN]",
	.max_args = 1,
	.opts = options,
	.epilogue = "Lists pmu::event names libpfm4 encodes here; any of them, or a generic\n"
		    "name (cycles, instructions, task-clock, ...), goes to 'run -e'.\n",
	.run = run,
};
