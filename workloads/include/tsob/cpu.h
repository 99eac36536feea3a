/* SPDX-License-Identifier: MIT */
/*
 * What this CPU and build can run: strategies (HWCAP checks, never SIGILL) and
 * the form locked read-modify-write instructions take here.
 */
#ifndef TSOB_CPU_H
#define TSOB_CPU_H

#include <stddef.h>

#include "tsob/strategy.h"

/* 1 if objects of strategy @s exist in this build and this CPU can execute
 * them; else 0 with a one-line reason in @why. For TSOB_HWTSO this only says
 * that the plain objects exist (arm64): whether the kernel grants TSO is the
 * prctl's answer, which the caller checks. */
int tsob_strategy_supported(enum tsob_strategy s, char *why, size_t len);

/* "lse" (CASAL/LDADDAL/SWPAL), "llsc" (LDAXR/STLXR loops) or "x86-lock":
 * the locked-RMW form every strategy uses on this CPU, chosen at start-up. */
const char *tsob_rmw_kind(void);

#endif
