/* SPDX-License-Identifier: MIT */
/*
 * The results model: one JSON document per invocation (schema in results/),
 * built by the measuring side with the functions below, written by the one
 * output rule, and read back by everything else through one validated, typed
 * view. Nothing outside lib/ walks a results document by hand.
 *
 * Write side: tsob_results_new(), tsob_results_cell_add() and the series and
 * stats builders; tsob_results_save() writes JSON or CSV.
 * Read side: tsob_view_load() / tsob_view_from_json() check the document once
 * (types, and the range of every number) and give struct tsob_view.
 */
#ifndef TSOB_RESULTS_H
#define TSOB_RESULTS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tsob/err.h"
#include "tsob/stats.h"

#define TSOB_SCHEMA_NAME "tsobench-results"
/* 2 adds runs, rounds and A/B sides (all optional); version 1 files read the same. */
#define TSOB_SCHEMA_VERSION 2
#define TSOB_SCHEMA_OLDEST 1
#define TSOB_MAX_THREADS 64

enum tsob_format { TSOB_FORMAT_JSON, TSOB_FORMAT_CSV };

/* ---- write side ---- */

/* A new document for @command with @context (taken over): complete false until said. */
json_object *tsob_results_new(const char *command, json_object *context);

/* Mark the document complete, or not with the reason. */
void tsob_results_set_complete(json_object *doc, bool complete, const char *why);

/* Append a cell {kernel, strategy, threads, status, reason} and return it to fill. */
json_object *tsob_results_cell_add(json_object *doc, const char *kernel, const char *strategy,
				   unsigned threads, const char *status, const char *reason);

/* The statistics object of the schema. */
json_object *tsob_results_stats(const struct tsob_stats *st);

/*
 * A series {values, stats}; with @run and @round (per sample, or NULL) also
 * "run" and "round", which say which run and which round of a run each sample
 * came from. Fills @st when not NULL.
 */
json_object *tsob_results_series(const double *v, size_t n, const int *run, const int *round,
				 struct tsob_stats *st);

/*
 * Several runs in one document. Add the cells of @src, the document of one run
 * (a fresh process of `run --runs`, one side of a round of `ab`), to @dst as
 * run @run on @side ("base", "new", or NULL): a cell @dst has (same kernel,
 * strategy, threads and side) gets the samples appended, each labelled with
 * its run; the others are copied. When runs disagree about a cell's status,
 * the worse one stays, with the run named in the reason. @src's seed goes to
 * context.run_seeds[@run] (for a side: context.sides.SIDE, with that side's
 * build). @src is checked first: 0, or a negative errno with @e.
 */
int tsob_results_merge_run(json_object *dst, json_object *src, int run, const char *side,
			   struct tsob_err *e);

/* After the last merge: statistics recomputed from the merged samples. */
void tsob_results_merge_finish(json_object *dst);

/* Write @doc to @path by the output rule (tsob/output.h), as JSON or CSV. */
int tsob_results_save(const char *path, json_object *doc, enum tsob_format fmt,
		      struct tsob_err *e);

/* results/<command>-<host>-<arch>-<UTC time>.<json|csv>. */
void tsob_results_default_path(char *buf, size_t len, const char *command, const char *host,
			       const char *arch, enum tsob_format fmt);

/* ---- read side ---- */

struct tsob_series {
	size_t n;
	double *v;  /* raw samples, as recorded */
	int *run;   /* per sample: the run it came from, -1 when the file has one run */
	int *round; /* per sample: its round within the run, -1 when not interleaved */
	struct tsob_stats st; /* recomputed from v, never taken from the file */
	/* The run as the unit: the median of each run's samples, runs ascending. */
	size_t nruns;	  /* distinct runs; 1 for a file of one run */
	int *run_id;	  /* [nruns] */
	double *run_med;  /* [nruns] */
	struct tsob_stats run_st; /* statistics of the per-run medians */
};

/*
 * The statistics a reader reports for @s: across per-run medians when the
 * samples come from several runs (the run is the unit), else across samples.
 */
const struct tsob_stats *tsob_series_stats(const struct tsob_series *s);

