/* SPDX-License-Identifier: MIT */
/*
 * The guest-access layer: every access a translated x86 kernel makes to guest
 * memory, emitted as an x86->arm64 JIT would emit it for one ordering strategy.
 *
 * Standalone use (kernels, litmus tests):
 *
 *	#define TSOB_STRATEGY_LDAPR	// exactly one of PLAIN LDAR LDAPR LDAPUR DMB
 *	#include "tsob/access.h"
 *
 * hwtso has no definition of its own: it runs the PLAIN code with TSO on.
 * On x86-64 only TSOB_STRATEGY_PLAIN exists and every macro is the original
 * x86 instruction (MOV, MOVDQU, LOCK XADD/CMPXCHG, XCHG), which is already TSO.
 *
 * Macros (p: pointer to guest memory, off: integer constant in [-256, 255],
 * the x86 displacement; values are unsigned integers, LD8/LD16 zero-extend
 * to uint32_t as MOVZX does):
 *	TSOB_LD8/16/32/64(p, off)		guest load
 *	TSOB_ST8/16/32/64(p, off, v)		guest store
 *	TSOB_LDV(p, off), TSOB_STV(p, off, v)	128-bit vector load/store (tsob_v128)
 *	TSOB_LD32U/64U, TSOB_ST32U/64U		access that may be unaligned
 *	TSOB_STK_LD64, TSOB_STK_ST64		stack access (push/pop/spill): plain always
 *	TSOB_XADD32/64(p, off, v)		lock xadd, returns the old value
 *	TSOB_CMPXCHG32/64(p, off, expect, new)	lock cmpxchg, returns the old value
 *	TSOB_XCHG32/64(p, off, v)		xchg with memory, returns the old value
 *
 * arm64 encodings per strategy (ld = load, st = store):
 *	plain	ld: LDR			st: STR
 *	ldar	ld: [ADD] LDAR		st: [ADD] STLR	(ADD when off != 0)
 *	ldapr	ld: [ADD] LDAPR		st: [ADD] STLR
 *	ldapur	ld: LDAPUR #off		st: STLUR #off
 *	dmb	ld: DMB ISHLD; LDR	st: DMB ISH; STR
 * Vector and unaligned accesses have no acquire form: ldar, ldapr and ldapur use
 * LDR; DMB ISHLD and DMB ISH; STR (FEX's vector TSO and its unaligned fallback,
 * which rewrites a faulting LDAPR into exactly this), dmb uses its own pair,
 * plain uses LDR/STR. Stack accesses are LDR/STR everywhere (FEX treats RSP-based
 * accesses as thread-local). Locked RMW is the same in every strategy: CASAL,
 * LDADDAL, SWPAL when the CPU has LSE, else an LDAXR/STLXR loop; the choice is
 * made once at start-up (tsob_rmw_kind()).
 *
 * Every asm statement has the same operands in every strategy (a scratch
 * register even where unused), so register allocation, scheduling and inlining
 * are identical and only the access sequences differ: the disassembly test
 * (tests/workloads/check_disasm.py) relies on it. Each access records its start
 * and end address in a non-allocated section .tsob_guest.<kind> for that test.
 * The templates enable the instructions they use (.arch_extension rcpc/lse,
 * .arch armv8.4-a for LDAPUR): the compiler itself still targets armv8.0.
 * All accesses are volatile and clobber memory: the compiler keeps guest
 * accesses in program order, as the x86 code had them.
 */
#ifndef TSOB_ACCESS_H
#define TSOB_ACCESS_H

#include <stdint.h>

#if defined(TSOB_STRATEGY_PLAIN) + defined(TSOB_STRATEGY_LDAR) + defined(TSOB_STRATEGY_LDAPR) +    \
	defined(TSOB_STRATEGY_LDAPUR) + defined(TSOB_STRATEGY_DMB) !=                              \
    1
#error "define exactly one of TSOB_STRATEGY_{PLAIN,LDAR,LDAPR,LDAPUR,DMB} before tsob/access.h"
#endif

#if defined(TSOB_STRATEGY_PLAIN)
#define TSOB_THIS_STRATEGY TSOB_PLAIN
#define TSOB_SUFFIX plain
#elif defined(TSOB_STRATEGY_LDAR)
#define TSOB_THIS_STRATEGY TSOB_LDAR
#define TSOB_SUFFIX ldar
#elif defined(TSOB_STRATEGY_LDAPR)
#define TSOB_THIS_STRATEGY TSOB_LDAPR
#define TSOB_SUFFIX ldapr
#elif defined(TSOB_STRATEGY_LDAPUR)
#define TSOB_THIS_STRATEGY TSOB_LDAPUR
#define TSOB_SUFFIX ldapur
#else
#define TSOB_THIS_STRATEGY TSOB_DMB
#define TSOB_SUFFIX dmb
#endif

