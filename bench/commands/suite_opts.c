// SPDX-License-Identifier: MIT
/* Kernels and events into a suite, for the commands that run kernels (run, emu). */
#include "suite_opts.h"

#include <errno.h>
#include <string.h>

#include "tsob/opt.h"

int tsob_suite_opt_kernels(struct tsob_suite *s, const char *arg, struct tsob_err *e)
{
	char store[1024], *items[TSOB_SUITE_MAX_KERNELS];
	int n =
	    tsob_opt_list(arg, store, sizeof(store), items, TSOB_SUITE_MAX_KERNELS, "kernels", e);

	for (int i = 0; i < n; i++) {
		const struct tsob_kernel *k = tsob_suite_kernel(items[i]);
		bool dup = false;

		if (!k)
			return tsob_err_set(
			    e, -EINVAL, "unknown kernel '%s': 'tsobench list' shows the kernels",
			    items[i]);
		for (int j = 0; j < s->nkernels; j++)
			dup |= !strcmp(s->kernels[j], k->name);
		if (dup)
			continue;
		if (s->nkernels == TSOB_SUITE_MAX_KERNELS)
			return tsob_err_set(e, -E2BIG, "too many kernels (at most %d)",
					    TSOB_SUITE_MAX_KERNELS);
		s->kernels[s->nkernels++] = k->name; /* the registry's string: it outlives argv */
	}
	return n < 0 ? n : 0;
}

int tsob_suite_opt_events(struct tsob_suite *s, const char *arg, struct tsob_err *e)
{
	char store[1024], *items[TSOB_MAX_EVENTS];
	int n = tsob_opt_list(arg, store, sizeof(store), items, TSOB_MAX_EVENTS, "events", e);

	if (n < 0)
		return n;
	s->nevents = 0;
	for (int i = 0; i < n; i++, s->nevents++)
		if (tsob_event_resolve(items[i], &s->events[s->nevents]) == -ENOENT)
			return tsob_err_set(e, -EINVAL,
					    "unknown event '%s' (%s): 'tsobench events' lists what "
					    "this host knows",
					    items[i], s->events[s->nevents].why);
	return 0;
}

void tsob_suite_default_kernels(struct tsob_suite *s)
{
	if (s->nkernels)
		return;
	for (int i = 0; tsob_registry[i]; i++)
		if (tsob_suite_kernel(tsob_registry[i]->name) == tsob_registry[i] &&
		    s->nkernels < TSOB_SUITE_MAX_KERNELS)
			s->kernels[s->nkernels++] = tsob_registry[i]->name;
}

void tsob_suite_default_events(struct tsob_suite *s)
{
	s->nevents = 0;
	for (int i = 0; i < tsob_nr_default_events; i++)
		tsob_event_resolve(tsob_default_events[i], &s->events[s->nevents++]);
}

int tsob_suite_check_threads(const struct tsob_suite *s, struct tsob_err *e)
{
	for (int i = 0; s->threads && i < s->nkernels; i++) {
		const struct tsob_kernel *k = tsob_suite_kernel(s->kernels[i]);

		if (k->max_threads > 1 &&
		    (s->threads < k->min_threads || s->threads > k->max_threads))
			return tsob_err_set(e, -EINVAL,
					    "--threads %u: kernel %s takes %u to %u threads",
					    s->threads, k->name, k->min_threads, k->max_threads);
	}
	return 0;
}
