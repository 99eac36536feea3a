// SPDX-License-Identifier: MIT
/*
 * tsob-emu-cell: one cell of tsobench emu by hand, for the tests (and the
 * QEMU guest, where it is the static aarch64 helper around the emulator).
 * It calls what the driver calls: tsob_emu_conf_load, tsob_emu_available,
 * tsob_emu_reference, tsob_emu_cell_run; with --count it opens an inherited
 * instructions counter on the emulator process through the hooks (user space
 * only, from exec on) and reads it at every mark of a sync run.
 *
 * usage: tsob-emu-cell [--conf FILE] [--config NAME] [--timeout MS] [--count]
 *                      [-o FILE] PROG KERNEL SIZE THREADS WARMUP REPEAT
 * SIZE: a number, quick or default. Prints "KEY VALUE" lines (see print()) on
 * stdout or into FILE (the guest has no shell to redirect with).
 * Exit status: 0 the cell is ok, 1 it is not, 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tsob/emurun.h"
#include "tsob/kernel.h"

#define MAX_RUNS 64

struct counting {
	int fd;
	uint64_t calib[2];
	uint64_t runs[2][MAX_RUNS][2]; /* [warmup/rep][i][begin/end] */
	uint64_t total;
	char why[160];
};

static uint64_t read_count(struct counting *c)
{
	uint64_t v = 0;

	if (c->fd >= 0 && read(c->fd, &v, sizeof(v)) != sizeof(v))
		v = 0;
	return v;
}

