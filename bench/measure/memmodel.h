/* SPDX-License-Identifier: MIT */
/* The per-thread memory-model prctl proposed for Linux (see kernel-patch/). */
#ifndef TSOB_MEMMODEL_H
#define TSOB_MEMMODEL_H

/* The v2 values (kernel-patch/README.md says why they differ from v1's) */
#ifndef PR_GET_MEM_MODEL
#define PR_GET_MEM_MODEL 0x6d4d4f44
#define PR_SET_MEM_MODEL 0x4d4d4f44
#define PR_SET_MEM_MODEL_DEFAULT 0
#define PR_SET_MEM_MODEL_TSO 1
#endif

/* The calling thread's model (>= 0), or a negative errno (-EINVAL: unsupported). */
int tsob_memmodel_get(void);
/* Set the calling thread's model; 0 or a negative errno. */
int tsob_memmodel_set(int model);
/* Set TSO and confirm it with GET; 0 or a negative errno (-EIO: GET disagrees). */
int tsob_memmodel_enter_tso(void);
const char *tsob_memmodel_name(int model);

#endif
