# SPDX-License-Identifier: MIT
"""Results files and helpers for tests/history/history.py.

Synthetic files are seeded (Python's Mersenne Twister: the same numbers on
every host) and say SYNTHETIC in their context; real runs come from the
tsobench under test.
"""
import contextlib
import json
import os
import random
import subprocess
import time

AB_SAMPLES = 32  # 2 sides x 2 kernels x 2 runs x 4 rounds
AB_BASE_COMMIT, AB_NEW_COMMIT = "ba5eba5e", "0e110e11"  # the A/B file's two builds


def _context(i, commit, host="synthetic", runs=None):
    ctx = {
        "date": "2026-01-%02dT%02d:%02d:%02dZ" % (1 + i // 86400, i // 3600 % 24, i // 60 % 60,
                                                  i % 60),
        "command": "run", "command_line": "SYNTHETIC history test",
        "host": host, "arch": "x86_64", "cpu_model": "SYNTHETIC CPU", "midr": None,
        "ncpus": 2, "kernel": "6.1.0-synthetic", "execution": "native", "emulated": False,
        "timing_note": "SYNTHETIC: made-up numbers for the history tests",
        "compiler": "cc GNU 12.2.0", "cflags": "-O2", "tsobench_version": "0.1.0",
        "git_commit": commit,
    }
    if runs:
        ctx["runs"] = runs
    return ctx


def _cell(kernel, values, **extra):
    c = {"kernel": kernel, "strategy": "plain", "threads": 1, "status": "ok", "reason": None,
         "size": 1000, "ops": 1000, "unit": "op", "wall_ns": {"values": values}}
    c.update(extra)
    return c


def _write(path, cells, i, commit, **ctx):
    doc = {"schema": "tsobench-results", "schema_version": 2, "complete": True,
           "incomplete_reason": None, "context": _context(i, commit, **ctx), "cells": cells}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    return path


def _samples(v):
    # Three samples whose median is v exactly: the run's point in its series.
    return [v * 0.999, v, v * 1.001]


def synthetic_series(work, tag, n, seed):
    """n runs with three series: a +5% step at run 60, a +30% spike at run 60, flat; 1% noise."""
    rng = random.Random(seed)
    files = []
    for i in range(n):
        noise = [1 + 0.01 * rng.gauss(0, 1) for _ in range(3)]
        cells = [_cell("step", _samples(100 * (1.05 if i >= 60 else 1) * noise[0])),
                 _cell("spike", _samples(100 * (1.3 if i == 60 else 1) * noise[1])),
                 _cell("flat", _samples(100 * noise[2]))]
        files.append(_write(os.path.join(work, "%s-%03d.json" % (tag, i)), cells, i,
                            "%08x" % (0x5e000000 + i)))
    return files


def stationary(work, tag, runs, series, seed):
    """runs files of `series` cells each, every one stationary with 1% noise."""
    rng = random.Random(seed)
    files = []
    for i in range(runs):
        cells = [_cell("k%03d" % k, _samples(100 * (1 + 0.01 * rng.gauss(0, 1))))
                 for k in range(series)]
        files.append(_write(os.path.join(work, "%s-%03d.json" % (tag, i)), cells, i,
                            "%08x" % (0x5f000000 + i)))
    return files


def ab_file(work, name):
    """An A/B file as `tsobench ab` writes them: sides, runs and rounds (schema 2)."""
    rng = random.Random(2)
    cells = []
    for side in ("base", "new"):
        for k in ("copy8", "sort"):
            vals = [100 * (1 + 0.01 * rng.gauss(0, 1)) for _ in range(8)]
            cells.append(_cell(k, None, side=side))
            cells[-1]["wall_ns"] = {"values": vals, "run": [0, 0, 0, 0, 1, 1, 1, 1],
                                    "round": [0, 1, 2, 3, 0, 1, 2, 3]}
    path = _write(os.path.join(work, name), cells, 5000, "5a5a5a5a", runs=2)
    # As `tsobench ab` records them: each side's build, which the driver's need not be.
    with open(path) as f:
        doc = json.load(f)
    doc["context"]["sides"] = {
        side: {"git_commit": commit, "tsobench_version": "0.1.0", "compiler": "cc GNU 12.2.0",
               "cflags": "-O2", "command_line": "SYNTHETIC %s build" % side,
               "injected_slowdown_pct": 0, "run_seeds": [1, 2]}
        for side, commit in (("base", AB_BASE_COMMIT), ("new", AB_NEW_COMMIT))}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    return path


