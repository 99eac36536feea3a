// SPDX-License-Identifier: MIT
/* tsobench run: every selected kernel × strategy, with counters, into a results file. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "counters.h"
#include "events.h"
#include "host.h"
#include "output.h"
#include "results.h"
#include "run.h"
#include "runner.h"
#include "table.h"
#include "tsob/kernel.h"
#include "util.h"



static void help(void)
{
	printf("usage: tsobench run [OPTIONS]\n"
	       "  -w, --workload LIST   kernels to run (default: all; see 'tsobench list')\n"
	       "  -m, --mode LIST       strategies: %s (default: all)\n"
	       "  -e, --events LIST     libpfm4 or generic perf events (default: %s",
	       tsob_strategy_choices(), tsob_default_events[0]);
	for (int i = 1; i < tsob_nr_default_events; i++)
		printf(",%s", tsob_default_events[i]);
	printf(")\n"
	       "  -r, --repeat N        measured repetitions per cell (default 10, --quick 5)\n"
	       "      --warmup N        warm-up runs per cell (default 2, --quick 1)\n"
	       "      --cpu N           pin the measured thread to CPU N (more threads: N+1, ...)\n"
	       "      --threads N       thread count for multi-threaded kernels (default 2)\n"
	       "      --size N          problem size, counted in each kernel's size unit\n"
	       "                        ('tsobench list' shows units and default sizes)\n"
	       "      --quick           a CI-sized run: small sizes, fewer repetitions\n"
	       "      --timeout-ms N    how long threads may take to reach the start barrier\n"
	       "  -o FILE               results file (default: results/run-HOST-ARCH-TIME.json)\n"
	       "      --format json|csv results format (default json)\n"
	       "      --execution KIND[:DETAIL]  how this runs, where detection cannot know:\n"
	       "                        native, virtualized (a VM on the real CPU) or emulated\n"
	       "  -q, --quiet           no progress on stderr\n"
	       "exit: 0 ok, 1 a checksum failed (reported in its cell), 2 bad usage\n");
}

static bool kernel_exists(const char *name)
{
	for (int i = 0; tsob_registry[i]; i++)
		if (!strcmp(tsob_registry[i]->name, name))
			return true;
	return false;
}

static const struct tsob_kernel *kernel_any(const char *name)
{
	for (int i = 0; tsob_registry[i]; i++)
		if (!strcmp(tsob_registry[i]->name, name))
			return tsob_registry[i];
	return NULL;
}

int tsob_run_parse(int argc, char **argv, struct tsob_run_opts *o)
{
	enum { O_WARMUP = 256, O_CPU, O_THREADS, O_SIZE, O_QUICK, O_FORMAT, O_TIMEOUT, O_EXEC };
	static const struct option opts[] = {
		{ "workload", required_argument, NULL, 'w' },
		{ "mode", required_argument, NULL, 'm' },
		{ "events", required_argument, NULL, 'e' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "warmup", required_argument, NULL, O_WARMUP },
		{ "cpu", required_argument, NULL, O_CPU },
		{ "threads", required_argument, NULL, O_THREADS },
		{ "size", required_argument, NULL, O_SIZE },
		{ "quick", no_argument, NULL, O_QUICK },
		{ "timeout-ms", required_argument, NULL, O_TIMEOUT },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "execution", required_argument, NULL, O_EXEC },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *items[MAX_KERNELS];
	bool repeat_set = false, warmup_set = false, mode_set = false, events_set = false;
	uint64_t v;
	int c, n;

	memset(o, 0, sizeof(*o));
	o->cpu = -1;
	o->timeout_ms = 10000;
	opterr = 0;
	optind = 0; /* glibc: 0 re-initialises getopt fully, for repeated parses */
	while ((c = getopt_long(argc, argv, ":w:m:e:r:o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if ((n = tsob_opt_list(optarg, items, MAX_KERNELS, "kernels")) < 0)
				return -1;
			for (int i = 0; i < n; i++) {
				bool dup = false;

				if (!kernel_exists(items[i]))
					return TSOB_FAIL("unknown kernel '%s': 'tsobench list' shows the "
						    "kernels", items[i]);
				for (int j = 0; j < o->nkernels; j++)
					dup |= !strcmp(o->kernels[j], items[i]);
				if (dup)
					continue;
				if (o->nkernels == MAX_KERNELS)
					return TSOB_FAIL("too many kernels (at most %d)", MAX_KERNELS);
				o->kernels[o->nkernels++] = items[i];
			}
			break;
		case 'm':
			if ((n = tsob_opt_list(optarg, items, MAX_KERNELS, "strategies")) < 0)
				return -1;
			mode_set = true;
			for (int i = 0; i < n; i++) {
				int s = tsob_strategy_lookup(items[i]);

				if (s < 0)
					return TSOB_FAIL("unknown strategy '%s': use %s",
							 items[i], tsob_strategy_choices());
				o->strat[s] = true;
			}
			break;
		case 'e':
			if ((n = tsob_opt_list(optarg, items, TSOB_MAX_EVENTS, "events")) < 0)
				return -1;
			events_set = true;
			o->nevents = 0;
			for (int i = 0; i < n; i++) {
				if (tsob_event_resolve(items[i], &o->events[o->nevents]) == -ENOENT)
					return TSOB_FAIL("unknown event '%s' (%s): 'tsobench "
								"events' lists what this host knows",
								items[i],
								o->events[o->nevents].why);
				o->nevents++;
			}
			break;
		case 'r':
			if (tsob_opt_u64(NULL, "--repeat", optarg, 1, 1000000, &v))
				return -1;
			o->repeat = (unsigned)v;
			repeat_set = true;
			break;
		case O_WARMUP:
			if (tsob_opt_u64(NULL, "--warmup", optarg, 0, 1000000, &v))
				return -1;
			o->warmup = (unsigned)v;
			warmup_set = true;
			break;
		case O_CPU:
			if (tsob_opt_u64(NULL, "--cpu", optarg, 0, 1u << 30, &v))
				return -1;
			if (v >= CPU_SETSIZE || !tsob_cpu_allowed((int)v))
				return TSOB_FAIL("--cpu %s: no such CPU online for this process "
							"(this host has %ld)", optarg,
							sysconf(_SC_NPROCESSORS_ONLN));
			o->cpu = (int)v;
			break;
		case O_THREADS:
			if (tsob_opt_u64(NULL, "--threads", optarg, 1, TSOB_MAX_THREADS, &v))
				return -1;
			o->threads = (unsigned)v;
			break;
		case O_SIZE:
			if (tsob_opt_u64(NULL, "--size", optarg, 1, 1ull << 36, &v))
				return -1;
			o->size = (size_t)v;
			break;
		case O_TIMEOUT:
			if (tsob_opt_u64(NULL, "--timeout-ms", optarg, 1, 3600000, &v))
				return -1;
			o->timeout_ms = (unsigned)v;
			break;
		case O_QUICK:
			o->quick = true;
			break;
		case 'o':
			if (!*optarg)
				return TSOB_FAIL("-o needs a file name");
			o->out = optarg;
			break;
		case O_FORMAT:
			if (!strcmp(optarg, "json"))
				o->format = TSOB_FORMAT_JSON;
			else if (!strcmp(optarg, "csv"))
				o->format = TSOB_FORMAT_CSV;
			else
				return TSOB_FAIL("--format '%s': use json or csv", optarg);
			break;
		case O_EXEC:
			if (!tsob_execution_label_ok(optarg))
				return TSOB_FAIL("--execution '%s': say native, virtualized or "
						 "emulated, optionally with :DETAIL", optarg);
			o->execution = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			help();
			return 1;
		case ':':
			return TSOB_FAIL("run: %s needs a value", argv[optind - 1]);
		default:
			return TSOB_FAIL("run: unknown option '%s': try 'tsobench run --help'",
						argv[optind - 1]);
		}
	}
	if (optind < argc)
		return TSOB_FAIL("run: unexpected argument '%s'", argv[optind]);
	if (!repeat_set)
		o->repeat = o->quick ? 5 : 10;
	if (!warmup_set)
		o->warmup = o->quick ? 1 : 2;
	if (!mode_set)
		for (int s = 0; s < TSOB_NR_STRATEGIES; s++)
			o->strat[s] = true;
	if (!events_set)
		for (int i = 0; i < tsob_nr_default_events; i++)
			tsob_event_resolve(tsob_default_events[i], &o->events[o->nevents++]);
	if (!o->nkernels)
		for (int i = 0; tsob_registry[i] && o->nkernels < MAX_KERNELS; i++) {
			bool dup = false;

			for (int j = 0; j < o->nkernels; j++)
				dup |= !strcmp(o->kernels[j], tsob_registry[i]->name);
			if (!dup)
				o->kernels[o->nkernels++] = tsob_registry[i]->name;
		}
	if (o->threads) {
		for (int i = 0; i < o->nkernels; i++) {
			const struct tsob_kernel *k = kernel_any(o->kernels[i]);

			if (k->max_threads > 1 &&
			    (o->threads < k->min_threads || o->threads > k->max_threads))
				return TSOB_FAIL("--threads %u: kernel %s takes %u to %u threads",
							o->threads, k->name, k->min_threads,
							k->max_threads);
		}
	}
	return 0;
}

