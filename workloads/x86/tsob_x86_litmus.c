// SPDX-License-Identifier: MIT
/*
 * tsob-x86-litmus: the litmus tests of workloads/litmus (their plain code, the
 * original x86 moves) as a static x86-64 program, to run under real x86
 * emulators. Every outcome is counted and classed against x86-TSO; a forbidden
 * one is flagged on its line and in the exit status. Lines: x86line.h.
 *
 * usage: tsob-x86-litmus TESTS ITERATIONS [SEED [LIMIT_MS]]
 *   TESTS: all, or names separated by commas (MP,SB,...)
 *   LIMIT_MS: end a test after this long even if iterations remain (0: none)
 * Exit status: 0 nothing forbidden seen; 1 a forbidden outcome was seen or a
 * test could not run; 2 bad usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tsob/litmus.h"
#include "x86line.h"

/* Iterations per batch and the largest random delay: tsobench litmus's defaults. */
#define BATCH 1000
#define STAGGER 256
#define MAX_TESTS 32

static int say(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int say(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("tsob-x86-litmus: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Marks the tests named in @list (all, or comma-separated names). */
static int parse_tests(const char *list, bool *want)
{
	char buf[256], *save = NULL, *name;

	if (!strcmp(list, "all")) {
		for (unsigned i = 0; i < tsob_litmus_nr_tests; i++)
			want[i] = true;
		return 0;
	}
	if (strlen(list) >= sizeof(buf))
		return say(TSOB_X86_EXIT_USAGE, "TESTS too long");
	strcpy(buf, list);
	for (name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const struct tsob_litmus_test *t = tsob_litmus_lookup(name);

		if (!t)
			return say(TSOB_X86_EXIT_USAGE, "unknown test '%s' (all, or of MP,SB,...)",
				   name);
		want[t->id] = true;
	}
	return 0;
}

static void print_outcome(const struct tsob_litmus_test *t, unsigned key, uint64_t count)
{
	char name[128];

	tsob_litmus_outcome_name(t, key, name, sizeof(name));
	printf(TSOB_X86_LITMUS_TAG " outcome test=%s key=%u %s class=%s count=%" PRIu64 "\n",
	       t->name, key, name, tsob_litmus_class_name(tsob_litmus_classify(t, key)), count);
}

/* Runs one test and prints its lines; adds what it saw to @forbidden. */
static int run_test(const struct tsob_litmus_test *t, struct tsob_litmus_conf *conf,
		    struct tsob_litmus_result *res, uint64_t *forbidden)
{
	bool listed[TSOB_LITMUS_MAX_KEYS] = {false};
	int rc;

	conf->test = t;
	memset(res, 0, sizeof(*res));
	rc = tsob_litmus_run(conf, res);
	if (rc)
		return say(TSOB_X86_EXIT_FAILED, "%s could not run: %s", t->name, res->reason);
	for (unsigned o = 0; o < t->noutcomes; o++) {
		unsigned key = tsob_litmus_key(t, (const uint32_t[TSOB_LITMUS_MAX_VARS]){
						      t->outcomes[o].v[0], t->outcomes[o].v[1],
						      t->outcomes[o].v[2], t->outcomes[o].v[3]});

		listed[key] = true;
		print_outcome(t, key, res->counts[key]);
	}
	for (unsigned key = 0; key < tsob_litmus_nr_keys(t); key++)
		if (!listed[key] && res->counts[key])
			print_outcome(t, key, res->counts[key]);
	printf(TSOB_X86_LITMUS_TAG " test=%s iterations=%" PRIu64 " forbidden=%" PRIu64
				   " relaxed=%" PRIu64 " time_shared=%d ok=%d\n",
	       t->name, res->iterations, res->forbidden, res->relaxed, res->time_shared,
	       res->forbidden == 0);
	fflush(stdout);
	*forbidden += res->forbidden;
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t t_start = now_ns(), iterations, seed = 1, limit_ms = 0, forbidden = 0;
	struct tsob_litmus_result *res = malloc(sizeof(*res));
	bool want[MAX_TESTS] = {false};
	unsigned ntests = 0, done = 0;
	int rc = 0;

	if (!res || tsob_litmus_nr_tests > MAX_TESTS)
		return say(TSOB_X86_EXIT_FAILED, "out of memory, or more tests than MAX_TESTS");
	if (argc < 3 || argc > 5)
		return say(TSOB_X86_EXIT_USAGE,
			   "usage: tsob-x86-litmus TESTS ITERATIONS [SEED [LIMIT_MS]]");
	if ((rc = parse_tests(argv[1], want)))
		return rc;
	if (parse_u64(argv[2], 1, 1ull << 40, &iterations))
		return say(TSOB_X86_EXIT_USAGE, "bad ITERATIONS '%s': 1 to 2^40", argv[2]);
	if (argc > 3 && parse_u64(argv[3], 0, INT64_MAX, &seed))
		return say(TSOB_X86_EXIT_USAGE, "bad SEED '%s'", argv[3]);
	if (argc > 4 && parse_u64(argv[4], 0, 86400000, &limit_ms))
		return say(TSOB_X86_EXIT_USAGE, "bad LIMIT_MS '%s': 0 to 86400000", argv[4]);
	for (unsigned i = 0; i < tsob_litmus_nr_tests; i++)
		ntests += want[i];
	printf(TSOB_X86_LITMUS_TAG " start t_ns=%" PRIu64 " tests=%u iterations=%" PRIu64
				   " seed=%" PRIu64 "\n",
	       t_start, ntests, iterations, seed);
	fflush(stdout);

	for (unsigned i = 0; i < tsob_litmus_nr_tests && !rc; i++) {
		struct tsob_litmus_conf conf = {
		    .strategy = TSOB_PLAIN,
		    .iterations = iterations,
		    .batch = BATCH,
		    .stagger = STAGGER,
		    .seed = seed + i,
		    .time_limit_ns = limit_ms * 1000000ull,
		};

		if (!want[i])
			continue;
		rc = run_test(&tsob_litmus_tests[i], &conf, res, &forbidden);
		done += !rc;
	}
	printf(TSOB_X86_LITMUS_TAG " end tests=%u forbidden=%" PRIu64 " ok=%d\n", done, forbidden,
	       !rc && !forbidden);
	free(res);
	if (rc)
		return rc;
	return forbidden ? say(TSOB_X86_EXIT_FAILED, "%" PRIu64 " forbidden outcomes", forbidden)
			 : TSOB_X86_EXIT_OK;
}
