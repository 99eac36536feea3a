// SPDX-License-Identifier: MIT
/* tsobench info: what this host is and what can be measured on it. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "host.h"
#include "memmodel.h"
#include "results.h"
#include "util.h"

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

int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "execution", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tsob_host h;
	const char *execution = NULL;
	int json = 0, c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'x':
			if (!tsob_execution_label_ok(optarg))
				return tsob_usage_error("info: --execution '%s': say native, "
							"virtualized or emulated, optionally with "
							":DETAIL",
							optarg);
			execution = optarg;
			break;
		case 'h':
			printf("usage: tsobench info [--json] [--execution KIND[:DETAIL]]\n");
			return TSOB_EXIT_OK;
		case ':':
			return tsob_usage_error("info: %s needs a value", argv[optind - 1]);
		default:
			return tsob_usage_error("info: unknown option '%s': try 'tsobench info --help'",
						argv[optind - 1]);
		}
	}
	if (optind < argc)
		return tsob_usage_error("info: unexpected argument '%s'", argv[optind]);
	tsob_host_probe(&h);
	if (execution)
		tsob_host_set_execution(&h, execution);
	if (json) {
		struct tsob_run_info ri = { .host = &h, .command = "info", .cpu = -1,
					    .argv_line = tsob_argv_line };
		json_object *ctx = tsob_results_context(&ri);

		puts(json_object_to_json_string_ext(ctx, JSON_C_TO_STRING_PRETTY));
		json_object_put(ctx);
	} else {
		print_text(&h);
	}
	return TSOB_EXIT_OK;
}
