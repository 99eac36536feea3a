// SPDX-License-Identifier: MIT
/* tsobench info: what this host is and what can be measured on it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "host.h"
#include "memmodel.h"
#include "record.h"
#include "tsob/json.h"

static void print_text(const struct tsob_host *h)
{
	printf("host             %s\n", h->hostname);
	printf("architecture     %s\n", h->arch);
	printf("cpu              %s\n", h->cpu_model);
	printf("cpus online      %d\n", h->ncpus);
	printf("kernel           %s\n", h->kernel);
	printf("execution        %s: %s%s\n", h->execution, h->exec.detail,
	       h->emulated ? " (timings are not ordering costs)" : "");
	printf("                 %s%s", h->exec.decided_by,
	       h->exec.nsignals ? ": " : "\n");
	for (int i = 0; i < h->exec.nsignals; i++)
		printf("%s%s", h->exec.signals[i], i + 1 < h->exec.nsignals ? "; " : "\n");
	if (h->pmu)
		printf("hardware pmu     yes\n");
	else
		printf("hardware pmu     no: %s\n", h->pmu_why);
	for (int i = 0; i < h->npmu_events; i++)
		printf("  %-14s %s\n", h->pmu_events[i].event,
		       h->pmu_events[i].counts ? "counts" : h->pmu_events[i].why);
	if (h->paranoid == -100)
		printf("perf_event_paranoid  unreadable\n");
	else
		printf("perf_event_paranoid  %d\n", h->paranoid);
	if (h->perf_user_access < 0)
		printf("perf_user_access     absent%s\n",
		       strcmp(h->arch, "aarch64") ? " (arm64 only)" : "");
	else
		printf("perf_user_access     %d\n", h->perf_user_access);
	if (h->memmodel)
		printf("PR_GET_MEM_MODEL     supported, current model: %s\n",
		       tsob_memmodel_name(h->memmodel_current));
	else
		printf("PR_GET_MEM_MODEL     not supported (%s)\n", strerror(h->memmodel_err));
	printf("locked RMW       %s\n", h->rmw);
	printf("strategies:\n");
	for (int s = 0; s < TSOB_NR_STRATEGIES; s++)
		printf("  %-8s %s%s\n", tsob_strategies[s].name,
		       h->strat[s].available ? "available" : "unavailable: ", h->strat[s].why);
}

struct info_opts {
	bool json;
	const char *execution;
};

static int run(void *opts, const struct tsob_args *a, struct tsob_err *e)
{
	struct info_opts *o = opts;
	struct tsob_host h;

	tsob_host_probe(&h);
	if (o->execution)
		tsob_host_set_execution(&h, o->execution); /* checked while parsing */
	if (o->json) {
		struct tsob_run_info ri = { .host = &h, .command = "info", .cpu = -1,
					    .argv_line = tsob_command_line() };
		json_object *ctx = tsob_record_context(&ri);

		tsob_json_write(stdout, ctx);
		json_object_put(ctx);
	} else {
		print_text(&h);
	}
	return TSOB_EXIT_OK;
}

static const struct tsob_opt options[] = {
	TSOB_OPT_FLAG(0, "json", struct info_opts, json, "the context a results file would carry"),
	TSOB_OPT_EXECUTION(struct info_opts, execution),
	TSOB_OPT_END_ROW,
};

const struct tsob_cmd tsob_cmd_info = {
	.name = "info",
	.summary = "host, CPU, kernel, PMU, memory-model prctl, strategies here",
	.usage = "[--json] [--execution KIND[:DETAIL]]",
	.opts = options,
	.opts_size = sizeof(struct info_opts),
	.run = run,
};
