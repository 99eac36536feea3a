#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a SYNTHETIC tsobench results file for the analysis tests.

This host runs only the plain strategy and has no hardware PMU, so charts with
several strategies, counters and a ctxsw section need made-up data. Every
file written here says so in its context (host "synthetic-fixture", and a
timing_note beginning with SYNTHETIC); none of its numbers is a measurement.

Samples are log-normal around a per-kernel time per op times a per-strategy
factor; --shift KERNEL/STRATEGY=PCT slows one cell down (an injected
regression); --resample FILE writes a copy of a real file whose samples are
drawn with replacement from its own (for A/A comparisons); --runs N makes N
runs of --reps each, every run of a cell at its own level (log-normal,
--run-sd), as fresh processes on a shared machine are.
"""
import argparse
import json
import math
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import strategies as table  # noqa: E402  (tests/strategies.py: the one strategy table)

KERNELS = [  # name, unit, ops per repetition, ns per op under plain
    ("copy8", "byte", 65536, 0.9),
    ("chase_l1", "load", 100000, 1.3),
    ("chase_llc", "load", 20000, 95.0),
    ("mp_flag", "message", 50000, 40.0),
]
STRATEGIES = {  # time factor, instructions per op, barriers per op
    "plain": (1.00, 4.0, 0.0),
    "ldar": (1.55, 4.0, 0.0),
    "ldapr": (1.30, 4.0, 0.0),
    "ldapur": (1.27, 4.0, 0.0),
    "dmb": (2.40, 6.0, 2.0),
    "hwtso": (1.09, 4.0, 0.0),
}
ROWS = {r["name"]: r for r in table.table()}
# Made-up factors, one per strategy of the table: a new row needs one here.
assert set(STRATEGIES) == set(table.names()), "make_fixture.py: STRATEGIES != the table"


def quantile(s, p):
    h = (len(s) - 1) * p
    lo = math.floor(h)
    if lo + 1 >= len(s):
        return s[-1]
    return s[lo] + (h - lo) * (s[lo + 1] - s[lo])


def stats(v):
    s = sorted(v)
    n = len(s)
    mean = sum(s) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in s) / (n - 1)) if n > 1 else 0.0
    q1, q3 = quantile(s, 0.25), quantile(s, 0.75)
    # Order-statistic CI of the median, as bench/stats.c.
    best, cov = -1, 0.0
    for l in range(0, n):
        if 2 * l + 1 >= n:
            break
        c = 1 - 2 * sum(math.comb(n, i) for i in range(l + 1)) / 2 ** n
        if c < 0.95:
            break
        best, cov = l, c
    lo, hi = (s[best], s[n - 1 - best]) if best >= 0 else (s[0], s[-1])
    iqr = q3 - q1
    return {
        "n": n, "median": quantile(s, 0.5), "min": s[0], "max": s[-1], "mean": mean,
        "stddev": sd, "q1": q1, "q3": q3, "ci95": [lo, hi], "ci_level": cov,
        "cv": sd / mean if mean else 0.0,
        "outliers": sum(1 for x in s if x < q1 - 1.5 * iqr or x > q3 + 1.5 * iqr),
    }


def series(values):
    return {"values": values, "stats": stats(values)}


def context(args, strategies):
    return {
        "date": "2026-01-01T00:00:00Z",
        "command": "run",
        "command_line": "tests/analysis/make_fixture.py (synthetic)",
        "host": args.host,
        "arch": "aarch64",
        "cpu_model": "SYNTHETIC CPU (no such hardware)",
        "midr": None,
        "ncpus": 8,
        "kernel": args.kernel,
        "kernel_version": "#1 synthetic",
        "execution": "qemu-system (synthetic)" if args.emulated else "native",
        "emulated": args.emulated,
        "timing_note": ("emulated: timings say nothing about what ordering costs; "
                        "SYNTHETIC test data" if args.emulated else
                        "SYNTHETIC test data made by tests/analysis/make_fixture.py: "
                        "not a measurement of anything"),
        "compiler": "none", "cflags": "", "tsobench_version": "0.1.0",
        "git_commit": "synthetic", "rmw": "lse",
        "pmu": {"present": True, "reason": None, "perf_event_paranoid": 2,
                "perf_user_access": None},
        "memory_model": {"supported": True, "current": "default", "tso": True},
        "events": ["task-clock", "cycles", "instructions", "BARRIER_INST_SPEC"],
        "quick": False, "repeat": args.reps, "warmup": 2, "cpu": 0,
        **({"runs": args.runs} if args.runs > 1 else {}),
        "strategies": [{"name": s, "available": s in strategies,
                        "reason": None if s in strategies else "synthetic: not generated"}
                       for s in STRATEGIES],
    }


def cell(rng, args, kernel, strategy, shifts):
    name, unit, ops, ns = kernel
    factor, ins, bar = STRATEGIES[strategy]
    shift = 1 + shifts.get(f"{name}/{strategy}", 0.0) / 100
    wall, runs = [], []
    for run in range(args.runs):
        level = math.exp(rng.gauss(0, args.run_sd)) if args.runs > 1 else 1.0
        wall += [round(ops * ns * factor * shift * level * math.exp(rng.gauss(0, args.cv)))
                 for _ in range(args.reps)]
        runs += [run] * args.reps
    ctr = {"task-clock": dict(series([w * 1.01 for w in wall]), available=True)}
    ctr["cycles"] = dict(series([w * 3.0 for w in wall]), available=True)
    ctr["instructions"] = dict(
        series([float(round(ops * ins + rng.randint(0, 50))) for _ in wall]), available=True)
    ctr["BARRIER_INST_SPEC"] = dict(
        series([float(round(ops * bar)) for _ in wall]), available=True)
    ctr["branch-misses"] = {"available": False,
                            "reason": "synthetic: this event is not generated"}
    for k, v in ctr.items():
        if v["available"]:
            v.update(scaled=False, user_read=False, time_enabled=wall, time_running=wall,
                     per_op=v["stats"]["median"] / ops)
    return {
        "kernel": name, "strategy": strategy, "threads": 1, "status": "ok", "reason": None,
        "stands_for": "synthetic", "size": ops, "ops": ops, "unit": unit, "warmup": 2,
        "repeat": args.reps,
        "checksum": {"got": "0x1", "expected": "0x1", "ok": True},
        "ordering_violations": 0, "pinned_cpus": [0], "cpus_seen": [[0]],
        "memory_model": ["tso" if ROWS[strategy]["model"] == "TSO" else "default"],
        "wall_ns": dict(series([float(w) for w in wall]),
                        **({"run": runs} if args.runs > 1 else {})),
        "wall_ns_per_op": stats(wall)["median"] / ops,
        "counters": ctr,
    }


def ctxsw(rng, reps):
    def ns(base):
        return series([base * math.exp(rng.gauss(0, 0.02)) for _ in range(reps)])

    return {
        "states": [
            {"state": "default", "variant": "futex", "status": "ok", "ns_per_switch": ns(1450)},
            {"state": "tso", "variant": "futex", "status": "ok", "ns_per_switch": ns(1480)},
            {"state": "mixed", "variant": "futex", "status": "ok", "ns_per_switch": ns(1530)},
            {"state": "cross-cpu", "variant": "futex", "status": "ok",
             "ns_per_switch": ns(2900)},
            {"state": "default", "variant": "pipe", "status": "ok", "ns_per_switch": ns(2100)},
            {"state": "mixed", "variant": "pipe", "status": "unavailable",
             "reason": "synthetic: not generated"},
        ],
        "prctl": [
            {"call": "PR_SET_MEM_MODEL tso", "status": "ok", "ns_per_call": ns(180)},
            {"call": "PR_GET_MEM_MODEL", "status": "ok", "ns_per_call": ns(95)},
        ],
    }


def litmus():
    def test(name, strategy, forbidden, relaxed):
        return {"test": name, "strategy": strategy, "available": True, "reason": None,
                "must_be_tso": ROWS[strategy]["tso"], "status": "ok", "iterations": 100000,
                "forbidden_observed": forbidden, "relaxed_observed": relaxed}

    return {"model": "x86-TSO", "verdict": "SYNTHETIC: dmb shows a forbidden outcome",
            "tests": [test("MP", "plain", 0, 0), test("MP", "dmb", 0, 0),
                      test("SB", "plain", 0, 1234), test("SB", "dmb", 3, 40),
                      {"test": "SB", "strategy": "hwtso", "available": False,
                       "status": "unavailable", "reason": "synthetic: not generated"}]}


def ctxsw_file(rng, args):
    """The section `tsobench ctxsw` writes, in its real shape, for one kernel.

    --switch-ns is the default state's ns per switch, --tso-ns and --mixed-ns
    what the other states add; --no-prctl makes it an unpatched kernel."""
    why = "kernel has no PR_GET_MEM_MODEL (Invalid argument): synthetic unpatched kernel"

    def ns(base, reps=args.reps):
        return series([base * math.exp(rng.gauss(0, args.cv)) for _ in range(reps)])

    def state(base, summary):
        return {"available": True, "ok": True, "reason": None, "summary": summary,
                "cpus": [0, 0], "models": ["default", "default"], "round_trips": 1000,
                "switches": 10000, "observed_switches": 10000,
                "ns_per_switch": ns(base), "mismatches": 0}

    def off():
        return {"available": False, "reason": why}

    def method(scale):
        b = args.switch_ns * scale
        return {"default": state(b, "both default"),
                "tso": off() if args.no_prctl else state(b + args.tso_ns, "both TSO"),
                "mixed": off() if args.no_prctl else state(b + args.mixed_ns, "mixed"),
                "cross-cpu": state(b * 3, "two CPUs")}

    def call(base):
        if args.no_prctl:
            return off()
        return {"available": True, "reason": None, "ns_per_call": ns(base)}

    def tput(ops):
        if ops is None:
            return off()
        return {"available": True, "ok": True, "reason": None,
                "ops_per_s": series([ops * math.exp(rng.gauss(0, args.cv))
                                     for _ in range(args.reps)]),
                "checks": 100, "mismatches": 0}

    return {
        "cpu": 0, "cross_cpu": 1, "round_trips": 1000, "repeat": args.reps, "warmup": 1,
        "memory_model": {"get": not args.no_prctl, "tso": not args.no_prctl,
                         "reason": why if args.no_prctl else None},
        "pipe": method(1.0), "futex": method(0.8),
        "prctl": {"cpu": 0, "calls": 10000, "get": call(90), "set_same": call(120),
                  "set_tso": call(400), "set_default": call(410),
                  "available": not args.no_prctl},
        "throughput": {"cpu": 0, "seconds": 0.2, "unit": "load+store pairs",
                       "states": {"default": tput(1e9),
                                  "tso": tput(None if args.no_prctl else 0.99e9),
                                  "mixed": tput(None if args.no_prctl else 0.97e9)},
                       "available": True, "reason": None},
        "mismatches": args.mismatches,
    }


def litmus_file():
    """A `tsobench litmus` section: plain reorders MP and LB (weak), every ordering
    strategy shows 0 forbidden outcomes; SB's relaxed outcome is allowed by TSO."""
    tests = []
    for name in ("MP", "SB", "LB", "IRIW"):
        for s in STRATEGIES:
            weak = s == "plain" and name in ("MP", "LB")
            tests.append({"test": name, "strategy": s, "available": True, "reason": None,
                          "must_be_tso": ROWS[s]["tso"], "status": "weak" if weak else "ok",
                          "iterations": 100000, "forbidden_observed": 321 if weak else 0,
                          "relaxed_observed": 50 if name == "SB" else 0})
    return {"model": "x86-TSO", "iterations": 100000, "batch": 1000, "stagger": 256,
            "seed": 42, "tests": tests, "violations": 0, "verdict": "ok"}


