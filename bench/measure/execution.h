/* SPDX-License-Identifier: MIT */
/*
 * How this process executes: natively, in a virtual machine on the real CPU
 * (KVM, a cloud instance: timings are real), or emulated (QEMU TCG, qemu-user,
 * an x86 emulator: timings say nothing about what ordering costs). Detected
 * from what the machine shows, or set by the user where detection cannot know;
 * the signals and who decided are recorded with the results.
 */
#ifndef TSOB_EXECUTION_H
#define TSOB_EXECUTION_H

#include <stdbool.h>
#include <stdint.h>

enum tsob_exec_kind { TSOB_EXEC_NATIVE, TSOB_EXEC_VIRTUALIZED, TSOB_EXEC_EMULATED };

#define TSOB_EXEC_MAX_SIGNALS 8

struct tsob_execution {
	enum tsob_exec_kind kind;
	char detail[128];     /* e.g. "QEMU system emulation (TCG)", "KVM guest" */
	char decided_by[64];  /* "detected", "--execution", "TSOBENCH_EXECUTION" */
	char signals[TSOB_EXEC_MAX_SIGNALS][160]; /* what the decision rests on */
	int nsignals;
};

/* What detection reads; tsob_execution_detect() fills it from this machine. */
struct tsob_exec_inputs {
	const char *root;     /* prefix for every file read ("" for this machine) */
	const char *arch;     /* uname -m of this binary's view ("aarch64", "x86_64") */
	bool binary_arm64;    /* this binary is arm64 code */
	bool binary_x86;      /* this binary is x86-64 code */
	uint64_t cntfrq;      /* arm64 CNTFRQ_EL0, 0 when unknown */
	char cpuid_vendor[13]; /* x86 hypervisor vendor (CPUID 0x40000000), "" for none */
	bool cpuid_hypervisor; /* x86 CPUID.1:ECX[31] */
};

const char *tsob_exec_kind_name(enum tsob_exec_kind k);

/* Decide from @in (exposed for tests with fabricated machines). */
void tsob_execution_decide(const struct tsob_exec_inputs *in, struct tsob_execution *e);

/* Detect how this process executes. */
void tsob_execution_detect(struct tsob_execution *e, const char *arch);

/*
 * Apply a user's label "KIND[:DETAIL]" (KIND: native, virtualized, emulated),
 * decided by @source. 0, or -EINVAL for a label that names no kind.
 */
int tsob_execution_set(struct tsob_execution *e, const char *label, const char *source);

/* Whether @label is a valid --execution value. */
bool tsob_execution_label_ok(const char *label);

#endif
