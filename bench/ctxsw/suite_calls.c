// SPDX-License-Identifier: MIT
/*
 * The other parts of `tsobench ctxsw`: the cost of the prctl calls
 * themselves, and two CPU-bound processes time-sharing one CPU.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ctxsw.h"
#include "memmodel.h"
#include "tsob/err.h"
#include "tsob/stats.h"
#include "tsob/fmt.h"
#include "tsob/json.h"
#include "tsob/parse.h"

int tsob_ctxsw_run_prctl(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run, json_object *ctxsw)
{
	uint64_t calls = o->quick ? 10000 : 100000;
	struct tsob_prctl p;
	json_object *po;
	bool any = false;

	if (o->no_prctl)
		return 0;
	tsob_ctxsw_progress(o, "prctl", NULL);
	if (tsob_prctl_measure(&p, o->cpu, calls, o->repeat, run->noprctl_why, run->notso_why))
		return -ENOMEM;
	po = json_object_new_object();
	json_object_object_add(po, "cpu", json_object_new_int(o->cpu));
	json_object_object_add(po, "calls", json_object_new_int64((int64_t)calls));
	json_object_object_add(po, "clock_ns", tsob_json_num(p.clock_ns));
	for (int c = 0; c < TSOB_PRCTL_NR_CASES; c++) {
		const struct tsob_prctl_case_result *cr = &p.c[c];
		json_object *co;

		if (!cr->available || !cr->n) {
			const char *why = cr->available ? "interrupted" : cr->reason;

			co = tsob_ctxsw_junavailable(why);
			tsob_ctxsw_row_unavailable("prctl", tsob_prctl_cases[c], why);
		} else {
			co = json_object_new_object();
			json_object_object_add(co, "available", json_object_new_boolean(1));
			json_object_object_add(co, "reason", NULL);
			json_object_object_add(co, "ns_per_call",
					       tsob_ctxsw_jseries(cr->ns_per_call, cr->n, NULL));
			tsob_ctxsw_row_series("prctl", tsob_prctl_cases[c],
				   json_object_object_get(co, "ns_per_call"), 1.0, NULL);
			any = true;
		}
		json_object_object_add(co, "summary",
				       json_object_new_string(tsob_prctl_case_summary[c]));
		json_object_object_add(po, tsob_prctl_cases[c], co);
	}
	json_object_object_add(po, "available", json_object_new_boolean(any));
	json_object_object_add(ctxsw, "prctl", po);
	tsob_prctl_free(&p);
	return 0;
}

/* One throughput state's figures: JSON, and its table row. */
static json_object *tput_json(const struct tsob_tput *t, const struct tsob_ctxsw_state_desc *d,
			      double *total)
{
	json_object *x = json_object_new_object(), *pp = json_object_new_array();

	json_object_object_add(x, "available", json_object_new_boolean(1));
	json_object_object_add(x, "ok", json_object_new_boolean(t->ok));
	json_object_object_add(x, "reason", t->ok ? NULL : tsob_ctxsw_jstr(t->reason));
	json_object_array_add(pp, tsob_ctxsw_jmodel(d->model[0]));
	json_object_array_add(pp, tsob_ctxsw_jmodel(d->model[1]));
	json_object_object_add(x, "models", pp);
	json_object_object_add(x, "ops_per_s", tsob_ctxsw_jseries(t->ops_per_s, t->n, total));
	pp = json_object_new_array();
	json_object_array_add(pp, tsob_ctxsw_jseries(t->proc_ops_per_s[0], t->n, NULL));
	json_object_array_add(pp, tsob_ctxsw_jseries(t->proc_ops_per_s[1], t->n, NULL));
	json_object_object_add(x, "process_ops_per_s", pp);
	json_object_object_add(x, "switches_per_s", tsob_ctxsw_jseries(t->switches_per_s, t->n, NULL));
	json_object_object_add(x, "checks", json_object_new_int64((int64_t)t->checks));
	json_object_object_add(x, "mismatches", json_object_new_int64((int64_t)t->mismatches));
	return x;
}

