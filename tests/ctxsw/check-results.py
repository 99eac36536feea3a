#!/usr/bin/python3
"""Check a `tsobench ctxsw` results file.

usage: check-results.py FILE [--schema SCHEMA] [--all-states] [--min-checked N]
                         [--perf|--perf-if-works]

Always: the document is a complete tsobench-results file (what
tsob_results_load requires), every selected method has its default state
measured with positive, finite ns per switch and counted switches, every state
is either measured or unavailable with a reason, TSO states run exactly when
the context says the CPU offers TSO, and no memory-model mismatch was found.

--schema SCHEMA  validate against the results JSON Schema first
--all-states     every state of every method, the prctl calls and the
                 throughput states must have run (the always-TSO guest)
--min-checked N  each state's checked pass covered at least N switches
--perf           perf bench sched pipe must have run and given a ratio
--perf-if-works  the same, when the run was not emulated and `perf bench
                 sched pipe` works here
"""
import json
import math
import shutil
import subprocess
import sys

STATES = ("default", "tso", "mixed", "cross-cpu")
TSO_STATES = ("tso", "mixed")
PRCTL = ("get", "set_same", "set_tso", "set_default", "set_pair")
bad = []


def fail(msg):
    bad.append(msg)


def positive(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x > 0


def series_ok(where, s, n):
    if not isinstance(s, dict) or not isinstance(s.get("values"), list):
        fail("%s: no values" % where)
        return
    vals = s["values"]
    if len(vals) != n:
        fail("%s: %d values, want %d" % (where, len(vals), n))
    for v in vals:
        if not positive(v):
            fail("%s: value %r is not a positive number" % (where, v))
    st = s.get("stats") or {}
    if st.get("n") != len(vals) or not positive(st.get("median")):
        fail("%s: statistics missing or wrong: %r" % (where, st))


def perf_works():
    perf = shutil.which("perf")
    if not perf:
        return False
    try:
        r = subprocess.run([perf, "bench", "sched", "pipe", "-l", "10"], capture_output=True,
                           timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return r.returncode == 0 and b"usecs/op" in r.stdout


def unavailable_ok(where, o):
    if o.get("available") is not False or not o.get("reason"):
        fail("%s: should be unavailable with a reason, is %r" % (where, o))


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    path = args.pop(0)
    all_states = "--all-states" in args
    want_perf = "--perf" in args
    min_checked = int(args[args.index("--min-checked") + 1]) if "--min-checked" in args else 0

    doc = json.load(open(path))
    if "--schema" in args:
        import jsonschema

        schema = json.load(open(args[args.index("--schema") + 1]))
        for e in jsonschema.Draft202012Validator(schema).iter_errors(doc):
            fail("schema: %s: %s" % (e.json_path, e.message))
    # What the driver's loader (tsob_results_load) insists on.
    if doc.get("schema") != "tsobench-results" or doc.get("schema_version") not in (1, 2):
        fail("not a tsobench-results document, version 1 or 2")
    if doc.get("complete") is not True:
        fail("incomplete: %r" % doc.get("incomplete_reason"))
    ctx = doc.get("context")
    if not isinstance(ctx, dict):
        fail("no context")
        ctx = {}
    for k in ("host", "arch", "kernel", "cpu_model"):
        if not isinstance(ctx.get(k), str):
            fail("context.%s is not a string" % k)
    if not isinstance(doc.get("cells"), list):
        fail("cells is not a list")
    if ctx.get("command") != "ctxsw":
        fail("context.command is %r" % ctx.get("command"))

    c = doc.get("ctxsw")
    if not isinstance(c, dict):
        fail("no ctxsw section")
        return report()
    repeat = c.get("repeat")
    tso = (c.get("memory_model") or {}).get("tso")
    get = (c.get("memory_model") or {}).get("get")
    if "--perf-if-works" in args and not ctx.get("emulated") and perf_works():
        want_perf = True
    if tso is not (ctx.get("memory_model") or {}).get("tso"):
        fail("ctxsw.memory_model.tso %r disagrees with the context" % tso)
    methods = [m for m in ("futex", "pipe") if m in c]
    if not methods:
        fail("no ping-pong method in the results")
    measured = 0
    for m in methods:
        for s in STATES:
            where = "%s/%s" % (m, s)
            o = c[m].get(s)
            if o is None:
                if all_states or s == "default":
                    fail("%s: missing" % where)
                continue
            if s in TSO_STATES and not tso:
                unavailable_ok(where, o)
                continue
            if o.get("available") is not True:
                if all_states or s != "cross-cpu":
                    fail("%s: not run: %r" % (where, o.get("reason")))
                elif not o.get("reason"):
                    fail("%s: unavailable without a reason" % where)
                continue
            if o.get("ok") is not True:
                fail("%s: failed: %r" % (where, o.get("reason")))
            series_ok(where + ".ns_per_switch", o.get("ns_per_switch"), repeat)
            if not positive(o.get("switches")) or \
                    o["switches"] != 2 * o.get("round_trips", 0) * repeat:
                fail("%s: switches %r is not 2 x round trips x repetitions" %
                     (where, o.get("switches")))
            obs = o.get("observed_switches")
            # One CPU: each round trip is two switches, whatever their speed.
            if obs is not None and s != "cross-cpu" and obs < 0.95 * o["switches"]:
                fail("%s: getrusage saw %r switches for %r round trips" %
                     (where, obs, o["switches"] // 2))
            chk = o.get("check") or {}
            if o.get("mismatches") != 0 or chk.get("mismatches") != 0:
                fail("%s: %r memory-model mismatches" % (where, o.get("mismatches")))
            if get:
                if chk.get("available") is not True or \
                        chk.get("wakeups_checked") != chk.get("switches"):
                    fail("%s: checked pass incomplete: %r" % (where, chk))
                if chk.get("switches", 0) < min_checked:
                    fail("%s: %r switches checked, want >= %d" %
                         (where, chk.get("switches"), min_checked))
            elif chk.get("available") is not False or not chk.get("reason"):
                fail("%s: check should be unavailable with a reason: %r" % (where, chk))
            for ev, co in (o.get("counters_per_switch") or {}).items():
                if co.get("available"):
                    if not isinstance(co.get("values"), list):
                        fail("%s: counter %s without values" % (where, ev))
                elif not co.get("reason"):
                    fail("%s: counter %s unavailable without a reason" % (where, ev))
            measured += 1
    if min_checked and not get:
        fail("--min-checked %d, but PR_GET_MEM_MODEL is not available" % min_checked)

    pr = c.get("prctl")
    if pr is not None:
        for k in PRCTL:
            o = pr.get(k) or {}
            if o.get("available"):
                series_ok("prctl." + k, o.get("ns_per_call"), repeat)
            elif all_states:
                fail("prctl.%s: not run: %r" % (k, o.get("reason")))
            else:
                unavailable_ok("prctl." + k, o)
    elif all_states:
        fail("no prctl section")

    tp = c.get("throughput")
    if tp is None or (tp.get("available") is not True and all_states):
        fail("throughput did not run: %r" % (tp or {}).get("reason"))
    elif tp.get("available"):
        for s in ("default", "tso", "mixed"):
            o = (tp.get("states") or {}).get(s)
            if o is None:
                if all_states or s == "default":
                    fail("throughput/%s: missing" % s)
                continue
            if s in TSO_STATES and not tso:
                unavailable_ok("throughput/" + s, o)
                continue
            if o.get("ok") is not True:
                fail("throughput/%s: failed: %r" % (s, o.get("reason")))
            series_ok("throughput/%s.ops_per_s" % s, o.get("ops_per_s"), repeat)
            if o.get("mismatches") != 0:
                fail("throughput/%s: %r mismatches" % (s, o.get("mismatches")))
        if all_states and not positive(tp.get("mixed_vs_default")):
            fail("throughput: no mixed/default ratio")

    pb = c.get("perf_bench")
    if not isinstance(pb, dict):
        fail("no perf_bench object")
    elif want_perf:
        if pb.get("available") is not True or not positive(pb.get("ratio")):
            fail("perf bench: no ratio: %r" % pb.get("reason"))
        else:
            series_ok("perf_bench.threads.usecs_per_op",
                      (pb.get("threads") or {}).get("usecs_per_op"),
                      len(pb["threads"]["usecs_per_op"].get("values", [])) or 1)
    elif pb.get("available") is not True and not pb.get("reason"):
        fail("perf bench: unavailable without a reason")

    if c.get("mismatches") != 0:
        fail("ctxsw.mismatches is %r" % c.get("mismatches"))
    print("%s: %d states measured, TSO %s, perf bench %s" % (
        path, measured, "available" if tso else "unavailable",
        "ratio %.3f" % pb["ratio"] if isinstance(pb, dict) and pb.get("ratio")
        else "not run (%s)" % (pb or {}).get("reason")))
    return report()


def report():
    for b in bad:
        print("FAIL:", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
