// SPDX-License-Identifier: MIT
/* `tsobench ctxsw` in order: ping-pong states, perf bench, prctl calls, throughput. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctxsw.h"
#include "tsob/parse.h"

static void probe_model(struct tsob_ctxsw_run *run)
{
	const struct tsob_host *h = &run->host;

	if (!h->memmodel) {
		snprintf(run->why_buf[0], sizeof(run->why_buf[0]),
			 "kernel has no PR_GET_MEM_MODEL (%s): boot a kernel with kernel-patch/",
			 strerror(h->memmodel_err));
		run->noprctl_why = run->notso_why = run->why_buf[0];
	} else if (!h->hwtso) {
		snprintf(run->why_buf[1], sizeof(run->why_buf[1]),
			 "PR_SET_MEM_MODEL(TSO) refused (%s): this CPU has no TSO mode",
			 strerror(h->hwtso_err));
		run->notso_why = run->why_buf[1];
	}
}

static json_object *ctxsw_header(const struct tsob_ctxsw_opts *o, const struct tsob_ctxsw_run *run)
{
	json_object *c = json_object_new_object(), *mm = json_object_new_object();

	json_object_object_add(c, "cpu", json_object_new_int(o->cpu));
	json_object_object_add(c, "cross_cpu",
			       o->cross_cpu >= 0 ? json_object_new_int(o->cross_cpu) : NULL);
	json_object_object_add(c, "round_trips", json_object_new_int64((int64_t)o->round_trips));
	json_object_object_add(c, "repeat", json_object_new_int((int)o->repeat));
	json_object_object_add(c, "warmup", json_object_new_int((int)o->warmup));
	json_object_object_add(c, "check_switches",
			       json_object_new_int64((int64_t)o->check_switches));
	json_object_object_add(mm, "get", json_object_new_boolean(!run->noprctl_why));
	json_object_object_add(mm, "tso", json_object_new_boolean(!run->notso_why));
	json_object_object_add(mm, "reason", tsob_ctxsw_jstr(run->notso_why));
	json_object_object_add(c, "memory_model", mm);
	return c;
}

int tsob_ctxsw_suite_run(const struct tsob_ctxsw_opts *o, struct tsob_ctxsw_run *run,
			 json_object *doc)
{
	json_object *ctxsw;
	int r;

	probe_model(run);
	ctxsw = ctxsw_header(o, run);
	json_object_object_add(doc, "ctxsw", ctxsw);
	printf("tsobench ctxsw: CPU %d", o->cpu);
	if (o->cross_cpu >= 0)
		printf(" (cross-cpu control: CPU %d)", o->cross_cpu);
	printf(", %u x %llu round trips; %s, %s%s\n", o->repeat,
	       (unsigned long long)o->round_trips, run->host.arch, run->host.execution,
	       run->host.emulated ? " (emulated: timings are not hardware costs)" : "");
	r = tsob_ctxsw_perf_prepare(o, run);
	if (!r)
		r = tsob_ctxsw_run_pingpong(o, run, ctxsw);
	if (!r)
		tsob_ctxsw_perf_record(o, run, ctxsw);
	tsob_perfbench_free(&run->pb);
	if (!r && !tsob_interrupted)
		r = tsob_ctxsw_run_prctl(o, run, ctxsw);
	if (!r && !tsob_interrupted)
		r = tsob_ctxsw_run_throughput(o, run, ctxsw);
	json_object_object_add(ctxsw, "mismatches", json_object_new_int64((int64_t)run->mismatches));
	return r;
}
