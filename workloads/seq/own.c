// SPDX-License-Identifier: MIT
/*
 * The sequences written as asm (rows_arm64.h, rows_x86.h): one asm template
 * for all of them, whose operands are the same registers in every copy, so
 * the copies follow each other with nothing in between.
 */
#include <stdint.h>

#include "gen.h"

/* Every operand is read and written ("+r"): the compiler keeps each in one
 * register for the whole loop and never copies between copies. */
#define TSOB_SEQ_OWN_LOCALS(buf)                                                                   \
	uint64_t p = (uintptr_t)(buf), q = p + 64, r = p + 128, v = 0, e = 0, o = 0, n = 0, f = 0

#if defined(__aarch64__)
/* The templates enable what they use (LSE, RCPC, LDAPUR/STLUR); the compiler
 * itself keeps targeting armv8.0. */
#define TSOB_SEQ_OWN_COPY(insns)                                                                   \
	__asm__ __volatile__(".arch armv8.4-a\n\t" insns                                           \
			     : [p] "+r"(p), [q] "+r"(q), [r] "+r"(r), [v] "+r"(v), [e] "+r"(e),    \
			       [o] "+r"(o), [n] "+r"(n), [f] "+r"(f)                               \
			     :                                                                     \
			     : "memory", "cc");
#define TSOB_SEQ_ROWS "rows_arm64.h"
#elif defined(__x86_64__)
#define TSOB_SEQ_OWN_COPY(insns)                                                                   \
	__asm__ __volatile__(insns                                                                 \
			     : [p] "+r"(p), [q] "+r"(q), [r] "+r"(r), [v] "+r"(v), [e] "+a"(e),    \
			       [o] "+r"(o), [n] "+r"(n), [f] "+r"(f)                               \
			     :                                                                     \
			     : "memory", "cc");
#define TSOB_SEQ_ROWS "rows_x86.h"
#else
#error "workloads/seq supports aarch64 and x86-64"
#endif

#define TSOB_SEQ_ROW(id, group, form, needs, count, insns, what)                                   \
	TSOB_SEQ_FNS(id, TSOB_SEQ_OWN_LOCALS, TSOB_SEQ_OWN_COPY, insns)                            \
	TSOB_SEQ_INFO(id, #id, form, count, "-", "-", insns)
#include TSOB_SEQ_ROWS
#undef TSOB_SEQ_ROW

#define TSOB_SEQ_ROW(id, grp, frm, need, cnt, text, what)                                          \
	{                                                                                          \
	    .name = #id,                                                                           \
	    .group = grp,                                                                          \
	    .insns = text,                                                                         \
	    .stands_for = what,                                                                    \
	    .form = TSOB_SEQ_FORM_##frm,                                                           \
	    .needs = TSOB_SEQ_NEED_##need,                                                         \
	    .strategy = -1,                                                                        \
	    .count = cnt,                                                                          \
	    .fn = TSOB_SEQ_PTRS(id),                                                               \
	},
const struct tsob_seq tsob_seq_part_own[] = {
#include TSOB_SEQ_ROWS
};
#undef TSOB_SEQ_ROW
const size_t tsob_seq_part_own_len = sizeof(tsob_seq_part_own) / sizeof(tsob_seq_part_own[0]);
