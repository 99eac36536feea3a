// SPDX-License-Identifier: MIT
/*
 * The sequences each strategy emits for x86 accesses (rows_access.h), built
 * from the guest-access layer's macros. Compiled once per strategy: CMake
 * generates access.<strategy>.c, which defines TSOB_STRATEGY_<S> first.
 */
#include <stdint.h>

#include "tsob/access.h"
#include "tsob/strategy.h"
#include "gen.h"

#define TSOB_SEQ_ACC_LOCALS(buf)                                                                   \
	uint64_t p = (uintptr_t)(buf);                                                             \
	uint64_t q __attribute__((unused)) = p + 64;                                               \
	uint64_t r __attribute__((unused)) = p + 128;                                              \
	uint64_t v __attribute__((unused)) = 0

/* One copy of each kind: what a translated x86 instruction becomes. */
#define TSOB_SEQ_LOAD_LAT(off) p = TSOB_LD64(p, off);
#define TSOB_SEQ_LOAD_TPUT(off) (void)TSOB_LD64(p, off);
#define TSOB_SEQ_STORE(off) TSOB_ST64(q, off, v);
#define TSOB_SEQ_XADD(off) (void)TSOB_XADD64(r, off, 1);
/* Their displacements: the last field of the rows' access records. */
#define TSOB_SEQ_LOAD_LAT_OFF 8
#define TSOB_SEQ_LOAD_TPUT_OFF 8
#define TSOB_SEQ_STORE_OFF 8
#define TSOB_SEQ_XADD_OFF 0

/* The column of this strategy. */
#if defined(__aarch64__)
#if defined(TSOB_STRATEGY_PLAIN)
#define TSOB_SEQ_PICK(c0, t0, c1, t1, c2, t2, c3, t3, c4, t4, what) what(c0, t0)
#elif defined(TSOB_STRATEGY_LDAR)
#define TSOB_SEQ_PICK(c0, t0, c1, t1, c2, t2, c3, t3, c4, t4, what) what(c1, t1)
#elif defined(TSOB_STRATEGY_LDAPR)
#define TSOB_SEQ_PICK(c0, t0, c1, t1, c2, t2, c3, t3, c4, t4, what) what(c2, t2)
#elif defined(TSOB_STRATEGY_LDAPUR)
#define TSOB_SEQ_PICK(c0, t0, c1, t1, c2, t2, c3, t3, c4, t4, what) what(c3, t3)
#else
#define TSOB_SEQ_PICK(c0, t0, c1, t1, c2, t2, c3, t3, c4, t4, what) what(c4, t4)
#endif
#else
#define TSOB_SEQ_PICK(c0, t0, what) what(c0, t0)
#endif
#define TSOB_SEQ_COUNT_OF(c, t) c
#define TSOB_SEQ_TEXT_OF(c, t) t

#define TSOB_SEQ_SFX TSOB_SEQ_STR(TSOB_SUFFIX)
#define TSOB_SEQ_FNID(id) TSOB_SEQ_CAT(id##_, TSOB_SUFFIX)

/* First pass: the functions and the check's records. */
#define TSOB_SEQ_ACC(id, form, copy, access, what, ...)                                            \
	TSOB_SEQ_FNS(TSOB_SEQ_FNID(id), TSOB_SEQ_ACC_LOCALS, copy, copy##_OFF)                     \
	TSOB_SEQ_INFO(TSOB_SEQ_FNID(id), #id "." TSOB_SEQ_SFX, form,                               \
		      TSOB_SEQ_PICK(__VA_ARGS__, TSOB_SEQ_COUNT_OF), TSOB_SEQ_SFX, access,         \
		      TSOB_SEQ_PICK(__VA_ARGS__, TSOB_SEQ_TEXT_OF))
/* The record's count is the first path's: a copy with branches is checked
 * by instruction counts (tests/seq/guest.sh), not by its length. */
#define TSOB_SEQ_ACC_RMW1(id, copy, access, text, path, need, cnt, what)                           \
	TSOB_SEQ_FNS(id, TSOB_SEQ_ACC_LOCALS, copy, copy##_OFF)                                    \
	TSOB_SEQ_INFO(id, #id, TPUT, cnt, TSOB_SEQ_SFX, access, text)
#define TSOB_SEQ_ACC_RMW2(id, copy, access, text, path, need, cnt, what, ...)                      \
	TSOB_SEQ_ACC_RMW1(id, copy, access, text, path, need, cnt, what)
#include "rows_access.h"
#undef TSOB_SEQ_ACC
#undef TSOB_SEQ_ACC_RMW1
#undef TSOB_SEQ_ACC_RMW2

/* Second pass: the table entries. */
#define TSOB_SEQ_ACC(id, frm, copy, access, what, ...)                                             \
	{                                                                                          \
	    .name = #id "." TSOB_SEQ_SFX,                                                          \
	    .group = "x86-op",                                                                     \
	    .insns = TSOB_SEQ_PICK(__VA_ARGS__, TSOB_SEQ_TEXT_OF),                                 \
	    .stands_for = what,                                                                    \
	    .form = TSOB_SEQ_FORM_##frm,                                                           \
	    .needs = 0,                                                                            \
	    .strategy = TSOB_THIS_STRATEGY,                                                        \
	    .count = TSOB_SEQ_PICK(__VA_ARGS__, TSOB_SEQ_COUNT_OF),                                \
	    .fn = TSOB_SEQ_PTRS(TSOB_SEQ_FNID(id)),                                                \
	},
#define TSOB_SEQ_RMW_ROW(id, text, path, need, cnt, what)                                          \
	{                                                                                          \
	    .name = #id "." #path,                                                                 \
	    .group = "x86-op",                                                                     \
	    .insns = text,                                                                         \
	    .stands_for = what,                                                                    \
	    .form = TSOB_SEQ_THROUGHPUT,                                                           \
	    .needs = TSOB_SEQ_NEED_##need,                                                         \
	    .strategy = TSOB_THIS_STRATEGY,                                                        \
	    .count = cnt,                                                                          \
	    .fn = TSOB_SEQ_PTRS(id),                                                               \
	},
#define TSOB_SEQ_ACC_RMW1(id, copy, access, text, path, need, cnt, what)                           \
	TSOB_SEQ_RMW_ROW(id, text, path, need, cnt, what)
#define TSOB_SEQ_ACC_RMW2(id, copy, access, text, p1, n1, c1, w1, p2, n2, c2, w2)                  \
	TSOB_SEQ_RMW_ROW(id, text, p1, n1, c1, w1) TSOB_SEQ_RMW_ROW(id, text, p2, n2, c2, w2)
#define TSOB_SEQ_PART_NAME TSOB_SEQ_CAT(tsob_seq_part_, TSOB_SUFFIX)
#define TSOB_SEQ_PART_LEN TSOB_SEQ_CAT(TSOB_SEQ_PART_NAME, _len)
const struct tsob_seq TSOB_SEQ_PART_NAME[] = {
#include "rows_access.h"
};
const size_t TSOB_SEQ_PART_LEN = sizeof(TSOB_SEQ_PART_NAME) / sizeof(TSOB_SEQ_PART_NAME[0]);
