// SPDX-License-Identifier: MIT
#include <string.h>

#include "tsob/strategy.h"

const struct tsob_strategy_info tsob_strategies[TSOB_NR_STRATEGIES] = {
	[TSOB_PLAIN] = {"plain", "LDR", "STR",
			"no TSO emulation (box64 STRONGMEM=0); unsafe for multi-threaded x86 code"},
	[TSOB_LDAR] = {"ldar", "LDAR", "STLR", "FEX-Emu on cores without FEAT_LRCPC"},
	[TSOB_LDAPR] = {"ldapr", "LDAPR", "STLR", "FEX-Emu with FEAT_LRCPC"},
	[TSOB_LDAPUR] = {"ldapur", "LDAPUR", "STLUR", "FEX-Emu with FEAT_LRCPC2"},
	[TSOB_DMB] = {"dmb", "DMB ISHLD; LDR", "DMB ISH; STR",
		      "QEMU TCG for x86 guests; box64 STRONGMEM=4"},
	[TSOB_HWTSO] = {"hwtso", "LDR", "STR",
			"plain code under prctl(PR_SET_MEM_MODEL, PR_SET_MEM_MODEL_TSO)"},
};

int tsob_strategy_lookup(const char *name)
{
	for (int i = 0; i < TSOB_NR_STRATEGIES; i++)
		if (name && strcmp(tsob_strategies[i].name, name) == 0)
			return i;
	return -1;
}
