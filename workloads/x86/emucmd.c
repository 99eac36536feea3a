// SPDX-License-Identifier: MIT
/*
 * The command a row of emulators.conf runs: where its emulator is (never an
 * error: a reason when it is missing), and the exact argv and envp.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tsob/emuconf.h"
#include "emuproc.h"
#include "tsob/emumodel.h"

extern char **environ;

static bool executable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

bool tsob_emu_which(const char *name, char *out, size_t len)
{
	const char *path = getenv("PATH");

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *d = path;; d++) {
		size_t n = strcspn(d, ":");

		if ((size_t)snprintf(out, len, "%.*s/%s", n ? (int)n : 1, n ? d : ".", name) <
			len &&
		    executable(out))
			return true;
		d += n;
		if (!*d)
			return false;
	}
}

/* The emulator's executable: $path-env, else the first program found. */
static bool resolve(const struct tsob_emu_emulator *e, struct tsob_emu_avail *a)
{
	const char *v = e->path_env ? getenv(e->path_env) : NULL;
	size_t used;

	if (v && *v) {
		if (!executable(v) || strlen(v) >= sizeof(a->path)) {
			snprintf(a->how, sizeof(a->how), "%s: $%s=%s is not an executable file",
				 e->name, e->path_env, v);
			return false;
		}
		snprintf(a->path, sizeof(a->path), "%s", v);
		snprintf(a->how, sizeof(a->how), "%s from $%s", e->name, e->path_env);
		return true;
	}
	for (unsigned i = 0; i < e->nprograms; i++) {
		const char *p = e->programs[i];

		if (strchr(p, '/') ? executable(p) && strlen(p) < sizeof(a->path)
				   : tsob_emu_which(p, a->path, sizeof(a->path))) {
			if (strchr(p, '/'))
				snprintf(a->path, sizeof(a->path), "%s", p);
			snprintf(a->how, sizeof(a->how), "%s found as %.250s", e->name, a->path);
			return true;
		}
	}
	used = (size_t)snprintf(a->how, sizeof(a->how), "%s is not installed (", e->name);
	for (unsigned i = 0; i < e->nprograms && used < sizeof(a->how); i++)
		used += (size_t)snprintf(a->how + used, sizeof(a->how) - used, "%s%s",
					 i ? " or " : "no ", e->programs[i]);
	if (used < sizeof(a->how))
		used += (size_t)snprintf(a->how + used, sizeof(a->how) - used, "%s%s%s%s)%s%s",
					 e->nprograms ? " on PATH" : "",
					 e->path_env && e->nprograms ? "; " : "",
					 e->path_env ? "set " : "", e->path_env ? e->path_env : "",
					 e->install ? ": " : "", e->install ? e->install : "");
	return false;
}

bool tsob_emu_available(const struct tsob_emu_config *c, struct tsob_emu_avail *a)
{
	char why[256];
	int granted;

	memset(a, 0, sizeof(*a));
	if (!resolve(c->emulator, a))
		return false;
	if (c->hwtso == TSOB_EMU_HWTSO_ANY)
		return a->available = true;
	granted = tsob_emu_hwtso_grantable(why, sizeof(why));
	if (c->hwtso == TSOB_EMU_HWTSO_USE) {
		size_t n = strlen(a->how);

		if (!granted)
			snprintf(a->how, sizeof(a->how), "needs hardware TSO: %s", why);
		else /* which prctl values were granted, beside where the emulator is */
			snprintf(a->how + n, sizeof(a->how) - n, "; %s", why);
		return a->available = granted;
	}
	/* block: the filter wherever it works, even where nothing is granted. */
	a->block_hwtso = tsob_emu_seccomp_usable(why, sizeof(why));
	if (!a->block_hwtso && granted) {
		snprintf(a->how, sizeof(a->how), "cannot refuse hardware TSO to the emulator: %s",
			 why);
		return false;
	}
	return a->available = true;
}

/* @w with {emulator}, {dir} and {prog} replaced; NULL when out of memory. */
static char *subst(const char *w, const char *emulator, const char *prog)
{
	const char *slash = strrchr(emulator, '/');
	size_t dirn = slash ? (size_t)(slash - emulator) : 1;
	size_t n = strlen(w) + 1, el = strlen(emulator), pl = strlen(prog ? prog : "");
	char *out, *o;

	/* Every placeholder is longer than 4 characters: this bound is generous. */
	out = malloc(n + (n / 5 + 1) * (el + pl + 2));
	if (!out)
		return NULL;
	for (o = out; *w;) {
		if (!strncmp(w, "{emulator}", 10)) {
			o = stpcpy(o, emulator);
			w += 10;
		} else if (!strncmp(w, "{dir}", 5)) {
			o = slash ? (char *)memcpy(o, emulator, dirn) + dirn : stpcpy(o, ".");
			w += 5;
		} else if (prog && !strncmp(w, "{prog}", 6)) {
			o = stpcpy(o, prog);
			w += 6;
		} else {
			*o++ = *w++;
		}
	}
	*o = '\0';
	return out;
}

