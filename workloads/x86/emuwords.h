/* SPDX-License-Identifier: MIT */
/*
 * Strict reading of the words of x86line.h: one blank between words, every
 * field NAME=VALUE with the name expected at that place, numbers that parse
 * to their end. Each check returns 0 or -1.
 */
#ifndef TSOB_EMUWORDS_H
#define TSOB_EMUWORDS_H

#include <stdint.h>

#define TSOB_EMU_MAX_LINE_WORDS 24

struct tsob_emu_words {
	char *w[TSOB_EMU_MAX_LINE_WORDS];
	unsigned n;
};

/* Splits @line in place; -1 on an empty word (two blanks, a blank at either
 * end), a tab, or too many words. */
int tsob_emu_split(char *line, struct tsob_emu_words *w);
/* NAME=decimal, without sign, leading zeros or overflow. */
int tsob_emu_field_u64(const char *word, const char *name, uint64_t *v);
/* NAME=0x and 16 lower-case hex digits. */
int tsob_emu_field_hex(const char *word, const char *name, uint64_t *v);
/* NAME=VALUE with VALUE exactly @value. */
int tsob_emu_field_is(const char *word, const char *name, const char *value);
/* NAME= and a value that is not empty. */
int tsob_emu_field_str(const char *word, const char *name);

#endif
