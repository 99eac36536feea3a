// SPDX-License-Identifier: MIT
/*
 * The sequence table as one list (the parts compiled in own.c and in each
 * strategy's access.c), and what this CPU can run of it.
 */
#include <stdio.h>
#include <string.h>

#include "tsob/cpu.h"
#include "gen.h"

#define TSOB_SEQ_PART(x) {tsob_seq_part_##x, &tsob_seq_part_##x##_len},
static const struct tsob_seq_part tsob_seq_parts[] = {
#include "tsob_seq_parts.inc"
};
#undef TSOB_SEQ_PART
#define TSOB_SEQ_NR_PARTS (sizeof(tsob_seq_parts) / sizeof(tsob_seq_parts[0]))

size_t tsob_seq_count(void)
{
	size_t n = 0;

	for (size_t i = 0; i < TSOB_SEQ_NR_PARTS; i++)
		n += *tsob_seq_parts[i].len;
	return n;
}

const struct tsob_seq *tsob_seq_at(size_t i)
{
	for (size_t k = 0; k < TSOB_SEQ_NR_PARTS; k++) {
		if (i < *tsob_seq_parts[k].len)
			return &tsob_seq_parts[k].rows[i];
		i -= *tsob_seq_parts[k].len;
	}
	return NULL;
}

const struct tsob_seq *tsob_seq_find(const char *name)
{
	const struct tsob_seq *row;

	for (size_t i = 0; name && (row = tsob_seq_at(i)); i++)
		if (strcmp(row->name, name) == 0)
			return row;
	return NULL;
}

const char *tsob_seq_form_name(enum tsob_seq_form form)
{
	return form == TSOB_SEQ_LATENCY ? "latency" : "throughput";
}

#if defined(__aarch64__)
#define TSOB_SEQ_REG_PREFIX ""
#else
#define TSOB_SEQ_REG_PREFIX "%"
#endif

/* Operand references become register-like names: "%x[p]" -> "xp", "%w[f]" -> "wf"
 * on arm64; "%[p]" -> "%p", "%k[v]" -> "%kv" on x86-64. */
void tsob_seq_format_insns(const struct tsob_seq *row, char *buf, size_t len)
{
	size_t n = 0;

	if (!len)
		return;
	for (const char *s = row->insns; *s && n + 1 < len;) {
		size_t mod = s[0] == '%' ? strspn(s + 1, "xwk") : 0;
		const char *close = s[0] == '%' ? strchr(s, ']') : NULL;

		if (close && mod <= 1 && s[1 + mod] == '[') {
			int k = snprintf(buf + n, len - n, "%s%.*s%.*s", TSOB_SEQ_REG_PREFIX,
					 (int)mod, s + 1, (int)(close - s - mod - 2), s + mod + 2);

			n = k > 0 && n + (size_t)k < len ? n + (size_t)k : len - 1;
			s = close + 1;
		} else {
			buf[n++] = *s++;
		}
	}
	buf[n] = '\0';
}

static int tsob_seq_need_ok(unsigned needs, char *why, size_t len)
{
	int lse = strcmp(tsob_rmw_kind(), "lse") == 0;

	if ((needs & TSOB_SEQ_NEED_LRCPC) && !tsob_strategy_supported(TSOB_LDAPR, why, len))
		return 0;
	if ((needs & TSOB_SEQ_NEED_LRCPC2) && !tsob_strategy_supported(TSOB_LDAPUR, why, len))
		return 0;
	if ((needs & TSOB_SEQ_NEED_LSE) && !lse) {
		snprintf(why, len,
			 "CPU lacks FEAT_LSE (HWCAP_ATOMICS): LDADD/SWP/CAS would raise SIGILL");
		return 0;
	}
	if ((needs & TSOB_SEQ_NEED_NO_LSE) && lse) {
		snprintf(why, len,
			 "CPU has FEAT_LSE: the access layer takes the LSE path, not this one");
		return 0;
	}
	return 1;
}

int tsob_seq_available(const struct tsob_seq *row, int tso, char *why, size_t len)
{
	char dummy[8];

	if (!why || !len) {
		why = dummy;
		len = sizeof(dummy);
	}
	why[0] = '\0';
	if (row->strategy >= 0 && !tsob_strategy_supported(row->strategy, why, len))
		return 0;
	if (!tsob_seq_need_ok(row->needs, why, len))
		return 0;
	/* On arm64 this says the plain objects exist; only the prctl can grant TSO. */
	if (tso && !tsob_strategy_supported(TSOB_HWTSO, why, len))
		return 0;
	why[0] = '\0';
	return 1;
}

void tsob_seq_prepare(void *buf)
{
	uint64_t *w = buf;

	memset(buf, 0, TSOB_SEQ_BUF_SIZE);
	w[0] = (uintptr_t)buf;
	w[1] = (uintptr_t)buf;
}