/*
 * The runs @x and @y both have (an A/B file: a round's two sides), in run
 * order: their per-run medians into @a and @b, which have room for
 * min(x->nruns, y->nruns). Returns how many.
 */
size_t tsob_series_pair_runs(const struct tsob_series *x, const struct tsob_series *y, double *a,
			     double *b);

struct tsob_view_counter {
	const char *name;
	bool available;
	const char *reason;
	const char *read_path; /* "user", "syscall", "mixed" or NULL (older files) */
	const char *modifier;  /* "u" when user mode only, "" or NULL otherwise */
	bool scaled;
	struct tsob_series s;
};

/* The emulator's record of a tsobench emu cell (strategy "emu:CONFIG"). */
#define TSOB_VIEW_EMU_PREFIX "emu:"
#define TSOB_VIEW_EMU_MAX_MODEL 8

struct tsob_view_emu {
	const char *config, *emulator, *checked, *stands_for, *tso, *hwtso;
	const char *how;     /* where the emulator was found, or why it cannot run */
	const char *version; /* its version line, or NULL */
	const char *translates_to; /* the host architecture its code is for */
	const char *model[TSOB_VIEW_EMU_MAX_MODEL]; /* modelled strategies it resembles */
	size_t nmodel;
	bool available;
	double startup_ns, total_ns; /* NaN when not recorded */
};

/*
 * A `tsobench seq` cell's row: one instruction sequence, measured nanoBench's
 * way (u and 2u copies, the difference per copy). Its samples (wall and
 * counters) are already per copy, and may be below zero where noise exceeds
 * what one copy costs.
 */
struct tsob_view_seq {
	const char *group, *form, *insns;
	const char *model;	 /* "default" or "tso": the thread's memory model */
	const char *figure;	 /* what the row is read in: "cycles" or "ns" */
	const char *figure_note; /* "time per instruction, no cycle counter", or NULL */
	char needs[64];		 /* what the CPU must offer, ","-joined; "" for nothing */
	double instructions;	 /* executed per copy, from the table */
	double u;		 /* copies in the short call; the long one has 2u */
	double iterations;	 /* loop iterations per call; 0 when not measured */
};

/* A `tsobench seq` file's section: how the memory models were chosen. */
struct tsob_view_seq_run {
	const char *tso;	/* "auto", "on" or "off"; NULL: not a seq file */
	const char *tso_reason; /* why no row ran under TSO, or NULL */
};

struct tsob_view_cell {
	const char *kernel, *strategy, *status, *reason, *unit, *size_unit;
	struct tsob_view_emu *emu; /* emu cells only, else NULL */
	const char *side;     /* A/B files: "base" or "new"; NULL otherwise */
	int threads;
	double ops;           /* operations per repetition; 0 if not recorded */
	double size;          /* the problem size; 0 if not recorded */
	double violations;
	struct tsob_series wall; /* n == 0: not measured */
	struct tsob_view_counter *ctr;
	size_t nctr;
	struct tsob_view_seq *seq; /* a `tsobench seq` cell's row; NULL in other cells */
	struct tsob_view_precision {  /* --precision: what was asked, what was reached */
		bool asked, reached;
		double target, half_width; /* of the 95% CI, as fractions of the median */
		const char *reason;        /* why not reached */
	} precision;
	double injected_pct;  /* extra work asked for (calibration, A/B tests); 0: none */
	struct tsob_series injected_share; /* its measured share of each repetition */
	json_object *json;    /* the cell as found, for what the view does not model */
};

struct tsob_view_strategy {
	const char *name;
	bool available;
	const char *reason;
};

/* One row of the context-switch section, whatever shape the section has. */
struct tsob_view_ctxsw {
	char label[96];
	const char *group; /* the section member it came from, e.g. "states" */
	const char *unit;  /* "ns per switch", "ns per call" */
	bool available;
	const char *reason;
	double median, lo, hi;
	size_t n;
};

