// SPDX-License-Identifier: MIT
/* Starting and waiting for tsobench child processes, and telling how each ended. */
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tsob/parse.h"

extern char **environ;

/* This environment and TSOBENCH_PAD of @pad bytes, built before fork; NULL on ENOMEM. */
static char **padded_env(unsigned pad)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	if (!(env = calloc(n + 2, sizeof(*env))))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "TSOBENCH_PAD=", 13)) /* an inherited pad is replaced */
			env[k++] = environ[i];
	if (!(env[k] = malloc(14 + pad))) {
		free(env);
		return NULL;
	}
	memcpy(env[k], "TSOBENCH_PAD=", 13);
	memset(env[k] + 13, 'x', pad);
	env[k][13 + pad] = '\0';
	return env;
}

/* In the child, after fork: standard streams, CPUs, the gate, then exec. Never returns. */
static void child_exec(const struct tsob_child_spec *spec, int gate_rd, char **env)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	int err = open(spec->err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	char c;

	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
	}
	if (err >= 0)
		dup2(err, STDERR_FILENO);
	if (spec->cpus && sched_setaffinity(0, sizeof(*spec->cpus), spec->cpus))
		dprintf(STDERR_FILENO, "cannot set the CPUs of %s: %s\n", spec->path,
			strerror(errno));
	if (gate_rd >= 0) {
		/* The parent closes the write end when both sides of a duet are ready. */
		while (read(gate_rd, &c, 1) < 0 && errno == EINTR)
			;
		close(gate_rd);
	}
	execve(spec->path, spec->argv, env ? env : environ);
	dprintf(STDERR_FILENO, "cannot run %s: %s\n", spec->path, strerror(errno));
	_exit(127);
}

static void free_env(char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		if (!strncmp(env[i], "TSOBENCH_PAD=", 13))
			free(env[i]);
	free(env);
}

int tsob_child_start(struct tsob_child *c, const struct tsob_child_spec *spec)
{
	int gate[2] = { -1, -1 }, r = 0;
	char **env = spec->env_pad ? padded_env(spec->env_pad) : NULL;

	memset(c, 0, sizeof(*c));
	c->gate = -1;
	snprintf(c->err_path, sizeof(c->err_path), "%s", spec->err_path);
	if (spec->env_pad && !env)
		return -ENOMEM;
	if (spec->gated && pipe2(gate, O_CLOEXEC)) {
		free_env(env);
		return -errno;
	}
	c->pid = fork();
	if (c->pid == 0) {
		/* A signal the parent caught must not be inherited as caught: exec resets it. */
		if (gate[1] >= 0)
			close(gate[1]);
		child_exec(spec, gate[0], env);
	}
	if (c->pid < 0)
		r = -errno;
	if (gate[0] >= 0)
		close(gate[0]);
	if (r && gate[1] >= 0)
		close(gate[1]);
	c->gate = r ? -1 : gate[1];
	free_env(env);
	return r;
}

void tsob_child_release(struct tsob_child *c)
{
	if (c->gate >= 0)
		close(c->gate);
	c->gate = -1;
}

/* The last non-empty line of the child's standard error, or "". */
static void last_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	char line[1024];

	buf[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0])
			snprintf(buf, len, "%.*s", (int)(len - 1), line);
	}
	fclose(f);
}

static void classify(struct tsob_child *c, int status)
{
	char line[400];

	last_line(c->err_path, line, sizeof(line));
	c->wrote = !WIFSIGNALED(status);
	if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM)) {
		/* Interrupted while it started, before it could catch the signal. */
		c->end = TSOB_CHILD_INTERRUPTED;
		snprintf(c->what, sizeof(c->what), "interrupted while starting");
		return;
	}
	if (WIFSIGNALED(status)) {
		c->end = TSOB_CHILD_CRASHED;
		snprintf(c->what, sizeof(c->what), "killed by signal %d (%s)%s%s", WTERMSIG(status),
			 strsignal(WTERMSIG(status)), line[0] ? "; last message: " : "", line);
		return;
	}
	switch (WEXITSTATUS(status)) {
	case 0:
		c->end = TSOB_CHILD_OK;
		snprintf(c->what, sizeof(c->what), "finished");
		return;
	case 1:
		c->end = TSOB_CHILD_FAILED;
		snprintf(c->what, sizeof(c->what), "a check failed%s%s", line[0] ? ": " : "", line);
		return;
	case 130:
		c->end = TSOB_CHILD_INTERRUPTED;
		snprintf(c->what, sizeof(c->what), "interrupted");
		return;
	default:
		c->end = TSOB_CHILD_ERROR;
		snprintf(c->what, sizeof(c->what), "exit status %d%s%s", WEXITSTATUS(status),
			 line[0] ? ": " : "", line[0] ? line : "");
	}
}

enum tsob_child_end tsob_child_wait(struct tsob_child *c)
{
	bool passed_on = false;
	int status = 0;

	tsob_child_release(c);
	while (waitpid(c->pid, &status, 0) < 0) {
		if (errno != EINTR) {
			c->end = TSOB_CHILD_ERROR;
			snprintf(c->what, sizeof(c->what), "lost: %s", strerror(errno));
			return c->end;
		}
		/* Ctrl-C reaches the whole process group; a kill of the parent alone is passed on. */
		if (tsob_interrupted && !passed_on) {
			kill(c->pid, SIGINT);
			passed_on = true;
		}
	}
	classify(c, status);
	return c->end;
}

int tsob_child_capture(char *const *argv, char *out, size_t len)
{
	int fd[2], status;
	size_t used = 0;
	ssize_t got;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		int r = -errno;

		close(fd[0]);
		close(fd[1]);
		return r;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		dup2(fd[1], STDOUT_FILENO);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDERR_FILENO);
		}
		alarm(10); /* kept across exec: a program that never answers is ended */
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	while (used + 1 < len && ((got = read(fd[0], out + used, len - 1 - used)) > 0 ||
				  (got < 0 && errno == EINTR)))
		used += got > 0 ? (size_t)got : 0;
	out[used] = '\0';
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}
