// SPDX-License-Identifier: MIT
/*
 * LD_PRELOAD shim: a per-thread PR_{GET,SET}_MEM_MODEL in user space, so the
 * TSO states and the per-wake-up check of `tsobench ctxsw` run on a host
 * whose kernel lacks the prctl. It proves the plumbing, not the kernel: the
 * model lives in thread-local storage, which a context switch never loses.
 *
 * TSOB_FAKE_MEMMODEL_FLIP=N: every Nth PR_GET_MEM_MODEL on a TSO thread
 * reports the default model, as a kernel restoring the wrong model would;
 * the check must count those and tsobench must exit 1.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "memmodel.h"

static __thread int fake_model;
static __thread unsigned long fake_gets;

int prctl(int option, ...)
{
	int (*real)(int, ...);
	unsigned long a[4], every;
	const char *flip;
	va_list ap;

	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	if (option == PR_GET_MEM_MODEL || option == PR_SET_MEM_MODEL) {
		/* Enter the kernel as the real call does, so timings stay above clock noise. */
		syscall(SYS_getppid);
		/* As the series: unused arguments must be 0. */
		if (a[option == PR_GET_MEM_MODEL ? 0 : 1] || a[2] || a[3] ||
		    (option == PR_SET_MEM_MODEL && a[0] > PR_SET_MEM_MODEL_TSO)) {
			errno = EINVAL;
			return -1;
		}
		if (option == PR_SET_MEM_MODEL) {
			fake_model = (int)a[0];
			return 0;
		}
		flip = getenv("TSOB_FAKE_MEMMODEL_FLIP");
		every = flip ? strtoul(flip, NULL, 10) : 0;
		if (every && fake_model == PR_SET_MEM_MODEL_TSO && ++fake_gets % every == 0)
			return PR_SET_MEM_MODEL_DEFAULT;
		return fake_model;
	}
	real = (int (*)(int, ...))dlsym(RTLD_NEXT, "prctl");
	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	return real(option, a[0], a[1], a[2], a[3]);
}
