// SPDX-License-Identifier: MIT
/* The ctxsw benchmarks' figures as JSON (the "ctxsw" section) and as table rows. */
#include <math.h>
#include <stdlib.h>

#include "ctxsw.h"
#include "memmodel.h"
#include "tsob/fmt.h"
#include "tsob/json.h"
#include "tsob/results.h"

json_object *tsob_ctxsw_jstr(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

json_object *tsob_ctxsw_jmodel(int m)
{
	return m >= 0 ? json_object_new_string(tsob_memmodel_name(m)) : NULL;
}

/* {"values": [...], "stats": {...}}; *median gets the median. */
json_object *tsob_ctxsw_jseries(const double *v, size_t n, double *median)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();
	struct tsob_stats st;

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, tsob_json_num(v[i]));
	tsob_stats_compute(v, n, &st);
	json_object_object_add(o, "values", arr);
	json_object_object_add(o, "stats", tsob_results_stats(&st));
	if (median)
		*median = st.median;
	return o;
}

json_object *tsob_ctxsw_junavailable(const char *why)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "available", json_object_new_boolean(0));
	json_object_object_add(o, "reason", json_object_new_string(why));
	return o;
}

json_object *tsob_ctxsw_counters_json(const struct tsob_pingpong *pp,
				  const struct tsob_pingpong_conf *conf)
{
	json_object *all = json_object_new_object();
	double per_rep = 2.0 * (double)conf->round_trips;
	double *v = calloc(pp->ncounted ? pp->ncounted : 1, sizeof(double));

	for (int e = 0; e < conf->nevents && v; e++) {
		const char *why = NULL;
		json_object *o;

		for (int t = 0; t < 2; t++)
			if (!pp->evstatus[t][e].open)
				why = pp->evstatus[t][e].why;
		for (unsigned r = 0; r < pp->ncounted && !why; r++) {
			const struct tsob_count *c =
			    &pp->counts[(size_t)r * (size_t)conf->nevents + (size_t)e];

			if (!c->ok)
				why = "refused: the counter never ran (time_running 0)";
			v[r] = (double)c->value / per_rep;
		}
		if (!why && !pp->ncounted)
			why = "no repetition was recorded";
		if (why) {
			json_object_object_add(all, conf->events[e].name, tsob_ctxsw_junavailable(why));
			continue;
		}
		o = tsob_ctxsw_jseries(v, pp->ncounted, NULL);
		json_object_object_add(o, "available", json_object_new_boolean(1));
		json_object_object_add(o, "reason", NULL);
		json_object_object_add(all, conf->events[e].name, o);
	}
	free(v);
	return all;
}

json_object *tsob_ctxsw_check_json(const struct tsob_pingpong *pp, const char *why)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "available", json_object_new_boolean(pp->checked));
	json_object_object_add(o, "reason", pp->checked ? NULL : tsob_ctxsw_jstr(why));
	json_object_object_add(o, "switches", json_object_new_int64((int64_t)pp->check_switches));
	json_object_object_add(o, "wakeups_checked",
			       json_object_new_int64((int64_t)pp->wakeups_checked));
	json_object_object_add(o, "mismatches", json_object_new_int64((int64_t)pp->mismatches));
	json_object_object_add(o, "ns_per_switch",
			       pp->checked ? tsob_json_num(pp->check_ns_per_switch) : NULL);
	return o;
}

json_object *tsob_ctxsw_state_json(const struct tsob_pingpong *pp,
			       const struct tsob_pingpong_conf *conf, const char *check_why,
			       double *median)
{
	json_object *o = json_object_new_object(), *cpus = json_object_new_array();
	json_object *models = json_object_new_array(), *seen = json_object_new_array();

	json_object_object_add(o, "available", json_object_new_boolean(1));
	json_object_object_add(o, "ok", json_object_new_boolean(pp->ok));
	json_object_object_add(o, "reason", pp->ok ? NULL : tsob_ctxsw_jstr(pp->reason));
	json_object_object_add(o, "summary",
			       json_object_new_string(tsob_ctxsw_states[conf->state].summary));
	for (int t = 0; t < 2; t++) {
		json_object *s = json_object_new_array();

		json_object_array_add(cpus, json_object_new_int(conf->cpu[t]));
		json_object_array_add(models, tsob_ctxsw_jmodel(pp->model[t]));
		for (int c = 0; c < 64; c++)
			if (pp->cpus_seen[t] & (1ull << c))
				json_object_array_add(s, json_object_new_int(c));
		json_object_array_add(seen, s);
	}
	json_object_object_add(o, "cpus", cpus);
	json_object_object_add(o, "models", models);
	json_object_object_add(o, "cpus_seen", seen);
	json_object_object_add(o, "round_trips", json_object_new_int64((int64_t)conf->round_trips));
	json_object_object_add(o, "switches",
			       json_object_new_int64((int64_t)(2 * conf->round_trips * pp->n)));
	json_object_object_add(
	    o, "observed_switches",
	    pp->observed_switches >= 0 ? json_object_new_int64(pp->observed_switches) : NULL);
	json_object_object_add(o, "ns_per_switch", tsob_ctxsw_jseries(pp->ns_per_switch, pp->n, median));
	json_object_object_add(o, "ns_per_switch_counted",
			       pp->ncounted ? tsob_ctxsw_jseries(pp->counted_ns_per_switch, pp->ncounted, NULL)
					    : NULL);
	json_object_object_add(o, "check", tsob_ctxsw_check_json(pp, check_why));
	json_object_object_add(o, "mismatches", json_object_new_int64((int64_t)pp->mismatches));
	json_object_object_add(o, "counters_per_switch", tsob_ctxsw_counters_json(pp, conf));
	return o;
}


void tsob_ctxsw_row_unavailable(const char *part, const char *name, const char *why)
{
	printf("%-10s %-11s unavailable: %s\n", part, name, why);
}

void tsob_ctxsw_row_series(const char *part, const char *name, json_object *series, double scale,
		       const char *extra)
{
	json_object *st = json_object_object_get(series, "stats");
	json_object *ci = json_object_object_get(st, "ci95");
	double med = json_object_get_double(json_object_object_get(st, "median"));
	double cv = json_object_get_double(json_object_object_get(st, "cv"));
	char m[32], lo[32] = "-", hi[32] = "-";

	tsob_fmt_ns(m, sizeof(m), med * scale);
	if (json_object_array_length(ci) == 2 && json_object_array_get_idx(ci, 0) &&
	    json_object_array_get_idx(ci, 1)) {
		tsob_fmt_ns(lo, sizeof(lo),
			    json_object_get_double(json_object_array_get_idx(ci, 0)) * scale);
		tsob_fmt_ns(hi, sizeof(hi),
			    json_object_get_double(json_object_array_get_idx(ci, 1)) * scale);
	}
	printf("%-10s %-11s %12s  [%s, %s]  cv %.1f%%%s\n", part, name, m, lo, hi, cv * 100.0,
	       extra ? extra : "");
}

void tsob_ctxsw_progress(const struct tsob_ctxsw_opts *o, const char *what, const char *state)
{
	if (!o->quiet)
		fprintf(stderr, "ctxsw: %s%s%s\n", what, state ? " / " : "", state ? state : "");
}

