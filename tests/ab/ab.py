#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of run --order/--runs/--precision, ab and calibrate (ctest label 'ab').

usage: ab.py TEST --tsobench BIN --source DIR --work DIR

Real runs of this build on this host. They check what the files and the exit
statuses say, not how fast anything is: the statistical figures are measured
by the benchmarks in README.md, not here. Exit 0 pass, 1 fail, 77 skip.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import jsonschema

SKIP = 77
ARGS = None
STABLE = "stencil,interp,chase_l1,unaligned"  # steady cells of this suite


class Fail(Exception):
    pass


class Skip(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def run(cmd, env=None, **kw):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                       env=dict(os.environ, **(env or {})), **kw)
    return p.returncode, p.stdout, p.stderr


def tsob(*a):
    return run([ARGS.tsobench, *a])


def work(name):
    return os.path.join(ARGS.work, name)


def valid(path):
    schema = json.load(open(os.path.join(ARGS.source, "results/schema/"
                                         "tsobench-results.schema.json")))
    doc = json.load(open(path))
    errors = [f"{e.json_path}: {e.message}"
              for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    check(not errors, f"{path} breaks the schema: {errors[:3]}")
    return doc


def one_line_error(rc, err, *words):
    check(rc == 2, f"exit {rc}, not 2; stderr: {err}")
    lines = err.strip().splitlines()
    check(len(lines) == 1 and lines[0].startswith("tsobench: "), f"stderr: {err}")
    for w in words:
        check(w in lines[0], f"'{w}' not in: {lines[0]}")
    return lines[0]


def cells(doc, side=None):
    return [c for c in doc["cells"] if c["status"] == "ok" and c.get("side") == side]


def script(name, body):
    """A wrapper around the real tsobench (it runs it): a side that misbehaves on purpose."""
    path = work(name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body.replace("TSOB", ARGS.tsobench).replace("PY", sys.executable))
    os.chmod(path, 0o755)
    return path


# ---- run ----

def test_run_order():
    out = work("seq.json")
    rc, o, e = tsob("run", "--quick", "-q", "-w", "copy64,chase_l1", "--order", "sequential",
                    "-o", out)
    check(rc == 0, f"exit {rc}: {e}")
    doc = valid(out)
    check(doc["context"]["order"] == "sequential", "order not recorded")
    check(all("round" not in c["wall_ns"] for c in cells(doc)), "rounds in a sequential run")
    rc, o, e = tsob("run", "--quick", "-q", "-w", "copy64,chase_l1", "--seed", "77", "-o", out)
    doc = valid(out)
    check(doc["context"]["order"] == "interleaved" and doc["context"]["seed"] == 77,
          f"context {doc['context'].get('order')} {doc['context'].get('seed')}")
    for c in cells(doc):
        check(c["wall_ns"]["round"] == list(range(len(c["wall_ns"]["values"]))),
              f"{c['kernel']}: rounds {c['wall_ns'].get('round')}")
    check("strategies of a kernel measured interleaved" in o, "the table does not say the order")


def test_run_runs():
    out = work("runs.json")
    rc, o, e = tsob("run", "--quick", "-q", "-w", "copy64,chase_l1", "-r", "4", "--runs", "3",
                    "--seed", "5", "-o", out)
    check(rc == 0, f"exit {rc}: {e}")
    doc = valid(out)
    ctx = doc["context"]
    check(ctx["runs"] == 3 and ctx["run_seeds"] == [5, 6, 7], f"runs {ctx.get('run_seeds')}")
    for c in cells(doc):
        w = c["wall_ns"]
        check(w["run"] == [r for r in range(3) for _ in range(4)], f"run labels {w['run']}")
        check(len(c["counters"]["task-clock"]["values"]) == 12, "counters not merged")
    check("3 runs, the run as the unit" in o, "the table does not take the run as the unit")
    rc, o, e = run([sys.executable, os.path.join(ARGS.source, "tests/driver/check_results.py"),
                    os.path.join(ARGS.source, "results/schema/tsobench-results.schema.json"),
                    out, "--min-ok-cells", "2"])
    check(rc == 0, o + e)


def test_run_precision():
    out = work("prec.json")
    rc, o, e = tsob("run", "--quick", "-q", "-w", "chase_l1,copy64", "--precision", "5",
                    "--budget", "4", "-o", out)
    check(rc == 0, f"exit {rc}: {e}")
    doc = valid(out)
    for c in cells(doc):
        p = c["precision"]
        check(p["target_pct"] == 5 and p["n"] == len(c["wall_ns"]["values"]), f"{p}")
        check(p["reached"] == (p["half_width_pct"] <= 5) or not p["reached"], f"{p}")
        check(p["reached"] or p["reason"], f"not reached without a reason: {p}")
    check("precision: " in o and "cells within the target" in o, "no precision summary")
    # With --runs: runs are added until the interval across runs is narrow (6 at least).
    rc, o, e = tsob("run", "--quick", "-q", "-w", "chase_l1", "--runs", "2", "--precision", "20",
                    "--budget", "20", "-o", out)
    doc = valid(out)
    c = cells(doc)[0]
    check(rc == 0 and doc["context"]["runs"] >= 6, f"exit {rc}, {doc['context']['runs']} runs")
    check(c["precision"]["n"] == doc["context"]["runs"], f"{c['precision']}")


def interrupt(cmd, progress):
    """Start @cmd, send SIGINT to it alone once stderr shows @progress; exit, stdout."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    for line in p.stderr:
        if line.startswith(progress) or time.time() > deadline:
            break
    p.send_signal(signal.SIGINT)  # the process passes it on to the child running
    o, e = p.communicate(timeout=60)
    check(p.returncode == 130, f"exit {p.returncode}: {e}")
    return o


def test_run_interrupt():
    out = work("runs-int.json")
    o = interrupt([ARGS.tsobench, "run", "--quick", "-w", "copy64", "--runs", "1000", "-o", out],
                  "run 3 of")
    doc = valid(out)
    check(not doc["complete"] and doc["context"]["runs"] >= 2, f"{doc['context']['runs']} runs")
    check("incomplete" in o, "the output does not say incomplete")


def test_run_bad_input():
    out = work("bad.json")
    for args, words in [(["--budget", "5"], ["--budget", "--precision"]),
                        (["--runs", "0"], ["--runs"]),
                        (["--runs", "1001"], ["--runs"]),
                        (["--order", "random"], ["--order"]),
                        (["--seed", "-1"], ["--seed"]),
                        (["--precision", "0"], ["--precision"]),
                        (["--inject-slowdown", "x"], ["--inject-slowdown"])]:
        rc, o, e = tsob("run", "--quick", "-o", out, *args)
        one_line_error(rc, e, *words)
        check(not os.path.exists(out), f"{args} left a file")


# ---- ab ----

def test_ab_aa():
    out, keep = work("aa.json"), work("aa-keep")
    t = ARGS.tsobench
    rc, o, e = tsob("ab", t, t, "--quick", "-w", "copy64,chase_l1,spsc", "--rounds", "6",
                    "--threshold", "300", "--seed", "3", "-q", "-o", out, "--keep", keep,
                    "--markdown", work("aa.md"))
    check(rc == 0, f"A/A exit {rc}:\n{o}{e}")
    doc = valid(out)
    ab = doc["context"]["ab"]
    check(ab["base"] == t and not ab["duet"] and len(ab["first"]) == 6, f"{ab}")
    check(doc["context"]["runs"] == 6 and doc["context"]["command"] == "ab", "context")
    for side in ("base", "new"):
        for c in cells(doc, side):
            check(sorted(set(c["wall_ns"]["run"])) == list(range(6)), f"{side} rounds")
    check(len(os.listdir(keep)) == 12, f"--keep holds {os.listdir(keep)}")
    check("Wilcoxon signed-rank" in o and "3 cells: 0 regressions" in o, o)
    check("**PASS**" in open(work("aa.md")).read(), "Markdown verdict")
    # The other readers take the sides apart.
    rc, o, e = tsob("export", "--format", "gbench", out)
    names = {b["name"] for b in json.loads(o)["benchmarks"]}
    check(rc == 0 and any("/side:new/" in n for n in names) and
          any("/side:base/" in n for n in names), f"gbench names {sorted(names)[:4]}")
    rc, o, e = tsob("export", "--format", "csv", out)
    check(rc == 0 and ",copy64,plain/new," in o and ",copy64,plain/base," in o, "CSV sides")
    rc, o, e = tsob("compare", out, out)
    one_line_error(rc, e, "A/B file")
    # The file alone: its sides round by round again, under another rule if asked.
    rc, o, e = tsob("compare", out, "--threshold", "250", "-o", work("aa-again.md"))
    check(rc == 0 and "3 cells: 0 regressions" in o and "threshold 250%" in o, f"{rc} {o}{e}")
    rc, o, e = tsob("report", out, "-o", work("aa-report"))
    md = open(work("aa-report/summary.md")).read()
    check(rc == 0 and "| copy64 [base] |" in md and "| copy64 [new] |" in md, "report sides")


def test_ab_duet():
    if len(os.sched_getaffinity(0)) < 2:
        raise Skip("--duet needs two CPUs; this process may use one")
    out, keep = work("duet.json"), work("duet-keep")
    t = ARGS.tsobench
    rc, o, e = tsob("ab", t, t, "--quick", "-w", "copy64", "--rounds", "3", "--duet",
                    "--threshold", "300", "-q", "-o", out, "--keep", keep)
    check(rc == 0, f"exit {rc}: {o}{e}")
    check(valid(out)["context"]["ab"]["duet"], "duet not recorded")
    for r in range(3):
        seen = [json.load(open(os.path.join(keep, f"round-{r:04d}-{s}.json")))
                for s in ("base", "new")]
        cpus = [set(sum(cells(d)[0]["cpus_seen"], [])) for d in seen]
        check(cpus[0] and cpus[1] and not cpus[0] & cpus[1], f"round {r}: CPUs {cpus}")


def test_ab_bad_input():
    t, out = ARGS.tsobench, work("ab-bad.json")
    with open(out, "w") as f:
        f.write("earlier results\n")
    for args, words in [([t, "/bin/true"], ["NEW", "is not a tsobench build"]),
                        (["/bin/sh", t], ["BASE", "is not a tsobench build"]),
                        ([t, work("no-such-build")], ["NEW", "No such file"]),
                        ([t, t, "-w", "nosuch"], ["unknown kernel"]),
                        ([t, t, "--rounds", "0"], ["--rounds"]),
                        ([t, t, "--budget", "9"], ["--precision"]),
                        ([t, t, "--duet", "--cpu", "0"], ["--duet"]),
                        ([t], ["needs"]),
                        ([t, t, "-o", work("no/dir/x.json")], ["cannot write"])]:
        rc, o, e = tsob("ab", *args, "-o", out) if "-o" not in args else tsob("ab", *args)
        one_line_error(rc, e, *words)
    check(open(out).read() == "earlier results\n", "an error replaced the earlier file")


def test_ab_crash():
    """A NEW that crashes in its third run: one line, exit 2, the rounds before kept."""
    count = work("crash.count")
    new = script("crash.sh", f"""
case "$1" in --version) exec TSOB --version;; esac
n=$(cat {count} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > {count}
[ $n -ge 3 ] && kill -SEGV $$
exec TSOB "$@"
""")
    out = work("crash.json")
    rc, o, e = tsob("ab", ARGS.tsobench, new, "--quick", "-w", "copy64", "--rounds", "6", "-q",
                    "-o", out)
    line = one_line_error(rc, e, "NEW", "round 3", "killed by signal", "marked incomplete")
    doc = valid(out)
    check(not doc["complete"] and "round 3" in doc["incomplete_reason"], doc["incomplete_reason"])
    check(doc["context"]["runs"] == 2, f"{doc['context']['runs']} rounds kept: {line}")
    new_runs = set(cells(doc, "new")[0]["wall_ns"]["run"])
    check(new_runs == {0, 1}, f"NEW rounds {new_runs}")


def test_ab_schema():
    """A NEW whose files have a schema version this build does not read."""
    new = script("future.sh", """
case "$1" in --version) exec TSOB --version;; esac
TSOB "$@"; rc=$?
for a; do [ "$prev" = -o ] && out=$a; prev=$a; done
PY -c 'import json,sys; d=json.load(open(sys.argv[1])); d["schema_version"]=99; \
json.dump(d,open(sys.argv[1],"w"))' "$out"
exit $rc
""")
    out = work("future.json")
    with open(out, "w") as f:
        f.write("earlier results\n")
    rc, o, e = tsob("ab", ARGS.tsobench, new, "--quick", "-w", "copy64", "-q", "-o", out)
    one_line_error(rc, e, "NEW", "cannot use", "schema_version 99")
    check(open(out).read() == "earlier results\n", "the earlier file was replaced")


def test_ab_interrupt():
    out = work("int.json")
    t = ARGS.tsobench
    o = interrupt([t, "ab", t, t, "--quick", "-w", "copy64,chase_l1", "--rounds", "10000",
                   "-o", out], "round 3 ")
    doc = valid(out)
    check(not doc["complete"] and doc["context"]["runs"] >= 2, f"{doc['context']['runs']}")
    check("(incomplete)" in o, "the output does not say incomplete")


def test_ci_recipe():
    """README's CI recipe (.ci/ab-gate.sh) on two real builds: this one, and this tree built
    again with extra work in every repetition (TSOB_INJECT_PCT), as a slower commit."""
    gate = work("gate")
    env = {"TSOB_GATE_DIR": gate, "TSOB_GATE_BASE_BIN": ARGS.tsobench,
           "TSOB_GATE_HEAD_CMAKE": "-DTSOB_INJECT_PCT=25"}
    # The recipe's own 20 rounds: with 10, a process-level bimodal cell (stencil at 51 or
    # 81 us by process, seen here) left too few rounds for the paired test.
    cmd = [os.path.join(ARGS.source, ".ci/ab-gate.sh"), "HEAD", "-w", STABLE]
    rc, o, e = run(cmd, env=env, timeout=900)
    check(rc == 1, f"a 25% slower head: exit {rc}\n{o}{e}")
    doc = valid(os.path.join(gate, "ab.json"))
    check(doc["context"]["sides"]["new"]["injected_slowdown_pct"] == 25, "the build's injection")
    flagged = [l.split()[0] for l in o.splitlines() if l.endswith("REGRESSION")]
    check(len(flagged) >= 3, f"flagged {flagged}:\n{o}")
    check("**FAIL**" in open(os.path.join(gate, "ab.md")).read(), "Markdown verdict")
    # The other way round the slow build is BASE: no regression, improvements instead.
    slow = os.path.join(gate, "head/bench/tsobench")
    rc, o, e = tsob("ab", slow, ARGS.tsobench, "--quick", "-w", STABLE, "--rounds", "20", "-q",
                    "-o", work("gate-reverse.json"))
    check(rc == 0 and o.count("improvement") >= 3, f"reverse: exit {rc}\n{o}{e}")


# ---- calibrate ----

def test_calibrate():
    out = work("cal.json")
    rc, o, e = tsob("calibrate", "--quick", "-w", "chase_l1,stencil", "--pairs", "2", "--rounds",
                    "6", "--slowdowns", "50", "--runs", "4", "-q", "-o", out)
    check(rc == 0, f"exit {rc}: {e}")
    cal = valid(out)["calibration"]
    check(len(cal["cells"]) == 2 and cal["pairs"] == 2, f"{cal['cells']}")
    for c in cal["cells"]:
        check(c["aa_pairs"] == 2 and c["runs_aa_pairs"] == 2, f"{c}")
        lv = c["levels"][0]
        check(lv["pairs"] == 2 and lv["injected_pct"] == 50, f"{lv}")
        # 50% more work is a third of the longer repetition; its measured share says so.
        check(0.2 <= lv["measured_share"] <= 0.45, f"{c['cell']}: share {lv['measured_share']}")
    check("false alarms, ab:" in o and "smallest found" in o, o)


TESTS = {n[5:]: f for n, f in globals().items() if n.startswith("test_")}


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("test", choices=sorted(TESTS))
    ap.add_argument("--tsobench", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    ARGS = ap.parse_args()
    ARGS.tsobench = os.path.abspath(ARGS.tsobench)
    if os.environ.get("TSOB_EMU"):
        print("SKIP: these tests start tsobench processes, which an emulated arm64 build "
              "cannot do here (no binfmt_misc for qemu-user)")
        return SKIP
    ARGS.work = os.path.join(ARGS.work, ARGS.test)
    shutil.rmtree(ARGS.work, ignore_errors=True)
    os.makedirs(ARGS.work)
    try:
        TESTS[ARGS.test]()
    except Skip as s:
        print(f"SKIP: {s}")
        return SKIP
    except Fail as f:
        print(f"FAIL: {ARGS.test}: {f}")
        return 1
    print(f"ok: {ARGS.test}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