/* 1 where plain code may observe reorderings a TSO machine forbids. */
#if defined(__aarch64__) && defined(TSOB_STRATEGY_PLAIN)
#define TSOB_WEAK_PLAIN 1
#else
#define TSOB_WEAK_PLAIN 0
#endif

typedef uint64_t tsob_v128 __attribute__((vector_size(16), aligned(16)));

/* The x86 displacement must fit LDAPUR/STLUR's signed 9-bit immediate. */
#define TSOB__OFF(off)                                                                             \
	_Static_assert((off) >= -256 && (off) <= 255, "guest displacement out of range")

/* `asm inline`: count each access as one instruction for inlining decisions,
 * whatever the strategy's sequence length, so inlining is the same everywhere. */
/* Locals of nested access macros get distinct names (no -Wshadow). */
#define TSOB__CAT2(a, b) a##b
#define TSOB__UID(n) TSOB__CAT2(tsob__u, n)
#define TSOB__EXPAND(m, ...) m(__VA_ARGS__)

#if defined(__clang__)
#define TSOB__ASM __asm__ __volatile__
#else
#define TSOB__ASM __asm__ __volatile__ __inline__
#endif

#if defined(__aarch64__)

/* Extern flag filled once at start-up (cpu.c): 1 when HWCAP_ATOMICS (LSE). */
extern unsigned tsob_rmw_lse;

#define TSOB__MARK(kind)                                                                           \
	"9:\n\t.pushsection .tsob_guest." kind ",\"\",%%progbits\n\t.quad 8b, 9b\n\t.popsection\n"

/* Per-strategy templates; sz is "b", "h" or "", r is the value register's
 * modifier ("w" or "x"). Operands: v value, t scratch, b base, o displacement. */
#define TSOB__PLAIN_LD(sz, r) "ldr" sz " %" r "[v], [%x[b], #%c[o]]\n"
#define TSOB__PLAIN_ST(sz, r) "str" sz " %" r "[v], [%x[b], #%c[o]]\n"
#define TSOB__ACQ_LD(insn, sz, r)                                                                  \
	".if %c[o] == 0\n\t" insn sz " %" r "[v], [%x[b]]\n.else\n\t"                              \
	"add %x[t], %x[b], #%c[o]\n\t" insn sz " %" r "[v], [%x[t]]\n.endif\n"
#define TSOB__REL_ST(sz, r)                                                                        \
	".if %c[o] == 0\n\tstlr" sz " %" r "[v], [%x[b]]\n.else\n\t"                               \
	"add %x[t], %x[b], #%c[o]\n\tstlr" sz " %" r "[v], [%x[t]]\n.endif\n"
#define TSOB__FENCED_LD_AFTER(sz, r) TSOB__PLAIN_LD(sz, r) "dmb ishld\n"
#define TSOB__FENCED_LD_BEFORE(sz, r) "dmb ishld\n" TSOB__PLAIN_LD(sz, r)
#define TSOB__FENCED_ST(sz, r) "dmb ish\n" TSOB__PLAIN_ST(sz, r)

