// SPDX-License-Identifier: MIT
/* Where an output path leads, and writing there without destroying what was there. */
#include "tsob/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "-", /dev/stdout, /dev/fd/N, /proc/self/fd/N: an open descriptor, or -1. */
static int fd_path(const char *path)
{
	static const char *const prefixes[] = { "/dev/fd/", "/proc/self/fd/" };
	char *end;
	long n;

	if (!strcmp(path, "-") || !strcmp(path, "/dev/stdout"))
		return 1;
	if (!strcmp(path, "/dev/stderr"))
		return 2;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t len = strlen(prefixes[i]);

		if (strncmp(path, prefixes[i], len) || !path[len])
			continue;
		n = strtol(path + len, &end, 10);
		if (!*end && n >= 0 && n < INT_MAX)
			return (int)n;
	}
	return -1;
}

static int set_why(const char **why, const char *msg, int err)
{
	*why = msg;
	return err;
}

/* The directory of a new or regular file must take a temporary file for real. */
static int check_dir(const char *path, const char **why)
{
	char tmp[PATH_MAX], dir[PATH_MAX], probe[PATH_MAX + 32];
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(tmp))
		return set_why(why, "path too long", -ENAMETOOLONG);
	strcpy(tmp, path);
	snprintf(dir, sizeof(dir), "%s", dirname(tmp));
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return set_why(why, "its directory does not exist", -ENOENT);
	/* Create a file for real: access() says yes to root on read-only places. */
	snprintf(probe, sizeof(probe), "%s/.tsobench-probe-XXXXXX", dir);
	fd = mkostemp(probe, O_CLOEXEC);
	if (fd < 0)
		return set_why(why,
			       errno == EROFS ? "its file system is read-only"
					      : "its directory is not writable",
			       -errno);
	close(fd);
	unlink(probe);
	return 0;
}

int tsob_output_resolve(const char *path, struct tsob_output *out, const char **why)
{
	struct stat lst, st;
	int fd;

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	if (!path || !*path)
		return set_why(why, "empty file name", -EINVAL);
	fd = fd_path(path);
	if (fd >= 0) {
		if (fcntl(fd, F_GETFD) < 0)
			return set_why(why, "that file descriptor is not open", -EBADF);
		out->kind = TSOB_OUT_FD;
		out->fd = fd;
		snprintf(out->path, sizeof(out->path), "%s", path);
		return 0;
	}
	if (lstat(path, &lst)) {
		if (errno != ENOENT)
			return set_why(why, "cannot look at it", -errno);
		out->kind = TSOB_OUT_ATOMIC;
		snprintf(out->path, sizeof(out->path), "%s", path);
		return check_dir(out->path, why);
	}
	if (stat(path, &st))
		return set_why(why, "a symlink whose target does not exist (write to the target)",
			       -ENOENT);
	if (S_ISDIR(st.st_mode))
		return set_why(why, "it is a directory", -EISDIR);
	if (S_ISBLK(st.st_mode))
		return set_why(why, "it is a block device: refusing to write results over it",
			       -EPERM);
	if (S_ISREG(st.st_mode)) {
		/* A symlink stays a symlink: the new file replaces its target. */
		if (!realpath(path, out->path))
			return set_why(why, "cannot resolve the path", -errno);
		out->kind = TSOB_OUT_ATOMIC;
		return check_dir(out->path, why);
	}
	/* A device, FIFO or socket: written straight, never replaced. */
	if (access(path, W_OK))
		return set_why(why, "not writable", -errno);
	out->kind = TSOB_OUT_STREAM;
	snprintf(out->path, sizeof(out->path), "%s", path);
	return 0;
}

int tsob_output_check(const char *path, const char *what, struct tsob_err *e)
{
	struct tsob_output out;
	const char *why = "";
	int r = tsob_output_resolve(path, &out, &why);

	return r ? tsob_err_set(e, r, "cannot write %s to %s: %s", what, path, why) : 0;
}

bool tsob_output_is_stdout(const char *path)
{
	return path && fd_path(path) == 1;
}

int tsob_output_take_stdout(char *path, size_t len)
{
	int kept;

	if (!tsob_output_is_stdout(path))
		return 0;
	fflush(stdout);
	kept = fcntl(1, F_DUPFD_CLOEXEC, 3);
	if (kept < 0)
		return -errno;
	if (dup2(2, 1) < 0) {
		close(kept);
		return -errno;
	}
	snprintf(path, len, "/dev/fd/%d", kept);
	return 0;
}

static int write_stream(FILE *f, int (*write)(FILE *f, void *arg), void *arg, const char **what)
{
	int err;

	errno = 0;
	err = write(f, arg);
	if (err)
		return set_why(what, "cannot write the contents", err < 0 ? err : -EIO);
	if (fflush(f) || ferror(f))
		return set_why(what, "cannot write", errno ? -errno : -EIO);
	return 0;
}

static int write_fd(int fd, int (*write)(FILE *f, void *arg), void *arg, const char **what)
{
	int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3), err;
	FILE *f;

	if (dup_fd < 0)
		return set_why(what, "cannot use the file descriptor", -errno);
	if (fd == 1)
		fflush(stdout); /* what was printed before comes first */
	f = fdopen(dup_fd, "w");
	if (!f) {
		close(dup_fd);
		return set_why(what, "fdopen", -ENOMEM);
	}
	err = write_stream(f, write, arg, what);
	if (fclose(f) && !err)
		err = set_why(what, "cannot close", -errno);
	return err;
}

static int write_atomic(const char *path, int (*write)(FILE *f, void *arg), void *arg,
			const char **what)
{
	char tmp[PATH_MAX + 16];
	FILE *f;
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >= (int)sizeof(tmp))
		return set_why(what, "path too long", -ENAMETOOLONG);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return set_why(what, "cannot create a temporary file", -errno);
	/* mkostemp creates 0600; results are for sharing. */
	fchmod(fd, 0644);
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return set_why(what, "fdopen", -ENOMEM);
	}
	err = write_stream(f, write, arg, what);
	if (!err && fsync(fileno(f)))
		err = set_why(what, "cannot write", -errno);
	if (fclose(f) && !err)
		err = set_why(what, "cannot close", -errno);
	if (!err && rename(tmp, path))
		err = set_why(what, "cannot rename the temporary file into place", -errno);
	if (err)
		unlink(tmp);
	return err;
}

int tsob_output_write(const char *path, int (*write)(FILE *f, void *arg), void *arg,
		      const char **what)
{
	struct tsob_output out;
	FILE *f;
	int err = tsob_output_resolve(path, &out, what);

	if (err)
		return err;
	switch (out.kind) {
	case TSOB_OUT_FD:
		return write_fd(out.fd, write, arg, what);
	case TSOB_OUT_STREAM:
		/* "a": a device or FIFO is never truncated or replaced. */
		f = fopen(out.path, "ae");
		if (!f)
			return set_why(what, "cannot open", -errno);
		err = write_stream(f, write, arg, what);
		if (fclose(f) && !err)
			err = set_why(what, "cannot close", -errno);
		return err;
	case TSOB_OUT_ATOMIC:
	default:
		return write_atomic(out.path, write, arg, what);
	}
}
