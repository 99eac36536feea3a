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

/* The ABI of the memory-model prctl (FEX-Emu calls it with these numbers). */
#define TSOB_PR_GET_MEM_MODEL 0x6d4d444c
#define TSOB_PR_SET_MEM_MODEL 0x4d4d444c
#define TSOB_PR_SET_MEM_MODEL_TSO 1

/* 1 if a process started here would be granted TSO, 0 if not (why says so). */
int tsob_emu_hwtso_grantable(char *why, size_t len);
/* 1 if seccomp filters can be installed here, 0 if not (why says so). */
int tsob_emu_seccomp_usable(char *why, size_t len);
/*
 * Makes PR_GET_MEM_MODEL and PR_SET_MEM_MODEL fail with @err in the calling
 * process and everything it executes (sets no_new_privs). Meant for a child
 * between fork and exec: async-signal-safe. 0, or a negative errno.
 */
int tsob_emu_hwtso_refuse(int err);

#endif
