// SPDX-License-Identifier: MIT
#include "chart.h"

#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int has_scripts(const char *dir)
{
	char p[PATH_MAX];

	return snprintf(p, sizeof(p), "%s/slowdown.gp", dir) < (int)sizeof(p) && !access(p, R_OK);
}

int tsob_chart_scripts(const char *override, char *dir, size_t len)
{
	const char *env = getenv("TSOB_ANALYSIS_DIR");
	char buf[PATH_MAX];
	ssize_t n;

	if (override) {
		snprintf(dir, len, "%s", override);
		return has_scripts(dir) ? 0 : -1;
	}
	if (env && *env) {
		snprintf(dir, len, "%s", env);
		return has_scripts(dir) ? 0 : -1;
	}
	/* The source tree this binary was built from. */
	snprintf(dir, len, "%s", TSOB_ANALYSIS_SOURCE_DIR);
	if (dir[0] == '/' && has_scripts(dir))
		return 0;
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		snprintf(dir, len, "%s/../share/tsobench/analysis", dirname(buf));
		if (has_scripts(dir))
			return 0;
	}
	return -1;
}

void tsob_chart_str(char *vars, size_t len, const char *name, const char *value)
{
	size_t used = strlen(vars);

	used += (size_t)snprintf(vars + used, len > used ? len - used : 0, "%s='", name);
	for (const char *p = value ? value : ""; *p && used + 3 < len; p++) {
		if (*p == '\'')
			vars[used++] = '\''; /* gnuplot: '' inside '...' */
		vars[used++] = *p == '\n' ? ' ' : *p;
	}
	if (used < len)
		vars[used] = '\0';
	snprintf(vars + strlen(vars), len - strlen(vars), "';");
}

void tsob_chart_num(char *vars, size_t len, const char *name, double value)
{
	size_t used = strlen(vars);

	snprintf(vars + used, len > used ? len - used : 0, "%s=%.17g;", name,
		 isfinite(value) ? value : 0);
}

static void first_error(const char *log, char *why, size_t wlen)
{
	FILE *f = fopen(log, "re");
	char line[256];

	snprintf(why, wlen, "gnuplot failed");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, "rror") || strstr(line, "line ")) {
			snprintf(why, wlen, "gnuplot failed: %s", line);
			break;
		}
	}
	fclose(f);
}

int tsob_chart_run(const char *dir, const char *script, const char *vars, const char *log,
		   char *why, size_t wlen)
{
	const char *gp = getenv("TSOB_GNUPLOT");
	char path[PATH_MAX];
	int status;
	pid_t pid;

	if (!gp || !*gp)
		gp = "gnuplot";
	snprintf(path, sizeof(path), "%s/%s", dir, script);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, wlen, "cannot start gnuplot: fork failed");
		return -1;
	}
	if (!pid) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execlp(gp, gp, "-e", vars, path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		snprintf(why, wlen, "cannot wait for gnuplot");
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		snprintf(why, wlen,
			 "cannot run %s: install Debian's gnuplot-nox, or pass --no-charts", gp);
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		first_error(log, why, wlen);
		return -1;
	}
	return 0;
}
