// SPDX-License-Identifier: MIT
#include "util.h"

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
	int n = tsob_split_list(arg, items, max);

	if (n == -E2BIG)
		return TSOB_FAIL("too many %s (at most %d)", what, max);
	if (n <= 0)
		return TSOB_FAIL("empty list of %s", what);
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
	char *save = NULL;

	for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == max)
			return -E2BIG;
		items[n++] = tok;
	}
	return n;
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

static int dir_of(const char *path, char *dir, size_t len)
{
	char tmp[PATH_MAX];

	if (strlen(path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	strcpy(tmp, path);
	snprintf(dir, len, "%s", dirname(tmp));
	return 0;
}

int tsob_check_writable(const char *path, const char **why)
{
	char dir[PATH_MAX], probe[PATH_MAX];
	struct stat st;
	int fd;

	if (dir_of(path, dir, sizeof(dir)) ||
	    snprintf(probe, sizeof(probe), "%s/.tsobench-probe-XXXXXX", dir) >= (int)sizeof(probe)) {
		*why = "path too long";
		return -ENAMETOOLONG;
	}
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		*why = "its directory does not exist";
		return -ENOENT;
	}
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		*why = "it is a directory";
		return -EISDIR;
	}
	/* Create a file for real: access() says yes to root on read-only places. */
	fd = mkostemp(probe, O_CLOEXEC);
	if (fd < 0) {
		*why = errno == EROFS ? "its file system is read-only" : "its directory is not writable";
		return -errno;
	}
	close(fd);
	unlink(probe);
	return 0;
}

int tsob_atomic_write(const char *path, int (*write)(FILE *f, void *arg), void *arg,
		      const char **what)
{
	char tmp[PATH_MAX];
	FILE *f;
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >= (int)sizeof(tmp)) {
		*what = "path too long";
		return -ENAMETOOLONG;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		*what = "cannot create a temporary file";
		return -errno;
	}
	/* mkostemp creates 0600; results are for sharing. */
	fchmod(fd, 0644);
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		*what = "fdopen";
		return err;
	}
	errno = 0;
	err = write(f, arg);
	if (err) {
		*what = "cannot write the contents";
		fclose(f);
		unlink(tmp);
		return err < 0 ? err : -EIO;
	}
	if (fflush(f) || ferror(f) || fsync(fileno(f))) {
		err = errno ? -errno : -EIO;
		*what = "cannot write";
		fclose(f);
		unlink(tmp);
		return err;
	}
	if (fclose(f)) {
		err = -errno;
		*what = "cannot close";
		unlink(tmp);
		return err;
	}
	if (rename(tmp, path)) {
		err = -errno;
		*what = "cannot rename the temporary file into place";
		unlink(tmp);
		return err;
	}
	return 0;
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
