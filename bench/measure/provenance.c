// SPDX-License-Identifier: MIT
#include "provenance.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "tsob/err.h"
#include "tsob/parse.h"

/* Symbols recorded exactly; CONFIG_HZ_<n> is matched apart. */
static const char *const kconfig_names[] = {
    "CONFIG_ARM64_TSO_APPLE",	"CONFIG_HZ",
    "CONFIG_PREEMPT",		"CONFIG_PREEMPT_NONE",
    "CONFIG_PREEMPT_VOLUNTARY", "CONFIG_PREEMPT_RT",
    "CONFIG_PREEMPT_DYNAMIC",	"CONFIG_PREEMPT_LAZY",
    "CONFIG_ARM64_4K_PAGES",	"CONFIG_ARM64_16K_PAGES",
    "CONFIG_ARM64_64K_PAGES",	"CONFIG_NO_HZ_IDLE",
    "CONFIG_NO_HZ_FULL",
};

static bool name_matters(const char *name, size_t len)
{
	if (len > 10 && !strncmp(name, "CONFIG_HZ_", 10)) {
		for (size_t i = 10; i < len; i++)
			if (name[i] < '0' || name[i] > '9')
				return false;
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(kconfig_names); i++)
		if (strlen(kconfig_names[i]) == len && !strncmp(kconfig_names[i], name, len))
			return true;
	return false;
}

bool tsob_kconfig_matters(const char *line)
{
	const char *name = line, *end;

	if (!strncmp(line, "# ", 2)) {
		name = line + 2;
		end = strstr(name, " is not set");
		if (!end)
			return false;
	} else {
		end = strchr(line, '=');
		if (!end)
			return false;
	}
	return !strncmp(name, "CONFIG_", 7) && name_matters(name, (size_t)(end - name));
}

int tsob_kconfig_read(FILE *f, json_object *lines)
{
	char line[512];
	int n = 0;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (tsob_kconfig_matters(line)) {
			json_object_array_add(lines, json_object_new_string(line));
			n++;
		}
	}
	return n;
}

/* The configuration: its source, the lines, or why there is none. */
static json_object *kernel_config(const char *release)
{
	json_object *o = json_object_new_object(), *lines = json_object_new_array();
	char path[256], why[256];
	FILE *f;

	snprintf(path, sizeof(path), "/boot/config-%s", release);
	f = fopen(path, "r");
	if (f) {
		tsob_kconfig_read(f, lines);
		fclose(f);
	} else if (!access("/proc/config.gz", R_OK) &&
		   (f = popen("gzip -dc /proc/config.gz 2>/dev/null", "r"))) {
		tsob_kconfig_read(f, lines);
		if (pclose(f) == 0)
			snprintf(path, sizeof(path), "/proc/config.gz");
		else
			path[0] = '\0';
	} else {
		path[0] = '\0';
	}
	snprintf(why, sizeof(why),
		 "no readable /boot/config-%s, and no /proc/config.gz "
		 "(CONFIG_IKCONFIG_PROC) that gzip -dc could read",
		 release);
	json_object_object_add(o, "source", path[0] ? json_object_new_string(path) : NULL);
	json_object_object_add(o, "reason", path[0] ? NULL : json_object_new_string(why));
	if (!path[0]) {
		json_object_put(lines);
		lines = json_object_new_array();
	}
	json_object_object_add(o, "lines", lines);
	return o;
}

/* The board or system, from the device tree or DMI; NULL when neither says. */
static json_object *machine(void)
{
	char model[256], vendor[128], product[128];

	if (!tsob_read_small("/sys/firmware/devicetree/base/model", model, sizeof(model)) &&
	    model[0])
		return json_object_new_string(model);
	if (!tsob_read_small("/sys/class/dmi/id/product_name", product, sizeof(product)) &&
	    product[0]) {
		if (tsob_read_small("/sys/class/dmi/id/sys_vendor", vendor, sizeof(vendor)))
			vendor[0] = '\0';
		snprintf(model, sizeof(model), "%s%s%s", vendor, vendor[0] ? " " : "", product);
		return json_object_new_string(model);
	}
	return NULL;
}

#define MAX_CORE_KINDS 8

/* Every distinct MIDR_EL1 over the CPUs, with how many CPUs have it (arm64). */
static json_object *cores(void)
{
	struct {
		uint64_t midr;
		int ncpus;
	} kind[MAX_CORE_KINDS];
	json_object *arr = json_object_new_array();
	int nkind = 0;

	for (int cpu = 0; cpu < 4096; cpu++) {
		char path[96], buf[64];
		uint64_t midr;
		int k;

		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d", cpu);
		if (access(path, F_OK))
			break; /* past the last possible CPU */
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/regs/identification/midr_el1", cpu);
		if (tsob_read_small(path, buf, sizeof(buf)))
			continue; /* offline, or not arm64 */
		midr = strtoull(buf, NULL, 16);
		for (k = 0; k < nkind && kind[k].midr != midr; k++)
			;
		if (k == nkind) {
			if (nkind == MAX_CORE_KINDS)
				continue;
			kind[nkind].midr = midr;
			kind[nkind++].ncpus = 0;
		}
		kind[k].ncpus++;
	}
	for (int k = 0; k < nkind; k++) {
		json_object *o = json_object_new_object();
		const char *name = tsob_midr_name(kind[k].midr);
		char hex[32];

		snprintf(hex, sizeof(hex), "0x%08llx", (unsigned long long)kind[k].midr);
		json_object_object_add(o, "midr", json_object_new_string(hex));
		json_object_object_add(o, "name",
				       json_object_new_string(name ? name : "unknown arm64 core"));
		json_object_object_add(o, "cpus", json_object_new_int(kind[k].ncpus));
		json_object_array_add(arr, o);
	}
	return arr;
}

void tsob_provenance_add(json_object *context, const char *kernel_release)
{
	json_object_object_add(context, "machine", machine());
	json_object_object_add(context, "cores", cores());
	json_object_object_add(context, "kernel_config", kernel_config(kernel_release));
}
