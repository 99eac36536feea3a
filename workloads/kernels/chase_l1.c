// SPDX-License-Identifier: MIT
/* Pointer chase over 16 KiB, which fits every L1D: load-to-load latency. */
#define CHASE_NAME chase_l1
#define CHASE_STR "chase_l1"
#define CHASE_BYTES (16u << 10)
#define CHASE_QUICK 100000
#define CHASE_DEFAULT 20000000
#define CHASE_STANDS_FOR "mov rax,[rax] linked-list walk over 16 KiB (fits L1): load latency"
#include "chase_impl.h"
