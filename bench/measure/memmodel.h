/* SPDX-License-Identifier: MIT */
/* The per-thread memory-model prctl proposed for Linux (see kernel-patch/). */
#ifndef TSOB_MEMMODEL_H
#define TSOB_MEMMODEL_H

#include "tsob/mem_model.h"

/* The calling thread's model (>= 0), or a negative errno (-EINVAL: unsupported). */
int tsob_memmodel_get(void);
/* Set the calling thread's model; 0 or a negative errno. */
int tsob_memmodel_set(int model);
/* Set TSO and confirm it with GET; 0 or a negative errno (-EIO: GET disagrees). */
int tsob_memmodel_enter_tso(void);
const char *tsob_memmodel_name(int model);

#endif