static int open_counter(void *arg, pid_t pid, char *why, size_t len)
{
	struct counting *c = arg;
	struct perf_event_attr a = {
	    .type = PERF_TYPE_HARDWARE,
	    .size = sizeof(a),
	    .config = PERF_COUNT_HW_INSTRUCTIONS,
	    .disabled = 1,
	    .inherit = 1,	 /* the emulator's threads too */
	    .enable_on_exec = 1, /* from the emulator's first instruction */
	    .exclude_kernel = 1,
	    .exclude_hv = 1,
	};

	c->fd = (int)syscall(SYS_perf_event_open, &a, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (c->fd < 0) {
		snprintf(why, len, "perf_event_open(instructions, inherit): %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void at_mark(void *arg, const char *kind, unsigned i, int end)
{
	struct counting *c = arg;
	uint64_t v = read_count(c);

	if (!strcmp(kind, "calib"))
		c->calib[end] = v;
	else if (i < MAX_RUNS)
		c->runs[!strcmp(kind, "rep")][i][end] = v;
}

static void after_wait(void *arg, pid_t pid, int status, const struct rusage *ru)
{
	struct counting *c = arg;

	c->total = read_count(c);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static void print(const struct tsob_emu_cell *cell, const struct tsob_emu_cell_conf *cc,
		  const struct counting *cnt, bool count)
{
	printf("status %s\n", tsob_emu_status_name(cell->status));
	printf("error %s\n", cell->error);
	printf("version %s\n", cell->version[0] ? cell->version : cell->version_error);
	for (char **a = cell->cmd.argv; a && *a; a++)
		printf("argv %s\n", *a);
	for (char **s = cell->cmd.set; s && *s; s++)
		printf("set %s\n", *s);
	printf("startup_ns %" PRIu64 "\ntotal_ns %" PRIu64 "\n", cell->startup_ns, cell->total_ns);
	printf("ops %" PRIu64 "\nchecksum 0x%016" PRIx64 "\nexpected 0x%016" PRIx64 "\n", cell->ops,
	       cell->checksum, cell->expected);
	if (count)
		printf("calib_instructions %" PRIu64 "\ninstructions_total %" PRIu64 "\n",
		       cnt->calib[1] - cnt->calib[0], cnt->total);
	for (int rep = 0; rep < 2; rep++) {
		unsigned n = rep ? cell->nrep : cell->nwarmup;

		for (unsigned i = 0; i < n; i++) {
			printf("%s %u wall_ns %" PRIu64, rep ? "rep" : "warmup", i,
			       rep ? cell->wall_ns[i] : cell->warmup_ns[i]);
			if (count && i < MAX_RUNS)
				printf(" instructions %" PRIu64,
				       cnt->runs[rep][i][1] - cnt->runs[rep][i][0]);
			printf("\n");
		}
	}
	if (cell->stderr_tail[0] && cell->status != TSOB_EMU_OK)
		fprintf(stderr, "tsob-emu-cell: stderr of the run: %s\n", cell->stderr_tail);
	(void)cc;
}

static int usage(const char *what)
{
	fprintf(stderr, "tsob-emu-cell: %s\n", what);
	return 2;
}

static int parse_size(const char *kernel, const char *s, uint64_t *size)
{
	const struct tsob_kernel *k = tsob_registry_find(kernel, TSOB_PLAIN);
	char *end;

	if (!k)
		return -1;
	if (!strcmp(s, "quick") || !strcmp(s, "default")) {
		*size = s[0] == 'q' ? k->quick_size : k->default_size;
		return 0;
	}
	*size = strtoull(s, &end, 10);
	return *end || !*s ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"conf", required_argument, NULL, 'c'},    {"config", required_argument, NULL, 'n'},
	    {"timeout", required_argument, NULL, 't'}, {"count", no_argument, NULL, 'i'},
	    {"output", required_argument, NULL, 'o'},  {NULL, 0, NULL, 0},
	};
	const char *conf_path = tsob_emu_conf_default(), *name = "qemu";
	struct counting cnt = {.fd = -1};
	struct tsob_emu_hooks hooks = {open_counter, NULL, at_mark, after_wait, &cnt};
	struct tsob_emu_cell_conf cc = {.timeout_ms = 120000};
	struct tsob_emu_avail avail;
	struct tsob_emu_cell cell;
	struct tsob_emu_conf *conf;
	char err[512];
	bool count = false;
	int o;

	while ((o = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (o == 'o' && !freopen(optarg, "w", stdout))
			return usage("cannot write the output file");
		else if (o == 'o')
			continue;
		else if (o == 'c')
			conf_path = optarg;
		else if (o == 'n')
			name = optarg;
		else if (o == 't')
			cc.timeout_ms = (unsigned)strtoul(optarg, NULL, 10);
		else if (o == 'i')
			count = true;
		else
			return usage("unknown option");
	}
	if (argc - optind != 6)
		return usage("usage: tsob-emu-cell [--conf F] [--config N] [--timeout MS] "
			     "[--count] [-o FILE] PROG KERNEL SIZE THREADS WARMUP REPEAT");
	if (tsob_emu_conf_load(conf_path, &conf, err, sizeof(err)))
		return usage(err);
	cc.config = tsob_emu_conf_find(conf, name);
	if (!cc.config)
		return usage("unknown configuration name");
	cc.prog = argv[optind];
	cc.kernel = argv[optind + 1];
	if (parse_size(cc.kernel, argv[optind + 2], &cc.size))
		return usage("bad kernel or size");
	cc.threads = (unsigned)strtoul(argv[optind + 3], NULL, 10);
	cc.warmup = (unsigned)strtoul(argv[optind + 4], NULL, 10);
	cc.repeat = (unsigned)strtoul(argv[optind + 5], NULL, 10);
	if (tsob_emu_reference(cc.kernel, cc.size, cc.threads, &cc.ops, &cc.expected, err,
			       sizeof(err)))
		return usage(err);
	cc.have_reference = true;
	cc.sync = count;
	cc.hooks = count ? &hooks : NULL;
	tsob_emu_available(cc.config, &avail);
	cc.avail = &avail;
	if (tsob_emu_cell_run(&cc, &cell))
		return usage("out of memory");
	print(&cell, &cc, &cnt, count);
	o = cell.status == TSOB_EMU_OK ? 0 : 1;
	tsob_emu_cell_free(&cell);
	tsob_emu_conf_free(conf);
	return o;
}
