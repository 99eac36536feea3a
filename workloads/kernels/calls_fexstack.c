// SPDX-License-Identifier: MIT
/* The same calls with stack accesses left plain, as FEX treats RSP-based accesses. */
#define CALLS_NAME calls_fexstack
#define CALLS_STR "calls_fexstack"
#define CALLS_STANDS_FOR "recursive call/ret with push/pop and spills; stack plain as in FEX"
#define CALLS_PUSH TSOB_STK_ST64
#define CALLS_LOAD TSOB_STK_LD64
#include "calls_impl.h"
