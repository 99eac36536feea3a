// SPDX-License-Identifier: MIT
/* The `run` options ab and calibrate pass on, as typed, checked by this build's parser. */
#include "runargs.h"

#include <errno.h>
#include <string.h>

#include "run.h"

static int pass(void *opts, const char *name, const char *arg, struct tsob_err *e)
{
	struct tsob_runargs *ra = opts; /* first in the command's options struct */

	if (ra->argc + 2 > TSOB_RUNARGS_MAX)
		return tsob_err_set(e, -E2BIG, "too many run options (at most %d)",
				    TSOB_RUNARGS_MAX / 2);
	ra->argv[ra->argc++] = (char *)name;
	ra->argv[ra->argc++] = (char *)arg;
	ra->argv[ra->argc] = NULL;
	return 0;
}

/* One callback a row: the row's name is all they add. */
#define PASS(fn, name)                                                                             \
	int fn(void *opts, const char *arg, struct tsob_err *e)                                    \
	{                                                                                          \
		return pass(opts, name, arg, e);                                                   \
	}
PASS(tsob_pass_workload, "--workload")
PASS(tsob_pass_mode, "--mode")
PASS(tsob_pass_events, "--events")
PASS(tsob_pass_repeat, "--repeat")
PASS(tsob_pass_warmup, "--warmup")
PASS(tsob_pass_cpu, "--cpu")
PASS(tsob_pass_threads, "--threads")
PASS(tsob_pass_size, "--size")
PASS(tsob_pass_timeout, "--timeout-ms")
PASS(tsob_pass_order, "--order")
PASS(tsob_pass_execution, "--execution")

int tsob_runargs_finish(struct tsob_runargs *ra, bool cpu_free, struct tsob_err *e)
{
	char *argv[TSOB_RUNARGS_MAX + 4];
	struct tsob_run_opts o;
	int n = 0;

	if (ra->quick && ra->argc < TSOB_RUNARGS_MAX)
		ra->argv[ra->argc++] = "--quick";
	ra->argv[ra->argc] = NULL;
	argv[n++] = "run";
	for (int i = 0; i < ra->argc; i++) {
		if (cpu_free && !strcmp(ra->argv[i], "--cpu"))
			return tsob_err_set(e, -EINVAL, "--cpu and --duet: the duet gives each side "
							"half of the CPUs itself");
		argv[n++] = ra->argv[i];
	}
	argv[n] = NULL;
	return tsob_run_parse(n, argv, &o, e) < 0 ? e->code : 0;
}
