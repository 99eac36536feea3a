// SPDX-License-Identifier: MIT
/*
 * Hardware TSO for emulator rows: probing the prctl in a throw-away child
 * (the caller's own memory model never changes), and the seccomp filter that
 * refuses it. The filter is eleven BPF instructions, written here rather than
 * through libseccomp, which would add a library (and its static arm64 build)
 * for them.
 */
#include "tsob/emumodel.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
#define AUDIT_ARCH_NATIVE AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AUDIT_ARCH_NATIVE AUDIT_ARCH_AARCH64
#else
#error "tsobench emu supports x86-64 and aarch64 hosts"
#endif

int tsob_emu_hwtso_refuse(int err)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_NATIVE, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    /* The option is an int: the low word of args[0] (little-endian). */
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_GET_MEM_MODEL, 4, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_MEM_MODEL, 3, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TSOB_PR_GET_MEM_MODEL_DOWNSTREAM, 2, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TSOB_PR_SET_MEM_MODEL_DOWNSTREAM, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((unsigned)err & SECCOMP_RET_DATA)),
	};
	struct sock_fprog prog = {.len = sizeof(f) / sizeof(f[0]), .filter = f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0))
		return -errno;
	return 0;
}

/* Runs @fn in a child; its exit status, or -1 if it did not exit. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn());
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Child: 0 if granted, else the errno (at most 255). */
static int try_tso(int option)
{
	if (prctl(option, PR_SET_MEM_MODEL_TSO, 0, 0, 0) == 0)
		return 0;
	return errno > 0 && errno < 256 ? errno : 255;
}

static int try_tso_v2(void)
{
	return try_tso(PR_SET_MEM_MODEL);
}

static int try_tso_downstream(void)
{
	return try_tso(TSOB_PR_SET_MEM_MODEL_DOWNSTREAM);
}

static int try_filter(void)
{
	int r = tsob_emu_hwtso_refuse(EINVAL);

	return r ? (-r < 256 ? -r : 255) : 0;
}

int tsob_emu_hwtso_grantable(char *why, size_t len)
{
	int r = in_child(try_tso_v2);

	if (r == 0) {
		snprintf(why, len, "prctl(PR_SET_MEM_MODEL, TSO) is granted here (v2 values, 0x%x)",
			 PR_SET_MEM_MODEL);
		return 1;
	}
	if (!in_child(try_tso_downstream)) {
		snprintf(why, len,
			 "prctl(PR_SET_MEM_MODEL, TSO) is granted here (the downstream values, "
			 "0x%x)",
			 TSOB_PR_SET_MEM_MODEL_DOWNSTREAM);
		return 1;
	}
	if (r < 0)
		snprintf(why, len, "could not probe prctl(PR_SET_MEM_MODEL) in a child process");
	else if (r == EINVAL)
		snprintf(why, len,
			 "prctl(PR_SET_MEM_MODEL, TSO) is refused here (EINVAL, v2 and "
			 "downstream values): a kernel without the memory-model prctl, or a "
			 "CPU without TSO");
	else
		snprintf(why, len, "prctl(PR_SET_MEM_MODEL, TSO) is refused here: %s", strerror(r));
	return 0;
}

int tsob_emu_seccomp_usable(char *why, size_t len)
{
	int r = in_child(try_filter);

	if (r == 0) {
		snprintf(why, len, "seccomp filters work here");
		return 1;
	}
	snprintf(why, len, "no seccomp filter can be installed here: %s",
		 r < 0 ? "the probe did not exit" : strerror(r));
	return 0;
}
