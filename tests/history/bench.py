#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Benchmark of `tsobench history` (not a test): add of a 100-cell run, and check
over 1,000 runs x 100 series, on SQLite and on a throwaway PostgreSQL server.

usage: bench.py --tsobench BIN [--backends sqlite,pg] [--out results/history-bench]

CPU time is what the machine spent (the tsobench process, and for PostgreSQL
also the server's processes), wall time what a user waits; on a shared VM the
wall time depends on the load, which is recorded beside each figure. The
files are SYNTHETIC (made-up numbers, seeded): the cost of storing and
searching does not depend on what the numbers mean.
"""
import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixtures  # noqa: E402
import history  # noqa: E402

COUNTERS = ("task-clock", "context-switches", "page-faults", "cycles", "instructions",
            "branch-misses")


def run_file(path, i, cells, samples, counters, rng):
    out = []
    for k in range(cells):
        c = fixtures._cell("k%03d" % k, [100 * (1 + 0.01 * rng.gauss(0, 1))
                                         for _ in range(samples)])
        if counters:
            c["counters"] = {n: {"available": True, "read_path": "syscall",
                                 "values": [1000 + rng.random() for _ in range(samples)]}
                             for n in COUNTERS}
        out.append(c)
    return fixtures._write(path, out, i, "%08x" % (0x6e000000 + i))


class Clock:
    """CPU seconds of finished children (tsobench) and of a PostgreSQL server."""

    def __init__(self, pg_pid=None):
        self.pg_pid = pg_pid

    def read(self):
        ru = os.times()
        server = 0.0
        if self.pg_pid:
            f = open("/proc/%d/stat" % self.pg_pid).read().rsplit(")", 1)[1].split()
            # utime, stime, cutime, cstime: the postmaster and the backends it reaped.
            server = sum(int(x) for x in f[11:15]) / os.sysconf("SC_CLK_TCK")
        return time.monotonic(), ru.children_user + ru.children_system, server

    def since(self, t0):
        t1 = self.read()
        # The server's backend for that connection is reaped just after it ends.
        time.sleep(0.5) if self.pg_pid else None
        server = self.read()[2]
        return {"wall_s": t1[0] - t0[0], "cpu_s": t1[1] - t0[1], "server_cpu_s": server - t0[2]}


def tsob(env, *argv, rc=(0,)):
    p = subprocess.run(env.bin + ["history"] + list(argv) + ["--db", env.db],
                       capture_output=True, text=True)
    if p.returncode not in rc:
        raise RuntimeError("history %s: %s" % (argv[0], p.stderr))
    return p.stdout


def bench_add(env, clock, work, reps):
    rng = random.Random(100)
    files = [run_file(os.path.join(work, "add-%02d.json" % i), i, 100, 10, True, rng)
             for i in range(reps)]
    figs = []
    for f in files:
        t0 = clock.read()
        tsob(env, "add", f)
        figs.append(clock.since(t0))
    return {"what": "history add of one 100-cell run (10 samples, 6 counters a cell), "
                    "one process a run", "runs_added": reps,
            "file_bytes": os.path.getsize(files[0]),
            "median": {k: statistics.median(x[k] for x in figs) for k in figs[0]}}


def bench_check(env, clock, work, runs, series):
    rng = random.Random(1000)
    files = [run_file(os.path.join(work, "chk-%04d.json" % i), i, series, 5, False, rng)
             for i in range(runs + 1)]
    t0 = clock.read()
    for i in range(0, runs, 250):
        tsob(env, "add", *files[i:min(i + 250, runs)])
    bulk = clock.since(t0)
    if env.backend == "pg":
        # What autovacuum would do after a bulk load, done now: not inside the timing.
        env.sql("VACUUM ANALYZE")
        time.sleep(2)
    t0 = clock.read()
    out_full = tsob(env, "check", rc=(0, 1))
    full = clock.since(t0)
    tsob(env, "add", files[runs])
    t0 = clock.read()
    out_inc = tsob(env, "check", rc=(0, 1))
    inc = clock.since(t0)
    return {"what": "history check over %d runs x %d series" % (runs, series),
            "bulk_add_%d_runs" % runs: bulk, "check_full": full,
            "check_full_summary": out_full.strip().splitlines()[-1],
            "check_after_one_more_run": inc,
            "check_incremental_summary": [l for l in out_inc.splitlines()
                                          if "windows" in l][0]}


def one_backend(args, backend):
    work = tempfile.mkdtemp(prefix="tsob-hbench-")
    os.chmod(work, 0o777)
    env = history.Env(argparse.Namespace(tsobench=args.tsobench, source=""), work)
    env.backend = backend
    store = history.sqlite_store if backend == "sqlite" else history.pg_store
    try:
        with store(env):
            pid = None
            if backend == "pg":
                pid = int(open(env.pg_host + "/data/postmaster.pid").readline())
            clock = Clock(pid)
            load0 = os.getloadavg()
            res = {"backend": backend, "load_before": load0}
            res["add"] = bench_add(env, clock, work, args.add_reps)
            env.db_add = env.db
            if backend == "sqlite":
                env.db = os.path.join(work, "check.db")
            else:
                env.sql("CREATE DATABASE bench_check")
                env.db = "postgresql:///bench_check?host=%s&user=tsob" % env.pg_host
            res["check"] = bench_check(env, clock, work, args.runs, args.series)
            res["load_after"] = os.getloadavg()
            return res
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tsobench", required=True)
    ap.add_argument("--backends", default="sqlite,pg")
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--series", type=int, default=100)
    ap.add_argument("--add-reps", type=int, default=20)
    ap.add_argument("--out", default="results/history-bench")
    a = ap.parse_args()
    doc = {"what": "tsobench history benchmark (SYNTHETIC files, seeded)",
           "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "host": platform.node(), "cpu": platform.processor() or platform.machine(),
           "ncpus": os.cpu_count(), "tsobench": a.tsobench, "results": []}
    for b in a.backends.split(","):
        doc["results"].append(one_backend(a, b))
        print(json.dumps(doc["results"][-1], indent=1))
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "bench-%s.json" % doc["date"].replace(":", ""))
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    print(path)


if __name__ == "__main__":
    main()
