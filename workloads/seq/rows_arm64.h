/* SPDX-License-Identifier: MIT */
/*
 * The arm64 sequences, one row each (an X-macro table: own.c includes it
 * twice). Columns: id, group, form, needs, instructions executed per copy,
 * one copy (the asm template itself; "; " separates instructions), what it
 * stands for.
 *
 * Operands (see tsob_seq_prepare()): p points at the buffer, whose words 0 and
 * 1 point back at it, so `ldr p, [p]` chains; q = p + 64, another line, takes
 * the stores; r = p + 128 holds 0 for the read-modify-writes; v, e hold 0;
 * o, n, f are scratch. Every row keeps the buffer as it found it.
 */
/* clang-format off */
TSOB_SEQ_ROW(ldr_lat, "load", LAT, NONE, 1, "ldr %x[p], [%x[p]]",
	"LDR: plain load, L1 hit (x86 mov under plain/hwtso); latency through the address")
TSOB_SEQ_ROW(ldr_tput, "load", TPUT, NONE, 1, "ldr %x[v], [%x[p]]",
	"LDR: plain load, L1 hit; independent loads")
TSOB_SEQ_ROW(ldar_lat, "load", LAT, NONE, 1, "ldar %x[p], [%x[p]]",
	"LDAR: acquire load, RCsc (x86 mov under ldar); latency through the address")
TSOB_SEQ_ROW(ldar_tput, "load", TPUT, NONE, 1, "ldar %x[v], [%x[p]]",
	"LDAR: acquire load, RCsc; independent loads (each still ordered before the next)")
TSOB_SEQ_ROW(ldapr_lat, "load", LAT, LRCPC, 1, "ldapr %x[p], [%x[p]]",
	"LDAPR: acquire load, RCpc (x86 mov under ldapr); latency through the address")
TSOB_SEQ_ROW(ldapr_tput, "load", TPUT, LRCPC, 1, "ldapr %x[v], [%x[p]]",
	"LDAPR: acquire load, RCpc; independent loads")
TSOB_SEQ_ROW(ldapur_lat, "load", LAT, LRCPC2, 1, "ldapur %x[p], [%x[p], #8]",
	"LDAPUR: RCpc acquire load with an immediate offset (x86 mov [r+8] under ldapur); latency")
TSOB_SEQ_ROW(ldapur_tput, "load", TPUT, LRCPC2, 1, "ldapur %x[v], [%x[p], #8]",
	"LDAPUR: RCpc acquire load with an immediate offset; independent loads")
TSOB_SEQ_ROW(str, "store", TPUT, NONE, 1, "str %x[v], [%x[q]]",
	"STR: plain store (x86 mov under plain/hwtso), back to back to one line")
TSOB_SEQ_ROW(stlr, "store", TPUT, NONE, 1, "stlr %x[v], [%x[q]]",
	"STLR: release store (x86 mov under ldar and ldapr), back to back")
TSOB_SEQ_ROW(stlur, "store", TPUT, LRCPC2, 1, "stlur %x[v], [%x[q], #8]",
	"STLUR: release store with an immediate offset (x86 mov under ldapur), back to back")
TSOB_SEQ_ROW(str_ldr, "store-load", TPUT, NONE, 2, "str %x[v], [%x[q]]; ldr %x[o], [%x[p]]",
	"STR then LDR from another line: the unordered baseline of the two rows below")
TSOB_SEQ_ROW(stlr_ldar, "store-load", TPUT, NONE, 2, "stlr %x[v], [%x[q]]; ldar %x[o], [%x[p]]",
	"STLR then LDAR from another line: RCsc, the load waits until the store is visible")
TSOB_SEQ_ROW(stlr_ldapr, "store-load", TPUT, LRCPC, 2, "stlr %x[v], [%x[q]]; ldapr %x[o], [%x[p]]",
	"STLR then LDAPR from another line: RCpc, the load may complete before the store")
TSOB_SEQ_ROW(dmb_ish, "barrier", TPUT, NONE, 1, "dmb ish",
	"DMB ISH alone: full barrier with nothing to order")
TSOB_SEQ_ROW(dmb_ishld, "barrier", TPUT, NONE, 1, "dmb ishld",
	"DMB ISHLD alone: load barrier with nothing to order")
