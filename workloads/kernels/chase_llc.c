// SPDX-License-Identifier: MIT
/* Pointer chase over 64 MiB, larger than the last-level cache: memory latency. */
#define CHASE_NAME chase_llc
#define CHASE_STR "chase_llc"
#define CHASE_BYTES (64u << 20)
#define CHASE_QUICK 20000
#define CHASE_DEFAULT 400000
#define CHASE_STANDS_FOR "mov rax,[rax] linked-list walk over 64 MiB (beyond LLC): DRAM latency"
#include "chase_impl.h"
