// SPDX-License-Identifier: MIT
/* Where a measuring command writes its results file: one rule for every command. */
#include "commands.h"

#include <stdio.h>

#include "tsob/output.h"

int tsob_results_out(const char *out, const char *command, const char *host, const char *arch,
		     enum tsob_format fmt, char *path, size_t plen, char *shown, size_t slen,
		     struct tsob_err *e)
{
	int r;

	if (out)
		snprintf(path, plen, "%s", out);
	else
		tsob_results_default_path(path, plen, command, host, arch, fmt);
	/* Before the work: a run of minutes must not end in an unwritable path. */
	if ((r = tsob_output_check(path, "results", e)))
		return r;
	snprintf(shown, slen, "%s", path);
	if ((r = tsob_output_take_stdout(path, plen)))
		return tsob_err_set(e, r, "cannot keep standard output for the results");
	return 0;
}
