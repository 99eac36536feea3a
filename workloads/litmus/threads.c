// SPDX-License-Identifier: MIT
/*
 * The litmus threads of one strategy. Compiled once per strategy through a
 * generated wrapper that defines TSOB_STRATEGY_<NAME> and includes this file,
 * exactly as the kernels are: every access to x and y is a guest access.
 */
#include <string.h>

#include "tsob/access.h"
#include "code.h"
#include "shapes.h"

#define ST(l, v) TSOB_ST32(g + (l)*TSOB_LITMUS_LINE, 0, (v));
#define LD(l, n) r[n] = TSOB_LD32(g + (l)*TSOB_LITMUS_LINE, 0);

/* Registers stay in machine registers until the thread's accesses are done. */
#define THREAD(fn, body)                                                                           \
	static void fn(char *g, uint32_t *out)                                                     \
	{                                                                                          \
		uint32_t r[TSOB_LITMUS_MAX_VARS] = {0};                                            \
		body memcpy(out, r, sizeof(r));                                                    \
	}

THREAD(mp_0, MP_P0)
THREAD(mp_1, MP_P1)
THREAD(sb_0, SB_P0)
THREAD(sb_1, SB_P1)
THREAD(lb_0, LB_P0)
THREAD(lb_1, LB_P1)
THREAD(s_0, S_P0)
THREAD(s_1, S_P1)
THREAD(r_0, R_P0)
THREAD(r_1, R_P1)
THREAD(w22_0, W22_P0)
THREAD(w22_1, W22_P1)
THREAD(iriw_0, IRIW_P0)
THREAD(iriw_1, IRIW_P1)
THREAD(iriw_2, IRIW_P2)
THREAD(iriw_3, IRIW_P3)
THREAD(corr_0, CORR_P0)
THREAD(corr_1, CORR_P1)

#define CODE_NAME2(s) tsob_litmus_code_##s
#define CODE_NAME(s) CODE_NAME2(s)

extern const struct tsob_litmus_code CODE_NAME(TSOB_SUFFIX);
const struct tsob_litmus_code CODE_NAME(TSOB_SUFFIX) = {
    .strategy = TSOB_THIS_STRATEGY,
    .fn =
	{
	    [TSOB_LITMUS_ID_MP] = {mp_0, mp_1},
	    [TSOB_LITMUS_ID_SB] = {sb_0, sb_1},
	    [TSOB_LITMUS_ID_LB] = {lb_0, lb_1},
	    [TSOB_LITMUS_ID_S] = {s_0, s_1},
	    [TSOB_LITMUS_ID_R] = {r_0, r_1},
	    [TSOB_LITMUS_ID_2P2W] = {w22_0, w22_1},
	    [TSOB_LITMUS_ID_IRIW] = {iriw_0, iriw_1, iriw_2, iriw_3},
	    [TSOB_LITMUS_ID_CORR] = {corr_0, corr_1},
	},
};
