/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 counterparts (AT&T syntax, as the GNU assembler and objdump
 * write them), one row each; columns and operands as in rows_arm64.h. e is
 * %rax, the implicit comparand of cmpxchg. They let the method run, and be
 * tested, on an x86-64 host; their figures say what x86 pays, not arm64.
 */
/* clang-format off */
TSOB_SEQ_ROW(mov_load_lat, "load", LAT, NONE, 1, "mov (%[p]), %[p]",
	"MOV load, L1 hit (already TSO on x86); latency through the address")
TSOB_SEQ_ROW(mov_load_tput, "load", TPUT, NONE, 1, "mov (%[p]), %[v]",
	"MOV load, L1 hit; independent loads")
TSOB_SEQ_ROW(mov_store, "store", TPUT, NONE, 1, "mov %[v], (%[q])",
	"MOV store, back to back to one line")
TSOB_SEQ_ROW(mov_store_load, "store-load", TPUT, NONE, 2, "mov %[v], (%[q]); mov (%[p]), %[o]",
	"MOV store then MOV load from another line: TSO lets the load pass the store")
TSOB_SEQ_ROW(mfence, "barrier", TPUT, NONE, 1, "mfence",
	"MFENCE alone: full barrier with nothing to order")
TSOB_SEQ_ROW(mov_store_mfence, "barrier", TPUT, NONE, 2, "mov %[v], (%[q]); mfence",
	"MOV store; MFENCE: a store drained by a full barrier (a sequentially consistent store)")
TSOB_SEQ_ROW(mov_load_mfence, "barrier", TPUT, NONE, 2, "mov (%[p]), %[o]; mfence",
	"MOV load; MFENCE: a full barrier in a load stream")
TSOB_SEQ_ROW(lock_add, "rmw", TPUT, NONE, 1, "lock add %[v], (%[r])",
	"LOCK ADD: atomic add, a full barrier, back to back on one line")
TSOB_SEQ_ROW(lock_xadd, "rmw", TPUT, NONE, 1, "lock xadd %[v], (%[r])",
	"LOCK XADD: atomic fetch-and-add, a full barrier")
TSOB_SEQ_ROW(xchg, "rmw", TPUT, NONE, 1, "xchg %[v], (%[r])",
	"XCHG with memory: atomic swap, implicitly locked")
TSOB_SEQ_ROW(lock_cmpxchg, "rmw", TPUT, NONE, 1, "lock cmpxchg %[v], (%[r])",
	"LOCK CMPXCHG that succeeds (%rax = e = the value in memory)")
/* clang-format on */