def fresh_store(env):
    """Another, empty store on the same backend."""
    if env.backend == "sqlite":
        return os.path.join(env.work, "full.db")
    env.sql("CREATE DATABASE full_recompute")
    return "postgresql:///full_recompute?host=%s&user=tsob" % env.pg_host


@contextlib.contextmanager
def holder(env, pg_key):
    """Another process holding the store's writer lock until the block ends."""
    if env.backend == "sqlite":
        import sqlite3
        con = sqlite3.connect(env.db, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            con.execute("ROLLBACK")
            con.close()
        return
    p = subprocess.Popen(["/usr/lib/postgresql/15/bin/psql", "-X", "-h", env.pg_host, "-U", "tsob", "-d", "postgres"],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        p.stdin.write("SELECT pg_advisory_lock(%d);\n" % pg_key)
        p.stdin.flush()
        for _ in range(200):
            if env.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")\
                    == [("1",)]:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("psql never took the lock")
        yield
    finally:
        p.stdin.close()
        p.wait(timeout=30)


def _die_with_parent():
    """The busy loop ends with this script, however it ends (PR_SET_PDEATHSIG, SIGKILL)."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, 9, 0, 0, 0)


def _chase_ms(path):
    """The median wall time of a real run's chase_llc cell, in ms."""
    with open(path) as f:
        cell = [c for c in json.load(f)["cells"] if c["kernel"] == "chase_llc"][0]
    v = sorted(cell["wall_ns"]["values"])
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2e6


def real_runs(env, n, slow_from):
    """
    n `run --quick -w chase_llc,sort -m plain` files from this host, pinned to one
    CPU. From run slow_from on, the same command runs at nice 19 while a busy loop
    at nice 0 is pinned to the same CPU: the cell gets a small share of its CPU,
    and a chase_llc repetition (milliseconds, longer than a scheduler slice) waits
    for the competitor. A real slowdown of the same cell on the same host, as a CI
    runner sharing its CPU would see; sort's repetitions (~0.2 ms) mostly escape.
    """
    cpu = max(os.sched_getaffinity(0))
    files, hog = [], None
    try:
        for i in range(n):
            if i == slow_from:
                hog = subprocess.Popen(["taskset", "-c", str(cpu), "sh", "-c",
                                        "while :; do :; done"], preexec_fn=_die_with_parent)
                time.sleep(0.2)
            path = os.path.join(env.work, "real-%02d.json" % i)
            cmd = (["nice", "-n", "19"] if i >= slow_from else []) + env.bin + [
                "run", "--quick", "-w", "chase_llc,sort", "-m", "plain", "--cpu", str(cpu),
                "-q", "-o", path]
            # The scheduler now and then lets a whole slowed run through at full speed
            # (seen: 1 run in about 10 tests). The test is of `check` on a real step, so
            # a slowed run must be slow: it is run again, at most three times in all.
            for attempt in range(3):
                p = subprocess.run(cmd, capture_output=True, text=True)
                if p.returncode:
                    raise RuntimeError("run %d: %s" % (i, p.stderr))
                if i < slow_from or _chase_ms(path) > 10 * max(map(_chase_ms, files[:slow_from])):
                    break
                print("run %d was not slowed (chase_llc %.1f ms): again" % (i, _chase_ms(path)))
            else:
                raise RuntimeError("run %d: three times not slowed by the busy loop" % i)
            files.append(path)
    finally:
        if hog:
            hog.kill()
            hog.wait()
    return files
