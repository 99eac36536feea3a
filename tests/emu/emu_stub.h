/* SPDX-License-Identifier: MIT */
/*
 * The fixture the emurun tests share: a configuration whose emulator is
 * stub-emulator.sh (through $TSOB_TEST_STUB), a scratch directory, and a run
 * of copy8 at 4096 bytes under a row, checked against the host's reference.
 */
#ifndef TSOB_TEST_EMU_STUB_H
#define TSOB_TEST_EMU_STUB_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "tsob/emurun.h"

static const char stub_conf[] = "[emulator stub]\nprogram tsob-no-such-stub\n"
				"path-env TSOB_TEST_STUB\nversion {emulator} --version\n"
				"checked by hand\n"
				"[config stub]\nemulator stub\nrun {emulator} {prog} {args}\n"
				"stands-for the stub emulator\ntso yes\n";

struct fixture {
	struct tsob_emu_conf *conf;
	char dir[64], log[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256];

	snprintf(f->dir, sizeof(f->dir), "/tmp/tsob-emurun.XXXXXX");
	if (!mkdtemp(f->dir) ||
	    tsob_emu_conf_parse(stub_conf, "stub.conf", &f->conf, err, sizeof(err)))
		return -1;
	snprintf(f->log, sizeof(f->log), "%s/stub.log", f->dir);
	setenv("TSOB_STUB_LOG", f->log, 1);
	setenv("TSOB_TEST_STUB", TSOB_STUB, 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd))
		return -1;
	tsob_emu_conf_free(f->conf);
	free(f);
	return 0;
}

/* Runs copy8 at 4096 bytes on one thread under @c, in stub mode @mode. */
static inline void run_avail(const struct tsob_emu_config *c, const char *mode, unsigned warmup,
			     unsigned repeat, const struct tsob_emu_hooks *hooks,
			     unsigned timeout_ms, struct tsob_emu_cell *cell,
			     struct tsob_emu_avail *avail)
{
	struct tsob_emu_cell_conf cc = {
	    .config = c,
	    .avail = avail,
	    .prog = TSOB_X86,
	    .kernel = "copy8",
	    .size = 4096,
	    .threads = 1,
	    .warmup = warmup,
	    .repeat = repeat,
	    .timeout_ms = timeout_ms,
	    .sync = hooks != NULL,
	    .have_reference = true,
	    .hooks = hooks,
	};
	char why[256];

	setenv("TSOB_STUB_MODE", mode, 1);
	assert_int_equal(
	    tsob_emu_reference("copy8", 4096, 1, &cc.ops, &cc.expected, why, sizeof(why)), 0);
	tsob_emu_available(c, avail);
	assert_int_equal(tsob_emu_cell_run(&cc, cell), 0);
}

static inline void run(const struct tsob_emu_config *c, const char *mode, unsigned warmup,
		       unsigned repeat, const struct tsob_emu_hooks *hooks, unsigned timeout_ms,
		       struct tsob_emu_cell *cell)
{
	struct tsob_emu_avail avail;

	run_avail(c, mode, warmup, repeat, hooks, timeout_ms, cell, &avail);
}

#endif
