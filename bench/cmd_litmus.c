// SPDX-License-Identifier: MIT
/* tsobench litmus: the ordering litmus tests for every strategy, into a results file. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "host.h"
#include "output.h"
#include "litmus_report.h"
#include "memmodel.h"
#include "results.h"
#include "tsob/litmus.h"
#include "util.h"


#define DEFAULT_ITERATIONS 1000000
#define QUICK_ITERATIONS 100000
/* Emulators run one vCPU at a time or on a TSO host: they show plumbing, not
 * hardware reorderings, and 40 tests must fit in 20 s there. */
#define QUICK_ITERATIONS_EMULATED 10000
/* --quick: how long one test may take, natively and under emulation (in the
 * guest's time: under -icount that is instructions, not seconds). */
#define QUICK_LIMIT_S 2.0
#define QUICK_LIMIT_EMULATED_S 0.3

struct litmus_opts {
	bool test[32]; /* by test id */
	bool strat[TSOB_NR_STRATEGIES];
	struct tsob_litmus_params p;
	bool quick, quiet, seed_set, limit_set, iterations_set;
	const char *out;
	const char *execution; /* --execution label, or NULL */
};

static void help(void)
{
	printf(
	    "usage: tsobench litmus [OPTIONS]\n"
	    "  -t, --tests LIST      MP,SB,LB,S,R,2+2W,IRIW,CoRR (default: all)\n"
	    "  -m, --mode LIST       strategies: plain,ldar,ldapr,ldapur,dmb,hwtso (default: all)\n"
	    "  -n, --iterations N    iterations per test and strategy (default %d, --quick %d,\n"
	    "                        emulated %d)\n"
	    "      --batch N         iterations per batch, each on fresh locations (default 1000)\n"
	    "      --stagger N       largest random delay before an iteration, in loop steps\n"
	    "                        (default 256)\n"
	    "      --seed N          seed of the random delays (default: from the clock)\n"
	    "      --time-limit S    end a test after S seconds even if iterations remain\n"
	    "                        (default: none; --quick: %g, emulated %g)\n"
	    "      --quick           a CI-sized run\n"
	    "      --execution KIND[:DETAIL]  native, virtualized or emulated, where\n"
	    "                        detection cannot know\n"
	    "  -o FILE               results file (default: results/litmus-HOST-ARCH-TIME.json)\n"
	    "  -q, --quiet           no progress on stderr\n"
	    "Outcomes are classed by x86-TSO: sc (allowed by sequential consistency), relaxed\n"
	    "(allowed by x86-TSO only: a load passed its thread's earlier store) and FORBIDDEN.\n"
	    "exit: 0 no forbidden outcome where x86 ordering is required, 1 one was seen or a\n"
	    "test could not run, 2 bad usage\n",
	    DEFAULT_ITERATIONS, QUICK_ITERATIONS, QUICK_ITERATIONS_EMULATED, QUICK_LIMIT_S,
	    QUICK_LIMIT_EMULATED_S);
}