static void tput_row(const struct tsob_tput *t, const struct tsob_ctxsw_state_desc *d, double total)
{
	char extra[128];

	if (!t->n) {
		tsob_ctxsw_row_unavailable("throughput", d->name, t->reason);
		return;
	}
	snprintf(extra, sizeof(extra), "  (%.0f switches/s, %llu checks, %llu mismatches)",
		 tsob_stats_median(t->switches_per_s, t->n), (unsigned long long)t->checks,
		 (unsigned long long)t->mismatches);
	printf("%-10s %-11s %9.1f M %s/s (%s %.1f M/s, %s %.1f M/s)%s\n", "throughput", d->name,
	       total / 1e6, TSOB_TPUT_UNIT, tsob_memmodel_name(d->model[0]),
	       tsob_stats_median(t->proc_ops_per_s[0], t->n) / 1e6, tsob_memmodel_name(d->model[1]),
	       tsob_stats_median(t->proc_ops_per_s[1], t->n) / 1e6, extra);
}

/* One state: 0 when it ran (or could not), -ENOMEM; *total its median throughput. */
static int tput_state(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run,
		      enum tsob_ctxsw_state st, json_object *so, double *total)
{
	const struct tsob_ctxsw_state_desc *d = &tsob_ctxsw_states[st];
	struct tsob_tput_conf conf = { .cpu = o->cpu,
				       .model = { d->model[0], d->model[1] },
				       .set_model = !run->noprctl_why,
				       .seconds = o->seconds,
				       .repeat = o->repeat };
	struct tsob_tput t;

	if (d->needs_tso && run->notso_why) {
		json_object_object_add(so, d->name, tsob_ctxsw_junavailable(run->notso_why));
		tsob_ctxsw_row_unavailable("throughput", d->name, run->notso_why);
		return 0;
	}
	tsob_ctxsw_progress(o, "throughput", d->name);
	if (tsob_tput_run(&t, &conf))
		return -ENOMEM;
	if (!t.ok) {
		tsob_warn("throughput / %s: %s", d->name, t.reason);
		run->failed |= !tsob_interrupted;
	}
	run->mismatches += t.mismatches;
	json_object_object_add(so, d->name, tput_json(&t, d, total));
	tput_row(&t, d, *total);
	tsob_tput_free(&t);
	return 0;
}

int tsob_ctxsw_run_throughput(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run,
			      json_object *ctxsw)
{
	static const enum tsob_ctxsw_state states[] = { TSOB_CTXSW_DEFAULT, TSOB_CTXSW_TSO,
							TSOB_CTXSW_MIXED };
	json_object *to = json_object_new_object(), *so = json_object_new_object();
	double total[TSOB_CTXSW_NR_STATES];
	bool any = false;

	json_object_object_add(ctxsw, "throughput", to);
	if (o->no_tput) {
		json_object_put(so);
		json_object_object_add(to, "available", json_object_new_boolean(0));
		json_object_object_add(to, "reason",
				       json_object_new_string("skipped (--no-throughput)"));
		return 0;
	}
	json_object_object_add(to, "cpu", json_object_new_int(o->cpu));
	json_object_object_add(to, "seconds", tsob_json_num(o->seconds));
	json_object_object_add(to, "unit", json_object_new_string(TSOB_TPUT_UNIT));
	json_object_object_add(to, "states", so);
	for (size_t i = 0; i < ARRAY_SIZE(states); i++) {
		total[states[i]] = NAN;
		if (!o->state[states[i]] || tsob_interrupted)
			continue;
		if (tput_state(o, run, states[i], so, &total[states[i]]))
			return -ENOMEM;
		any |= isfinite(total[states[i]]);
	}
	json_object_object_add(to, "available", json_object_new_boolean(any));
	json_object_object_add(to, "reason",
			       any ? NULL : json_object_new_string("no throughput state ran"));
	json_object_object_add(to, "mixed_vs_default",
			       tsob_json_num(total[TSOB_CTXSW_MIXED] / total[TSOB_CTXSW_DEFAULT]));
	json_object_object_add(to, "tso_vs_default",
			       tsob_json_num(total[TSOB_CTXSW_TSO] / total[TSOB_CTXSW_DEFAULT]));
	return 0;
}
