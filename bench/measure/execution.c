// SPDX-License-Identifier: MIT
/* Native, virtualized or emulated: decided from what the machine shows, with the signals kept. */
#include "execution.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#define QEMU_TCG_CNTFRQ 62500000ull /* QEMU's emulated generic timer (before virt-9.0) */

static const char *const kind_names[] = {
	[TSOB_EXEC_NATIVE] = "native",
	[TSOB_EXEC_VIRTUALIZED] = "virtualized",
	[TSOB_EXEC_EMULATED] = "emulated",
};

/* Cloud and hypervisor vendors whose guests run on the real CPU (DMI sys_vendor). */
static const char *const vm_vendors[] = {
	"Amazon EC2", "Microsoft Corporation", "Google", "Alibaba Cloud", "Xen",
	"VMware, Inc.", "Parallels", "innotek GmbH", "Apple Inc.",
};

/* x86 hypervisor vendors (CPUID 0x40000000): all but QEMU's TCG run the real CPU. */
static const struct {
	const char *vendor, *name;
	enum tsob_exec_kind kind;
} cpuid_vendors[] = {
	{ "TCGTCGTCGTCG", "QEMU system emulation (TCG)", TSOB_EXEC_EMULATED },
	{ "KVMKVMKVM", "KVM guest", TSOB_EXEC_VIRTUALIZED },
	{ "Linux KVM Hv", "KVM guest (Hyper-V interface)", TSOB_EXEC_VIRTUALIZED },
	{ "Microsoft Hv", "Hyper-V guest", TSOB_EXEC_VIRTUALIZED },
	{ "VMwareVMware", "VMware guest", TSOB_EXEC_VIRTUALIZED },
	{ "XenVMMXenVMM", "Xen guest", TSOB_EXEC_VIRTUALIZED },
};

const char *tsob_exec_kind_name(enum tsob_exec_kind k)
{
	return k <= TSOB_EXEC_EMULATED ? kind_names[k] : "unknown";
}

