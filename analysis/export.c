// SPDX-License-Identifier: MIT
#include "export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsob/json.h"
#include "tsob/output.h"
#include "tsob/stats.h"

/*
 * The one NaN rule holds here too: a number that does not exist is null.
 * Google Benchmark's readers never see one: only measured cells whose samples
 * passed the reader's range checks are exported, so every figure is finite.
 */
#define jnum tsob_json_num

static json_object *gbench_context(const struct tsob_view *v)
{
	json_object *c = json_object_new_object(), *ctx;
	json_object *ncpu = NULL;

	json_object_object_get_ex(v->doc, "context", &ctx);
	json_object_object_get_ex(ctx, "ncpus", &ncpu);
	json_object_object_add(c, "date", json_object_new_string(v->date ? v->date : ""));
	json_object_object_add(c, "host_name", json_object_new_string(v->host));
	json_object_object_add(c, "executable", json_object_new_string("tsobench"));
	json_object_object_add(c, "num_cpus", json_object_new_int(json_object_get_int(ncpu)));
	json_object_object_add(c, "mhz_per_cpu", json_object_new_int(0));
	json_object_object_add(c, "cpu_scaling_enabled", json_object_new_boolean(0));
	json_object_object_add(c, "caches", json_object_new_array());
	json_object_object_add(c, "load_avg", json_object_new_array());
	json_object_object_add(c, "library_build_type", json_object_new_string("release"));
	/* Where this was measured travels with the numbers. */
	json_object_object_add(c, "tsobench_results", json_object_new_string(v->name));
	json_object_object_add(c, "tsobench_arch", json_object_new_string(v->arch));
	json_object_object_add(c, "tsobench_cpu_model", json_object_new_string(v->cpu_model));
	json_object_object_add(c, "tsobench_kernel", json_object_new_string(v->kernel));
	json_object_object_add(c, "tsobench_emulated", json_object_new_boolean(v->emulated));
	json_object_object_add(c, "tsobench_timing_note",
			       json_object_new_string(v->timing_note ? v->timing_note : ""));
	return c;
}

/*
 * A seq cell's benchmark iteration is this many copies of its sequence: ns per
 * copy (often below 1) would print as 0 in compare.py's whole-number columns.
 */
#define SEQ_COPIES 1000

/* Operations in one benchmark iteration: the kernel's ops per run, or SEQ_COPIES copies. */
static double iteration_ops(const struct tsob_view_cell *c)
{
	return c->seq ? SEQ_COPIES : c->ops;
}

static json_object *entry(const char *name, int family, const struct tsob_view_cell *c,
			  const char *run_type, size_t rep, double real, double cpu)
{
	json_object *e = json_object_new_object();
	char full[256];

	json_object_object_add(e, "name", json_object_new_string(name));
	json_object_object_add(e, "family_index", json_object_new_int(family));
	json_object_object_add(e, "per_family_instance_index", json_object_new_int(0));
	snprintf(full, sizeof(full), "%s", name);
	json_object_object_add(e, "run_name", json_object_new_string(full));
	json_object_object_add(e, "run_type", json_object_new_string(run_type));
	json_object_object_add(e, "repetitions", json_object_new_int((int)c->wall.n));
	json_object_object_add(e, "repetition_index", json_object_new_int((int)rep));
	json_object_object_add(e, "threads", json_object_new_int(c->threads));
	/*
	 * One benchmark iteration is one run of the kernel over its whole input
	 * (ops operations): times per iteration are then microseconds to seconds,
	 * which compare.py's whole-number columns show, where nanoseconds per
	 * operation were often below 1 and printed as 0. The per-operation rate
	 * is Google Benchmark's items_per_second (SetItemsProcessed).
	 */
	json_object_object_add(e, "iterations", json_object_new_int64(1));
	json_object_object_add(e, "real_time", jnum(real));
	json_object_object_add(e, "cpu_time", jnum(cpu));
	json_object_object_add(e, "time_unit", json_object_new_string("ns"));
	if (iteration_ops(c) > 0 && real > 0)
		json_object_object_add(e, "items_per_second",
				       jnum(iteration_ops(c) / (real * 1e-9)));
	return e;
}

