// SPDX-License-Identifier: MIT
/*
 * emulators.conf: the parser (keys as a table of fields), where a row's
 * emulator is, and the exact argv/envp a row runs with.
 * Written by hand: the format is a dozen keys of "KEY VALUE" lines, and the
 * errors must name the line; no Debian library parses this better.
 */
#include "tsob/emuconf.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/strategy.h"

#define LINE_MAX_LEN 1024
#define NAME_MAX_LEN 64

struct emu {
	struct tsob_emu_emulator pub;
	unsigned seen; /* keys given, one bit per entry of keys[] */
};

struct row {
	struct tsob_emu_config pub;
	char *emulator_name;
	unsigned seen;
};

struct tsob_emu_conf {
	struct emu **emus;
	unsigned nemus;
	struct row **rows;
	unsigned nrows;
};

enum block { B_EMULATOR = 1, B_CONFIG = 2 };
enum ftype { F_TEXT, F_WORDS, F_ENV, F_PREFIX, F_VAR, F_TSO, F_HWTSO };

/* Every key, the block it belongs to, and where its value goes. */
static const struct key {
	const char *name;
	enum block block;
	enum ftype type;
	size_t off, noff; /* field, and its count for lists */
	bool required;
} keys[] = {
    {"program", B_EMULATOR, F_WORDS, offsetof(struct emu, pub.programs),
     offsetof(struct emu, pub.nprograms), false},
    {"path-env", B_EMULATOR, F_VAR, offsetof(struct emu, pub.path_env), 0, false},
    {"version", B_EMULATOR, F_WORDS, offsetof(struct emu, pub.version),
     offsetof(struct emu, pub.nversion), false},
    {"clear-env", B_EMULATOR, F_PREFIX, offsetof(struct emu, pub.clear_env),
     offsetof(struct emu, pub.nclear), false},
    {"env", B_EMULATOR, F_ENV, offsetof(struct emu, pub.env), offsetof(struct emu, pub.nenv),
     false},
    {"checked", B_EMULATOR, F_TEXT, offsetof(struct emu, pub.checked), 0, true},
    {"install", B_EMULATOR, F_TEXT, offsetof(struct emu, pub.install), 0, false},
    {"emulator", B_CONFIG, F_TEXT, offsetof(struct row, emulator_name), 0, true},
    {"run", B_CONFIG, F_WORDS, offsetof(struct row, pub.run), offsetof(struct row, pub.nrun), true},
    {"env", B_CONFIG, F_ENV, offsetof(struct row, pub.env), offsetof(struct row, pub.nenv), false},
    {"stands-for", B_CONFIG, F_TEXT, offsetof(struct row, pub.stands_for), 0, true},
    {"tso", B_CONFIG, F_TSO, offsetof(struct row, pub.tso), 0, true},
    {"hwtso", B_CONFIG, F_HWTSO, offsetof(struct row, pub.hwtso), 0, false},
    {"model", B_CONFIG, F_WORDS, offsetof(struct row, pub.model), offsetof(struct row, pub.nmodel),
     false},
};

static const char *const tso_names[] = {"no", "partial", "yes"};
static const char *const hwtso_names[] = {"any", "use", "block"};

const char *tsob_emu_tso_name(enum tsob_emu_tso t)
{
	return (unsigned)t < 3 ? tso_names[t] : "?";
}

const char *tsob_emu_hwtso_name(enum tsob_emu_hwtso h)
{
	return (unsigned)h < 3 ? hwtso_names[h] : "?";
}

struct parser {
	struct tsob_emu_conf *conf;
	const char *origin;
	unsigned line;
	enum block block; /* 0 before the first block */
	void *obj;	  /* the struct emu or struct row being filled */
	unsigned *seen;
	char *err;
	size_t len;
};

