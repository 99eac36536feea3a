// SPDX-License-Identifier: MIT
/*
 * The ping-pong part of `tsobench ctxsw`: every method x state, each timed
 * with no counters open, counted in a second pass, then checked; and the
 * cross-check with `perf bench sched pipe` alternating with the pipe/default
 * repetitions.
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

/* Find perf before the pipe default state, whose repetitions it alternates with. */
int tsob_ctxsw_perf_prepare(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run)
{
	run->perf_cpu = o->cpu;
	if (o->no_perf)
		run->perf_why = "skipped (--no-perf-bench)";
	else if (run->host.emulated)
		run->perf_why =
		    "emulated execution: perf would run natively, not under the same emulation";
	else if (!o->method[TSOB_CTXSW_PIPE] || !o->state[TSOB_CTXSW_DEFAULT])
		run->perf_why = "needs the pipe method's default state in the same run";
	if (run->perf_why)
		return 0;
	if (tsob_perfbench_open(&run->pb, o->perf, o->round_trips, o->repeat))
		return -ENOMEM;
	if (run->pb.broken)
		run->perf_why = run->pb.reason;
	run->perf_open = !run->perf_why;
	return 0;
}

static void perf_step(void *arg)
{
	struct tsob_ctxsw_run *run = arg;

	tsob_perfbench_step(&run->pb, run->perf_cpu);
}

void tsob_ctxsw_perf_record(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run, json_object *ctxsw)
{
	struct tsob_perfbench *pb = &run->pb;
	const char *why = run->perf_why;
	json_object *po;
	double t_med = NAN, p_med = NAN;
	char cmd[384];

	if (!why && !isfinite(run->pipe_default_ns))
		why = "the pipe method's default state did not run";
	if (!why && !pb->available)
		why = pb->reason[0] ? pb->reason : "interrupted";
	if (why) {
		json_object_object_add(ctxsw, "perf_bench", tsob_ctxsw_junavailable(why));
		snprintf(run->perf_line, sizeof(run->perf_line),
			 "perf bench sched pipe: not run: %s", why);
		return;
	}
	po = json_object_new_object();
	json_object_object_add(po, "available", json_object_new_boolean(1));
	json_object_object_add(po, "reason", NULL);
	json_object_object_add(po, "binary", json_object_new_string(pb->binary));
	json_object_object_add(po, "version", json_object_new_string(pb->version));
	json_object_object_add(po, "cpu", json_object_new_int(o->cpu));
	json_object_object_add(po, "loops", json_object_new_int64((int64_t)pb->loops));
	snprintf(cmd, sizeof(cmd), "taskset -c %d %s bench sched pipe -l %llu [-T]", o->cpu,
		 pb->binary, (unsigned long long)pb->loops);
	json_object_object_add(po, "command", json_object_new_string(cmd));
	for (int mode = 0; mode < 2; mode++) {
		json_object *m = json_object_new_object();
		double *med = mode ? &p_med : &t_med;

		json_object_object_add(
		    m, "usecs_per_op",
		    tsob_ctxsw_jseries(mode ? pb->usecs_procs : pb->usecs_threads, pb->n, med));
		/* One op is a round trip: two switches. */
		json_object_object_add(m, "ns_per_switch", tsob_json_num(*med * 1000.0 / 2.0));
		json_object_object_add(po, mode ? "processes" : "threads", m);
	}
	json_object_object_add(po, "ours_ns_per_switch", tsob_json_num(run->pipe_default_ns));
	json_object_object_add(po, "ratio", tsob_json_num(run->pipe_default_ns / (t_med * 500.0)));
	json_object_object_add(po, "ratio_processes", tsob_json_num(run->pipe_default_ns / (p_med * 500.0)));
	json_object_object_add(ctxsw, "perf_bench", po);
	{
		char ours[32], th[32], pr[32];

		tsob_fmt_ns(ours, sizeof(ours), run->pipe_default_ns);
		tsob_fmt_ns(th, sizeof(th), t_med * 500.0);
		tsob_fmt_ns(pr, sizeof(pr), p_med * 500.0);
		snprintf(run->perf_line, sizeof(run->perf_line),
			 "perf bench sched pipe (perf %s, CPU %d, %u runs of %llu loops): -T %s a "
			 "switch, processes %s; pipe/default here %s: ratio %.3f (threads), %.3f "
			 "(processes)",
			 pb->version, o->cpu, pb->n, (unsigned long long)pb->loops, th, pr, ours,
			 run->pipe_default_ns / (t_med * 500.0),
			 run->pipe_default_ns / (p_med * 500.0));
	}
}

