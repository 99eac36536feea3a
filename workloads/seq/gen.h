/* SPDX-License-Identifier: MIT */
/*
 * Inside workloads/seq: what turns one row of data into code. Each row gives
 * four functions (the loop body unrolled 8, 16, 32 and 64 times, by the
 * preprocessor), its table entry, and a record in the non-allocated section
 * .tsob_seq.info ("fnid|name|form|count|strategy|access|insns") that the
 * disassembly check (tests/seq/check_seq_disasm.py) compares with the code.
 * Each loop body is bracketed by markers (.tsob_seq.begin/.end hold its start
 * and end address): they emit no instruction.
 */
#ifndef TSOB_SEQ_GEN_H
#define TSOB_SEQ_GEN_H

#include <stdint.h>

#include "tsob/seq.h"

#define TSOB_SEQ_STR_(x) #x
#define TSOB_SEQ_STR(x) TSOB_SEQ_STR_(x)
#define TSOB_SEQ_CAT_(a, b) a##b
#define TSOB_SEQ_CAT(a, b) TSOB_SEQ_CAT_(a, b)

#define TSOB_SEQ_FORM_LAT TSOB_SEQ_LATENCY
#define TSOB_SEQ_FORM_TPUT TSOB_SEQ_THROUGHPUT
#define TSOB_SEQ_NEED_NONE 0

/* m(a) repeated: the copies of one loop body. */
#define TSOB_SEQ_REP8(m, a) m(a) m(a) m(a) m(a) m(a) m(a) m(a) m(a)
#define TSOB_SEQ_REP16(m, a) TSOB_SEQ_REP8(m, a) TSOB_SEQ_REP8(m, a)
#define TSOB_SEQ_REP32(m, a) TSOB_SEQ_REP16(m, a) TSOB_SEQ_REP16(m, a)
#define TSOB_SEQ_REP64(m, a) TSOB_SEQ_REP32(m, a) TSOB_SEQ_REP32(m, a)

/* x86 ELF assemblers spell the section type @progbits; on arm64 '@' starts a comment. */
#if defined(__aarch64__)
#define TSOB_SEQ_PROGBITS "%progbits"
#define TSOB_SEQ_PROGBITS_X "%%progbits" /* inside an extended asm */
#else
#define TSOB_SEQ_PROGBITS "@progbits"
#define TSOB_SEQ_PROGBITS_X "@progbits"
#endif

/* A volatile asm is a scheduling barrier: nothing the compiler emits for the
 * loop can move between the markers. */
#define TSOB_SEQ_MARK(which)                                                                       \
	__asm__ __volatile__("8:\n\t.pushsection .tsob_seq." which ",\"\"," TSOB_SEQ_PROGBITS_X    \
			     "\n\t.quad 8b\n\t.popsection" ::                                      \
				 : "memory")

#define TSOB_SEQ_FN(fnid, U, locals, copy, arg)                                                    \
	static void tsob_seq_##fnid##_u##U(uint64_t iters, void *buf)                              \
	{                                                                                          \
		locals(buf);                                                                       \
		for (uint64_t i = 0; i < iters; i++) {                                             \
			TSOB_SEQ_MARK("begin");                                                    \
			TSOB_SEQ_REP##U(copy, arg) TSOB_SEQ_MARK("end");                           \
		}                                                                                  \
	}
/* The indirection expands a pasted fnid before it is pasted again. */
#define TSOB_SEQ_FNS_(fnid, locals, copy, arg)                                                     \
	TSOB_SEQ_FN(fnid, 8, locals, copy, arg)                                                    \
	TSOB_SEQ_FN(fnid, 16, locals, copy, arg)                                                   \
	TSOB_SEQ_FN(fnid, 32, locals, copy, arg)                                                   \
	TSOB_SEQ_FN(fnid, 64, locals, copy, arg)
#define TSOB_SEQ_FNS(fnid, locals, copy, arg) TSOB_SEQ_FNS_(fnid, locals, copy, arg)
#define TSOB_SEQ_PTRS_(fnid)                                                                       \
	{                                                                                          \
		tsob_seq_##fnid##_u8, tsob_seq_##fnid##_u16, tsob_seq_##fnid##_u32,                \
		    tsob_seq_##fnid##_u64                                                          \
	}
#define TSOB_SEQ_PTRS(fnid) TSOB_SEQ_PTRS_(fnid)

/* The row as the disassembly check reads it (not loaded into memory). */
#define TSOB_SEQ_RECORD(fnid, name, form, count, strategy, access, insns)                          \
	TSOB_SEQ_STR_(fnid)                                                                        \
	"|" name "|" TSOB_SEQ_STR_(form) "|" TSOB_SEQ_STR(count) "|" strategy "|" access "|" insns
#define TSOB_SEQ_INFO_(...)                                                                        \
	__asm__(".pushsection .tsob_seq.info,\"\"," TSOB_SEQ_PROGBITS                              \
		"\n\t.asciz \"" TSOB_SEQ_RECORD(__VA_ARGS__) "\"\n\t.popsection");
#define TSOB_SEQ_INFO(fnid, name, form, count, strategy, access, insns)                            \
	TSOB_SEQ_INFO_(fnid, name, form, count, strategy, access, insns)

/* Every translation unit of rows exports one part of the table. */
struct tsob_seq_part {
	const struct tsob_seq *rows;
	const size_t *len;
};
#define TSOB_SEQ_PART(x)                                                                           \
	extern const struct tsob_seq tsob_seq_part_##x[];                                          \
	extern const size_t tsob_seq_part_##x##_len;
#include "tsob_seq_parts.inc"
#undef TSOB_SEQ_PART

#endif
