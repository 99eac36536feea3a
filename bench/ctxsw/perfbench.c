// SPDX-License-Identifier: MIT
/*
 * The trusted peer: `perf bench sched pipe -l LOOPS [-T]`, pinned to the same
 * CPU as the ping-pong and run between its repetitions. It reports usecs/op,
 * one op being a round trip (two switches). -T (threads) is the mode
 * comparable with tsobench's threads; process mode, perf's default, is
 * recorded beside it.
 */
#include "ctxsw.h"
#include "placement.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tsob/err.h"
#include "tsob/parse.h"

/* Run argv pinned to @cpu (-1: not pinned); stdout+stderr into @out. Exit status or -errno. */
static int run_capture(char *const argv[], int cpu, char *out, size_t len)
{
	int fd[2], status;
	size_t used = 0;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC))
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(fd[0]);
		close(fd[1]);
		return -e;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		tsob_cpu_pin_process(cpu);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	for (;;) {
		char sink[256];
		ssize_t r = used + 1 < len ? read(fd[0], out + used, len - 1 - used)
					   : read(fd[0], sink, sizeof(sink));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (used + 1 < len)
			used += (size_t)r;
	}
	out[used] = '\0';
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status))
		return 128;
	return WEXITSTATUS(status);
}

/* "perf version 6.1.192" → 0 with the version, or -1. */
static int try_perf(const char *bin, char *version, size_t len)
{
	char *argv[] = {(char *)bin, "version", NULL};
	char out[512];
	const char *v;

	if (run_capture(argv, -1, out, sizeof(out)) != 0 || !(v = strstr(out, "perf version ")))
		return -1;
	v += strlen("perf version ");
	snprintf(version, len, "%.*s", (int)strcspn(v, " \n"), v);
	return 0;
}

/* `perf` on PATH, else Debian's versioned perf_X.Y when the wrapper refuses this kernel. */
static int find_perf(struct tsob_perfbench *pb, const char *want)
{
	glob_t g;
	int r = -1;

	if (want) {
		if (!try_perf(want, pb->version, sizeof(pb->version))) {
			snprintf(pb->binary, sizeof(pb->binary), "%s", want);
			return 0;
		}
		snprintf(pb->reason, sizeof(pb->reason),
			 "%s does not run as perf ('%s version' failed)", want, want);
		return -1;
	}
	if (!try_perf("perf", pb->version, sizeof(pb->version))) {
		snprintf(pb->binary, sizeof(pb->binary), "perf");
		return 0;
	}
	if (!glob("/usr/bin/perf_*", 0, NULL, &g)) {
		for (size_t i = g.gl_pathc; i-- > 0 && r;) {
			if (!try_perf(g.gl_pathv[i], pb->version, sizeof(pb->version))) {
				snprintf(pb->binary, sizeof(pb->binary), "%s", g.gl_pathv[i]);
				r = 0;
			}
		}
		globfree(&g);
	}
	if (r)
		snprintf(pb->reason, sizeof(pb->reason),
			 "perf not found or not working (Debian: apt install linux-perf)");
	return r;
}

/* One run; usecs/op, or a negative value with the reason set. */
static double bench_once(struct tsob_perfbench *pb, int cpu, bool threads)
{
	char loops[32], out[4096], *line;
	char *argv[] = {pb->binary, "bench", "sched", "pipe", "-l", loops, threads ? "-T" : NULL,
			NULL};
	int r;

	snprintf(loops, sizeof(loops), "%llu", (unsigned long long)pb->loops);
	r = run_capture(argv, cpu, out, sizeof(out));
	if (r) {
		out[strcspn(out, "\n")] = '\0';
		snprintf(pb->reason, sizeof(pb->reason),
			 "perf bench sched pipe%s failed (%d): %.160s", threads ? " -T" : "", r,
			 out);
		return -1;
	}
	for (line = out; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char *end;
		double v = strtod(line, &end);

		if (end != line && !strncmp(end + strspn(end, " "), "usecs/op", 8) && v > 0)
			return v;
	}
	snprintf(pb->reason, sizeof(pb->reason),
		 "perf bench sched pipe printed no 'usecs/op' line (perf %s)", pb->version);
	return -1;
}

int tsob_perfbench_open(struct tsob_perfbench *pb, const char *perf, uint64_t loops, unsigned runs)
{
	memset(pb, 0, sizeof(*pb));
	pb->loops = loops;
	pb->cap = runs ? runs : 1;
	pb->usecs_threads = calloc(pb->cap, sizeof(double));
	pb->usecs_procs = calloc(pb->cap, sizeof(double));
	if (!pb->usecs_threads || !pb->usecs_procs) {
		tsob_perfbench_free(pb);
		return -ENOMEM;
	}
	pb->broken = find_perf(pb, perf) != 0;
	return 0;
}

int tsob_perfbench_step(struct tsob_perfbench *pb, int cpu)
{
	double t, p;

	if (pb->broken || pb->n >= pb->cap)
		return -1;
	/* Both modes each time, so drift in the machine affects them alike. */
	t = bench_once(pb, cpu, true);
	p = t > 0 ? bench_once(pb, cpu, false) : -1;
	if (t <= 0 || p <= 0) {
		pb->broken = true;
		pb->available = false;
		return -1;
	}
	pb->usecs_threads[pb->n] = t;
	pb->usecs_procs[pb->n] = p;
	pb->n++;
	pb->available = true;
	return 0;
}

void tsob_perfbench_free(struct tsob_perfbench *pb)
{
	free(pb->usecs_threads);
	free(pb->usecs_procs);
	pb->usecs_threads = pb->usecs_procs = NULL;
}