static void aggregate(json_object *arr, const char *name, int family, const struct tsob_view_cell *c,
		      const char *agg, double real, double cpu, const char *unit)
{
	char n[300];
	json_object *e;

	snprintf(n, sizeof(n), "%s_%s", name, agg);
	e = entry(n, family, c, "aggregate", 0, real, cpu);
	json_object_object_add(e, "run_name", json_object_new_string(name));
	json_object_object_del(e, "repetition_index");
	json_object_object_add(e, "aggregate_name", json_object_new_string(agg));
	json_object_object_add(e, "aggregate_unit", json_object_new_string(unit));
	json_object_array_add(arr, e);
}

json_object *tsob_export_gbench(const struct tsob_view *v)
{
	json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	int family = 0;

	json_object_object_add(doc, "context", gbench_context(v));
	for (size_t i = 0; i < v->ncells; i++) {
		const struct tsob_view_cell *c = &v->cells[i];
		const struct tsob_view_counter *tc = tsob_view_counter(c, "task-clock");
		/* Counters per operation; a seq cell's are per copy already. */
		double per_op = c->seq ? 1.0 : c->ops > 0 ? 1.0 / c->ops : 1.0, *real, *cpu;
		double scale = c->seq ? SEQ_COPIES : 1.0;
		struct tsob_stats sr, sc;
		char name[256];
		size_t n = c->wall.n;
		bool have_cpu = tc && tc->available && tc->s.n == c->wall.n;

		if (!n || strcmp(c->status, "ok"))
			continue;
		real = calloc(2 * n, sizeof(*real));
		if (!real)
			continue;
		cpu = real + n;
		/* The size is part of the name: a time per run compares only equal inputs. */
		if (c->seq) /* ROW/MODEL: the same row under TSO sits beside it */
			snprintf(name, sizeof(name), "%s/%s/copies:%d", c->kernel,
				 c->seq->model ? c->seq->model : c->strategy, SEQ_COPIES);
		else
			snprintf(name, sizeof(name), "%s/%s%s%s/size:%.0f/threads:%d", c->kernel,
				 c->strategy, c->side ? "/side:" : "", c->side ? c->side : "",
				 c->size, c->threads);
		for (size_t r = 0; r < n; r++) {
			json_object *e;

			real[r] = c->wall.v[r] * scale;
			/* task-clock is CPU time in ns; without it, wall time stands in. */
			cpu[r] = have_cpu ? tc->s.v[r] * scale : real[r];
			e = entry(name, family, c, "iteration", r, real[r], cpu[r]);
			/* Counters per operation, as the table and report give them. */
			for (size_t k = 0; k < c->nctr; k++)
				if (c->ctr[k].available && c->ctr[k].s.n == c->wall.n)
					json_object_object_add(e, c->ctr[k].name,
							       jnum(c->ctr[k].s.v[r] * per_op));
			json_object_array_add(arr, e);
		}
		tsob_stats_compute(real, n, &sr);
		tsob_stats_compute(cpu, n, &sc);
		aggregate(arr, name, family, c, "mean", sr.mean, sc.mean, "time");
		aggregate(arr, name, family, c, "median", sr.median, sc.median, "time");
		aggregate(arr, name, family, c, "stddev", sr.stddev, sc.stddev, "time");
		aggregate(arr, name, family, c, "cv", sr.cv, sc.cv, "percentage");
		free(real);
		family++;
	}
	json_object_object_add(doc, "benchmarks", arr);
	return doc;
}

static int write_json(FILE *f, void *doc)
{
	return tsob_json_write(f, doc);
}

static int write_csv(FILE *f, void *v)
{
	return tsob_view_write_csv(f, v);
}

static int write_out(const char *path, int (*fn)(FILE *, void *), void *arg, struct tsob_err *e)
{
	const char *what = "";
	int r = tsob_output_write(path, fn, arg, &what);

	return r ? tsob_err_set(e, r, "cannot write %s: %s (%s)", path, what, strerror(-r)) : 0;
}

int tsob_export_gbench_write(const struct tsob_view *v, const char *path, struct tsob_err *e)
{
	json_object *gb = tsob_export_gbench(v);
	int r = write_out(path, write_json, gb, e);

	json_object_put(gb);
	return r;
}

int tsob_export_csv(const struct tsob_view *v, const char *path, struct tsob_err *e)
{
	return write_out(path, write_csv, (void *)v, e);
}