TSOB_SEQ_ROW(dmb_ishst, "barrier", TPUT, NONE, 1, "dmb ishst",
	"DMB ISHST alone: store barrier with nothing to order")
TSOB_SEQ_ROW(str_dmb_ish, "barrier", TPUT, NONE, 2, "str %x[v], [%x[q]]; dmb ish",
	"STR; DMB ISH: a store drained by a full barrier (dmb strategy's store, barrier after)")
TSOB_SEQ_ROW(str_dmb_ishld, "barrier", TPUT, NONE, 2, "str %x[v], [%x[q]]; dmb ishld",
	"STR; DMB ISHLD: a load barrier after a store (orders loads only)")
TSOB_SEQ_ROW(str_dmb_ishst, "barrier", TPUT, NONE, 2, "str %x[v], [%x[q]]; dmb ishst",
	"STR; DMB ISHST: store-store barrier after a store")
TSOB_SEQ_ROW(ldr_dmb_ish, "barrier", TPUT, NONE, 2, "ldr %x[o], [%x[p]]; dmb ish",
	"LDR; DMB ISH: a full barrier in a load stream")
TSOB_SEQ_ROW(ldr_dmb_ishld, "barrier", TPUT, NONE, 2, "ldr %x[o], [%x[p]]; dmb ishld",
	"LDR; DMB ISHLD: a load barrier in a load stream (dmb strategy's loads, QEMU TCG)")
TSOB_SEQ_ROW(ldr_dmb_ishst, "barrier", TPUT, NONE, 2, "ldr %x[o], [%x[p]]; dmb ishst",
	"LDR; DMB ISHST: a store barrier in a load stream (nothing to order)")
TSOB_SEQ_ROW(ldadd, "rmw", TPUT, LSE, 1, "ldadd %x[v], %x[o], [%x[r]]",
	"LDADD: LSE atomic add, no ordering, back to back on one line")
TSOB_SEQ_ROW(ldaddal, "rmw", TPUT, LSE, 1, "ldaddal %x[v], %x[o], [%x[r]]",
	"LDADDAL: LSE atomic add, acquire+release (x86 lock add/xadd with LSE)")
TSOB_SEQ_ROW(swpal, "rmw", TPUT, LSE, 1, "swpal %x[v], %x[o], [%x[r]]",
	"SWPAL: LSE swap, acquire+release (x86 xchg with memory, with LSE)")
TSOB_SEQ_ROW(casal, "rmw", TPUT, LSE, 1, "casal %x[e], %x[v], [%x[r]]",
	"CASAL: LSE compare-and-swap that succeeds, acquire+release (x86 lock cmpxchg)")
TSOB_SEQ_ROW(ldxr_stxr_add, "rmw", TPUT, NONE, 4,
	"1: ldxr %x[o], [%x[r]]; add %x[n], %x[o], %x[v]; stxr %w[f], %x[n], [%x[r]]; cbnz %w[f], 1b",
	"LDXR/STXR add loop, no ordering: the LL/SC counterpart of LDADD")
TSOB_SEQ_ROW(ldaxr_stlxr_add, "rmw", TPUT, NONE, 4,
	"1: ldaxr %x[o], [%x[r]]; add %x[n], %x[o], %x[v]; stlxr %w[f], %x[n], [%x[r]]; cbnz %w[f], 1b",
	"LDAXR/STLXR add loop: x86 lock add/xadd without LSE, against LDADDAL")
TSOB_SEQ_ROW(ldaxr_stlxr_swp, "rmw", TPUT, NONE, 3,
	"1: ldaxr %x[o], [%x[r]]; stlxr %w[f], %x[v], [%x[r]]; cbnz %w[f], 1b",
	"LDAXR/STLXR swap loop: x86 xchg without LSE, against SWPAL")
TSOB_SEQ_ROW(ldaxr_stlxr_cas, "rmw", TPUT, NONE, 5,
	"1: ldaxr %x[o], [%x[r]]; cmp %x[o], %x[e]; b.ne 2f; stlxr %w[f], %x[v], [%x[r]]; cbnz %w[f], 1b; 2:",
	"LDAXR/STLXR compare-and-swap loop that succeeds: x86 lock cmpxchg without LSE, against CASAL")
/* clang-format on */
