// SPDX-License-Identifier: MIT
/* Strict reading of the words of the x86 programs' lines (x86line.h). */
#include "emuwords.h"

#include <string.h>

int tsob_emu_split(char *line, struct tsob_emu_words *w)
{
	w->n = 0;
	if (strchr(line, '\t'))
		return -1;
	for (char *s = line;;) {
		char *sp = strchr(s, ' ');

		if (w->n == TSOB_EMU_MAX_LINE_WORDS || sp == s || !*s)
			return -1;
		w->w[w->n++] = s;
		if (!sp)
			return 0;
		*sp = '\0';
		s = sp + 1;
	}
}

/* The value after "NAME=", or NULL. */
static const char *value_of(const char *word, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(word, name, n) && word[n] == '=' ? word + n + 1 : NULL;
}

int tsob_emu_field_u64(const char *word, const char *name, uint64_t *v)
{
	const char *s = value_of(word, name);
	uint64_t x = 0;

	if (!s || !*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return 0;
}

int tsob_emu_field_hex(const char *word, const char *name, uint64_t *v)
{
	const char *s = value_of(word, name);
	uint64_t x = 0;

	if (!s || strlen(s) != 18 || s[0] != '0' || s[1] != 'x')
		return -1;
	for (s += 2; *s; s++) {
		const char *d = strchr("0123456789abcdef", *s);

		if (!d || !*s)
			return -1;
		x = x << 4 | (uint64_t)(d - "0123456789abcdef");
	}
	*v = x;
	return 0;
}

int tsob_emu_field_is(const char *word, const char *name, const char *value)
{
	const char *s = value_of(word, name);

	return s && !strcmp(s, value) ? 0 : -1;
}

int tsob_emu_field_str(const char *word, const char *name)
{
	const char *s = value_of(word, name);

	return s && *s ? 0 : -1;
}