struct tsob_view {
	json_object *doc;
	const char *name; /* the path it was read from, or a label */
	int schema_version;
	const char *command, *host, *arch, *cpu_model, *midr, *kernel, *execution;
	const char *execution_detail, *timing_note, *date, *git_commit, *command_line;
	const char *tsobench_version, *incomplete_reason;
	const char *compiler, *cflags, *git_branch; /* the build; git_branch NULL when not recorded */
	bool emulated, complete;
	int ncpus, runs;  /* runs: 1 unless the file replicates runs */
	const char *order; /* cells of a kernel: "interleaved", "sequential"; NULL in older files */
	bool sides;        /* an A/B file (tsobench ab): cells carry side "base" or "new" */
	const char *ab_base, *ab_new; /* an A/B file: the two builds, as given */
	/* An A/B file: the NEW build's commit, compiler and flags (context.sides.new), which its
	 * points in a history stand for; NULL otherwise or where the file does not say. */
	const char *new_commit, *new_compiler, *new_cflags;
	bool ab_duet;      /* both sides ran at once on disjoint CPUs */
	struct tsob_view_cell *cells;
	size_t ncells;
	struct tsob_view_strategy *strat;
	size_t nstrat;
	struct tsob_view_ctxsw *ctxsw;
	size_t nctxsw, ctxsw_cap;
	const char *ctxsw_note; /* why a present section could not be read */
	json_object *litmus;	/* as found, or NULL */
	struct tsob_view_seq_run seq;
};

/*
 * Read @path into @v: 0, or a negative errno with one line in @e (naming the
 * path: unreadable, empty, not JSON, truncated, another schema or version, a
 * field of the wrong type, a number out of range).
 */
int tsob_view_load(const char *path, struct tsob_view *v, struct tsob_err *e);

/*
 * Read @path as tsob_view_load() does, keeping its bytes (malloc'd, NUL-ended,
 * the caller frees them) beside the parsed document: what a store keeps to
 * give the same file back.
 */
int tsob_results_read_file(const char *path, char **bytes, size_t *len, json_object **doc,
			   struct tsob_err *e);

/* Parse a document held in memory; @name names it in messages. */
int tsob_results_parse_mem(const char *buf, size_t len, const char *name, json_object **doc,
			   struct tsob_err *e);

/* The same from a document in memory (taken over, also on failure). */
int tsob_view_from_json(json_object *doc, const char *name, struct tsob_view *v,
			struct tsob_err *e);

/*
 * Read several files of one host and execution kind as one view named @name
 * (the cells of `run` and `emu` side by side): the first file's context, every
 * file's cells in order, a section (ctxsw, litmus) from the first file that has
 * one. Files of another host or execution kind, or a cell in two files, are
 * refused with one line in @e (-EINVAL). One file: tsob_view_load().
 */
int tsob_view_load_many(char *const *paths, size_t n, const char *name, struct tsob_view *v,
			struct tsob_err *e);

void tsob_view_free(struct tsob_view *v);

/*
 * Statistics recomputed from a numeric JSON array (a series' "values", for
 * sections the view does not model); false when it is not one.
 */
bool tsob_view_values_stats(json_object *vals, struct tsob_stats *s);

/* The counter @name of @c, or NULL. */
const struct tsob_view_counter *tsob_view_counter(const struct tsob_view_cell *c,
						  const char *name);

/* The cell for (kernel, strategy, threads, side), or NULL; @side NULL matches any. */
const struct tsob_view_cell *tsob_view_find(const struct tsob_view *v, const char *kernel,
					    const char *strategy, int threads, const char *side);

/* A cell's display name: "kernel" or "kernel/Nt" for N > 1 threads. */
void tsob_view_cell_label(const struct tsob_view_cell *c, char *buf, size_t len);

/* Whether @strategy names an emu cell ("emu:CONFIG"). */
bool tsob_view_is_emu(const char *strategy);

/* Whether a cell was measured and passed its checks. */
bool tsob_view_cell_ok(const struct tsob_view_cell *c);

/* A one-line banner when timings are not ordering costs (emulated, x86), else NULL. */
const char *tsob_view_banner(const struct tsob_view *v);

/* The CSV of the view, in the style of `perf stat -x,`. 0 or a negative errno. */
int tsob_view_write_csv(FILE *f, const struct tsob_view *v);

#endif
