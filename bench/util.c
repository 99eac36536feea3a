// SPDX-License-Identifier: MIT
#include "util.h"

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile int tsob_interrupted;
char tsob_argv_line[1024];

static void verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void verror(const char *fmt, va_list ap)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, ap);
	/* One line, whatever the message contains. */
	for (char *p = line; *p; p++)
		if (*p == '\n')
			*p = ' ';
	fprintf(stderr, "tsobench: %s\n", line);
}

int tsob_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
	return TSOB_EXIT_USAGE;
}

void tsob_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(fmt, ap);
	va_end(ap);
}

int tsob_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int tsob_parse_double(const char *s, double min, double max, double *out)
{
	char *end;
	double v;

	if (!s || !*s || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end || !isfinite(v))
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int tsob_opt_u64(const char *cmd, const char *opt, const char *arg, uint64_t min, uint64_t max,
		 uint64_t *v)
{
	int r = tsob_parse_u64(arg, min, max, v);

	if (r == -EINVAL)
		return TSOB_FAIL("%s%s%s '%s': not a number", cmd ? cmd : "", cmd ? ": " : "", opt,
				 arg);
	if (r)
		return TSOB_FAIL("%s%s%s %s: out of range (%llu to %llu)", cmd ? cmd : "",
				 cmd ? ": " : "", opt, arg, (unsigned long long)min,
				 (unsigned long long)max);
	return 0;
}

int tsob_opt_list(char *arg, char **items, int max, const char *what)
{
	char orig[256];
	int n;

	snprintf(orig, sizeof(orig), "%s", arg); /* split below writes NULs into arg */
	n = tsob_split_list(arg, items, max);

	if (n == -E2BIG)
		return TSOB_FAIL("too many %s (at most %d)", what, max);
	if (n <= 0)
		return TSOB_FAIL("list of %s '%s': an empty element (a stray comma?)", what, orig);
	return n;
}

bool tsob_cpu_allowed(int cpu)
{
	cpu_set_t set;

	return cpu >= 0 && cpu < CPU_SETSIZE && !sched_getaffinity(0, sizeof(set), &set) &&
	       CPU_ISSET(cpu, &set);
}

int tsob_split_list(char *s, char **items, int max)
{
	int n = 0;

	/* Not strtok: "a,,b" and "a," must be errors, not silently shorter lists. */
	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		char *comma = strchr(s, ',');

		if (comma)
			*comma = '\0';
		if (!*s)
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		items[n++] = s;
		if (!comma)
			return n;
		s = comma + 1;
	}
}

uint64_t tsob_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int tsob_read_small(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

int tsob_check_writable(const char *path, const char **why)
{
	struct tsob_output out;

	return tsob_output_resolve(path, &out, why);
}

int tsob_atomic_write(const char *path, int (*write)(FILE *f, void *arg), void *arg,
		      const char **what)
{
	return tsob_output_write(path, write, arg, what);
}

static void on_signal(int sig)
{
	(void)sig;
	tsob_interrupted = 1;
}

void tsob_install_signal_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}
