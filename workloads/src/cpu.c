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

int tsob_strategy_supported(enum tsob_strategy s, char *why, size_t len)
{
	unsigned long hwcap = getauxval(AT_HWCAP);
	const char *no = NULL;

	switch (s) {
	case TSOB_PLAIN:
	case TSOB_LDAR:
	case TSOB_DMB:
	case TSOB_HWTSO:
		break;
	case TSOB_LDAPR:
		if (!(hwcap & HWCAP_LRCPC))
			no = "CPU lacks FEAT_LRCPC (HWCAP_LRCPC): LDAPR would raise SIGILL";
		break;
	case TSOB_LDAPUR:
		if (!(hwcap & HWCAP_ILRCPC))
			no =
			    "CPU lacks FEAT_LRCPC2 (HWCAP_ILRCPC): LDAPUR/STLUR would raise SIGILL";
		break;
	default:
		no = "unknown strategy";
		break;
	}
	if (no && why && len)
		snprintf(why, len, "%s", no);
	else if (why && len)
		why[0] = '\0';
	return no == NULL;
}

#elif defined(__x86_64__)

const char *tsob_rmw_kind(void)
{
	return "x86-lock";
}

int tsob_strategy_supported(enum tsob_strategy s, char *why, size_t len)
{
	const char *no = NULL;

	if (s == TSOB_HWTSO)
		no = "not applicable on x86-64: the CPU is always TSO";
	else if (s != TSOB_PLAIN)
		no = "not applicable on x86-64: the original x86 moves are already TSO";
	if (no && why && len)
		snprintf(why, len, "%s", no);
	else if (why && len)
		why[0] = '\0';
	return no == NULL;
}

#else
#error "tsobench workloads support aarch64 and x86-64"
#endif
