// SPDX-License-Identifier: MIT
/*
 * The cover letter is an email: fixed-width text, ASCII only, lines of at most
 * 75 columns. Everything the sections print goes through these helpers, and
 * tests/analysis/cover.py holds the result to those rules.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cover_internal.h"
#include "tsob/json.h"

const char *cover_ascii(const char *s, char *buf, size_t len)
{
	size_t i = 0;

	if (!len)
		return "";
	for (; s && *s && i + 1 < len; s++)
		buf[i++] = (*s >= 0x20 && *s < 0x7f) ? *s : (*s == '\n' || *s == '\t') ? ' ' : '?';
	buf[i] = '\0';
	return buf;
}

/* Words from @p onto a line already at column @col; continuation lines indented by @rest. */
static void wrap_from(FILE *o, int col, int rest, const char *p)
{
	int start = col; /* the column where the current line's first word goes */

	while (*p) {
		size_t w;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w = strcspn(p, " ");
		/* A word that does not fit starts a new line (unless it starts this one). */
		if (col > start && col + 1 + (int)w > COVER_WIDTH) {
			fprintf(o, "\n%*s", rest, "");
			col = start = rest;
		}
		if (col > start) {
			fputc(' ', o);
			col++;
		}
		fwrite(p, 1, w, o);
		col += (int)w;
		p += w;
	}
	fputc('\n', o);
}

void cover_wrap_at(FILE *o, int col, int rest, const char *text)
{
	char buf[4096];

	wrap_from(o, col, rest, cover_ascii(text, buf, sizeof(buf)));
}

void cover_wrap(FILE *o, int first, int rest, const char *text)
{
	fprintf(o, "%*s", first, "");
	cover_wrap_at(o, first, rest, text);
}

void cover_wrapf(FILE *o, int first, int rest, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cover_wrap(o, first, rest, buf);
}

void cover_heading(FILE *o, const char *title)
{
	fprintf(o, "\n\n%s\n\n", title);
}

static char *dup_ascii(const char *s)
{
	char buf[512];

	return strdup(cover_ascii(s ? s : "", buf, sizeof(buf)));
}

void cover_table_init(struct cover_table *t, size_t ncols, const char *const *head)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols < COVER_TABLE_COLS ? ncols : COVER_TABLE_COLS;
	if (head)
		cover_table_row(t, head);
}

void cover_table_row(struct cover_table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap * 2 + 8;
		void *grown = realloc(t->cell, cap * sizeof(*t->cell));

		if (!grown)
			return;
		t->cell = grown;
		t->cap = cap;
	}
	for (size_t k = 0; k < t->ncols; k++)
		t->cell[t->nrows][k] = dup_ascii(cells[k]);
	t->nrows++;
}

void cover_table_print(FILE *o, struct cover_table *t, int indent)
{
	size_t w[COVER_TABLE_COLS] = {0};

	for (size_t r = 0; r < t->nrows; r++)
		for (size_t k = 0; k < t->ncols; k++)
			if (t->cell[r][k] && strlen(t->cell[r][k]) > w[k])
				w[k] = strlen(t->cell[r][k]);
	for (size_t r = 0; r < t->nrows; r++) {
		char line[1024];
		size_t used = (size_t)snprintf(line, sizeof(line), "%*s", indent, "");

		for (size_t k = 0; k < t->ncols && used < sizeof(line); k++)
			used += (size_t)snprintf(line + used, sizeof(line) - used,
						 t->right[k] ? "%s%*s" : "%s%-*s", k ? "  " : "",
						 (int)w[k], t->cell[r][k]);
		while (used > 0 && line[used - 1] == ' ')
			line[--used] = '\0';
		fprintf(o, "%s\n", line);
	}
}

void cover_table_free(struct cover_table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t k = 0; k < t->ncols; k++)
			free(t->cell[r][k]);
	free(t->cell);
	memset(t, 0, sizeof(*t));
}

int cover_note(struct cover_notes *fn, const char *text)
{
	for (size_t i = 0; i < fn->n; i++)
		if (!strcmp(fn->text[i], text))
			return (int)i + 1;
	if (fn->n == ARRAY_SIZE(fn->text))
		return (int)fn->n; /* the last one stands for the rest */
	fn->text[fn->n++] = dup_ascii(text);
	return (int)fn->n;
}

void cover_notes_print(FILE *o, struct cover_notes *fn, int indent)
{
	for (size_t i = 0; i < fn->n; i++) {
		char tag[16];
		int w = snprintf(tag, sizeof(tag), "[%zu] ", i + 1);

		fprintf(o, "%*s%s", indent, "", tag);
		wrap_from(o, indent + w, indent + w, fn->text[i]);
		free(fn->text[i]);
	}
	fn->n = 0;
	fn->low = false;
}

/* Percent with its interval: integers when every figure is 10 or more, else tenths. */
void cover_pct(char *buf, size_t len, double est, double lo, double hi)
{
	bool big = fabs(est) >= 9.95 && fabs(lo) >= 9.95 && fabs(hi) >= 9.95;

	if (big)
		snprintf(buf, len, "%+.0f%% [%+.0f, %+.0f]", est, lo, hi);
	else
		snprintf(buf, len, "%+.1f%% [%+.1f, %+.1f]", est, lo, hi);
}

/* Three significant figures at least, no exponent for what a table holds. */
void cover_num(char *buf, size_t len, double v)
{
	if (!isfinite(v))
		snprintf(buf, len, "-");
	else if (fabs(v) >= 1000)
		snprintf(buf, len, "%.0f", v);
	else if (fabs(v) >= 100)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.2f", v);
}

/* Statistics of a schema series ({values, stats}), recomputed from the values. */
bool cover_series_stats(json_object *series, struct tsob_stats *st)
{
	return tsob_view_values_stats(tsob_json_get(series, "values"), st) && st->n > 0;
}
