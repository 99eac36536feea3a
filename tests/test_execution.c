// SPDX-License-Identifier: MIT
/*
 * Native, virtualized or emulated, decided from fabricated machines: each case
 * is a tree of the files detection reads (device tree, DMI, kernel log,
 * /proc/cpuinfo) plus the registers it reads, and the label it must give.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "execution.h"

#define ARM_CPUINFO "processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n"
#define X86_CPUINFO "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2\n"

struct file {
	const char *path, *text;
};

struct machine {
	const char *name;
	bool arm64, x86;
	uint64_t cntfrq;
	const char *cpuid_vendor; /* NULL: no hypervisor bit */
	struct file files[4];
	enum tsob_exec_kind want;
	const char *want_detail; /* a word the detail must contain */
	const char *want_signal; /* a word one of the signals must contain */
};

static const struct machine machines[] = {
	{ "qemu-tcg-arm64", true, false, 62500000, NULL,
	  { { "/proc/cpuinfo", ARM_CPUINFO },
	    { "/sys/firmware/devicetree/base/compatible", "linux,dummy-virt" },
	    { "/dev/kmsg", "6,1,0,-;psci: SMC Calling Convention v1.0\n" } },
	  TSOB_EXEC_EMULATED, "TCG", "62.5 MHz" },
	{ "kvm-arm64", true, false, 25000000, NULL,
	  { { "/proc/cpuinfo", ARM_CPUINFO },
	    { "/sys/firmware/devicetree/base/compatible", "linux,dummy-virt" },
	    { "/dev/kmsg", "6,2,0,-;smccc: KVM: hypervisor services detected (0x0 0x0 0x0 0x3)\n" } },
	  TSOB_EXEC_VIRTUALIZED, "KVM", "hypervisor services" },
	{ "qemu-no-kernel-log", true, false, 1000000000, NULL,
	  { { "/proc/cpuinfo", ARM_CPUINFO },
	    { "/sys/firmware/devicetree/base/compatible", "linux,dummy-virt" } },
	  TSOB_EXEC_EMULATED, "TCG", "unreadable" },
	{ "ec2-graviton", true, false, 1000000000, NULL,
	  { { "/proc/cpuinfo", ARM_CPUINFO }, { "/sys/class/dmi/id/sys_vendor", "Amazon EC2\n" } },
	  TSOB_EXEC_VIRTUALIZED, "Amazon EC2", "Amazon EC2" },
	{ "bare-arm64", true, false, 24000000, NULL,
	  { { "/proc/cpuinfo", ARM_CPUINFO } },
	  TSOB_EXEC_NATIVE, "bare metal", "no sign" },
	{ "qemu-user", true, false, 0, NULL,
	  { { "/proc/cpuinfo", X86_CPUINFO } },
	  TSOB_EXEC_EMULATED, "qemu-user", "x86 /proc/cpuinfo" },
	{ "x86-on-arm64", false, true, 0, NULL,
	  { { "/proc/cpuinfo", ARM_CPUINFO } },
	  TSOB_EXEC_EMULATED, "emulator", "arm64 /proc/cpuinfo" },
	{ "x86-tcg", false, true, 0, "TCGTCGTCGTCG",
	  { { "/proc/cpuinfo", X86_CPUINFO } },
	  TSOB_EXEC_EMULATED, "TCG", "TCGTCGTCGTCG" },
	{ "x86-kvm", false, true, 0, "KVMKVMKVM",
	  { { "/proc/cpuinfo", X86_CPUINFO } },
	  TSOB_EXEC_VIRTUALIZED, "KVM", "KVMKVMKVM" },
	{ "x86-bare", false, true, 0, NULL,
	  { { "/proc/cpuinfo", X86_CPUINFO } },
	  TSOB_EXEC_NATIVE, "bare metal", "no hypervisor" },
};

static char root[] = "/tmp/tsob-exec-XXXXXX";

static void put(const char *dir, const char *path, const char *text)
{
	char full[1024];
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", dir, path);
	for (char *p = full + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(full, 0755);
		*p = '/';
	}
	f = fopen(full, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static bool has_signal(const struct tsob_execution *e, const char *word)
{
	for (int i = 0; i < e->nsignals; i++)
		if (strstr(e->signals[i], word))
			return true;
	return false;
}

static void test_machines(void **state)
{
	for (size_t m = 0; m < sizeof(machines) / sizeof(machines[0]); m++) {
		const struct machine *mc = &machines[m];
		struct tsob_exec_inputs in = { .arch = mc->arm64 ? "aarch64" : "x86_64",
					       .binary_arm64 = mc->arm64,
					       .binary_x86 = mc->x86,
					       .cntfrq = mc->cntfrq };
		struct tsob_execution e;
		char dir[600];

		snprintf(dir, sizeof(dir), "%s/%s", root, mc->name);
		mkdir(dir, 0755);
		for (size_t f = 0; f < 4 && mc->files[f].path; f++)
			put(dir, mc->files[f].path, mc->files[f].text);
		in.root = dir;
		if (mc->cpuid_vendor) {
			in.cpuid_hypervisor = true;
			snprintf(in.cpuid_vendor, sizeof(in.cpuid_vendor), "%s", mc->cpuid_vendor);
		}
		tsob_execution_decide(&in, &e);
		if (e.kind != mc->want || !strstr(e.detail, mc->want_detail) ||
		    !has_signal(&e, mc->want_signal))
			fail_msg("%s: got %s (%s; %s), want %s with '%s' and a signal with '%s'",
				 mc->name, tsob_exec_kind_name(e.kind), e.detail,
				 e.nsignals ? e.signals[0] : "no signals",
				 tsob_exec_kind_name(mc->want), mc->want_detail, mc->want_signal);
		assert_string_equal(e.decided_by, "detected");
	}
}

static void test_override(void **state)
{
	struct tsob_execution e;
	struct tsob_exec_inputs in = { .root = "/nonexistent-root", .arch = "aarch64",
				       .binary_arm64 = true };

	tsob_execution_decide(&in, &e);
	assert_int_equal(tsob_execution_set(&e, "virtualized:KVM on an Ampere Altra", "--execution"),
			 0);
	assert_int_equal(e.kind, TSOB_EXEC_VIRTUALIZED);
	assert_string_equal(e.detail, "KVM on an Ampere Altra");
	assert_string_equal(e.decided_by, "--execution");
	assert_true(has_signal(&e, "overridden by --execution")); /* what detection said is kept */
	assert_int_equal(tsob_execution_set(&e, "emulated", "TSOBENCH_EXECUTION"), 0);
	assert_int_equal(e.kind, TSOB_EXEC_EMULATED);
	assert_int_equal(tsob_execution_set(&e, "bogus", "--execution"), -EINVAL);
	assert_int_equal(tsob_execution_set(&e, "nativeish", "--execution"), -EINVAL);
	assert_int_equal(e.kind, TSOB_EXEC_EMULATED); /* a refused label changes nothing */
	assert_true(tsob_execution_label_ok("native"));
	assert_true(tsob_execution_label_ok("emulated:QEMU TCG"));
	assert_false(tsob_execution_label_ok(""));
	assert_false(tsob_execution_label_ok(NULL));
}

static int setup(void **state)
{
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_machines),
		cmocka_unit_test(test_override),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
