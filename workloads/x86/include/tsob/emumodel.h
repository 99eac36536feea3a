/* SPDX-License-Identifier: MIT */
/*
 * Hardware TSO and emulator processes: whether prctl(PR_SET_MEM_MODEL) grants
 * TSO to a process here (rows with "hwtso use" need it), and a seccomp filter
 * that refuses it to an emulator (rows with "hwtso block"), which then orders
 * guest accesses in software as on a kernel without the prctl.
 */
#ifndef TSOB_EMUMODEL_H
#define TSOB_EMUMODEL_H

#include <stddef.h>

#include "tsob/mem_model.h"

/*
 * The memory-model prctl has two sets of option values: kernel-patch/'s v2
 * (tsob/mem_model.h, PR_GET_MEM_MODEL...) and the 2024 posting's, which the
 * downstream kernels carry and FEX-Emu calls (checked against FEX-2608).
 * Same arguments, same SET semantics; an emulator may try either.
 */
#define TSOB_PR_GET_MEM_MODEL_DOWNSTREAM 0x6d4d444c
#define TSOB_PR_SET_MEM_MODEL_DOWNSTREAM 0x4d4d444c

/*
 * 1 if a process started here would be granted TSO through either set of
 * values, 0 if not; @why says which values were granted, or why neither.
 */
int tsob_emu_hwtso_grantable(char *why, size_t len);
/* 1 if seccomp filters can be installed here, 0 if not (why says so). */
int tsob_emu_seccomp_usable(char *why, size_t len);
/*
 * Makes PR_GET_MEM_MODEL and PR_SET_MEM_MODEL, in both sets of values, fail
 * with @err in the calling
 * process and everything it executes (sets no_new_privs). Meant for a child
 * between fork and exec: async-signal-safe. 0, or a negative errno.
 */
int tsob_emu_hwtso_refuse(int err);

#endif