static int parse_opts(int argc, char **argv, struct litmus_opts *o)
{
	enum { O_BATCH = 256, O_STAGGER, O_SEED, O_LIMIT, O_QUICK, O_EXEC };
	static const struct option opts[] = {
	    {"tests", required_argument, NULL, 't'},
	    {"mode", required_argument, NULL, 'm'},
	    {"iterations", required_argument, NULL, 'n'},
	    {"batch", required_argument, NULL, O_BATCH},
	    {"stagger", required_argument, NULL, O_STAGGER},
	    {"seed", required_argument, NULL, O_SEED},
	    {"time-limit", required_argument, NULL, O_LIMIT},
	    {"quick", no_argument, NULL, O_QUICK},
	    {"execution", required_argument, NULL, O_EXEC},
	    {"output", required_argument, NULL, 'o'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	char *items[32];
	bool tests_set = false, mode_set = false;
	uint64_t v;
	int c, n;

	memset(o, 0, sizeof(*o));
	o->p.batch = 1000;
	o->p.stagger = 256; /* best of 0..4096 for SB on an x86-64 host */
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":t:m:n:o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((n = tsob_opt_list(optarg, items, 32, "tests")) < 0)
				return -1;
			tests_set = true;
			for (int i = 0; i < n; i++) {
				const struct tsob_litmus_test *t = tsob_litmus_lookup(items[i]);

				if (!t)
					return TSOB_FAIL(
					    "unknown litmus test '%s': use MP, SB, LB, S, R, "
					    "2+2W, IRIW or CoRR",
					    items[i]);
				o->test[t->id] = true;
			}
			break;
		case 'm':
			if ((n = tsob_opt_list(optarg, items, 32, "strategies")) < 0)
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
		case 'n':
			if (tsob_opt_u64(NULL, "--iterations", optarg, 1, 1ull << 40, &v))
				return -1;
			o->p.iterations = v;
			o->iterations_set = true;
			break;
		case O_BATCH:
			if (tsob_opt_u64(NULL, "--batch", optarg, 1, 1000000, &v))
				return -1;
			o->p.batch = (unsigned)v;
			break;
		case O_STAGGER:
			if (tsob_opt_u64(NULL, "--stagger", optarg, 0, 1000000, &v))
				return -1;
			o->p.stagger = (unsigned)v;
			break;
		case O_SEED:
			if (tsob_opt_u64(NULL, "--seed", optarg, 0, INT64_MAX, &v))
				return -1;
			o->p.seed = v;
			o->seed_set = true;
			break;
		case O_LIMIT:
			if (tsob_parse_double(optarg, 0.001, 86400, &o->p.time_limit_s))
				return TSOB_FAIL("--time-limit '%s': want seconds from 0.001 to 86400",
					    optarg);
			o->limit_set = true;
			break;
		case O_QUICK:
			o->quick = true;
			break;
		case 'o':
			if (!*optarg)
				return TSOB_FAIL("-o needs a file name");
			o->out = optarg;
			break;
		case O_EXEC:
			if (!tsob_execution_label_ok(optarg))
				return TSOB_FAIL("%s: --execution '%s': say native, virtualized or "
						 "emulated, optionally with :DETAIL", "litmus", optarg);
			o->execution = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			help();
			return 1;
		case ':':
			return TSOB_FAIL("litmus: %s needs a value", argv[optind - 1]);
		default:
			return TSOB_FAIL("litmus: unknown option '%s': try 'tsobench litmus --help'",
				    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return TSOB_FAIL("litmus: unexpected argument '%s'", argv[optind]);
	if (!tests_set)
		for (unsigned i = 0; i < tsob_litmus_nr_tests; i++)
			o->test[i] = true;
	if (!mode_set)
		for (int s = 0; s < TSOB_NR_STRATEGIES; s++)
			o->strat[s] = true;
	if (!o->iterations_set)
		o->p.iterations = o->quick ? QUICK_ITERATIONS : DEFAULT_ITERATIONS;
	return 0;
}

/* hwtso: every test thread asks the kernel for TSO, and checks it got it. */
static int enter_tso(void *arg, unsigned tid, char *why, size_t len)
{
	int r = tsob_memmodel_enter_tso();

	if (r)
		snprintf(why, len, "PR_SET_MEM_MODEL(TSO) failed on a test thread: %s",
			 r == -EIO ? "PR_GET_MEM_MODEL does not report TSO" : strerror(-r));
	return r;
}

int cmd_litmus(int argc, char **argv)
{
	struct litmus_opts o;
	struct tsob_host host;
	struct tsob_run_info info;
	struct tsob_litmus_cell *cells;
	json_object *doc;
	char path[512], shown[512];
	const char *why;
	unsigned ncells = 0, nrun = 0, done = 0;
	uint64_t start;
	int r, exit_code = TSOB_EXIT_OK;

	r = parse_opts(argc, argv, &o);
	if (r)
		return r > 0 ? TSOB_EXIT_OK : TSOB_EXIT_USAGE;
	tsob_host_probe(&host);
	if (o.execution)
		tsob_host_set_execution(&host, o.execution);
	if (o.out)
		snprintf(path, sizeof(path), "%s", o.out);
	else
		tsob_results_default_path(path, sizeof(path), &host, "litmus", TSOB_FORMAT_JSON);
	if (tsob_check_writable(path, &why))
		return tsob_usage_error("cannot write results to %s: %s", path, why);
	snprintf(shown, sizeof(shown), "%s", path);
	if (tsob_output_take_stdout(path, sizeof(path)))
		return tsob_usage_error("cannot keep standard output for the results: %s",
					strerror(errno));
	if (o.quick && !o.limit_set)
		o.p.time_limit_s = host.emulated ? QUICK_LIMIT_EMULATED_S : QUICK_LIMIT_S;
	if (o.quick && !o.iterations_set && host.emulated)
		o.p.iterations = QUICK_ITERATIONS_EMULATED;
	if (!o.seed_set)
		o.p.seed = tsob_now_ns() & INT64_MAX;

	cells = calloc(tsob_litmus_nr_tests * TSOB_NR_STRATEGIES, sizeof(*cells));
	if (!cells) {
		tsob_warn("out of memory");
		return TSOB_EXIT_FAIL;
	}
	for (unsigned i = 0; i < tsob_litmus_nr_tests; i++) {
		for (int s = 0; s < TSOB_NR_STRATEGIES; s++) {
			struct tsob_litmus_cell *c = &cells[ncells];

			if (!o.test[i] || !o.strat[s])
				continue;
			ncells++;
			c->test = &tsob_litmus_tests[i];
			c->strategy = s;
			c->must_be_tso = tsob_litmus_must_be_tso(s);
			c->available = host.strat[s].available && tsob_litmus_has_code(s);
			snprintf(c->why, sizeof(c->why), "%s",
				 !host.strat[s].available ? host.strat[s].why
							  : "no litmus code for it in this build");
			nrun += c->available;
		}
	}

	tsob_install_signal_handlers();
	start = tsob_now_ns();
	for (unsigned i = 0; i < ncells && !tsob_interrupted; i++) {
		struct tsob_litmus_cell *c = &cells[i];
		struct tsob_litmus_conf conf = {
		    .test = c->test,
		    .strategy = c->strategy,
		    .iterations = o.p.iterations,
		    .batch = o.p.batch,
		    .stagger = o.p.stagger,
		    .seed = o.p.seed + i,
		    .time_limit_ns = (uint64_t)(o.p.time_limit_s * 1e9),
		    .thread_init = tsob_strategies[c->strategy].model == TSOB_MODEL_TSO ? enter_tso
											: NULL,
		    .stop = &tsob_interrupted,
		};

		if (!c->available)
			continue;
		done++;
		if (!o.quiet)
			fprintf(stderr, "[%u/%u] %s / %s\n", done, nrun, c->test->name,
				tsob_strategies[c->strategy].name);
		if (tsob_litmus_run(&conf, &c->res)) {
			tsob_warn("%s / %s: %s", c->test->name, tsob_strategies[c->strategy].name,
				  c->res.reason);
			exit_code = TSOB_EXIT_FAIL;
		} else if (tsob_litmus_cell_status(c) == TSOB_LITMUS_VIOLATION) {
			exit_code = TSOB_EXIT_FAIL;
		}
	}
	if (!o.quiet)
		fprintf(stderr, "litmus: %u tests in %.1f s\n", done,
			(double)(tsob_now_ns() - start) / 1e9);

	info = (struct tsob_run_info){.host = &host,
				      .command = "litmus",
				      .argv_line = tsob_argv_line,
				      .quick = o.quick,
				      .cpu = -1};
	doc = tsob_results_new(&info);
	json_object_object_add(doc, "litmus", tsob_litmus_json(&o.p, cells, ncells));
	if (tsob_interrupted)
		tsob_results_set_complete(doc, false, "interrupted by a signal");
	else
		tsob_results_set_complete(doc, true, NULL);
	if (tsob_results_save(path, doc, TSOB_FORMAT_JSON)) {
		json_object_put(doc);
		free(cells);
		return TSOB_EXIT_FAIL;
	}
	tsob_litmus_print(stdout, cells, ncells, (unsigned)host.ncpus);
	printf("results: %s%s\n", shown, tsob_interrupted ? " (incomplete: interrupted)" : "");
	json_object_put(doc);
	free(cells);
	if (tsob_interrupted)
		return 130;
	return exit_code;
}
