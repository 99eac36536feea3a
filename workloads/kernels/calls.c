// SPDX-License-Identifier: MIT
/* Calls and returns whose stack accesses are ordered like any other (QEMU TCG). */
#define CALLS_NAME calls
#define CALLS_STR "calls"
#define CALLS_STANDS_FOR "recursive call/ret with push/pop and spills; stack accesses ordered"
#define CALLS_PUSH TSOB_ST64
#define CALLS_LOAD TSOB_LD64
#include "calls_impl.h"