static void signal_add(struct tsob_execution *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void signal_add(struct tsob_execution *e, const char *fmt, ...)
{
	va_list ap;

	if (e->nsignals >= TSOB_EXEC_MAX_SIGNALS)
		return;
	va_start(ap, fmt);
	vsnprintf(e->signals[e->nsignals++], sizeof(e->signals[0]), fmt, ap);
	va_end(ap);
}

static void decide(struct tsob_execution *e, enum tsob_exec_kind k, const char *detail)
{
	e->kind = k;
	snprintf(e->detail, sizeof(e->detail), "%s", detail);
}

/* Up to @len bytes of root/path, NULs turned into '|'; -1 when unreadable. */
static int slurp(const char *root, const char *path, char *buf, size_t len)
{
	char full[512];
	ssize_t n, got = 0;
	int fd;

	snprintf(full, sizeof(full), "%s%s", root, path);
	/* Non-blocking: /dev/kmsg would otherwise wait for the next message. */
	fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	while ((size_t)got + 1 < len && (n = read(fd, buf + got, len - 1 - (size_t)got)) != 0) {
		if (n < 0) {
			if (got == 0 && (errno == EPERM || errno == EACCES)) {
				close(fd);
				return -1;
			}
			if (errno == EPIPE || errno == EINTR) /* kmsg: overwritten records */
				continue;
			break; /* EAGAIN: the end of kmsg */
		}
		got += n;
	}
	close(fd);
	for (ssize_t i = 0; i < got; i++)
		if (!buf[i])
			buf[i] = '|';
	buf[got] = '\0';
	return (int)got;
}

static bool file_has(const char *root, const char *path, const char *needle)
{
	static char buf[1 << 20]; /* the kernel log can be long */

	return slurp(root, path, buf, sizeof(buf)) >= 0 && strstr(buf, needle);
}

/* The binary's architecture does not match the CPU the kernel describes. */
static bool foreign_cpu(const struct tsob_exec_inputs *in, struct tsob_execution *e)
{
	char buf[8192];

	if (slurp(in->root, "/proc/cpuinfo", buf, sizeof(buf)) < 0)
		return false;
	if (in->binary_arm64 && !strstr(buf, "CPU implementer") && strstr(buf, "vendor_id")) {
		signal_add(e, "an arm64 binary reading an x86 /proc/cpuinfo");
		decide(e, TSOB_EXEC_EMULATED, "qemu-user (arm64 code on an x86-64 host)");
		return true;
	}
	if (in->binary_x86 && strstr(buf, "CPU implementer") && !strstr(buf, "vendor_id")) {
		signal_add(e, "an x86-64 binary reading an arm64 /proc/cpuinfo");
		decide(e, TSOB_EXEC_EMULATED,
		       "an x86-64 emulator on arm64 (qemu-user, FEX, box64 or similar)");
		return true;
	}
	return false;
}

/* A QEMU machine: KVM shows itself in the kernel log; TCG does not. */
static void qemu_machine(const struct tsob_exec_inputs *in, struct tsob_execution *e)
{
	static char log[1 << 20];
	int n = slurp(in->root, "/dev/kmsg", log, sizeof(log));

	if (n >= 0 && strstr(log, "KVM: hypervisor services detected")) {
		signal_add(e, "kernel log: \"KVM: hypervisor services detected\"");
		decide(e, TSOB_EXEC_VIRTUALIZED, "KVM guest (QEMU machine on the real CPU)");
		return;
	}
	if (n >= 0)
		signal_add(e, "kernel log: no KVM hypervisor services (KVM guests announce them)");
	else
		signal_add(e, "kernel log unreadable (not root?): KVM could not be ruled out");
	if (in->cntfrq == QEMU_TCG_CNTFRQ)
		signal_add(e, "CNTFRQ_EL0 62.5 MHz: QEMU's emulated timer (KVM shows the host's)");
	/* Without proof of KVM, the safe label: an emulated time is never a cost. */
	decide(e, TSOB_EXEC_EMULATED, "QEMU system emulation (TCG)");
}

static void decide_arm64(const struct tsob_exec_inputs *in, struct tsob_execution *e)
{
	char vendor[128];

	if (file_has(in->root, "/sys/firmware/devicetree/base/compatible", "linux,dummy-virt")) {
		signal_add(e, "device tree: linux,dummy-virt (QEMU's virt machine)");
		qemu_machine(in, e);
		return;
	}
	if (slurp(in->root, "/sys/class/dmi/id/sys_vendor", vendor, sizeof(vendor)) > 0) {
		vendor[strcspn(vendor, "\n")] = '\0';
		if (!strcmp(vendor, "QEMU")) {
			signal_add(e, "DMI vendor: QEMU");
			qemu_machine(in, e);
			return;
		}
		for (size_t i = 0; i < sizeof(vm_vendors) / sizeof(vm_vendors[0]); i++) {
			if (strcmp(vendor, vm_vendors[i]))
				continue;
			signal_add(e, "DMI vendor: %s", vendor);
			decide(e, TSOB_EXEC_VIRTUALIZED, "virtual machine on the real CPU");
			snprintf(e->detail, sizeof(e->detail), "virtual machine (%.80s)", vendor);
			return;
		}
	}
	if (slurp(in->root, "/sys/hypervisor/type", vendor, sizeof(vendor)) > 0) {
		vendor[strcspn(vendor, "\n")] = '\0';
		signal_add(e, "/sys/hypervisor/type: %s", vendor);
		decide(e, TSOB_EXEC_VIRTUALIZED, "virtual machine on the real CPU");
		return;
	}
	signal_add(e, "no sign of a hypervisor or an emulator");
}

static void decide_x86(const struct tsob_exec_inputs *in, struct tsob_execution *e)
{
	if (!in->cpuid_hypervisor) {
		signal_add(e, "CPUID: no hypervisor bit");
		return;
	}
	for (size_t i = 0; i < sizeof(cpuid_vendors) / sizeof(cpuid_vendors[0]); i++) {
		if (strcmp(in->cpuid_vendor, cpuid_vendors[i].vendor))
			continue;
		signal_add(e, "CPUID hypervisor vendor \"%s\"", in->cpuid_vendor);
		decide(e, cpuid_vendors[i].kind, cpuid_vendors[i].name);
		return;
	}
	signal_add(e, "CPUID: hypervisor bit, vendor \"%s\"", in->cpuid_vendor);
	decide(e, TSOB_EXEC_VIRTUALIZED, "virtual machine on the real CPU");
}

void tsob_execution_decide(const struct tsob_exec_inputs *in, struct tsob_execution *e)
{
	memset(e, 0, sizeof(*e));
	decide(e, TSOB_EXEC_NATIVE, "bare metal");
	snprintf(e->decided_by, sizeof(e->decided_by), "detected");
	if (foreign_cpu(in, e))
		return;
	if (in->binary_arm64)
		decide_arm64(in, e);
	else if (in->binary_x86)
		decide_x86(in, e);
}

void tsob_execution_detect(struct tsob_execution *e, const char *arch)
{
	struct tsob_exec_inputs in = { .root = "", .arch = arch };

#if defined(__aarch64__)
	uint64_t f;

	in.binary_arm64 = true;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	in.cntfrq = f;
#elif defined(__x86_64__)
	unsigned a, b, c, d;

	in.binary_x86 = true;
	if (__get_cpuid(1, &a, &b, &c, &d) && (c >> 31) & 1) {
		in.cpuid_hypervisor = true;
		__cpuid(0x40000000, a, b, c, d);
		memcpy(in.cpuid_vendor, &b, 4);
		memcpy(in.cpuid_vendor + 4, &c, 4);
		memcpy(in.cpuid_vendor + 8, &d, 4);
		in.cpuid_vendor[12] = '\0';
	}
#endif
	tsob_execution_decide(&in, e);
}

static int parse_kind(const char *label, enum tsob_exec_kind *k, const char **detail)
{
	for (int i = 0; i <= TSOB_EXEC_EMULATED; i++) {
		size_t n = strlen(kind_names[i]);

		if (strncmp(label, kind_names[i], n) || (label[n] && label[n] != ':'))
			continue;
		*k = (enum tsob_exec_kind)i;
		*detail = label[n] == ':' ? label + n + 1 : "";
		return 0;
	}
	return -EINVAL;
}

bool tsob_execution_label_ok(const char *label)
{
	enum tsob_exec_kind k;
	const char *d;

	return label && !parse_kind(label, &k, &d);
}

int tsob_execution_set(struct tsob_execution *e, const char *label, const char *source)
{
	enum tsob_exec_kind k;
	const char *detail;

	if (!label || parse_kind(label, &k, &detail))
		return -EINVAL;
	signal_add(e, "detection said %s (%s); overridden by %s", kind_names[e->kind], e->detail,
		   source);
	e->kind = k;
	snprintf(e->detail, sizeof(e->detail), "%s", *detail ? detail : "as the user said");
	snprintf(e->decided_by, sizeof(e->decided_by), "%s", source);
	return 0;
}
