/* SPDX-License-Identifier: MIT */
/*
 * The per-thread memory-model prctl of kernel-patch/, v2 values: the one
 * place they are written (kernel-patch/README.md says why they differ from
 * the 2024 posting's). The driver wraps them in bench/measure/memmodel.c.
 */
#ifndef TSOB_MEM_MODEL_H
#define TSOB_MEM_MODEL_H

#ifndef PR_GET_MEM_MODEL
#define PR_GET_MEM_MODEL 0x6d4d4f44
#define PR_SET_MEM_MODEL 0x4d4d4f44
#define PR_SET_MEM_MODEL_DEFAULT 0
#define PR_SET_MEM_MODEL_TSO 1
#endif

#endif
