/* SPDX-License-Identifier: MIT */
/*
 * What the strategies of `tsobench run` emit for an x86 `mov` load, a `mov`
 * store and a `lock xadd`/`lock add` (X-macro table; access.c includes it
 * twice per strategy). The code comes from the guest-access layer's own
 * macros (tsob/access.h), so it cannot drift from what the kernels run; the
 * text columns say what it is, and the disassembly test holds them to it.
 *
 * TSOB_SEQ_ACC(id, form, copy macro, access record, stands for,
 *              then per strategy: instructions per copy, one copy)
 *   access record "kind,value,base,offset" lets the check compare each copy
 *   with the access layer's rule for that strategy (tests/workloads/check_disasm.py).
 * TSOB_SEQ_ACC_RMW1/2(id, copy macro, access record, one copy,
 *                    then per path: path, needs, instructions executed per copy, stands for)
 *   locked RMW is the same in every strategy: compiled once, with the plain
 *   objects. On arm64 the layer reads its LSE flag (a load the compiler
 *   places before each access) and branches to LSE or LL/SC: one code, two
 *   rows, each available on the CPUs that take its path.
 *
 * Operands as in rows_arm64.h; t, u, f are the layer's scratch registers,
 * l its LSE flag (loaded from the address in a), s the added value (1).
 */
/* clang-format off */
#if defined(__aarch64__)
TSOB_SEQ_ACC(x86_mov_load_lat, LAT, TSOB_SEQ_LOAD_LAT, "ld64,p,p,8",
	"x86 mov r, [r+8] as the strategy emits it; latency through the address",
	1, "ldr %x[p], [%x[p], #8]",
	2, "add %x[t], %x[p], #8; ldar %x[p], [%x[t]]",
	2, "add %x[t], %x[p], #8; ldapr %x[p], [%x[t]]",
	1, "ldapur %x[p], [%x[p], #8]",
	2, "dmb ishld; ldr %x[p], [%x[p], #8]")
TSOB_SEQ_ACC(x86_mov_load_tput, TPUT, TSOB_SEQ_LOAD_TPUT, "ld64,v,p,8",
	"x86 mov r, [r+8] as the strategy emits it; independent loads",
	1, "ldr %x[v], [%x[p], #8]",
	2, "add %x[t], %x[p], #8; ldar %x[v], [%x[t]]",
	2, "add %x[t], %x[p], #8; ldapr %x[v], [%x[t]]",
	1, "ldapur %x[v], [%x[p], #8]",
	2, "dmb ishld; ldr %x[v], [%x[p], #8]")
TSOB_SEQ_ACC(x86_mov_store, TPUT, TSOB_SEQ_STORE, "st64,v,q,8",
	"x86 mov [r+8], r as the strategy emits it, back to back",
	1, "str %x[v], [%x[q], #8]",
	2, "add %x[t], %x[q], #8; stlr %x[v], [%x[t]]",
	2, "add %x[t], %x[q], #8; stlr %x[v], [%x[t]]",
	1, "stlur %x[v], [%x[q], #8]",
	2, "dmb ish; str %x[v], [%x[q], #8]")
#if defined(TSOB_STRATEGY_PLAIN)
TSOB_SEQ_ACC_RMW2(x86_lock_xadd, TSOB_SEQ_XADD, "xadd64,v,r,0",
	"ldr %w[l], [%x[a]]; add %x[t], %x[r], #0; cbz %w[l], 1f; ldaddal %x[s], %x[v], [%x[t]]; "
	"b 3f; 1: ldaxr %x[v], [%x[t]]; add %x[u], %x[v], %x[s]; stlxr %w[f], %x[u], [%x[t]]; "
	"cbnz %w[f], 1b; 3:",
	lse, LSE, 5, "x86 lock xadd/lock add [r], r in every strategy, on a CPU with LSE (LDADDAL path)",
	llsc, NO_LSE, 7, "x86 lock xadd/lock add [r], r in every strategy, without LSE (LDAXR/STLXR path)")
#endif
#elif defined(__x86_64__)
TSOB_SEQ_ACC(x86_mov_load_lat, LAT, TSOB_SEQ_LOAD_LAT, "ld64,p,p,8",
	"x86 mov r, [r+8] as the plain strategy emits it (the original MOV); latency",
	1, "mov 8(%[p]), %[p]")
TSOB_SEQ_ACC(x86_mov_load_tput, TPUT, TSOB_SEQ_LOAD_TPUT, "ld64,v,p,8",
	"x86 mov r, [r+8] as the plain strategy emits it; independent loads",
	1, "mov 8(%[p]), %[v]")
TSOB_SEQ_ACC(x86_mov_store, TPUT, TSOB_SEQ_STORE, "st64,v,q,8",
	"x86 mov [r+8], r as the plain strategy emits it, back to back",
	1, "mov %[v], 8(%[q])")
TSOB_SEQ_ACC_RMW1(x86_lock_xadd, TSOB_SEQ_XADD, "xadd64,v,r,0",
	"mov %[s], %[v]; lock xadd %[v], (%[r])",
	plain, NONE, 2, "x86 lock xadd [r], r as the access layer emits it (the compiler copies the addend in first)")
#endif
/* clang-format on */