#if defined(TSOB_STRATEGY_PLAIN)
#define TSOB__LD_T(sz, r) TSOB__PLAIN_LD(sz, r)
#define TSOB__ST_T(sz, r) TSOB__PLAIN_ST(sz, r)
#define TSOB__LDU_T(sz, r) TSOB__PLAIN_LD(sz, r)
#define TSOB__STU_T(sz, r) TSOB__PLAIN_ST(sz, r)
#elif defined(TSOB_STRATEGY_LDAR)
#define TSOB__LD_T(sz, r) TSOB__ACQ_LD("ldar", sz, r)
#define TSOB__ST_T(sz, r) TSOB__REL_ST(sz, r)
#define TSOB__LDU_T(sz, r) TSOB__FENCED_LD_AFTER(sz, r)
#define TSOB__STU_T(sz, r) TSOB__FENCED_ST(sz, r)
#elif defined(TSOB_STRATEGY_LDAPR)
#define TSOB__LD_T(sz, r) ".arch_extension rcpc\n" TSOB__ACQ_LD("ldapr", sz, r)
#define TSOB__ST_T(sz, r) TSOB__REL_ST(sz, r)
#define TSOB__LDU_T(sz, r) TSOB__FENCED_LD_AFTER(sz, r)
#define TSOB__STU_T(sz, r) TSOB__FENCED_ST(sz, r)
#elif defined(TSOB_STRATEGY_LDAPUR)
#define TSOB__LD_T(sz, r) ".arch armv8.4-a\n\tldapur" sz " %" r "[v], [%x[b], #%c[o]]\n"
#define TSOB__ST_T(sz, r) ".arch armv8.4-a\n\tstlur" sz " %" r "[v], [%x[b], #%c[o]]\n"
#define TSOB__LDU_T(sz, r) TSOB__FENCED_LD_AFTER(sz, r)
#define TSOB__STU_T(sz, r) TSOB__FENCED_ST(sz, r)
#else /* dmb */
#define TSOB__LD_T(sz, r) TSOB__FENCED_LD_BEFORE(sz, r)
#define TSOB__ST_T(sz, r) TSOB__FENCED_ST(sz, r)
#define TSOB__LDU_T(sz, r) TSOB__FENCED_LD_BEFORE(sz, r)
#define TSOB__STU_T(sz, r) TSOB__FENCED_ST(sz, r)
#endif

/* Vector accesses: the q-register variants of the unaligned sequences. */
#if defined(TSOB_STRATEGY_PLAIN)
#define TSOB__LDV_T "ldr %q[v], [%x[b], #%c[o]]\n"
#define TSOB__STV_T "str %q[v], [%x[b], #%c[o]]\n"
#elif defined(TSOB_STRATEGY_DMB)
#define TSOB__LDV_T "dmb ishld\nldr %q[v], [%x[b], #%c[o]]\n"
#define TSOB__STV_T "dmb ish\nstr %q[v], [%x[b], #%c[o]]\n"
#else
#define TSOB__LDV_T "ldr %q[v], [%x[b], #%c[o]]\ndmb ishld\n"
#define TSOB__STV_T "dmb ish\nstr %q[v], [%x[b], #%c[o]]\n"
#endif