static int fail(struct parser *p, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->len, "%s:%u: ", p->origin, line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < p->len)
		vsnprintf(p->err + n, p->len - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool is_var(const char *s, size_t n)
{
	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

static bool is_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > NAME_MAX_LEN || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._+-", s[i]))
			return false;
	return true;
}

/* Placeholders a template may use; {args} only as a word of its own. */
static int check_template(struct parser *p, const char *w, bool run)
{
	static const char *const known[] = {"{emulator}", "{dir}", "{prog}", "{args}"};

	for (const char *b = strchr(w, '{'); b; b = strchr(b + 1, '{')) {
		size_t i, n = (size_t)(strchr(b, '}') ? strchr(b, '}') - b + 1 : 0);

		for (i = 0; i < 4; i++)
			if (n == strlen(known[i]) && !strncmp(b, known[i], n))
				break;
		if (i == 4 || (!run && i >= 2))
			return fail(p, p->line, "unknown placeholder in '%s' (%s)", w,
				    run ? "{emulator} {dir} {prog} {args}" : "{emulator} {dir}");
		if (i == 3 && strcmp(w, "{args}"))
			return fail(p, p->line, "{args} must be a word of its own, not '%s'", w);
	}
	return 0;
}

static int add_word(struct parser *p, char **arr, unsigned *n, unsigned max, const char *w,
		    size_t wn)
{
	if (*n >= max)
		return fail(p, p->line, "too many values (at most %u)", max);
	arr[*n] = strndup(w, wn);
	if (!arr[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

static int set_words(struct parser *p, const struct key *k, const char *v)
{
	char **arr = (char **)((char *)p->obj + k->off);
	unsigned *n = (unsigned *)((char *)p->obj + k->noff);
	int r;

	for (const char *w = v; *w;) {
		size_t wn = strcspn(w, " \t");

		if ((r = add_word(p, arr, n,
				  k->type == F_WORDS ? TSOB_EMU_MAX_WORDS : TSOB_EMU_MAX_ENV, w,
				  wn)))
			return r;
		if (k->type == F_PREFIX && !is_var(arr[*n - 1], wn))
			return fail(p, p->line, "clear-env: '%s' is not a variable-name prefix",
				    arr[*n - 1]);
		if (!strcmp(k->name, "model") && tsob_strategy_lookup(arr[*n - 1]) < 0)
			return fail(p, p->line, "model: unknown strategy '%s'", arr[*n - 1]);
		if ((!strcmp(k->name, "run") || !strcmp(k->name, "version")) &&
		    (r = check_template(p, arr[*n - 1], k->name[0] == 'r')))
			return r;
		w += wn;
		w += strspn(w, " \t");
	}
	return 0;
}

static int set_env(struct parser *p, const struct key *k, const char *v)
{
	char **arr = (char **)((char *)p->obj + k->off);
	unsigned *n = (unsigned *)((char *)p->obj + k->noff);
	size_t name = strcspn(v, "=");

	if (!v[name] || !is_var(v, name))
		return fail(p, p->line, "env: '%s' is not NAME=VALUE", v);
	for (unsigned i = 0; i < *n; i++)
		if (!strncmp(arr[i], v, name + 1))
			return fail(p, p->line, "env: %.*s set twice in this block", (int)name, v);
	return add_word(p, arr, n, TSOB_EMU_MAX_ENV, v, strlen(v));
}

static int set_enum(struct parser *p, const struct key *k, const char *v)
{
	const char *const *names = k->type == F_TSO ? tso_names : hwtso_names;

	for (int i = 0; i < 3; i++)
		if (!strcmp(v, names[i])) {
			*(int *)((char *)p->obj + k->off) = i;
			return 0;
		}
	return fail(p, p->line, "%s: '%s' is not one of %s|%s|%s", k->name, v, names[0], names[1],
		    names[2]);
}

static int set_key(struct parser *p, const char *key, const char *v)
{
	char **text;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct key *k = &keys[i];

		if (k->block != p->block || strcmp(k->name, key))
			continue;
		if ((*p->seen & (1u << i)) && k->type != F_ENV && k->type != F_PREFIX)
			return fail(p, p->line, "'%s' given twice in this block", key);
		*p->seen |= 1u << i;
		if (!*v)
			return fail(p, p->line, "'%s' needs a value", key);
		switch (k->type) {
		case F_WORDS:
		case F_PREFIX:
			return set_words(p, k, v);
		case F_ENV:
			return set_env(p, k, v);
		case F_TSO:
		case F_HWTSO:
			return set_enum(p, k, v);
		case F_VAR:
			if (!is_var(v, strlen(v)))
				return fail(p, p->line, "%s: '%s' is not a variable name", key, v);
			/* fallthrough */
		case F_TEXT:
			text = (char **)((char *)p->obj + k->off);
			*text = strdup(v);
			return *text ? 0 : -ENOMEM;
		}
	}
	if (!p->block)
		return fail(p, p->line,
			    "'%s' outside a block: start one with [emulator NAME] or "
			    "[config NAME]",
			    key);
	return fail(p, p->line, "unknown key '%s' in an %s block", key,
		    p->block == B_EMULATOR ? "[emulator]" : "[config]");
}

static int grow(void ***arr, unsigned n)
{
	void **a = realloc(*arr, (n + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	*arr = a;
	return 0;
}

/* "[emulator NAME]" or "[config NAME]". */
static int start_block(struct parser *p, char *s)
{
	struct tsob_emu_conf *c = p->conf;
	size_t n = strlen(s);
	char *name;
	bool emu;

	if (s[n - 1] != ']')
		return fail(p, p->line, "a block header is [emulator NAME] or [config NAME]");
	s[n - 1] = '\0';
	emu = !strncmp(s + 1, "emulator ", 9);
	if (!emu && strncmp(s + 1, "config ", 7))
		return fail(p, p->line, "a block header is [emulator NAME] or [config NAME]");
	name = s + (emu ? 10 : 8);
	if (!is_name(name))
		return fail(p, p->line, "bad name '%s' (letters, digits, . _ + -; at most %d)",
			    name, NAME_MAX_LEN);
	for (unsigned i = 0; emu && i < c->nemus; i++)
		if (!strcmp(c->emus[i]->pub.name, name))
			return fail(p, p->line, "emulator '%s' defined twice (line %u)", name,
				    c->emus[i]->pub.line);
	for (unsigned i = 0; !emu && i < c->nrows; i++)
		if (!strcmp(c->rows[i]->pub.name, name))
			return fail(p, p->line, "config '%s' defined twice (line %u)", name,
				    c->rows[i]->pub.line);
	if (emu) {
		struct emu *e = calloc(1, sizeof(*e));

		if (!e || grow((void ***)&c->emus, c->nemus) || !(e->pub.name = strdup(name))) {
			free(e);
			return -ENOMEM;
		}
		c->emus[c->nemus++] = e;
		e->pub.line = p->line;
		p->obj = e;
		p->seen = &e->seen;
	} else {
		struct row *r = calloc(1, sizeof(*r));

		if (!r || grow((void ***)&c->rows, c->nrows) || !(r->pub.name = strdup(name))) {
			free(r);
			return -ENOMEM;
		}
		c->rows[c->nrows++] = r;
		r->pub.line = p->line;
		p->obj = r;
		p->seen = &r->seen;
	}
	p->block = emu ? B_EMULATOR : B_CONFIG;
	return 0;
}

static int parse_line(struct parser *p, char *s)
{
	char *key, *v;
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	s += strspn(s, " \t");
	if (!*s || *s == '#')
		return 0;
	for (const char *c = s; *c; c++)
		if (iscntrl((unsigned char)*c) && *c != '\t')
			return fail(p, p->line, "control character in the line");
	if (*s == '[')
		return start_block(p, s);
	key = s;
	v = s + strcspn(s, " \t");
	if (*v)
		*v++ = '\0';
	v += strspn(v, " \t");
	return set_key(p, key, v);
}

/* What every block must have, and the rows' emulators. */
static int check_blocks(struct parser *p)
{
	struct tsob_emu_conf *c = p->conf;

	for (unsigned i = 0; i < c->nemus; i++) {
		struct emu *e = c->emus[i];

		if (!e->pub.nprograms && !e->pub.path_env)
			return fail(p, e->pub.line,
				    "emulator '%s' has neither program nor path-env", e->pub.name);
		if (!e->pub.checked)
			return fail(p, e->pub.line, "emulator '%s' has no 'checked' line",
				    e->pub.name);
	}
	for (unsigned i = 0; i < c->nrows; i++) {
		struct row *r = c->rows[i];
		bool prog = false, args = false;

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (keys[k].block == B_CONFIG && keys[k].required && !(r->seen & (1u << k)))
				return fail(p, r->pub.line, "config '%s' has no '%s' line",
					    r->pub.name, keys[k].name);
		for (unsigned w = 0; w < r->pub.nrun; w++) {
			prog |= strstr(r->pub.run[w], "{prog}") != NULL;
			args |= !strcmp(r->pub.run[w], "{args}");
		}
		if (!prog || !args)
			return fail(p, r->pub.line, "config '%s': run needs {prog} and {args}",
				    r->pub.name);
		for (unsigned e = 0; e < c->nemus; e++)
			if (!strcmp(c->emus[e]->pub.name, r->emulator_name))
				r->pub.emulator = &c->emus[e]->pub;
		if (!r->pub.emulator)
			return fail(p, r->pub.line, "config '%s': no [emulator %s] in this file",
				    r->pub.name, r->emulator_name);
	}
	if (!c->nrows)
		return fail(p, p->line, "no [config NAME] block");
	return 0;
}

int tsob_emu_conf_parse(const char *text, const char *origin, struct tsob_emu_conf **conf,
			char *err, size_t len)
{
	struct parser p = {.origin = origin, .err = err, .len = len};
	char buf[LINE_MAX_LEN + 2];
	int r = 0;

	*conf = NULL;
	p.conf = calloc(1, sizeof(*p.conf));
	if (!p.conf)
		return -ENOMEM;
	while (*text && !r) {
		size_t n = strcspn(text, "\n");

		p.line++;
		if (n > LINE_MAX_LEN) {
			r = fail(&p, p.line, "line longer than %d characters", LINE_MAX_LEN);
			break;
		}
		memcpy(buf, text, n);
		buf[n] = '\0';
		if (strlen(buf) != n)
			r = fail(&p, p.line, "NUL byte in the line");
		else
			r = parse_line(&p, buf);
		text += n + (text[n] == '\n');
	}
	if (!r)
		r = check_blocks(&p);
	if (r) {
		if (r == -ENOMEM)
			snprintf(err, len, "%s: out of memory", origin);
		tsob_emu_conf_free(p.conf);
		return r;
	}
	*conf = p.conf;
	return 0;
}

int tsob_emu_conf_load(const char *path, struct tsob_emu_conf **conf, char *err, size_t len)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t n = 0;
	int r;

	*conf = NULL;
	if (!f) {
		r = -errno;
		snprintf(err, len, "%s: cannot read: %s", path, strerror(errno));
		return r;
	}
	/* A configuration file is small; a large one is a mistake. */
	text = calloc(1, 1 << 20);
	if (text)
		n = fread(text, 1, (1 << 20) - 1, f);
	r = !text ? -ENOMEM : ferror(f) ? -EIO : !feof(f) ? -EFBIG : 0;
	fclose(f);
	if (r) {
		snprintf(err, len, "%s: %s", path,
			 r == -EFBIG ? "larger than 1 MiB, not a configuration file"
				     : strerror(-r));
		free(text);
		return r;
	}
	if (memchr(text, '\0', n))
		r = -EINVAL, snprintf(err, len, "%s: a NUL byte: not a text file", path);
	else
		r = tsob_emu_conf_parse(text, path, conf, err, len);
	free(text);
	return r;
}

static void free_words(char **w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(w[i]);
}

void tsob_emu_conf_free(struct tsob_emu_conf *conf)
{
	if (!conf)
		return;
	for (unsigned i = 0; i < conf->nemus; i++) {
		struct tsob_emu_emulator *e = &conf->emus[i]->pub;

		free_words(e->programs, e->nprograms);
		free_words(e->version, e->nversion);
		free_words(e->clear_env, e->nclear);
		free_words(e->env, e->nenv);
		free(e->name);
		free(e->path_env);
		free(e->checked);
		free(e->install);
		free(conf->emus[i]);
	}
	for (unsigned i = 0; i < conf->nrows; i++) {
		struct tsob_emu_config *c = &conf->rows[i]->pub;

		free_words(c->run, c->nrun);
		free_words(c->env, c->nenv);
		free_words(c->model, c->nmodel);
		free(c->name);
		free(c->stands_for);
		free(conf->rows[i]->emulator_name);
		free(conf->rows[i]);
	}
	free(conf->emus);
	free(conf->rows);
	free(conf);
}

unsigned tsob_emu_conf_nconfigs(const struct tsob_emu_conf *conf)
{
	return conf ? conf->nrows : 0;
}

const struct tsob_emu_config *tsob_emu_conf_config(const struct tsob_emu_conf *conf, unsigned i)
{
	return conf && i < conf->nrows ? &conf->rows[i]->pub : NULL;
}

const struct tsob_emu_config *tsob_emu_conf_find(const struct tsob_emu_conf *conf, const char *name)
{
	for (unsigned i = 0; conf && name && i < conf->nrows; i++)
		if (!strcmp(conf->rows[i]->pub.name, name))
			return &conf->rows[i]->pub;
	return NULL;
}

const char *tsob_emu_conf_default(void)
{
	const char *path = getenv("TSOB_EMU_CONF");

	return path && *path ? path : TSOB_EMU_CONF_DEFAULT;
}
