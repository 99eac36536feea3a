/* SPDX-License-Identifier: MIT */
/*
 * What every kernel source shares. A kernel file is compiled once per strategy,
 * with TSOB_STRATEGY_<NAME> defined, and defines one struct tsob_kernel through
 * TSOB_KERNEL_DEFINE(name). Its static functions keep the same names in every
 * object, so the disassembly test can pair them.
 */
#ifndef TSOB_KERNELS_COMMON_H
#define TSOB_KERNELS_COMMON_H

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/access.h"
#include "tsob/kernel.h"

#define TSOB__CAT3(a, b, c) a##b##c
#define TSOB__SYM(k, s) TSOB__CAT3(tsob_k_, k, _##s)
#define TSOB__KSYM(k, s) TSOB__SYM(k, s)
/* Defines tsob_k_<name>_<strategy>, the object the registry lists. */
#define TSOB_KERNEL_DEFINE(name)                                                                   \
	extern const struct tsob_kernel TSOB__KSYM(name, TSOB_SUFFIX);                             \
	const struct tsob_kernel TSOB__KSYM(name, TSOB_SUFFIX)

/* Keeps shared words of multi-threaded kernels on separate lines (Apple: 128 B). */
#define TSOB_LINE 128

static inline uint64_t tsob_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t tsob_mix(uint64_t h, uint64_t x)
{
	h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static inline uint64_t tsob_hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = n, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		h = tsob_mix(h, w);
	}
	for (; i < n; i++)
		h = tsob_mix(h, b[i]);
	return h;
}

/* Guest memory: zeroed, line-aligned; NULL with errno set on failure. */
static inline void *tsob_galloc(size_t bytes)
{
	size_t n = (bytes + TSOB_LINE - 1) / TSOB_LINE * TSOB_LINE;
	void *p = aligned_alloc(TSOB_LINE, n ? n : TSOB_LINE);

	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	memset(p, 0, n ? n : TSOB_LINE);
	return p;
}

/* One turn of a guest spin loop: PAUSE, and give the CPU away now and then so
 * threads time-shared on one CPU still make progress. */
static inline void tsob_spin(unsigned *spins)
{
	TSOB_PAUSE();
	if (++*spins >= 64) {
		*spins = 0;
		sched_yield();
	}
}

static inline int tsob_verdict_single(struct tsob_verdict *v)
{
	v->violations = 0;
	v->detail[0] = '\0';
	if (v->checksum == v->expected)
		return 0;
	snprintf(v->detail, sizeof(v->detail), "checksum %016" PRIx64 ", reference %016" PRIx64,
		 v->checksum, v->expected);
	return 1;
}

/*
 * Verdict of a multi-threaded kernel. @broken: a mismatch no memory ordering
 * explains (final index, counter above its maximum, ...): always a failure.
 * Ordering violations are tolerated, counted and reported, only in plain code
 * on a weakly ordered CPU; anywhere else they are a failure.
 */
static inline int tsob_verdict_shared(struct tsob_verdict *v, const char *broken)
{
	if (broken) {
		snprintf(v->detail, sizeof(v->detail), "%s", broken);
		return 1;
	}
	if (v->violations == 0) {
		if (v->checksum == v->expected) {
			v->detail[0] = '\0';
			return 0;
		}
		snprintf(v->detail, sizeof(v->detail),
			 "checksum %016" PRIx64 ", reference %016" PRIx64, v->checksum,
			 v->expected);
		return 1;
	}
	if (TSOB_WEAK_PLAIN) {
		snprintf(v->detail, sizeof(v->detail),
			 "%" PRIu64
			 " ordering violations observed (plain code, weakly ordered CPU)",
			 v->violations);
		return 0;
	}
	snprintf(v->detail, sizeof(v->detail),
		 "%" PRIu64 " ordering violations under an ordered strategy", v->violations);
	return 1;
}

#endif