#define TSOB__LOAD_I(T, tmpl, kind, p, off, id)                                                    \
	({                                                                                         \
		TSOB__OFF(off);                                                                    \
		T id##_v;                                                                          \
		uint64_t id##_t;                                                                   \
		TSOB__ASM("8:\n" tmpl TSOB__MARK(kind)                                             \
			  : [v] "=r"(id##_v), [t] "=&r"(id##_t)                                    \
			  : [b] "r"(p), [o] "i"(off)                                               \
			  : "memory");                                                             \
		(void)id##_t;                                                                      \
		id##_v;                                                                            \
	})
#define TSOB__LOAD(T, tmpl, kind, p, off)                                                          \
	TSOB__EXPAND(TSOB__LOAD_I, T, tmpl, kind, p, off, TSOB__UID(__COUNTER__))
#define TSOB__STORE_I(T, tmpl, kind, p, off, val, id)                                              \
	do {                                                                                       \
		TSOB__OFF(off);                                                                    \
		uint64_t id##_t;                                                                   \
		TSOB__ASM("8:\n" tmpl TSOB__MARK(kind)                                             \
			  : [t] "=&r"(id##_t)                                                      \
			  : [b] "r"(p), [o] "i"(off), [v] "r"((T)(val))                            \
			  : "memory");                                                             \
		(void)id##_t;                                                                      \
	} while (0)
#define TSOB__STORE(T, tmpl, kind, p, off, val)                                                    \
	TSOB__EXPAND(TSOB__STORE_I, T, tmpl, kind, p, off, val, TSOB__UID(__COUNTER__))

#define TSOB_LD8(p, off) TSOB__LOAD(uint32_t, TSOB__LD_T("b", "w"), "ld8", p, off)
#define TSOB_LD16(p, off) TSOB__LOAD(uint32_t, TSOB__LD_T("h", "w"), "ld16", p, off)
#define TSOB_LD32(p, off) TSOB__LOAD(uint32_t, TSOB__LD_T("", "w"), "ld32", p, off)
#define TSOB_LD64(p, off) TSOB__LOAD(uint64_t, TSOB__LD_T("", "x"), "ld64", p, off)
#define TSOB_ST8(p, off, v) TSOB__STORE(uint32_t, TSOB__ST_T("b", "w"), "st8", p, off, (uint8_t)(v))
#define TSOB_ST16(p, off, v)                                                                       \
	TSOB__STORE(uint32_t, TSOB__ST_T("h", "w"), "st16", p, off, (uint16_t)(v))
#define TSOB_ST32(p, off, v) TSOB__STORE(uint32_t, TSOB__ST_T("", "w"), "st32", p, off, v)
#define TSOB_ST64(p, off, v) TSOB__STORE(uint64_t, TSOB__ST_T("", "x"), "st64", p, off, v)

#define TSOB_LD32U(p, off) TSOB__LOAD(uint32_t, TSOB__LDU_T("", "w"), "ld32u", p, off)
#define TSOB_LD64U(p, off) TSOB__LOAD(uint64_t, TSOB__LDU_T("", "x"), "ld64u", p, off)
#define TSOB_ST32U(p, off, v) TSOB__STORE(uint32_t, TSOB__STU_T("", "w"), "st32u", p, off, v)
#define TSOB_ST64U(p, off, v) TSOB__STORE(uint64_t, TSOB__STU_T("", "x"), "st64u", p, off, v)

#define TSOB_STK_LD64(p, off) TSOB__LOAD(uint64_t, TSOB__PLAIN_LD("", "x"), "stk_ld64", p, off)
#define TSOB_STK_ST64(p, off, v)                                                                   \
	TSOB__STORE(uint64_t, TSOB__PLAIN_ST("", "x"), "stk_st64", p, off, v)

#define TSOB_LDV_I(p, off, id)                                                                     \
	({                                                                                         \
		TSOB__OFF(off);                                                                    \
		tsob_v128 id##_v;                                                                  \
		uint64_t id##_t;                                                                   \
		TSOB__ASM("8:\n" TSOB__LDV_T TSOB__MARK("ldv")                                     \
			  : [v] "=w"(id##_v), [t] "=&r"(id##_t)                                    \
			  : [b] "r"(p), [o] "i"(off)                                               \
			  : "memory");                                                             \
		(void)id##_t;                                                                      \
		id##_v;                                                                            \
	})
#define TSOB_LDV(p, off) TSOB__EXPAND(TSOB_LDV_I, p, off, TSOB__UID(__COUNTER__))
#define TSOB_STV_I(p, off, val, id)                                                                \
	do {                                                                                       \
		TSOB__OFF(off);                                                                    \
		uint64_t id##_t;                                                                   \
		TSOB__ASM("8:\n" TSOB__STV_T TSOB__MARK("stv")                                     \
			  : [t] "=&r"(id##_t)                                                      \
			  : [b] "r"(p), [o] "i"(off), [v] "w"((tsob_v128)(val))                    \
			  : "memory");                                                             \
		(void)id##_t;                                                                      \
	} while (0)
#define TSOB_STV(p, off, val) TSOB__EXPAND(TSOB_STV_I, p, off, val, TSOB__UID(__COUNTER__))

/* Locked RMW: identical in every strategy (x86 LOCK is a full barrier). */
#define TSOB__RMW_I(r, kind, lse_seq, llsc_seq, p, off, val, cmp, id)                              \
	({                                                                                         \
		TSOB__OFF(off);                                                                    \
		__typeof__(val + 0u) id##_v;                                                       \
		uint64_t id##_t, id##_u;                                                           \
		uint32_t id##_f;                                                                   \
		TSOB__ASM(                                                                         \
		    ".arch_extension lse\n8:\n\tadd %x[t], %x[b], #%c[o]\n\tcbz %w[lse], "         \
		    "1f\n\t" lse_seq "\n\tb 3f\n1:\t" llsc_seq "\n3:\n" TSOB__MARK(kind)           \
		    : [v] "=&r"(id##_v), [t] "=&r"(id##_t), [u] "=&r"(id##_u), [f] "=&r"(id##_f)   \
		    : [b] "r"(p), [o] "i"(off), [s] "r"((__typeof__(id##_v))(val)),                \
		      [e] "r"((__typeof__(id##_v))(cmp)), [lse] "r"(tsob_rmw_lse)                  \
		    : "memory", "cc");                                                             \
		(void)id##_t;                                                                      \
		(void)id##_u;                                                                      \
		(void)id##_f;                                                                      \
		id##_v;                                                                            \
	})
#define TSOB__RMW(r, kind, lse_seq, llsc_seq, p, off, val, cmp)                                    \
	TSOB__EXPAND(TSOB__RMW_I, r, kind, lse_seq, llsc_seq, p, off, val, cmp,                    \
		     TSOB__UID(__COUNTER__))
#define TSOB__XADD(r, kind, p, off, val)                                                           \
	TSOB__RMW(r, kind, "ldaddal %" r "[s], %" r "[v], [%x[t]]",                                \
		  "ldaxr %" r "[v], [%x[t]]\n\tadd %" r "[u], %" r "[v], %" r "[s]\n\t"            \
		  "stlxr %w[f], %" r "[u], [%x[t]]\n\tcbnz %w[f], 1b",                             \
		  p, off, val, 0)
#define TSOB__XCHG(r, kind, p, off, val)                                                           \
	TSOB__RMW(r, kind, "swpal %" r "[s], %" r "[v], [%x[t]]",                                  \
		  "ldaxr %" r "[v], [%x[t]]\n\tstlxr %w[f], %" r "[s], [%x[t]]\n\tcbnz %w[f], 1b", \
		  p, off, val, 0)
#define TSOB__CMPXCHG(r, kind, p, off, cmp, val)                                                   \
	TSOB__RMW(r, kind, "mov %" r "[v], %" r "[e]\n\tcasal %" r "[v], %" r "[s], [%x[t]]",      \
		  "ldaxr %" r "[v], [%x[t]]\n\tcmp %" r "[v], %" r "[e]\n\tb.ne 3f\n\t"            \
		  "stlxr %w[f], %" r "[s], [%x[t]]\n\tcbnz %w[f], 1b",                             \
		  p, off, val, cmp)

#define TSOB_XADD32(p, off, v) TSOB__XADD("w", "xadd32", p, off, (uint32_t)(v))
#define TSOB_XADD64(p, off, v) TSOB__XADD("x", "xadd64", p, off, (uint64_t)(v))
#define TSOB_XCHG32(p, off, v) TSOB__XCHG("w", "xchg32", p, off, (uint32_t)(v))
#define TSOB_XCHG64(p, off, v) TSOB__XCHG("x", "xchg64", p, off, (uint64_t)(v))
#define TSOB_CMPXCHG32(p, off, cmp, v)                                                             \
	TSOB__CMPXCHG("w", "cmpxchg32", p, off, (uint32_t)(cmp), (uint32_t)(v))
#define TSOB_CMPXCHG64(p, off, cmp, v)                                                             \
	TSOB__CMPXCHG("x", "cmpxchg64", p, off, (uint64_t)(cmp), (uint64_t)(v))

/* Spin-wait hint inside a guest spin loop (x86 PAUSE). */
#define TSOB_PAUSE() __asm__ __volatile__("yield" ::: "memory")

#elif defined(__x86_64__)

#if !defined(TSOB_STRATEGY_PLAIN)
#error "on x86-64 only TSOB_STRATEGY_PLAIN exists: the original x86 moves are already TSO"
#endif

#define TSOB__XLOAD_I(T, insn, p, off, id)                                                         \
	({                                                                                         \
		TSOB__OFF(off);                                                                    \
		T id##_v;                                                                          \
		__asm__ __volatile__(insn " %c[o](%[b]), %[v]"                                     \
				     : [v] "=r"(id##_v)                                            \
				     : [b] "r"(p), [o] "i"(off)                                    \
				     : "memory");                                                  \
		id##_v;                                                                            \
	})
#define TSOB__XLOAD(T, insn, p, off)                                                               \
	TSOB__EXPAND(TSOB__XLOAD_I, T, insn, p, off, TSOB__UID(__COUNTER__))
#define TSOB__XSTORE_I(T, insn, p, off, val, id)                                                   \
	do {                                                                                       \
		TSOB__OFF(off);                                                                    \
		__asm__ __volatile__(insn " %[v], %c[o](%[b])"                                     \
				     :                                                             \
				     : [b] "r"(p), [o] "i"(off), [v] "r"((T)(val))                 \
				     : "memory");                                                  \
	} while (0)
#define TSOB__XSTORE(T, insn, p, off, val)                                                         \
	TSOB__EXPAND(TSOB__XSTORE_I, T, insn, p, off, val, TSOB__UID(__COUNTER__))

#define TSOB_LD8(p, off) TSOB__XLOAD(uint32_t, "movzbl", p, off)
#define TSOB_LD16(p, off) TSOB__XLOAD(uint32_t, "movzwl", p, off)
#define TSOB_LD32(p, off) TSOB__XLOAD(uint32_t, "movl", p, off)
#define TSOB_LD64(p, off) TSOB__XLOAD(uint64_t, "movq", p, off)
#define TSOB_ST8(p, off, v) TSOB__XSTORE(uint8_t, "movb", p, off, v)
#define TSOB_ST16(p, off, v) TSOB__XSTORE(uint16_t, "movw", p, off, v)
#define TSOB_ST32(p, off, v) TSOB__XSTORE(uint32_t, "movl", p, off, v)
#define TSOB_ST64(p, off, v) TSOB__XSTORE(uint64_t, "movq", p, off, v)
#define TSOB_LD32U TSOB_LD32
#define TSOB_LD64U TSOB_LD64
#define TSOB_ST32U TSOB_ST32
#define TSOB_ST64U TSOB_ST64
#define TSOB_STK_LD64 TSOB_LD64
#define TSOB_STK_ST64 TSOB_ST64

#define TSOB_LDV_I(p, off, id)                                                                     \
	({                                                                                         \
		TSOB__OFF(off);                                                                    \
		tsob_v128 id##_v;                                                                  \
		__asm__ __volatile__("movdqu %c[o](%[b]), %[v]"                                    \
				     : [v] "=x"(id##_v)                                            \
				     : [b] "r"(p), [o] "i"(off)                                    \
				     : "memory");                                                  \
		id##_v;                                                                            \
	})
#define TSOB_LDV(p, off) TSOB__EXPAND(TSOB_LDV_I, p, off, TSOB__UID(__COUNTER__))
#define TSOB_STV_I(p, off, val, id)                                                                \
	do {                                                                                       \
		TSOB__OFF(off);                                                                    \
		__asm__ __volatile__("movdqu %[v], %c[o](%[b])"                                    \
				     :                                                             \
				     : [b] "r"(p), [o] "i"(off), [v] "x"((tsob_v128)(val))         \
				     : "memory");                                                  \
	} while (0)
#define TSOB_STV(p, off, val) TSOB__EXPAND(TSOB_STV_I, p, off, val, TSOB__UID(__COUNTER__))

#define TSOB__XRMW_I(T, insn, p, off, val, id)                                                     \
	({                                                                                         \
		TSOB__OFF(off);                                                                    \
		T id##_v = (T)(val);                                                               \
		__asm__ __volatile__(insn " %[v], %c[o](%[b])"                                     \
				     : [v] "+r"(id##_v)                                            \
				     : [b] "r"(p), [o] "i"(off)                                    \
				     : "memory", "cc");                                            \
		id##_v;                                                                            \
	})
#define TSOB__XRMW(T, insn, p, off, val)                                                           \
	TSOB__EXPAND(TSOB__XRMW_I, T, insn, p, off, val, TSOB__UID(__COUNTER__))
#define TSOB__XCMPXCHG_I(T, insn, p, off, cmp, val, id)                                            \
	({                                                                                         \
		TSOB__OFF(off);                                                                    \
		T id##_v = (T)(cmp);                                                               \
		__asm__ __volatile__(insn " %[s], %c[o](%[b])"                                     \
				     : "+a"(id##_v)                                                \
				     : [b] "r"(p), [o] "i"(off), [s] "r"((T)(val))                 \
				     : "memory", "cc");                                            \
		id##_v;                                                                            \
	})
#define TSOB__XCMPXCHG(T, insn, p, off, cmp, val)                                                  \
	TSOB__EXPAND(TSOB__XCMPXCHG_I, T, insn, p, off, cmp, val, TSOB__UID(__COUNTER__))

#define TSOB_XADD32(p, off, v) TSOB__XRMW(uint32_t, "lock xaddl", p, off, v)
#define TSOB_XADD64(p, off, v) TSOB__XRMW(uint64_t, "lock xaddq", p, off, v)
#define TSOB_XCHG32(p, off, v) TSOB__XRMW(uint32_t, "xchgl", p, off, v)
#define TSOB_XCHG64(p, off, v) TSOB__XRMW(uint64_t, "xchgq", p, off, v)
#define TSOB_CMPXCHG32(p, off, cmp, v) TSOB__XCMPXCHG(uint32_t, "lock cmpxchgl", p, off, cmp, v)
#define TSOB_CMPXCHG64(p, off, cmp, v) TSOB__XCMPXCHG(uint64_t, "lock cmpxchgq", p, off, cmp, v)

#define TSOB_PAUSE() __asm__ __volatile__("pause" ::: "memory")

#else
#error "tsob/access.h supports aarch64 and x86-64"
#endif

#endif