static unsigned threads_for(const struct tsob_kernel *k, const struct tsob_run_opts *o)
{
	unsigned t;

	if (k->max_threads <= 1)
		return 1;
	t = o->threads ? o->threads : 2;
	if (t < k->min_threads)
		t = k->min_threads;
	return t > k->max_threads ? k->max_threads : t;
}

int cmd_run(int argc, char **argv)
{
	struct tsob_run_opts o;
	struct tsob_host host;
	struct tsob_run_info info;
	struct tsob_table *table;
	json_object *doc;
	char path[512], shown[512];
	const char *why;
	int r, ncells = 0, cellno = 0, exit_code = TSOB_EXIT_OK;
	uint64_t start;
	bool progress = false;

	r = tsob_run_parse(argc, argv, &o);
	if (r)
		return r > 0 ? TSOB_EXIT_OK : TSOB_EXIT_USAGE;
	tsob_host_probe(&host);
	if (o.execution)
		tsob_host_set_execution(&host, o.execution);
	if (o.out)
		snprintf(path, sizeof(path), "%s", o.out);
	else
		tsob_results_default_path(path, sizeof(path), &host, "run", o.format);
	if (tsob_check_writable(path, &why))
		return tsob_usage_error("cannot write results to %s: %s", path, why);
	snprintf(shown, sizeof(shown), "%s", path);
	if (tsob_output_take_stdout(path, sizeof(path)))
		return tsob_usage_error("cannot keep standard output for the results: %s",
					strerror(errno));

	tsob_counters_init();
	tsob_install_signal_handlers();
	info = (struct tsob_run_info){ .host = &host, .command = "run",
				       .argv_line = tsob_argv_line, .quick = o.quick,
				       .repeat = o.repeat, .warmup = o.warmup, .cpu = o.cpu,
				       .events = o.events, .nevents = o.nevents };
	doc = tsob_results_new(&info);
	table = tsob_table_new(&host);

	for (int i = 0; i < o.nkernels; i++)
		for (int s = 0; s < TSOB_NR_STRATEGIES; s++)
			ncells += o.strat[s] && host.strat[s].available;
	start = tsob_now_ns();

	for (int i = 0; i < o.nkernels && !tsob_interrupted; i++) {
		for (int s = 0; s < TSOB_NR_STRATEGIES && !tsob_interrupted; s++) {
			const struct tsob_kernel *k = tsob_registry_find(o.kernels[i], s);
			const struct tsob_kernel *any = kernel_any(o.kernels[i]);
			struct tsob_cell_conf conf;
			struct tsob_cell cell;

			if (!o.strat[s])
				continue;
			if (!host.strat[s].available || !k) {
				tsob_results_add_unavailable(doc, o.kernels[i], tsob_strategies[s].name,
							     threads_for(any, &o),
							     host.strat[s].available
								     ? "no object for this strategy"
								     : host.strat[s].why);
				tsob_table_unavailable(table, s, host.strat[s].why);
				continue;
			}
			cellno++;
			if (!o.quiet && (progress || tsob_now_ns() - start > 2000000000ull)) {
				progress = true;
				fprintf(stderr, "[%d/%d] %s / %s\n", cellno, ncells, k->name,
					tsob_strategies[s].name);
			}
			conf = (struct tsob_cell_conf){
				.kernel = k, .strategy = s, .threads = threads_for(k, &o),
				.size = o.size ? o.size : o.quick ? k->quick_size : k->default_size,
				.warmup = o.warmup, .repeat = o.repeat, .cpu = o.cpu,
				.events = o.events, .nevents = o.nevents,
				.barrier_timeout_ms = o.timeout_ms,
			};
			if (tsob_cell_run(&cell, &conf)) {
				tsob_warn("out of memory");
				exit_code = TSOB_EXIT_FAIL;
				break;
			}
			if (cell.status == TSOB_CELL_CHECKSUM_FAILED || cell.status == TSOB_CELL_ERROR) {
				tsob_warn("%s / %s: %s: %s", k->name, tsob_strategies[s].name,
					  tsob_cell_status_name(cell.status), cell.reason);
				exit_code = TSOB_EXIT_FAIL;
			}
			tsob_results_add_cell(doc, &cell);
			tsob_cell_free(&cell);
		}
	}
	if (tsob_interrupted)
		tsob_results_set_complete(doc, false, "interrupted by a signal");
	else
		tsob_results_set_complete(doc, true, NULL);
	tsob_table_add_cells(table, doc);
	if (tsob_results_save(path, doc, o.format)) {
		json_object_put(doc);
		tsob_table_free(table);
		return TSOB_EXIT_FAIL;
	}
	tsob_table_print(table, stdout);
	printf("results: %s%s\n", shown, tsob_interrupted ? " (incomplete: interrupted)" : "");
	json_object_put(doc);
	tsob_table_free(table);
	if (tsob_interrupted)
		return 130;
	return exit_code;
}
