// SPDX-License-Identifier: GPL-2.0
/*
 * /init for the tsobench test guest.
 *
 * The test kernel has no BINFMT_SCRIPT and the initramfs has no shell, so this
 * program is the whole of user space: it mounts the pseudo file systems, runs
 * the commands listed in a command file one after another, prints each one's
 * exit status between markers on the console, sends requested files back to
 * the host base64-encoded, and powers the guest off.
 *
 * Command file (default /etc/tsob.cmds), one command a line, words separated
 * by blanks, no quoting; empty lines and lines starting with '#' are skipped:
 *   run PROGRAM [ARG...]   run PROGRAM (absolute path) and wait for it
 *   send PATH              print PATH base64-encoded between file markers
 *   write PATH VALUE       write VALUE to PATH (a sysctl or sysfs knob)
 *   kmsg                   print the kernel log (there is no dmesg here)
 *
 * Console protocol, each marker on a line of its own:
 *   @@TSOB-RUN-BEGIN <n> <argv...>
 *   @@TSOB-RUN-END <n> status=<exit code> | signal=<signal number>
 *   @@TSOB-FILE-BEGIN <path> | @@TSOB-FILE-MISSING <path>
 *   @@TSOB-B64 <base64 line>            (repeated)
 *   @@TSOB-FILE-END <path> bytes=<size>
 *   @@TSOB-KMSG <kernel log message>     (repeated)
 *   @@TSOB-DONE failures=<n>
 *
 * Outside a guest (not PID 1) it mounts nothing and never powers off: under
 * qemu-user, reboot() would reach the host. Usage there: init [CMDFILE].
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define TSOB_INIT_CMDS "/etc/tsob.cmds"
#define TSOB_INIT_MAX_ARGS 64
#define TSOB_INIT_B64_LINE 57 /* input bytes per line: 76 base64 characters */

static void tsob_init_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static void tsob_init_mount(const char *src, const char *dir, const char *type)
{
	if (mkdir(dir, 0755) && errno != EEXIST)
		tsob_init_say("init: mkdir %s: %s\n", dir, strerror(errno));
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		tsob_init_say("init: mount %s on %s: %s\n", type, dir, strerror(errno));
}

/* Let tsobench read the PMU counters from user space (arm64 needs the sysctl). */
static void tsob_init_perf_user_access(void)
{
	int fd = open("/proc/sys/kernel/perf_user_access", O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, "1\n", 2) != 2)
		tsob_init_say("init: perf_user_access: %s\n", strerror(errno));
	close(fd);
}

/*
 * The host's clock and a name for this guest, from the kernel command line
 * (boot.sh passes tsob.time=SECONDS and tsob.host=NAME), so that results say
 * when and where they were made rather than 1970 and "(none)".
 */
static void tsob_init_from_cmdline(void)
{
	char line[4096], *save = NULL, *word;
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (n <= 0)
		return;
	line[n] = '\0';
	for (word = strtok_r(line, " \n", &save); word; word = strtok_r(NULL, " \n", &save)) {
		if (!strncmp(word, "tsob.time=", 10)) {
			struct timeval tv = { .tv_sec = strtoll(word + 10, NULL, 10) };

			if (tv.tv_sec > 0 && settimeofday(&tv, NULL))
				tsob_init_say("init: settimeofday: %s\n", strerror(errno));
		} else if (!strncmp(word, "tsob.host=", 10) && word[10]) {
			if (sethostname(word + 10, strlen(word + 10)))
				tsob_init_say("init: sethostname: %s\n", strerror(errno));
		}
	}
}

/* "write PATH VALUE": a sysctl or sysfs knob, e.g. perf_user_access, between runs. */
static int tsob_init_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0) {
		tsob_init_say("init: write %s: %s\n", path, strerror(errno));
		return 1;
	}
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	if (!ok)
		tsob_init_say("init: write %s: %s\n", path, strerror(errno));
	close(fd);
	return !ok;
}

static void tsob_init_setup(void)
{
	tsob_init_mount("proc", "/proc", "proc");
	tsob_init_mount("sysfs", "/sys", "sysfs");
	tsob_init_mount("devtmpfs", "/dev", "devtmpfs");
	if (mkdir("/tmp", 01777) && errno != EEXIST)
		tsob_init_say("init: mkdir /tmp: %s\n", strerror(errno));
	tsob_init_perf_user_access();
	setenv("PATH", "/bin", 1);
	setenv("HOME", "/", 1);
	/* No TSOBENCH_EXECUTION: tsobench tells a TCG guest from hardware by itself. */
	tsob_init_from_cmdline();
}

