// SPDX-License-Identifier: MIT
/*
 * emulators.conf and its parser: the shipped rows, every malformed input with
 * its line, where an emulator is found (or why not), the exact argv/envp of
 * a row, and the seccomp filter that refuses hardware TSO.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "tsob/emuconf.h"
#include "tsob/emumodel.h"

static struct tsob_emu_conf *load_shipped(void)
{
	struct tsob_emu_conf *conf;
	char err[512];

	if (tsob_emu_conf_load(TSOB_EMU_CONF, &conf, err, sizeof(err)))
		fail_msg("%s", err);
	return conf;
}

static const char *env_of(const struct tsob_emu_config *c, const char *name)
{
	size_t n = strlen(name);

	for (unsigned i = 0; i < c->nenv; i++)
		if (!strncmp(c->env[i], name, n) && c->env[i][n] == '=')
			return c->env[i] + n + 1;
	return NULL;
}

static void test_shipped(void **state)
{
	static const char *const fex[] = {"FEX_TSOENABLED", "FEX_VECTORTSOENABLED",
					  "FEX_MEMCPYSETTSOENABLED", "FEX_HALFBARRIERTSOENABLED"};
	struct tsob_emu_conf *conf = load_shipped();
	unsigned box64[5][3] = {{0}}, nfex = 0, nbox = 0;

	assert_int_equal(tsob_emu_conf_nconfigs(conf), 23);
	for (unsigned i = 0; i < tsob_emu_conf_nconfigs(conf); i++) {
		const struct tsob_emu_config *c = tsob_emu_conf_config(conf, i);
		const char *e = c->emulator->name;

		assert_non_null(c->stands_for);
		assert_non_null(c->emulator->checked);
		assert_ptr_equal(tsob_emu_conf_find(conf, c->name), c);
		if (!strcmp(e, "fex")) {
			nfex++;
			/* Every FEX row sets all four options: nothing left to defaults. */
			for (unsigned k = 0; k < 4; k++)
				assert_non_null(env_of(c, fex[k]));
			assert_int_equal(c->hwtso,
					 !strcmp(c->name, "fex-hwtso")	 ? TSOB_EMU_HWTSO_USE
					 : !strcmp(c->name, "fex-notso") ? TSOB_EMU_HWTSO_ANY
									 : TSOB_EMU_HWTSO_BLOCK);
		} else if (!strcmp(e, "box64")) {
			int sm = atoi(env_of(c, "BOX64_DYNAREC_STRONGMEM"));
			int wb = atoi(env_of(c, "BOX64_DYNAREC_WEAKBARRIER"));

			assert_in_range(sm, 0, 4);
			assert_in_range(wb, 0, 2);
			box64[sm][wb]++;
			nbox++;
			assert_int_equal(c->tso, sm == 0   ? TSOB_EMU_TSO_NO
						 : sm == 4 ? TSOB_EMU_TSO_YES
							   : TSOB_EMU_TSO_PARTIAL);
		} else {
			assert_string_equal(c->name, "qemu");
			assert_int_equal(c->tso, TSOB_EMU_TSO_YES);
			assert_string_equal(c->model[0], "dmb");
		}
	}
	assert_int_equal(nfex, 7);
	assert_int_equal(nbox, 15);
	for (int sm = 0; sm < 5; sm++)
		for (int wb = 0; wb < 3; wb++)
			assert_int_equal(box64[sm][wb], 1);
	assert_null(tsob_emu_conf_find(conf, "box64-sm5-wb0"));
	tsob_emu_conf_free(conf);
}

/* A malformed file and the start of its one-line error. */
struct bad_case {
	const char *text;
	const char *err;
};

