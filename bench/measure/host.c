// SPDX-License-Identifier: MIT
#include "host.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "memmodel.h"
#include "tsob/cpu.h"
#include "tsob/err.h"
#include "tsob/parse.h"

struct midr_name {
	unsigned implementer, part;
	const char *name;
};

/* Cores users are likely to run on; the always-TSO ones matter for hwtso. */
static const struct midr_name midr_names[] = {
	{ 0x41, 0xd03, "ARM Cortex-A53" },     { 0x41, 0xd07, "ARM Cortex-A57" },
	{ 0x41, 0xd08, "ARM Cortex-A72" },     { 0x41, 0xd0b, "ARM Cortex-A76" },
	{ 0x41, 0xd0c, "ARM Neoverse N1" },    { 0x41, 0xd40, "ARM Neoverse V1" },
	{ 0x41, 0xd44, "ARM Cortex-X1" },      { 0x41, 0xd49, "ARM Neoverse N2" },
	{ 0x41, 0xd4f, "ARM Neoverse V2" },    { 0x41, 0xd41, "ARM Cortex-A78" },
	{ 0x46, 0x001, "Fujitsu A64FX (always TSO)" },
	{ 0x4e, 0x000, "NVIDIA Denver (always TSO)" },
	{ 0x4e, 0x003, "NVIDIA Denver 2 (always TSO)" },
	{ 0x4e, 0x004, "NVIDIA Carmel (always TSO)" },
	{ 0x61, 0x022, "Apple M1 Icestorm" },  { 0x61, 0x023, "Apple M1 Firestorm" },
	{ 0x61, 0x024, "Apple M1 Pro Icestorm" }, { 0x61, 0x025, "Apple M1 Pro Firestorm" },
	{ 0x61, 0x028, "Apple M1 Max Icestorm" }, { 0x61, 0x029, "Apple M1 Max Firestorm" },
	{ 0x61, 0x032, "Apple M2 Blizzard" },  { 0x61, 0x033, "Apple M2 Avalanche" },
	{ 0xc0, 0xac3, "Ampere-1" },           { 0x48, 0xd01, "HiSilicon TSV110" },
	{ 0x51, 0xd40, "Qualcomm Falkor" },
};

const char *tsob_midr_name(uint64_t midr)
{
	unsigned impl = (midr >> 24) & 0xff, part = (midr >> 4) & 0xfff;

	for (size_t i = 0; i < ARRAY_SIZE(midr_names); i++)
		if (midr_names[i].implementer == impl && midr_names[i].part == part)
			return midr_names[i].name;
	return NULL;
}

/* Value of "key : value" in /proc/cpuinfo's first block. */
static int cpuinfo_field(const char *key, char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[512];
	size_t klen = strlen(key);
	int found = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *colon;

		if (strncmp(line, key, klen) || !(colon = strchr(line, ':')))
			continue;
		colon++;
		while (*colon == ' ' || *colon == '\t')
			colon++;
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, len, "%s", colon);
		found = 0;
		break;
	}
	fclose(f);
	return found;
}

static void probe_cpu(struct tsob_host *h)
{
	char buf[256];
	const char *name;

	if (!tsob_read_small("/sys/devices/system/cpu/cpu0/regs/identification/midr_el1", buf,
			     sizeof(buf))) {
		h->midr = strtoull(buf, NULL, 16);
		h->has_midr = true;
	} else if (!cpuinfo_field("CPU implementer", buf, sizeof(buf))) {
		uint64_t impl = strtoull(buf, NULL, 0), part = 0, var = 0, rev = 0;

		if (!cpuinfo_field("CPU part", buf, sizeof(buf)))
			part = strtoull(buf, NULL, 0);
		if (!cpuinfo_field("CPU variant", buf, sizeof(buf)))
			var = strtoull(buf, NULL, 0);
		if (!cpuinfo_field("CPU revision", buf, sizeof(buf)))
			rev = strtoull(buf, NULL, 0);
		/* MIDR layout: implementer[31:24] variant[23:20] arch[19:16]=0xf part[15:4] rev[3:0] */
		h->midr = impl << 24 | var << 20 | 0xfull << 16 | part << 4 | rev;
		h->has_midr = true;
	}
	if (h->has_midr) {
		name = tsob_midr_name(h->midr);
		snprintf(h->cpu_model, sizeof(h->cpu_model), "%s (MIDR 0x%08llx)",
			 name ? name : "unknown arm64 core", (unsigned long long)h->midr);
	} else if (!cpuinfo_field("model name", buf, sizeof(buf))) {
		snprintf(h->cpu_model, sizeof(h->cpu_model), "%s", buf);
	} else {
		snprintf(h->cpu_model, sizeof(h->cpu_model), "unknown");
	}
}

