// SPDX-License-Identifier: MIT
/*
 * The evidence form: read the inputs, group them by machine, and write the
 * sections between the cover letter's markers. SHA-256 comes from nettle
 * (Debian's nettle-dev), not from code of our own.
 */
#include <errno.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "cover_internal.h"
#include "tsob/json.h"
#include "tsob/output.h"

#define BEGIN_MARK "<!-- evidence:begin -->"
#define END_MARK "<!-- evidence:end -->"

const char *const tsob_cover_label_names[TSOB_COVER_NLABELS] = {
    [TSOB_COVER_UNPATCHED] = "unpatched",
    [TSOB_COVER_KEY_OFF] = "key-off",
    [TSOB_COVER_SERIES] = "series",
    [TSOB_COVER_ALWAYS_WRITE] = "always-write",
};

int tsob_cover_parse_input(const char *arg, struct tsob_cover_input *in, struct tsob_err *e)
{
	const char *eq = strchr(arg, '=');

	in->label = TSOB_COVER_SERIES;
	in->path = arg;
	if (!eq)
		return 0;
	for (int l = 0; l < TSOB_COVER_NLABELS; l++)
		if (strlen(tsob_cover_label_names[l]) == (size_t)(eq - arg) &&
		    !strncmp(arg, tsob_cover_label_names[l], (size_t)(eq - arg))) {
			in->label = (enum tsob_cover_label)l;
			in->path = eq + 1;
			return *in->path
				   ? 0
				   : tsob_err_set(e, -EINVAL, "'%s': no file after the label", arg);
		}
	return tsob_err_set(e, -EINVAL,
			    "'%.*s' is not a kernel label: unpatched, key-off, series or "
			    "always-write (LABEL=FILE)",
			    (int)(eq - arg), arg);
}

/* The whole of @path in memory (NUL-terminated). */
static int slurp(const char *path, char **buf, size_t *len, struct tsob_err *e)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *b;

	if (!f)
		return tsob_err_set(e, -errno, "cannot read %s: %s", path, strerror(errno));
	b = malloc(cap + 1);
	while (b) {
		size_t got = fread(b + n, 1, cap - n, f);

		n += got;
		if (n < cap)
			break;
		cap *= 2;
		b = realloc(b, cap + 1);
	}
	if (!b || ferror(f)) {
		int err = b ? -EIO : -ENOMEM;

		fclose(f);
		free(b);
		return tsob_err_set(e, err, "cannot read %s: %s", path, strerror(-err));
	}
	fclose(f);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