static void test_malformed(void **state)
{
	static const struct bad_case cases[] = {
	    {"", "t.conf:0: no [config NAME] block"},
	    {"tso yes\n", "t.conf:1: 'tso' outside a block"},
	    {"[emulator e]\nprogram e\nchecked c\nbogus 1\n", "t.conf:4: unknown key 'bogus'"},
	    {"[emulator e]\nchecked c\n", "t.conf:1: emulator 'e' has neither program"},
	    {"[emulator e]\nprogram e\n[config c]\nemulator e\nrun {prog} {args}\n"
	     "stands-for x\ntso yes\n",
	     "t.conf:1: emulator 'e' has no 'checked' line"},
	    {"[emulator]\n", "t.conf:1: a block header is"},
	    {"[config c\n", "t.conf:1: a block header is"},
	    {"[thing c]\n", "t.conf:1: a block header is"},
	    {"[config a b]\n", "t.conf:1: bad name 'a b'"},
	    {"[config c]\n[config c]\n", "t.conf:2: config 'c' defined twice (line 1)"},
	    {"[config c]\nrun {emulator} {prog}\nemulator e\nstands-for x\ntso yes\n",
	     "t.conf:1: config 'c': run needs {prog} and {args}"},
	    {"[config c]\nrun {emulator} {prog} x{args}\n", "t.conf:2: {args} must be a word"},
	    {"[config c]\nrun {emulator} {program} {args}\n", "t.conf:2: unknown placeholder"},
	    {"[emulator e]\nversion {prog} --version\n", "t.conf:2: unknown placeholder"},
	    {"[config c]\ntso maybe\n", "t.conf:2: tso: 'maybe' is not one of no|partial|yes"},
	    {"[config c]\nhwtso always\n", "t.conf:2: hwtso: 'always' is not one of"},
	    {"[config c]\nenv FOO\n", "t.conf:2: env: 'FOO' is not NAME=VALUE"},
	    {"[config c]\nenv 1X=2\n", "t.conf:2: env: '1X=2' is not NAME=VALUE"},
	    {"[config c]\nenv A=1\nenv A=2\n", "t.conf:3: env: A set twice"},
	    {"[config c]\nstands-for a\nstands-for b\n", "t.conf:3: 'stands-for' given twice"},
	    {"[config c]\ntso\n", "t.conf:2: 'tso' needs a value"},
	    {"[config c]\nmodel dmb tso\n", "t.conf:2: model: unknown strategy 'tso'"},
	    {"[emulator e]\nclear-env A-\n", "t.conf:2: clear-env: 'A-' is not"},
	    {"[emulator e]\npath-env 9X\n", "t.conf:2: path-env: '9X' is not a variable"},
	    {"[config c]\nstands-for a\x01b\n", "t.conf:2: control character"},
	    {"[config c]\nemulator nope\nrun {prog} {args}\nstands-for x\ntso yes\n",
	     "t.conf:1: config 'c': no [emulator nope] in this file"},
	    {"[config c]\nemulator e\nrun {prog} {args}\ntso yes\n",
	     "t.conf:1: config 'c' has no 'stands-for' line"},
	    {"[emulator e]\nemulator x\n", "t.conf:2: unknown key 'emulator' in an [emulator]"},
	    {"[config c]\nchecked x\n", "t.conf:2: unknown key 'checked' in a"},
	};
	char err[512], longline[1100];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tsob_emu_conf *conf = (void *)1;

		err[0] = '\0';
		assert_int_equal(
		    tsob_emu_conf_parse(cases[i].text, "t.conf", &conf, err, sizeof(err)), -EINVAL);
		assert_null(conf);
		if (strncmp(err, cases[i].err, strlen(cases[i].err)))
			fail_msg("case %zu: got '%s', want '%s...'", i, err, cases[i].err);
		assert_null(strchr(err, '\n'));
	}
	memset(longline, 'a', sizeof(longline));
	memcpy(longline, "# ", 2);
	longline[sizeof(longline) - 1] = '\0';
	assert_int_equal(tsob_emu_conf_parse(longline, "t.conf", &(struct tsob_emu_conf *){NULL},
					     err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "t.conf:1: line longer than 1024 characters");
}

static void test_load_errors(void **state)
{
	struct tsob_emu_conf *conf;
	char err[512];

	assert_int_equal(tsob_emu_conf_load("/nonexistent/emulators.conf", &conf, err, sizeof(err)),
			 -ENOENT);
	assert_string_equal(err, "/nonexistent/emulators.conf: cannot read: No such file or "
				 "directory");
	assert_int_not_equal(tsob_emu_conf_load("/", &conf, err, sizeof(err)), 0);
	assert_null(conf);
	assert_non_null(strstr(err, "/: "));
}

static struct tsob_emu_conf *parse(const char *text)
{
	struct tsob_emu_conf *conf;
	char err[512];

