// SPDX-License-Identifier: MIT
/*
 * Filling a LAVA job template, line by line: placeholders that are whole
 * YAML values, and blocks kept only when a value is set (job_internal.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "job_internal.h"

#define MAX_DEPTH 8

struct render {
	const struct filled *f;
	FILE *out;
	struct tsob_err *e;
	uint64_t *used;
	unsigned line;
	const struct param *stack[MAX_DEPTH];
	bool active[MAX_DEPTH + 1];
	int depth;
};

static int bad(struct render *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct render *r, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return tsob_err_set(r->e, -EINVAL, "template line %u: %s", r->line, msg);
}

static const struct param *lookup(struct render *r, const char *name, size_t n)
{
	const struct param *p = lava_param_find(name, n);

	if (p)
		*r->used |= UINT64_C(1) << lava_param_index(p);
	return p;
}

/* "{{#name}}", "{{^name}}" or "{{/name}}" alone on a line. */
static int section(struct render *r, const char *t, size_t n)
{
	const struct param *p = lookup(r, t + 3, n - 5);

	if (!p)
		return bad(r, "unknown placeholder '%.*s'", (int)n, t);
	if (t[2] == '/') {
		if (!r->depth || r->stack[r->depth - 1] != p)
			return bad(r, "'%.*s' closes no open block", (int)n, t);
		r->depth--;
		return 0;
	}
	if (r->depth == MAX_DEPTH)
		return bad(r, "blocks nested too deep at '%.*s'", (int)n, t);
	r->stack[r->depth] = p;
	r->active[r->depth + 1] = r->active[r->depth] && (t[2] == '#') == lava_param_set(r->f, p);
	r->depth++;
	return 0;
}

/* A line with at most one placeholder, which must be a whole YAML value. */
static int fill_line(struct render *r, const char *l)
{
	const char *open = strstr(l, "{{"), *close;
	const struct param *p;
	int len;

	if (!open)
		return fprintf(r->out, "%s\n", l) < 0 ? -EIO : 0;
	close = strstr(open, "}}");
	if (!close)
		return bad(r, "'%s' is not closed", open);
	len = (int)(close + 2 - open);
	if (strstr(close, "{{"))
		return bad(r, "one placeholder a line");
	if (open - l < 2 || (strncmp(open - 2, ": ", 2) && strncmp(open - 2, "- ", 2)) ||
	    close[2 + strspn(close + 2, " ")])
		return bad(r, "'%.*s' must be a whole value ('key: {{x}}' or '- {{x}}')", len,
			   open);
	p = lookup(r, open + 2, (size_t)(close - open - 2));
	if (!p)
		return bad(r, "unknown placeholder '%.*s'", len, open);
	if (!lava_param_set(r->f, p) && !lava_param_may_be_empty(p))
		return bad(r, "'%.*s' needs a value: give %s", len, open, lava_param_opt(p));
	fprintf(r->out, "%.*s", (int)(open - l), l);
	return lava_param_emit(r->out, r->f, p, r->e);
}

static int render_line(struct render *r, char *l)
{
	size_t n = strlen(l);
	const char *t = l + strspn(l, " ");

	while (n && (l[n - 1] == ' ' || l[n - 1] == '\r'))
		l[--n] = '\0';
	n = strlen(t);
	if (t[0] == '#') /* a YAML comment: kept as it is */
		return r->active[r->depth] && fprintf(r->out, "%s\n", l) < 0 ? -EIO : 0;
	if (n > 5 && t[0] == '{' && t[1] == '{' && strchr("#^/", t[2]) &&
	    !strcmp(t + n - 2, "}}") && !strstr(t + 2, "{{"))
		return section(r, t, n);
	return r->active[r->depth] ? fill_line(r, l) : 0;
}

int lava_template_fill(const char *tmpl, const struct filled *f, char **out, uint64_t *used,
		       struct tsob_err *e)
{
	struct render r = {.f = f, .e = e, .used = used, .active = {true}};
	size_t size = 0;
	int err = 0;

	*out = NULL;
	*used = 0;
	r.out = open_memstream(out, &size);
	if (!r.out)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	for (const char *p = tmpl; *p && !err;) {
		size_t n = strcspn(p, "\n");
		char *l = strndup(p, n);

		r.line++;
		err = l ? render_line(&r, l) : tsob_err_set(e, -ENOMEM, "out of memory");
		free(l);
		p += n + (p[n] == '\n');
	}
	if (!err && r.depth)
		err = tsob_err_set(e, -EINVAL, "template: block '{{#%s}}' is not closed",
				   lava_param_name(r.stack[r.depth - 1]));
	if (fclose(r.out) && !err)
		err = tsob_err_set(e, -ENOMEM, "out of memory");
	if (err) {
		free(*out);
		*out = NULL;
	}
	return err;
}