static void sha12(const char *data, size_t len, char out[13])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)data);
	sha256_digest(&ctx, sizeof(d), d);
	for (int i = 0; i < 6; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int machine_of(struct cover *c, const struct tsob_view *v)
{
	for (size_t m = 0; m < c->nm; m++)
		if (!strcmp(c->m[m].host, v->host) && !strcmp(c->m[m].cpu_model, v->cpu_model) &&
		    c->m[m].emulated == v->emulated)
			return (int)m;
	if (c->nm == COVER_MAX_MACHINES)
		return -1;
	c->m[c->nm] = (struct cover_machine){.tag = (char)('A' + c->nm),
					     .host = v->host,
					     .cpu_model = v->cpu_model,
					     .emulated = v->emulated};
	return (int)c->nm++;
}

static int load(struct cover *c, const struct tsob_cover_input *in, struct tsob_err *e)
{
	struct cover_file *f = &c->f[c->nf];
	size_t len;
	char *data;
	int r;

	if ((r = slurp(in->path, &data, &len, e)))
		return r;
	sha12(data, len, f->sha12);
	free(data);
	if ((r = tsob_view_load(in->path, &f->v, e)))
		return r;
	f->path = in->path;
	f->label = in->label;
	c->nf++;
	f->machine = machine_of(c, &f->v);
	if (f->machine < 0)
		return tsob_err_set(e, -E2BIG, "more than %d machines", COVER_MAX_MACHINES);
	for (size_t i = 0; i + 1 < c->nf; i++)
		if (c->f[i].machine == f->machine && c->f[i].label == f->label &&
		    !strcmp(c->f[i].v.command, f->v.command))
			return tsob_err_set(e, -EINVAL,
					    "%s and %s are both '%s' files of %s on one machine "
					    "(%s): give one",
					    c->f[i].path, f->path, f->v.command,
					    tsob_cover_label_names[f->label], f->v.host);
	if (f->v.emulated)
		c->any_emulated = true;
	else
		c->any_native = true;
	return 0;
}

const struct cover_file *cover_find(const struct cover *c, size_t m, enum tsob_cover_label label,
				    const char *command)
{
	for (size_t i = 0; i < c->nf; i++)
		if ((size_t)c->f[i].machine == m && c->f[i].label == label &&
		    !strcmp(c->f[i].v.command, command))
			return &c->f[i];
	return NULL;
}

bool cover_machine_has(const struct cover *c, size_t m, const char *command)
{
	for (int l = 0; l < TSOB_COVER_NLABELS; l++)
		if (cover_find(c, m, (enum tsob_cover_label)l, command))
			return true;
	return false;
}

void cover_machine_line(FILE *o, const struct cover *c, size_t m)
{
	char pin[32] = "";

	if (c->m[m].cpu >= 0)
		snprintf(pin, sizeof(pin), ", pinned to CPU %d", c->m[m].cpu);
	cover_wrapf(o, 0, 4, "[%c] %s, %s%s%s", c->m[m].tag, c->m[m].cpu_model, c->m[m].host, pin,
		    c->m[m].emulated ? " (emulated)" : "");
}

/* "v2" from "Subject: [PATCH v2 0/6] ..."; "v1" when the subject has no version. */
static const char *series_version(const char *patch, char *buf, size_t len)
{
	const char *s = strstr(patch, "\nSubject: [PATCH v");

	if (s && sscanf(s + 18, "%15[0-9]", buf + 1) == 1 && len > 16) {
		buf[0] = 'v';
		return buf;
	}
	return "v1";
}

static void evidence(FILE *o, const struct cover *c)
{
	cover_wrap(o, 0, 0,
		   "This section is generated by `tsobench report --cover-letter` from the "
		   "results files listed in 1: every figure below comes from them. "
		   "Regenerate it rather than edit it.");
	if (c->any_emulated) {
		fputs("\nEMULATED (qemu-system-aarch64, TCG): these results show correctness,\n"
		      "plumbing and instruction counts. Emulated time is not a cost: QEMU does\n"
		      "not model what memory ordering costs. No saving or cost below comes\n"
		      "from an emulated run.\n",
		      o);
	}
	cover_provenance(o, c);
	cover_savings(o, c);
	cover_ctxsw(o, c);
	cover_litmus(o, c);
	cover_seq(o, c);
	if (c->any_emulated)
		cover_emulated(o, c);
}

/* Where the markers are: each exactly once, on a line of its own, in order. */
static int markers(const char *text, const char *patch, const char **begin, const char **end,
		   struct tsob_err *e)
{
	const char *b = strstr(text, "\n" BEGIN_MARK "\n"), *x = strstr(text, "\n" END_MARK "\n");

	if (!b || !x)
		return tsob_err_set(e, -EINVAL, "%s: no '%s' line", patch,
				    b ? END_MARK : BEGIN_MARK);
	if (strstr(b + 1, "\n" BEGIN_MARK "\n") || strstr(x + 1, "\n" END_MARK "\n"))
		return tsob_err_set(e, -EINVAL, "%s: an evidence marker appears twice", patch);
	if (x < b)
		return tsob_err_set(e, -EINVAL, "%s: '%s' comes before '%s'", patch, END_MARK,
				    BEGIN_MARK);
	*begin = b + 1 + strlen(BEGIN_MARK) + 1;
	*end = x + 1;
	return 0;
}

/* One blank line at most between paragraphs, none at the start or the end. */
static size_t squeeze(char *s, size_t len)
{
	size_t w = 0, nl = 2; /* as if after a blank line: drops leading ones */

	for (size_t r = 0; r < len; r++) {
		nl = s[r] == '\n' ? nl + 1 : 0;
		if (nl <= 2)
			s[w++] = s[r];
	}
	while (w >= 2 && s[w - 1] == '\n' && s[w - 2] == '\n')
		w--;
	return w;
}

struct letter {
	const char *text, *begin, *end, *evidence;
	size_t evidence_len;
};

static int write_letter(FILE *f, void *arg)
{
	const struct letter *l = arg;

	fwrite(l->text, 1, (size_t)(l->begin - l->text), f);
	fwrite(l->evidence, 1, l->evidence_len, f);
	fputs(l->end, f);
	return ferror(f) ? -EIO : 0;
}

static int compose(struct cover *c, const char *patch, const char *out, struct tsob_err *e)
{
	struct letter l = {0};
	char *text, *ev = NULL, ver[20];
	size_t len;
	const char *what = NULL;
	FILE *o;
	int r;

	if ((r = slurp(patch, &text, &len, e)))
		return r;
	if ((r = markers(text, patch, &l.begin, &l.end, e)))
		goto out;
	c->series = series_version(text, ver, sizeof(ver));
	o = open_memstream(&ev, &l.evidence_len);
	if (!o) {
		r = tsob_err_set(e, -ENOMEM, "out of memory");
		goto out;
	}
	evidence(o, c);
	fclose(o);
	l.evidence_len = squeeze(ev, l.evidence_len);
	l.text = text;
	l.evidence = ev;
	r = tsob_output_write(out, write_letter, &l, &what);
	if (r)
		tsob_err_set(e, r, "cannot write %s: %s: %s", out, what ? what : "write",
			     strerror(-r));
out:
	free(ev);
	free(text);
	return r;
}

int tsob_cover_write(const char *patch, const char *out, const struct tsob_cover_input *in,
		     size_t n, struct tsob_err *e)
{
	struct cover *c = calloc(1, sizeof(*c));
	int r = 0;

	if (!c)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	if (n > COVER_MAX_FILES)
		r = tsob_err_set(e, -E2BIG, "more than %d results files", COVER_MAX_FILES);
	for (size_t i = 0; !r && i < n; i++)
		r = load(c, &in[i], e);
	if (!r)
		r = compose(c, patch, out, e);
	for (size_t i = 0; i < c->nf; i++)
		tsob_view_free(&c->f[i].v);
	free(c);
	return r;
}