	if (tsob_emu_conf_parse(text, "t.conf", &conf, err, sizeof(err)))
		fail_msg("%s", err);
	return conf;
}

static void test_available(void **state)
{
	struct tsob_emu_conf *conf = parse(
	    "[emulator e]\nprogram tsob-no-such-emulator /nonexistent/emu\npath-env TSOB_TEST_EMU\n"
	    "checked by hand\ninstall build it yourself\n"
	    "[config c]\nemulator e\nrun {emulator} {prog} {args}\nstands-for x\ntso yes\n");
	const struct tsob_emu_config *c = tsob_emu_conf_config(conf, 0);
	struct tsob_emu_avail a;
	char dir[] = "/tmp/tsob-emuconf.XXXXXX", path[300], *old = strdup(getenv("PATH"));
	FILE *f;

	unsetenv("TSOB_TEST_EMU");
	assert_false(tsob_emu_available(c, &a));
	assert_string_equal(a.how,
			    "e is not installed (no tsob-no-such-emulator or /nonexistent/emu "
			    "on PATH; set TSOB_TEST_EMU): build it yourself");
	setenv("TSOB_TEST_EMU", TSOB_EMU_CONF, 1); /* a file, but not executable */
	assert_false(tsob_emu_available(c, &a));
	assert_non_null(strstr(a.how, "$TSOB_TEST_EMU=" TSOB_EMU_CONF " is not an executable"));
	setenv("TSOB_TEST_EMU", "/bin/true", 1);
	assert_true(tsob_emu_available(c, &a));
	assert_string_equal(a.path, "/bin/true");
	assert_string_equal(a.how, "e from $TSOB_TEST_EMU");
	unsetenv("TSOB_TEST_EMU");

	/* Found on PATH under its program name, in a directory of our own. */
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/tsob-no-such-emulator", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("#!/bin/sh\n", f);
	fclose(f);
	assert_int_equal(chmod(path, 0755), 0);
	setenv("PATH", dir, 1);
	assert_true(tsob_emu_available(c, &a));
	assert_string_equal(a.path, path);
	setenv("PATH", old, 1);
	unlink(path);
	rmdir(dir);
	free(old);
	tsob_emu_conf_free(conf);
}

/* FEX and box64 are not in Debian 12: their rows say so, and how to fix it. */
static void test_unpackaged(void **state)
{
	struct tsob_emu_conf *conf = load_shipped();
	char *old = strdup(getenv("PATH"));

	setenv("PATH", "/nonexistent", 1);
	unsetenv("TSOB_FEX");
	unsetenv("TSOB_BOX64");
	for (unsigned i = 0; i < tsob_emu_conf_nconfigs(conf); i++) {
		const struct tsob_emu_config *c = tsob_emu_conf_config(conf, i);
		const char *var = !strcmp(c->emulator->name, "fex") ? "TSOB_FEX" : "TSOB_BOX64";
		struct tsob_emu_avail a;

		if (!strcmp(c->name, "qemu"))
			continue;
		assert_false(tsob_emu_available(c, &a));
		assert_non_null(strstr(a.how, " is not installed (no "));
		assert_non_null(strstr(a.how, var));
		assert_non_null(strstr(a.how, "not packaged in Debian 12"));
		if (!strcmp(c->name, "fex-tso") || !strcmp(c->name, "box64-sm0-wb1"))
			print_message("%s: %s\n", c->name, a.how);
	}
	setenv("PATH", old, 1);
	free(old);
	tsob_emu_conf_free(conf);
}

/* hwtso use needs the prctl; block runs with the filter wherever it works. */
static void test_hwtso_rows(void **state)
{
	struct tsob_emu_conf *conf = load_shipped();
	struct tsob_emu_avail a;
	char why[256];
	int granted = tsob_emu_hwtso_grantable(why, sizeof(why));

	setenv("TSOB_FEX", "/bin/true", 1);
	assert_int_equal(tsob_emu_available(tsob_emu_conf_find(conf, "fex-hwtso"), &a), granted);
	if (!granted)
		assert_non_null(strstr(a.how, "needs hardware TSO: prctl(PR_SET_MEM_MODEL, TSO) is "
					      "refused here"));
	assert_true(tsob_emu_available(tsob_emu_conf_find(conf, "fex-tso"), &a) || granted);
	assert_int_equal(a.block_hwtso, tsob_emu_seccomp_usable(why, sizeof(why)));
	assert_true(tsob_emu_available(tsob_emu_conf_find(conf, "fex-notso"), &a));
	assert_false(a.block_hwtso);
	unsetenv("TSOB_FEX");
	tsob_emu_conf_free(conf);
}

