// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "tsob/cpu.h"

#if defined(__aarch64__)
#include <sys/auxv.h>
#include <asm/hwcap.h>

#ifndef HWCAP_ATOMICS
#define HWCAP_ATOMICS (1UL << 8)
#endif
#ifndef HWCAP_LRCPC
#define HWCAP_LRCPC (1UL << 15)
#endif
#ifndef HWCAP_ILRCPC
#define HWCAP_ILRCPC (1UL << 26)
#endif

/* Read by every locked RMW in the access layer; written once, before main(). */
unsigned tsob_rmw_lse;

__attribute__((constructor)) static void tsob_cpu_init(void)
{
	tsob_rmw_lse = (getauxval(AT_HWCAP) & HWCAP_ATOMICS) != 0;
}

const char *tsob_rmw_kind(void)
{
	return tsob_rmw_lse ? "lse" : "llsc";
}

/* What each CPU need of the strategy table means on arm64. */
static const struct {
	const char *feature, *hwcap_name, *insns;
	unsigned long hwcap;
} needs[] = {
	[TSOB_NEED_LRCPC] = { "FEAT_LRCPC", "HWCAP_LRCPC", "LDAPR", HWCAP_LRCPC },
	[TSOB_NEED_LRCPC2] = { "FEAT_LRCPC2", "HWCAP_ILRCPC", "LDAPUR/STLUR", HWCAP_ILRCPC },
};

int tsob_strategy_supported(enum tsob_strategy s, char *why, size_t len)
{
	unsigned long hwcap = getauxval(AT_HWCAP);
	enum tsob_cpu_need need;
	char no[160] = "";

	if ((unsigned)s >= TSOB_NR_STRATEGIES) {
		snprintf(no, sizeof(no), "unknown strategy");
	} else if ((need = tsob_strategies[s].needs) != TSOB_NEED_NONE &&
		   !(hwcap & needs[need].hwcap)) {
		snprintf(no, sizeof(no), "CPU lacks %s (%s): %s would raise SIGILL",
			 needs[need].feature, needs[need].hwcap_name, needs[need].insns);
	}
	if (why && len)
		snprintf(why, len, "%s", no);
	return !no[0];
}

#elif defined(__x86_64__)

const char *tsob_rmw_kind(void)
{
	return "x86-lock";
}

int tsob_strategy_supported(enum tsob_strategy s, char *why, size_t len)
{
	const char *no = NULL;

	if ((unsigned)s >= TSOB_NR_STRATEGIES)
		no = "unknown strategy";
	else if (!tsob_strategies[s].x86)
		no = tsob_strategies[s].model == TSOB_MODEL_TSO
			     ? "not applicable on x86-64: the CPU is always TSO"
			     : "not applicable on x86-64: the original x86 moves are already TSO";
	if (why && len)
		snprintf(why, len, "%s", no ? no : "");
	return no == NULL;
}

#else
#error "tsobench workloads support aarch64 and x86-64"
#endif