def resample(args):
    with open(args.resample) as f:
        doc = json.load(f)
    rng = random.Random(args.seed)
    for c in doc["cells"]:
        w = c.get("wall_ns")
        if w and w.get("values"):
            v = [rng.choice(w["values"]) for _ in w["values"]]
            c["wall_ns"] = series(v)
    doc["context"]["command_line"] += " (resampled by tests/analysis/make_fixture.py)"
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--cv", type=float, default=0.01, help="log-normal sigma of the noise")
    ap.add_argument("--runs", type=int, default=1, help="runs (processes) in the file")
    ap.add_argument("--run-sd", type=float, default=0.03,
                    help="log-normal sigma of each run's level")
    ap.add_argument("--host", default="synthetic-fixture")
    ap.add_argument("--kernel", default="6.12.0-synthetic")
    ap.add_argument("--strategies", default=",".join(table.names()))
    ap.add_argument("--shift", action="append", default=[], metavar="KERNEL/STRATEGY=PCT")
    ap.add_argument("--no-ctxsw", action="store_true")
    ap.add_argument("--emulated", action="store_true", help="label the file as emulated")
    ap.add_argument("--resample", metavar="FILE")
    ap.add_argument("--command", choices=("run", "ctxsw", "litmus"), default="run",
                    help="the kind of file: run (cells), ctxsw or litmus (real shapes)")
    ap.add_argument("--switch-ns", type=float, default=1200.0)
    ap.add_argument("--tso-ns", type=float, default=5.0)
    ap.add_argument("--mixed-ns", type=float, default=150.0)
    ap.add_argument("--no-prctl", action="store_true", help="ctxsw: an unpatched kernel")
    ap.add_argument("--mismatches", type=int, default=0)
    ap.add_argument("--kconfig", action="append", default=[], metavar="LINE",
                    help="a kernel configuration line for context.kernel_config")
    args = ap.parse_args()

    if args.resample:
        doc = resample(args)
    else:
        rng = random.Random(args.seed)
        strategies = args.strategies.split(",")
        shifts = {}
        for s in args.shift:
            key, pct = s.split("=")
            shifts[key] = float(pct)
        doc = {
            "schema": "tsobench-results", "schema_version": 2 if args.runs > 1 else 1,
            "complete": True,
            "incomplete_reason": None, "context": context(args, strategies),
            "cells": [cell(rng, args, k, s, shifts) for k in KERNELS for s in strategies],
        }
        if args.command != "run":
            doc["cells"] = []
            doc["context"]["command"] = args.command
            doc[args.command] = ctxsw_file(rng, args) if args.command == "ctxsw" \
                else litmus_file()
        elif not args.no_ctxsw:
            doc["ctxsw"] = ctxsw(rng, args.reps)
            doc["litmus"] = litmus()
        if args.kconfig:
            doc["context"]["kernel_config"] = {"source": "/boot/config-" + args.kernel,
                                               "reason": None, "lines": args.kconfig}
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