static void assert_vec(char **got, const char *const *want)
{
	size_t i = 0;

	for (; want[i]; i++) {
		assert_non_null(got[i]);
		assert_string_equal(got[i], want[i]);
	}
	assert_null(got[i]);
}

static void test_cmd_build(void **state)
{
	struct tsob_emu_conf *conf =
	    parse("[emulator e]\nprogram e\nversion {dir}/e-version --version\nclear-env PFX_\n"
		  "env B=2\nenv C=3\nchecked by hand\n"
		  "[config c]\nemulator e\nrun {emulator} -x {dir}/lib {prog} {args} --tail\n"
		  "env C=4\nenv A=1 with blanks\nstands-for x\ntso yes\n");
	char *const base[] = {"PFX_X=1", "A=0", "KEEP=1", "C=9", "PFXNOT=2", "B=7", NULL};
	char *const args[] = {"copy8", "4096", NULL};
	static const char *const argv[] = {"/opt/e/bin/e", "-x",   "/opt/e/bin/lib", "/p/tsob-x86",
					   "copy8",	   "4096", "--tail",	     NULL};
	static const char *const envp[] = {"KEEP=1", "PFXNOT=2",	"B=2",
					   "C=4",    "A=1 with blanks", NULL};
	static const char *const set[] = {"B=2", "C=4", "A=1 with blanks", NULL};
	static const char *const version[] = {"/opt/e/bin/e-version", "--version", NULL};
	static const char *const venv[] = {"A=0", "KEEP=1", "PFXNOT=2", "B=2", "C=3", NULL};
	const struct tsob_emu_config *c = tsob_emu_conf_config(conf, 0);
	struct tsob_emu_cmd cmd;
	char err[256];

	assert_int_equal(tsob_emu_cmd_build(c, "/opt/e/bin/e", "/p/tsob-x86", args, base, &cmd, err,
					    sizeof(err)),
			 0);
	assert_vec(cmd.argv, argv);
	assert_vec(cmd.envp, envp);
	assert_vec(cmd.set, set);
	tsob_emu_cmd_free(&cmd);
	assert_int_equal(tsob_emu_cmd_version(c, "/opt/e/bin/e", base, &cmd, err, sizeof(err)), 0);
	assert_vec(cmd.argv, version);
	assert_vec(cmd.envp, venv);
	tsob_emu_cmd_free(&cmd);
	tsob_emu_conf_free(conf);
}

/* The filter answers the memory-model prctls, in the v2 and the downstream
 * values, with the errno asked for (ENOTSUP here, to tell it from this
 * kernel's own EINVAL), and nothing else. */
static void test_refuse_filter(void **state)
{
	char why[256];
	int status;
	pid_t pid;

	if (!tsob_emu_seccomp_usable(why, sizeof(why))) {
		print_message("SKIP: %s\n", why);
		skip();
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int bad = tsob_emu_hwtso_refuse(ENOTSUP) != 0;

		static const int options[] = {PR_GET_MEM_MODEL, PR_SET_MEM_MODEL,
					      TSOB_PR_GET_MEM_MODEL_DOWNSTREAM,
					      TSOB_PR_SET_MEM_MODEL_DOWNSTREAM};

		for (unsigned i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
			errno = 0;
			bad |= prctl(options[i], i % 2 ? PR_SET_MEM_MODEL_TSO : 0, 0, 0, 0) != -1 ||
			       errno != ENOTSUP;
		}
		bad |= prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) < 0;
		_exit(bad);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped),	cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_load_errors), cmocka_unit_test(test_available),
	    cmocka_unit_test(test_unpackaged),	cmocka_unit_test(test_hwtso_rows),
	    cmocka_unit_test(test_cmd_build),	cmocka_unit_test(test_refuse_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
