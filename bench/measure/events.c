// SPDX-License-Identifier: MIT
#include "events.h"

#include <errno.h>
#include <perfmon/pfmlib_perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tsob/err.h"
#include "tsob/parse.h"

const char *const tsob_default_events[] = {
	"task-clock", "context-switches", "page-faults", "cycles", "instructions",
	"branch-misses",
};
const int tsob_nr_default_events = ARRAY_SIZE(tsob_default_events);

const char *tsob_events_default_help(void)
{
	static char buf[256];

	if (!buf[0]) {
		size_t used = (size_t)snprintf(buf, sizeof(buf), "default:");

		for (int i = 0; i < tsob_nr_default_events && used < sizeof(buf); i++)
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
						 i ? "," : " ", tsob_default_events[i]);
	}
	return buf;
}

int tsob_events_init(const char **why)
{
	static int done, ret;

	if (!done) {
		ret = pfm_initialize();
		done = 1;
	}
	if (ret != PFM_SUCCESS) {
		if (why)
			*why = pfm_strerror(ret);
		return -EINVAL;
	}
	return 0;
}

int tsob_event_resolve(const char *name, struct tsob_event *ev)
{
	pfm_perf_encode_arg_t arg;
	char *fstr = NULL;
	const char *why;
	int r;

	memset(ev, 0, sizeof(*ev));
	snprintf(ev->name, sizeof(ev->name), "%s", name);
	if (tsob_events_init(&why)) {
		snprintf(ev->why, sizeof(ev->why), "libpfm4 failed to initialise: %s", why);
		return -EINVAL;
	}
	memset(&arg, 0, sizeof(arg));
	arg.size = sizeof(arg);
	arg.attr = &ev->attr;
	arg.fstr = &fstr;
	ev->attr.size = sizeof(ev->attr);
	/* User space only: the translated code is what is measured. */
	r = pfm_get_os_event_encoding(name, PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	if (r != PFM_SUCCESS) {
		snprintf(ev->why, sizeof(ev->why), "libpfm4: %s", pfm_strerror(r));
		free(fstr);
		return -ENOENT;
	}
	snprintf(ev->fstr, sizeof(ev->fstr), "%s", fstr ? fstr : name);
	free(fstr);
	/*
	 * Software events such as context-switches happen in the kernel: with
	 * exclude_kernel they would read a silent zero.
	 */
	if (ev->attr.type == PERF_TYPE_SOFTWARE)
		ev->attr.exclude_kernel = 0;
	ev->attr.size = sizeof(ev->attr);
	ev->encoded = true;
	return 0;
}

static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return 0;
}

int tsob_events_list(FILE *out, const char *pattern)
{
	pfm_pmu_info_t pinfo;
	pfm_event_info_t einfo;
	int p, count = 0;

	if (tsob_events_init(NULL))
		return 0;
	pfm_for_all_pmus(p) {
		memset(&pinfo, 0, sizeof(pinfo));
		pinfo.size = sizeof(pinfo);
		if (pfm_get_pmu_info(p, &pinfo) != PFM_SUCCESS || !pinfo.is_present)
			continue;
		for (int e = pinfo.first_event; e != -1; e = pfm_get_event_next(e)) {
			char full[256];
			struct tsob_event ev;

			memset(&einfo, 0, sizeof(einfo));
			einfo.size = sizeof(einfo);
			if (pfm_get_event_info(e, PFM_OS_PERF_EVENT_EXT, &einfo) != PFM_SUCCESS)
				continue;
			snprintf(full, sizeof(full), "%s::%s", pinfo.name, einfo.name);
			if (pattern && !contains(full, pattern))
				continue;
			/* Listed only if it encodes here (some need attributes). */
			if (tsob_event_resolve(full, &ev))
				continue;
			fprintf(out, "%-48s %s\n", full, einfo.desc ? einfo.desc : "");
			count++;
		}
	}
	return count;
}