static size_t count(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

static void free_vec(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void tsob_emu_cmd_free(struct tsob_emu_cmd *cmd)
{
	free_vec(cmd->argv);
	free_vec(cmd->envp);
	free_vec(cmd->set);
	memset(cmd, 0, sizeof(*cmd));
}

static bool same_name(const char *a, const char *b)
{
	size_t n = strcspn(a, "=");

	return !strncmp(a, b, n) && b[n] == '=';
}

static bool set_in(const char *var, char *const *list, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (same_name(list[i], var))
			return true;
	return false;
}

/* The base environment without what the emulator clears or the row sets,
 * then the emulator's env lines (unless the row overrides them), then the row's. */
static int build_env(const struct tsob_emu_emulator *e, char *const *row, unsigned nrow,
		     char *const base[], struct tsob_emu_cmd *cmd)
{
	size_t nb = count(base), ne = 0, ns = 0;

	cmd->envp = calloc(nb + e->nenv + nrow + 1, sizeof(char *));
	cmd->set = calloc(e->nenv + nrow + 1, sizeof(char *));
	if (!cmd->envp || !cmd->set)
		return -ENOMEM;
	for (size_t i = 0; i < nb; i++) {
		bool drop = set_in(base[i], e->env, e->nenv) || set_in(base[i], row, nrow);

		for (unsigned p = 0; p < e->nclear && !drop; p++)
			drop = !strncmp(base[i], e->clear_env[p], strlen(e->clear_env[p]));
		if (!drop && !(cmd->envp[ne++] = strdup(base[i])))
			return -ENOMEM;
	}
	for (unsigned i = 0; i < e->nenv + nrow; i++) {
		const char *v = i < e->nenv ? e->env[i] : row[i - e->nenv];

		if (i < e->nenv && set_in(v, row, nrow))
			continue;
		if (!(cmd->envp[ne++] = strdup(v)) || !(cmd->set[ns++] = strdup(v)))
			return -ENOMEM;
	}
	return 0;
}

int tsob_emu_cmd_build(const struct tsob_emu_config *c, const char *emulator, const char *prog,
		       char *const args[], char *const base[], struct tsob_emu_cmd *cmd, char *err,
		       size_t len)
{
	size_t na = count(args), n = 0;
	int r = -ENOMEM;

	memset(cmd, 0, sizeof(*cmd));
	cmd->argv = calloc(c->nrun + na + 1, sizeof(char *));
	if (!cmd->argv)
		goto fail;
	for (unsigned i = 0; i < c->nrun; i++) {
		if (!strcmp(c->run[i], "{args}")) {
			for (size_t j = 0; j < na; j++)
				if (!(cmd->argv[n++] = strdup(args[j])))
					goto fail;
		} else if (!(cmd->argv[n++] = subst(c->run[i], emulator, prog))) {
			goto fail;
		}
	}
	r = build_env(c->emulator, c->env, c->nenv, base ? base : environ, cmd);
	if (!r)
		return 0;
fail:
	snprintf(err, len, "%s: out of memory building the command", c->name);
	tsob_emu_cmd_free(cmd);
	return r;
}

int tsob_emu_cmd_version(const struct tsob_emu_config *c, const char *emulator, char *const base[],
			 struct tsob_emu_cmd *cmd, char *err, size_t len)
{
	const struct tsob_emu_emulator *e = c->emulator;
	int r = -ENOMEM;

	memset(cmd, 0, sizeof(*cmd));
	if (!e->nversion) {
		snprintf(err, len, "%s: the emulator block has no version command", e->name);
		return -ENOENT;
	}
	cmd->argv = calloc(e->nversion + 1, sizeof(char *));
	if (!cmd->argv)
		goto fail;
	for (unsigned i = 0; i < e->nversion; i++)
		if (!(cmd->argv[i] = subst(e->version[i], emulator, NULL)))
			goto fail;
	r = build_env(e, NULL, 0, base ? base : environ, cmd);
	if (!r)
		return 0;
fail:
	snprintf(err, len, "%s: out of memory building the version command", e->name);
	tsob_emu_cmd_free(cmd);
	return r;
}