/* Why @d cannot run here, or NULL. */
static const char *state_why(const struct tsob_ctxsw_opts *o, const struct tsob_ctxsw_run *run,
			     const struct tsob_ctxsw_state_desc *d)
{
	if (d->needs_tso && run->notso_why)
		return run->notso_why;
	if (!d->same_cpu && o->cross_cpu < 0)
		return "only one CPU is available to this process";
	return NULL;
}

static void state_row(const char *method, const char *name, const struct tsob_pingpong *pp,
		      const struct tsob_pingpong_conf *conf, json_object *state)
{
	unsigned long long switches = 2ull * conf->round_trips * pp->n;
	char extra[160];

	if (!pp->n) {
		tsob_ctxsw_row_unavailable(method, name, pp->reason);
		return;
	}
	if (pp->checked)
		snprintf(extra, sizeof(extra), "  %llu switches, %llu checked, %llu mismatches",
			 switches, (unsigned long long)pp->wakeups_checked,
			 (unsigned long long)pp->mismatches);
	else
		snprintf(extra, sizeof(extra), "  %llu switches, not checked", switches);
	tsob_ctxsw_row_series(method, name, json_object_object_get(state, "ns_per_switch"), 1.0,
			      extra);
}

/* One method x state into @mo: 0, or -ENOMEM. */
static int one_state(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run, int m, int s,
		     json_object *mo)
{
	const struct tsob_ctxsw_state_desc *d = &tsob_ctxsw_states[s];
	const char *method = tsob_ctxsw_methods[m], *why = state_why(o, run, d);
	struct tsob_pingpong_conf conf = {
		.method = m,
		.state = s,
		.cpu = { o->cpu, d->same_cpu ? o->cpu : o->cross_cpu },
		.round_trips = o->round_trips,
		.warmup = o->warmup,
		.repeat = o->repeat,
		.set_model = !run->noprctl_why,
		.check_round_trips = run->noprctl_why ? 0 : (o->check_switches + 1) / 2,
		.events = o->events,
		.nevents = o->nevents,
	};
	struct tsob_pingpong pp;
	json_object *state;
	double med;

	if (why) {
		json_object_object_add(mo, d->name, tsob_ctxsw_junavailable(why));
		tsob_ctxsw_row_unavailable(method, d->name, why);
		return 0;
	}
	if (m == TSOB_CTXSW_PIPE && s == TSOB_CTXSW_DEFAULT && run->perf_open) {
		/* The peer runs between the repetitions it is compared with. */
		conf.after_rep = perf_step;
		conf.after_arg = run;
		tsob_ctxsw_progress(o, "pipe / default", "perf bench sched pipe");
	} else {
		tsob_ctxsw_progress(o, method, d->name);
	}
	if (tsob_pingpong_run(&pp, &conf))
		return -ENOMEM;
	if (!pp.ok) {
		tsob_warn("%s / %s: %s", method, d->name, pp.reason);
		run->failed |= !tsob_interrupted;
	}
	run->mismatches += pp.mismatches;
	state = tsob_ctxsw_state_json(&pp, &conf, run->noprctl_why, &med);
	json_object_object_add(mo, d->name, state);
	if (m == TSOB_CTXSW_PIPE && s == TSOB_CTXSW_DEFAULT && pp.n)
		run->pipe_default_ns = med;
	state_row(method, d->name, &pp, &conf, state);
	tsob_pingpong_free(&pp);
	return 0;
}

int tsob_ctxsw_run_pingpong(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run,
			    json_object *ctxsw)
{
	run->pipe_default_ns = NAN;
	for (int m = 0; m < TSOB_CTXSW_NR_METHODS; m++) {
		json_object *mo;

		if (!o->method[m])
			continue;
		mo = json_object_new_object();
		json_object_object_add(ctxsw, tsob_ctxsw_methods[m], mo);
		for (int s = 0; s < TSOB_CTXSW_NR_STATES && !tsob_interrupted; s++)
			if (o->state[s] && one_state(o, run, m, s, mo))
				return -ENOMEM;
	}
	return 0;
}
