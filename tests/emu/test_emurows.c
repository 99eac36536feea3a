// SPDX-License-Identifier: MIT
/*
 * Every row of the shipped emulators.conf through the stub emulator
 * (stub-emulator.sh as qemu-x86_64, FEX, FEXGetConfig and box64, through each
 * emulator's path-env variable): the stub records its argv, its environment
 * and its seccomp mode, then runs tsob-x86; each row must have run with
 * exactly the command and variables it was built with, its own, and no
 * variable of its emulator's prefixes from the caller's environment.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "emu_stub.h"
#include "tsob/emurun.h"

/* What the stub recorded: its argv, its environment and its seccomp mode. */
struct record {
	char *argv[16], *env[256];
	unsigned nargv, nenv;
	int seccomp;
	char buf[65536];
};

static void read_record(const char *path, struct record *r)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	memset(r, 0, sizeof(*r));
	r->seccomp = -1;
	n = fread(r->buf, 1, sizeof(r->buf) - 1, fp);
	fclose(fp);
	r->buf[n] = '\0';
	for (char *save = NULL, *l = strtok_r(r->buf, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "argv ", 5) && r->nargv < 16)
			r->argv[r->nargv++] = l + 5;
		else if (!strncmp(l, "env ", 4) && r->nenv < 256)
			r->env[r->nenv++] = l + 4;
		else if (!strncmp(l, "seccomp ", 8))
			r->seccomp = atoi(l + 8);
	}
}

static bool in_list(char *const *list, unsigned n, const char *s)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static bool in_vec(char *const *v, const char *s)
{
	for (; *v; v++)
		if (!strcmp(*v, s))
			return true;
	return false;
}

static unsigned count(char *const *v)
{
	unsigned n = 0;

	while (v[n])
		n++;
	return n;
}

/* Each row's emulator is the stub (through its path-env variable), with
 * variables of every emulator's prefix in the caller's environment that must
 * not reach it: the stub must see exactly the row's argv and envp. */
static void test_every_row(void **state)
{
	static const char *const alias[][2] = {{"TSOB_QEMU_X86_64", "qemu-x86_64"},
					       {"TSOB_FEX", "FEX"},
					       {"TSOB_BOX64", "box64"},
					       {NULL, "FEXGetConfig"}};
	static const char *const noise[] = {"BOX64_DYNAREC_STRONGMEM=3", "BOX64_FOO=1",
					    "FEX_TSOENABLED=7",		 "FEX_FOO=1",
					    "QEMU_LOG=in_asm",		 "QEMU_CPU=max"};
	struct fixture *f = *state;
	struct tsob_emu_conf *conf;
	struct record *r = malloc(sizeof(*r));
	char err[256], path[128];
	unsigned ran = 0;

	assert_int_equal(tsob_emu_conf_load(TSOB_EMU_CONF, &conf, err, sizeof(err)), 0);
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, alias[i][1]);
		assert_int_equal(symlink(TSOB_STUB, path), 0);
		if (alias[i][0])
			setenv(alias[i][0], path, 1);
	}
	for (size_t i = 0; i < 6; i++)
		putenv((char *)noise[i]);
	for (unsigned i = 0; i < tsob_emu_conf_nconfigs(conf); i++) {
		const struct tsob_emu_config *c = tsob_emu_conf_config(conf, i);
		struct tsob_emu_avail avail;
		struct tsob_emu_cell cell;

		unlink(f->log);
		run_avail(c, "record", 0, 1, NULL, 30000, &cell, &avail);
		if (cell.status == TSOB_EMU_UNAVAILABLE && c->hwtso == TSOB_EMU_HWTSO_USE) {
			print_message("%-15s unavailable here: %s\n", c->name, cell.error);
			tsob_emu_cell_free(&cell);
			continue;
		}
		if (cell.status != TSOB_EMU_OK)
			fail_msg("%s: %s: %s", c->name, tsob_emu_status_name(cell.status),
				 cell.error);
		read_record(f->log, r);
		/* argv: the stub, the program, its arguments; nothing else. */
		assert_int_equal(r->nargv, 7);
		assert_int_equal(count(cell.cmd.argv), 7);
		for (unsigned a = 0; a < 7; a++)
			assert_string_equal(r->argv[a], cell.cmd.argv[a]);
		assert_string_equal(r->argv[1], TSOB_X86);
		assert_string_equal(r->argv[2], "copy8");
		/* envp: exactly what was built (the shell sets PWD itself). */
		for (unsigned e = 0; e < r->nenv; e++)
			if (!in_vec(cell.cmd.envp, r->env[e]) && strncmp(r->env[e], "PWD=", 4))
				fail_msg("%s: the stub saw %s", c->name, r->env[e]);
		for (char **e = cell.cmd.envp; *e; e++)
			if (!in_list(r->env, r->nenv, *e) && strncmp(*e, "PWD=", 4))
				fail_msg("%s: %s did not reach the stub", c->name, *e);
		/* The row's variables and its emulator's all arrive, and none other
		 * of the emulator's own prefixes (FEX_ for FEX, ...). */
		for (unsigned e = 0; e < c->nenv; e++)
			assert_true(in_list(r->env, r->nenv, c->env[e]));
		for (unsigned e = 0; e < c->emulator->nenv; e++)
			assert_true(in_list(r->env, r->nenv, c->emulator->env[e]));
		assert_true(c->emulator->nclear > 0);
		for (unsigned e = 0; e < r->nenv; e++)
			for (unsigned p = 0; p < c->emulator->nclear; p++)
				if (!strncmp(r->env[e], c->emulator->clear_env[p],
					     strlen(c->emulator->clear_env[p])) &&
				    !in_vec(cell.cmd.set, r->env[e]))
					fail_msg("%s: %s reached the emulator", c->name, r->env[e]);
		/* hwtso block: the emulator runs under the seccomp filter. */
		assert_int_equal(r->seccomp, avail.block_hwtso ? 2 : r->seccomp < 0 ? -1 : 0);
		assert_true(!avail.block_hwtso || c->hwtso == TSOB_EMU_HWTSO_BLOCK);
		print_message("%-22s ok: %u variables set, seccomp mode %d, %s\n", c->name,
			      count(cell.cmd.set), r->seccomp, cell.version);
		ran++;
		tsob_emu_cell_free(&cell);
	}
	assert_true(ran >= 22);
	free(r);
	tsob_emu_conf_free(conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_every_row, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