static int tsob_init_run(int n, char **argv)
{
	int status, i;
	pid_t pid;

	tsob_init_say("@@TSOB-RUN-BEGIN %d", n);
	for (i = 0; argv[i]; i++)
		tsob_init_say(" %s", argv[i]);
	tsob_init_say("\n");

	pid = fork();
	if (pid < 0) {
		tsob_init_say("init: fork: %s\n@@TSOB-RUN-END %d status=127\n", strerror(errno), n);
		return 127;
	}
	if (pid == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "init: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			tsob_init_say("init: waitpid: %s\n@@TSOB-RUN-END %d status=127\n",
				      strerror(errno), n);
			return 127;
		}
	}
	fflush(stdout);
	if (WIFSIGNALED(status)) {
		tsob_init_say("\n@@TSOB-RUN-END %d signal=%d\n", n, WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	tsob_init_say("\n@@TSOB-RUN-END %d status=%d\n", n, WEXITSTATUS(status));
	return WEXITSTATUS(status);
}

static void tsob_init_b64_line(const unsigned char *in, size_t len)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[TSOB_INIT_B64_LINE / 3 * 4 + 8];
	size_t i, o = 0;

	for (i = 0; i < len; i += 3) {
		unsigned int v = in[i] << 16;

		if (i + 1 < len)
			v |= in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? tab[v & 63] : '=';
	}
	out[o] = '\0';
	tsob_init_say("@@TSOB-B64 %s\n", out);
}

static int tsob_init_send(const char *path)
{
	unsigned char buf[TSOB_INIT_B64_LINE];
	size_t got, total = 0;
	FILE *f = fopen(path, "rb");

	if (!f) {
		tsob_init_say("@@TSOB-FILE-MISSING %s\n", path);
		return 1;
	}
	tsob_init_say("@@TSOB-FILE-BEGIN %s\n", path);
	/* fread fills whole lines until EOF, so line breaks fall on 3-byte groups */
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		tsob_init_b64_line(buf, got);
		total += got;
	}
	fclose(f);
	tsob_init_say("@@TSOB-FILE-END %s bytes=%zu\n", path, total);
	return 0;
}

/* Read /dev/kmsg without blocking: one record a read, EAGAIN at the end. */
static int tsob_init_kmsg(void)
{
	char rec[2048];
	ssize_t got;
	char *text;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd < 0) {
		tsob_init_say("init: /dev/kmsg: %s\n", strerror(errno));
		return 1;
	}
	while ((got = read(fd, rec, sizeof(rec) - 1)) != 0) {
		if (got < 0) {
			if (errno == EPIPE) /* overwritten records: go on */
				continue;
			break;
		}
		rec[got] = '\0';
		/* "prio,seq,time,flags;text\n" then continuation lines */
		text = strchr(rec, ';');
		text = text ? text + 1 : rec;
		text[strcspn(text, "\n")] = '\0';
		tsob_init_say("@@TSOB-KMSG %s\n", text);
	}
	close(fd);
	return 0;
}

static int tsob_init_split(char *line, char **argv)
{
	int argc = 0;
	char *save = NULL, *word;

	for (word = strtok_r(line, " \t\r\n", &save); word && argc < TSOB_INIT_MAX_ARGS;
	     word = strtok_r(NULL, " \t\r\n", &save))
		argv[argc++] = word;
	argv[argc] = NULL;
	return argc;
}

static int tsob_init_script(const char *cmds)
{
	char line[4096], *argv[TSOB_INIT_MAX_ARGS + 1];
	int n = 0, failures = 0, argc;
	FILE *f = fopen(cmds, "r");

	if (!f) {
		tsob_init_say("init: %s: %s\n", cmds, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		argc = tsob_init_split(line, argv);
		if (argc == 0 || argv[0][0] == '#')
			continue;
		if (!strcmp(argv[0], "run") && argc >= 2) {
			if (tsob_init_run(++n, argv + 1))
				failures++;
		} else if (!strcmp(argv[0], "send") && argc == 2) {
			failures += tsob_init_send(argv[1]);
		} else if (!strcmp(argv[0], "write") && argc == 3) {
			failures += tsob_init_write(argv[1], argv[2]);
		} else if (!strcmp(argv[0], "kmsg") && argc == 1) {
			failures += tsob_init_kmsg();
		} else {
			tsob_init_say("init: bad command line: %s\n", argv[0]);
			failures++;
		}
	}
	fclose(f);
	return failures;
}

int main(int argc, char **argv)
{
	int failures, pid1 = getpid() == 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (pid1)
		tsob_init_setup();

	failures = tsob_init_script(argc > 1 && !pid1 ? argv[1] : TSOB_INIT_CMDS);
	tsob_init_say("@@TSOB-DONE failures=%d\n", failures);
	if (!pid1)
		return failures ? 1 : 0;

	sync();
	reboot(RB_POWER_OFF);
	/* PID 1 must not exit: that would panic the kernel */
	for (;;)
		pause();
}