/* The generic hardware events a PMU may offer: a PMU is whatever counts any of them. */
static const struct {
	const char *name;
	uint64_t config;
} pmu_probe_events[] = {
	{ "cycles", PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", PERF_COUNT_HW_INSTRUCTIONS },
	{ "branch-misses", PERF_COUNT_HW_BRANCH_MISSES },
	{ "cache-misses", PERF_COUNT_HW_CACHE_MISSES },
};

static void pmu_reason(int err, char *why, size_t len)
{
	switch (err) {
	case ENOENT:
	case EOPNOTSUPP:
		snprintf(why, len, "no hardware PMU for it (perf_event_open: %s)", strerror(err));
		break;
	case ENOSYS:
		snprintf(why, len,
			 "perf_event_open is not available (ENOSYS; qemu-user has no perf)");
		break;
	case EACCES:
	case EPERM:
		snprintf(why, len,
			 "not permitted (%s): lower /proc/sys/kernel/perf_event_paranoid or run "
			 "as root",
			 strerror(err));
		break;
	default:
		snprintf(why, len, "perf_event_open: %s", strerror(err));
	}
}

static void probe_pmu(struct tsob_host *h)
{
	const char *first_why = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(pmu_probe_events); i++) {
		struct tsob_pmu_probe *p = &h->pmu_events[h->npmu_events++];
		struct perf_event_attr attr;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.size = sizeof(attr);
		attr.type = PERF_TYPE_HARDWARE;
		attr.config = pmu_probe_events[i].config;
		attr.exclude_kernel = 1;
		attr.exclude_hv = 1;
		attr.disabled = 1;
		p->event = pmu_probe_events[i].name;
		fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
		if (fd >= 0) {
			p->counts = true;
			h->pmu = true;
			close(fd);
			continue;
		}
		pmu_reason(errno, p->why, sizeof(p->why));
		if (!first_why)
			first_why = p->why;
	}
	if (!h->pmu)
		snprintf(h->pmu_why, sizeof(h->pmu_why), "%s", first_why ? first_why : "");
}

static void *try_tso(void *arg)
{
	struct tsob_host *h = arg;
	int r = tsob_memmodel_enter_tso();

	h->hwtso = r == 0;
	h->hwtso_err = r ? -r : 0;
	return NULL;
}

static void probe_memmodel(struct tsob_host *h)
{
	pthread_t t;
	int r = tsob_memmodel_get();

	h->memmodel = r >= 0;
	h->memmodel_err = r < 0 ? -r : 0;
	h->memmodel_current = r;
	/* A throw-away thread, so the probe never changes the main thread's model. */
	if (h->memmodel && !pthread_create(&t, NULL, try_tso, h))
		pthread_join(t, NULL);
}

static void sync_execution(struct tsob_host *h)
{
	snprintf(h->execution, sizeof(h->execution), "%s", tsob_exec_kind_name(h->exec.kind));
	h->emulated = h->exec.kind == TSOB_EXEC_EMULATED;
}

static void probe_execution(struct tsob_host *h)
{
	const char *label = getenv("TSOBENCH_EXECUTION");

	tsob_execution_detect(&h->exec, h->arch);
	if (label && *label && tsob_execution_set(&h->exec, label, "TSOBENCH_EXECUTION"))
		tsob_warn("TSOBENCH_EXECUTION='%s' ignored: say native, virtualized or "
			  "emulated, optionally with :DETAIL",
			  label);
	sync_execution(h);
}

int tsob_host_set_execution(struct tsob_host *h, const char *label)
{
	int r = tsob_execution_set(&h->exec, label, "--execution");

	sync_execution(h);
	return r;
}

static void probe_strategies(struct tsob_host *h)
{
	for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
		struct tsob_strategy_avail *a = &h->strat[s];

		a->available = tsob_strategy_supported(s, a->why, sizeof(a->why));
		/* A strategy that runs under the TSO memory model needs the prctl. */
		if (a->available && tsob_strategies[s].model == TSOB_MODEL_TSO && !h->hwtso) {
			a->available = false;
			if (!h->memmodel)
				snprintf(a->why, sizeof(a->why),
					 "kernel has no PR_GET_MEM_MODEL (%s): boot a kernel with "
					 "kernel-patch/",
					 strerror(h->memmodel_err));
			else
				snprintf(a->why, sizeof(a->why),
					 "PR_SET_MEM_MODEL(TSO) refused (%s): this CPU has no TSO mode",
					 strerror(h->hwtso_err));
		}
		if (a->available)
			a->why[0] = '\0';
	}
}

void tsob_host_probe(struct tsob_host *h)
{
	struct utsname u;
	char buf[64];
	long n;

	memset(h, 0, sizeof(*h));
	if (!uname(&u)) {
		snprintf(h->arch, sizeof(h->arch), "%s", u.machine);
		snprintf(h->hostname, sizeof(h->hostname), "%s", u.nodename);
		snprintf(h->kernel, sizeof(h->kernel), "%s", u.release);
		snprintf(h->kernel_version, sizeof(h->kernel_version), "%s", u.version);
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	h->ncpus = n > 0 ? (int)n : 1;
	probe_cpu(h);
	probe_pmu(h);
	h->paranoid = -100;
	if (!tsob_read_small("/proc/sys/kernel/perf_event_paranoid", buf, sizeof(buf)))
		h->paranoid = atoi(buf);
	h->perf_user_access = -1;
	if (!tsob_read_small("/proc/sys/kernel/perf_user_access", buf, sizeof(buf)))
		h->perf_user_access = atoi(buf);
	probe_memmodel(h);
	h->rmw = tsob_rmw_kind();
	probe_execution(h);
	probe_strategies(h);
}
