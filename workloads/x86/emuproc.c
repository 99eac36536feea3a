// SPDX-License-Identifier: MIT
/*
 * One emulator process: fork, hooks, exec, output, deadline, reaping.
 *
 * The child waits on a pipe after fork until the parent's after_fork hook has
 * run (counters opened on it count from exec on), writes its clock into a
 * shared page just before execve (the start of the emulator's start-up) and
 * reports a failed execve through a close-on-exec pipe. Its stdin is a pipe
 * for acknowledgements (the test kernel has no sockets), written with SIGPIPE
 * blocked so that a child that died never kills the caller. It leads a
 * process group of its own, so that a deadline kills whatever the emulator
 * started too.
 */
#include "emuproc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tsob/emumodel.h"
#include "x86line.h"

uint64_t tsob_emu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct fds {
	int out[2], err[2], in[2], go[2], st[2];
};

/* What the child reports when it cannot exec: a step and an errno. */
struct start_error {
	int step; /* 0: seccomp filter, 1: execve */
	int err;
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void close_all(struct fds *f)
{
	int *all = (int *)f;

	for (size_t i = 0; i < sizeof(*f) / sizeof(int); i++)
		close_fd(&all[i]);
}

/*
 * execve, not execvp: a program the kernel cannot run must fail, not be
 * handed to /bin/sh as a script (execvp's ENOEXEC fallback). @path is argv[0]
 * as found on PATH by the parent.
 */
static __attribute__((noreturn)) void child(const struct tsob_emu_proc_conf *c, struct fds *f,
					    const char *path, volatile uint64_t *exec_ns)
{
	struct start_error e = {0, 0};
	sigset_t none;
	char go;
	int null = c->ack ? f->in[0] : open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (null < 0 || dup2(null, 0) < 0 || dup2(f->out[1], 1) < 0 || dup2(f->err[1], 2) < 0)
		_exit(127);
	if (read(f->go[0], &go, 1) != 1)
		_exit(127); /* the parent gave up on us */
	if (c->block_hwtso && (e.err = -tsob_emu_hwtso_refuse(EINVAL)) != 0)
		goto report;
	if (c->hooks && c->hooks->before_exec)
		c->hooks->before_exec(c->hooks->arg);
	e.step = 1;
	*exec_ns = tsob_emu_now_ns();
	execve(path, c->argv, c->envp);
	e.err = errno;
report:
	if (write(f->st[1], &e, sizeof(e)) != sizeof(e))
		_exit(126);
	_exit(127);
}

static int make_fds(struct fds *f, bool ack)
{
	int *all = (int *)f;

	for (size_t i = 0; i < sizeof(*f) / sizeof(int); i++)
		all[i] = -1;
	if (pipe2(f->out, O_CLOEXEC) || pipe2(f->err, O_CLOEXEC) || pipe2(f->go, O_CLOEXEC) ||
	    pipe2(f->st, O_CLOEXEC) || (ack && pipe2(f->in, O_CLOEXEC)))
		return -errno;
	return 0;
}

/* One byte to the child's stdin. A child that has died must not take the
 * caller with it: SIGPIPE is blocked around the write, and the one the write
 * raised (if any, and none was pending before) is taken back. */
static void send_ack(int fd)
{
	static const struct timespec zero = {0, 0};
	sigset_t pipe_set, old, pending;
	bool was_pending;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	if (write(fd, "a", 1) < 0 && errno == EPIPE && !was_pending)
		sigtimedwait(&pipe_set, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void keep_tail(char *tail, size_t size, const char *buf, size_t n)
{
	size_t have = strlen(tail);

	if (n >= size - 1) {
		memcpy(tail, buf + n - (size - 1), size - 1);
		tail[size - 1] = '\0';
		return;
	}
	if (have + n >= size) {
		memmove(tail, tail + (have + n - (size - 1)), size - 1 - n);
		have = size - 1 - n;
	}
	memcpy(tail + have, buf, n);
	tail[have + n] = '\0';
}

/* Splits what arrived into lines for the callback. false: stop reading. */
static bool feed(const struct tsob_emu_proc_conf *c, struct tsob_emu_proc_result *r, char *buf,
		 size_t *used, int ackfd)
{
	char *nl;

	while ((nl = memchr(buf, '\n', *used))) {
		size_t n = (size_t)(nl - buf) + 1;
		int rc;

		*nl = '\0';
		rc = c->line(c->arg, buf);
		memmove(buf, buf + n, *used - n);
		*used -= n;
		if (rc == TSOB_EMU_LINE_STOP) {
			r->stopped = true;
			return false;
		}
		if (rc == TSOB_EMU_LINE_ACK && ackfd >= 0)
			send_ack(ackfd);
	}
	if (*used >= TSOB_X86_LINE_MAX) {
		r->partial_line = true;
		r->stopped = true;
		return false;
	}
	return true;
}

static bool stopping(const struct tsob_emu_proc_conf *c)
{
	return c->stop && *c->stop;
}

/* Reads stdout and stderr until both end, the deadline passes or the caller
 * stops (a signal handler of the caller setting *stop interrupts poll). */
static void pump(const struct tsob_emu_proc_conf *c, struct tsob_emu_proc_result *r, struct fds *f,
		 uint64_t deadline)
{
	char buf[2 * TSOB_X86_LINE_MAX], ebuf[1024];
	size_t used = 0;

	while (f->out[0] >= 0 || f->err[0] >= 0) {
		struct pollfd p[2] = {{f->out[0], POLLIN, 0}, {f->err[0], POLLIN, 0}};
		uint64_t now = tsob_emu_now_ns(), left = (deadline - now) / 1000000 + 1;
		ssize_t n;

		if (now >= deadline || stopping(c)) {
			r->timed_out = now >= deadline;
			r->interrupted = !r->timed_out;
			return;
		}
		if (poll(p, 2,
			 deadline == UINT64_MAX ? -1
			 : left > INT_MAX	? INT_MAX
						: (int)left) < 0) {
			if (errno == EINTR)
				continue;
			snprintf(r->error, sizeof(r->error), "poll: %s", strerror(errno));
			r->stopped = true;
			return;
		}
		if (p[0].revents) {
			n = read(f->out[0], buf + used, sizeof(buf) - used - 1);
			if (n <= 0) {
				r->partial_line = used > 0;
				close_fd(&f->out[0]);
			} else {
				used += (size_t)n;
				if (!feed(c, r, buf, &used, f->in[1]))
					return;
			}
		}
		if (p[1].revents) {
			n = read(f->err[0], ebuf, sizeof(ebuf));
			if (n <= 0)
				close_fd(&f->err[0]);
			else
				keep_tail(r->stderr_tail, sizeof(r->stderr_tail), ebuf, (size_t)n);
		}
	}
}

/* Waits for the child until the deadline (or a stop), then kills its group. */
static void reap(const struct tsob_emu_proc_conf *c, struct tsob_emu_proc_result *r, pid_t pid,
		 uint64_t deadline, bool kill_now)
{
	struct timespec nap = {0, 1000000};
	struct rusage ru;
	int status = 0;
	pid_t w;

	memset(&ru, 0, sizeof(ru));
	for (;;) {
		if (kill_now) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		w = wait4(pid, &status, kill_now ? 0 : WNOHANG, &ru);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			/* Reaped by someone else (SIGCHLD ignored?): no status to report. */
			snprintf(r->error, sizeof(r->error), "cannot wait for the emulator: %s",
				 strerror(errno));
			status = -1;
			break;
		}
		if (w == 0 && (tsob_emu_now_ns() >= deadline || stopping(c))) {
			r->timed_out = tsob_emu_now_ns() >= deadline;
			r->interrupted = !r->timed_out;
			kill_now = true;
		} else if (w == 0) {
			nanosleep(&nap, NULL);
		}
	}
	/* Whatever the emulator left behind goes with it. */
	kill(-pid, SIGKILL);
	r->end_ns = tsob_emu_now_ns();
	r->exit_code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r->term_signal = status != -1 && WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	if (c->hooks && c->hooks->after_wait)
		c->hooks->after_wait(c->hooks->arg, pid, status, &ru);
}

/* After fork: the hook, release, and did execve work? false: it did not start. */
static bool release(const struct tsob_emu_proc_conf *c, struct tsob_emu_proc_result *r,
		    struct fds *f, pid_t pid)
{
	struct start_error e;
	ssize_t n;

	if (c->hooks && c->hooks->after_fork &&
	    c->hooks->after_fork(c->hooks->arg, pid, r->error, sizeof(r->error)))
		return false;
	if (write(f->go[1], "g", 1) != 1) {
		snprintf(r->error, sizeof(r->error), "cannot release the child: %s",
			 strerror(errno));
		return false;
	}
	close_fd(&f->go[1]);
	while ((n = read(f->st[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	if (n == 0)
		return r->started = true;
	if (n == (ssize_t)sizeof(e))
		snprintf(r->error, sizeof(r->error), "cannot %s %s: %s",
			 e.step ? "execute" : "refuse hardware TSO (seccomp) to", c->argv[0],
			 strerror(e.err));
	else
		snprintf(r->error, sizeof(r->error), "the child failed before exec");
	return false;
}

int tsob_emu_proc_run(const struct tsob_emu_proc_conf *c, struct tsob_emu_proc_result *r)
{
	uint64_t deadline =
	    c->timeout_ms ? tsob_emu_now_ns() + (uint64_t)c->timeout_ms * 1000000ull : UINT64_MAX;
	volatile uint64_t *exec_ns;
	char path[4096];
	struct fds f;
	pid_t pid;
	int err;

	memset(r, 0, sizeof(*r));
	r->exit_code = -1;
	if (strchr(c->argv[0], '/'))
		snprintf(path, sizeof(path), "%s", c->argv[0]);
	else if (!tsob_emu_which(c->argv[0], path, sizeof(path))) {
		snprintf(r->error, sizeof(r->error), "cannot execute %.200s: not found on PATH",
			 c->argv[0]);
		return 0;
	}
	exec_ns =
	    mmap(NULL, sizeof(*exec_ns), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (exec_ns == MAP_FAILED)
		return -ENOMEM;
	if ((err = make_fds(&f, c->ack))) {
		snprintf(r->error, sizeof(r->error), "cannot make pipes: %s", strerror(-err));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(r->error, sizeof(r->error), "cannot fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0)
		child(c, &f, path, exec_ns);
	close_fd(&f.out[1]);
	close_fd(&f.err[1]);
	close_fd(&f.in[0]);
	close_fd(&f.go[0]);
	close_fd(&f.st[1]);
	if (!release(c, r, &f, pid)) {
		close_fd(&f.go[1]);
		reap(c, r, pid, deadline, true);
		goto out;
	}
	r->exec_ns = *exec_ns;
	pump(c, r, &f, deadline);
	reap(c, r, pid, deadline, r->timed_out || r->stopped || r->interrupted);
out:
	close_all(&f);
	munmap((void *)exec_ns, sizeof(*exec_ns));
	return 0;
}

void tsob_emu_last_line(const char *text, char *out, size_t len)
{
	const char *end = text + strlen(text), *start;

	while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	for (start = end; start > text && start[-1] != '\n'; start--)
		;
	snprintf(out, len, "%.*s", (int)(end - start), start);
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < ' ')
			*c = ' ';
	if (!out[0])
		snprintf(out, len, "(nothing on stderr)");
}
