#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `tsobench history`, on SQLite and on PostgreSQL.

usage: history.py CASE --backend sqlite|pg --tsobench BIN --source DIR --work DIR

The PostgreSQL cases start a throwaway server from Debian's postgresql-15
(initdb into a temporary directory as an unprivileged user, a Unix socket
only) and stop it at the end, also on failure; they skip (exit 77) with the
reason only where the server cannot start. Synthetic results files say so in
their context (host "synthetic", a timing_note beginning with SYNTHETIC).
"""
import argparse
import contextlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixtures  # noqa: E402  (tests/history/fixtures.py)

SKIP = 77
PG_BIN = "/usr/lib/postgresql/15/bin"
PSQL = PG_BIN + "/psql"
LOCK_KEY = 1953722210  # the writers' advisory lock (analysis/history/db_pg.c)


class Fail(Exception):
    pass


class Skip(Exception):
    pass


def expect(cond, msg):
    if not cond:
        raise Fail(msg)


def unprivileged():
    """setpriv prefix to run as nobody when root (initdb refuses root; root ignores modes)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


class Env:
    def __init__(self, args, work):
        self.bin = os.environ.get("TSOB_EMU", "").split() + [os.path.abspath(args.tsobench)]
        self.source = args.source
        self.work = work
        self.db = None  # a file or a URL
        self.sql = None  # run SQL on the store: sql(text) -> list of rows (tuples of str)

    def run(self, *argv, db=True, user=None, env=None):
        cmd = (user or []) + self.bin + ["history"] + list(argv)
        if db and "--db" not in argv:
            cmd += ["--db", self.db]
        e = dict(os.environ, **(env or {}))
        e.pop("TSOBENCH_HISTORY_DB", None)
        return subprocess.run(cmd, capture_output=True, text=True, env=e, cwd=self.work)

    def ok(self, *argv, rc=0, **kw):
        p = self.run(*argv, **kw)
        expect(p.returncode == rc, "history %s: exit %d, expected %d: %s%s" %
               (" ".join(argv), p.returncode, rc, p.stdout[-800:], p.stderr[-800:]))
        return p.stdout

    def refused(self, *argv, words, **kw):
        """Exit 2 with one line on stderr that names the problem."""
        p = self.run(*argv, **kw)
        lines = p.stderr.strip().splitlines()
        expect(p.returncode == 2, "history %s: exit %d, expected 2 (%s)" %
               (" ".join(argv), p.returncode, p.stderr.strip()))
        expect(len(lines) == 1 and lines[0].startswith("tsobench: history"),
               "history %s: not one line: %r" % (" ".join(argv), p.stderr))
        expect(re.search(words, lines[0]), "history %s: %r does not say %r" %
               (" ".join(argv), lines[0], words))
        return lines[0]


# ---- backends ----

@contextlib.contextmanager
def sqlite_store(env):
    import sqlite3
    env.db = os.path.join(env.work, "history.db")

    def sql(text):
        con = sqlite3.connect(env.db, timeout=30)
        try:
            rows = con.execute(text).fetchall()
            con.commit()
            return [tuple(None if v is None else str(v) for v in r) for r in rows]
        finally:
            con.close()
    env.sql = sql
    yield


def pg_start(tmp):
    if not os.access(os.path.join(PG_BIN, "initdb"), os.X_OK):
        raise Skip("PostgreSQL cannot start: %s/initdb missing (Debian's postgresql-15)" % PG_BIN)
    os.chmod(tmp, 0o777)
    user = unprivileged()
    p = subprocess.run(user + [PG_BIN + "/initdb", "-D", tmp + "/data", "-A", "trust", "-U",
                               "tsob", "--no-sync"], capture_output=True, text=True)
    if p.returncode:
        raise Skip("PostgreSQL cannot start: initdb failed: %s" % p.stderr.strip()[-300:])
    p = subprocess.run(user + [PG_BIN + "/pg_ctl", "-D", tmp + "/data", "-o",
                               "-k %s -c listen_addresses= -c fsync=off" % tmp, "-l",
                               tmp + "/pg.log", "-w", "-t", "60", "start"],
                       capture_output=True, text=True)
    if p.returncode:
        log = open(tmp + "/pg.log").read()[-300:] if os.path.exists(tmp + "/pg.log") else ""
        raise Skip("PostgreSQL cannot start: pg_ctl start failed: %s %s" % (p.stderr.strip(), log))


def pg_stop(tmp):
    subprocess.run(unprivileged() + [PG_BIN + "/pg_ctl", "-D", tmp + "/data", "-m", "immediate",
                                     "-w", "stop"], capture_output=True)


@contextlib.contextmanager
def pg_store(env):
    tmp = tempfile.mkdtemp(prefix="tsob-pg-")
    started = False
    try:
        pg_start(tmp)
        started = True
        env.db = "postgresql:///postgres?host=%s&user=tsob" % tmp
        env.pg_host = tmp

        def sql(text):
            p = subprocess.run([PSQL, "-X", "-At", "-F", "\t", "-h", tmp, "-U", "tsob", "-d",
                                "postgres", "-v", "ON_ERROR_STOP=1", "-c", text],
                               capture_output=True, text=True)
            expect(p.returncode == 0, "psql: %s" % p.stderr.strip())
            return [tuple(None if v == "" else v for v in line.split("\t"))
                    for line in p.stdout.splitlines()]
        env.sql = sql
        yield
    finally:
        if started:
            pg_stop(tmp)
        shutil.rmtree(tmp, ignore_errors=True)


# ---- helpers ----

def add_all(env, files, **kw):
    # Many files a call: as a CI's backfill would.
    for i in range(0, len(files), 200):
        env.ok("add", *files[i:i + 200], **kw)


def check_rows(out):
    """The change points `history check` printed: dicts by column."""
    rows = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 10 and f[0].isdigit():
            rows.append({"cp": int(f[0]), "state": f[1], "run": int(f[2]), "commit": f[3],
                         "fp": f[4], "series": f[5], "before": float(f[6]),
                         "after": float(f[7]), "change": float(f[8].rstrip("%")),
                         "p": float(f[9])})
    return rows


def searched(out):
    m = re.search(r"searched (\d+) of (\d+) windows", out)
    expect(m, "check printed no search summary: %r" % out[-300:])
    return int(m.group(1)), int(m.group(2))


# ---- cases ----

def case_synthetic(env):
    """Step, spike and flat series through the store; an append equals a full recompute."""
    files = fixtures.synthetic_series(env.work, "syn", n=121, seed=14)
    add_all(env, files[:120])
    out = env.ok("check", rc=1)
    rows = check_rows(out)
    step = [r for r in rows if r["series"].startswith("step/")]
    expect(len(step) == 1, "step series: %d change points, expected 1: %s" % (len(step), out))
    expect(abs((step[0]["run"] - 1) - 60) <= 2, "step at run index %d, expected 60 +- 2"
           % (step[0]["run"] - 1))
    expect(4 < step[0]["change"] < 6, "step magnitude %.2f%%, expected about +5%%" %
           step[0]["change"])
    expect(not [r for r in rows if r["series"].startswith("spike/")],
           "a single-sample spike became a change point: %s" % out)
    # Acknowledged, the regression no longer fails the check.
    env.ok("ack", str(step[0]["cp"]))
    rows = check_rows(env.ok("check", rc=0))
    expect([r["state"] for r in rows if r["cp"] == step[0]["cp"]] == ["acknowledged"],
           "acknowledged state not kept")
    # Append one run: the stored state searches only the last window ...
    env.ok("add", files[120])
    inc = env.ok("check", rc=0)
    s, total = searched(inc)
    expect(s < total, "the append searched %d of %d windows: the stored state was not used"
           % (s, total))
    # ... and finds what a full search over a new store finds.
    full_db = env.fresh_store()
    env.ok("add", *files, "--db", full_db)
    full = env.ok("check", "--db", full_db, rc=1)
    strip = lambda rows: sorted((r["series"], r["run"], r["before"], r["after"], r["p"])
                                for r in rows)
    expect(strip(check_rows(inc)) == strip(check_rows(full)),
           "append != full recompute:\n%s\n%s" % (inc, full))


def case_stationary(env):
    """100 stationary series of 200 runs: at least 95 without a change point."""
    files = fixtures.stationary(env.work, "flat", runs=200, series=100, seed=1414)
    add_all(env, files)
    p = env.run("check")
    expect(p.returncode in (0, 1), "check: exit %d: %s" % (p.returncode, p.stderr))
    with_cp = {r["series"] for r in check_rows(p.stdout)}
    expect(len(with_cp) <= 5, "%d of 100 stationary series have change points: %s"
           % (len(with_cp), sorted(with_cp)))
    expect(p.returncode == (1 if any(r["change"] > 0 for r in check_rows(p.stdout)) else 0),
           "exit status does not follow the regressions found")
    print("stationary: %d of 100 series with a change point" % len(with_cp))


def case_fingerprint(env):
    """A series never mixes hosts: the same cell emulated, or on another kernel, is another."""
    files = fixtures.synthetic_series(env.work, "fp", n=9, seed=11)
    for i, f in enumerate(files[3:]):
        doc = json.load(open(f))
        if i < 3:
            doc["context"].update(execution="emulated", emulated=True)
        else:
            doc["context"]["kernel"] = "6.12.0-other"
        json.dump(doc, open(f, "w"))
    env.ok("add", *files)
    hosts = env.sql("SELECT h.execution, h.kernel, count(*) FROM series se JOIN points p ON "
                    "p.series_id = se.id JOIN hosts h ON h.id = se.host_id WHERE se.kernel = "
                    "'step' GROUP BY h.execution, h.kernel ORDER BY h.execution, h.kernel")
    expect(hosts == [("emulated", "6.1.0-synthetic", "3"), ("native", "6.1.0-synthetic", "3"),
                     ("native", "6.12.0-other", "3")], "series by host: %s" % hosts)
    trend = os.path.join(env.work, "trend")
    env.ok("trend", "-w", "step", "-o", trend)
    md = open(os.path.join(trend, "trend.md")).read()
    expect(md.count("## step/plain/1t/wall_ns") == 3, "trend: not one chart per host")
    expect("emulated: timings say nothing" in md, "trend.md lacks the emulated banner")


def case_export(env):
    """A real run and an A/B file with runs, rounds and sides: export gives the bytes back."""
    real = os.path.join(env.work, "real.json")
    p = subprocess.run(env.bin + ["run", "--quick", "-w", "copy8,sort", "-m", "plain", "-q",
                                  "-o", real], capture_output=True, text=True)
    expect(p.returncode == 0, "run --quick: %s" % p.stderr)
    ab = fixtures.ab_file(env.work, "ab.json")
    out = env.ok("add", real, ab)
    ids = [int(m) for m in re.findall(r"^run (\d+):", out, re.M)]
    expect(len(ids) == 2, "add printed %r" % out)
    for rid, src in zip(ids, (real, ab)):
        dst = os.path.join(env.work, "export-%d.json" % rid)
        env.ok("export", str(rid), "-o", dst)
        a, b = open(src, "rb").read(), open(dst, "rb").read()
        expect(a == b, "export of run %d differs from %s" % (rid, src))
        expect(json.loads(a) == json.loads(b), "export of run %d: another document" % rid)
    # The A/B structure is in the tables too, and only the new side makes series points.
    n = env.sql("SELECT count(*) FROM samples s JOIN cells c ON c.id = s.cell_id "
                "WHERE c.run_id = %d AND s.run IS NOT NULL AND s.round IS NOT NULL" % ids[1])
    expect(int(n[0][0]) == fixtures.AB_SAMPLES, "A/B samples with run and round: %s" % n)
    sides = env.sql("SELECT side, count(*) FROM cells WHERE run_id = %d GROUP BY side "
                    "ORDER BY side" % ids[1])
    expect(sides == [("base", "2"), ("new", "2")], "A/B sides: %s" % sides)
    pts = env.sql("SELECT count(*) FROM points WHERE run_id = %d" % ids[1])
    expect(pts == [("2",)], "A/B points (new side only): %s" % pts)
    # Those points stand for the NEW build: the run is stored under its commit, not under
    # the commit of the tsobench that drove the A/B.
    sha = env.sql("SELECT commit_sha FROM runs WHERE id = %d" % ids[1])
    expect(sha == [(fixtures.AB_NEW_COMMIT,)], "A/B run's commit: %s" % sha)
    show = env.ok("show", str(ids[0]))
    expect("copy8" in show and "sort" in show, "show lacks the cells: %s" % show)


def case_concurrent(env):
    """Two processes adding at once, a run a transaction: every run of both is stored, once."""
    import threading
    files = fixtures.synthetic_series(env.work, "cc", n=40, seed=7)
    env.ok("add", files[0])  # the schema exists: both race on the runs, not on creating it
    errors = []

    def adder(part):
        for f in part:
            p = env.run("add", f, "--wait", "60")
            if p.returncode:
                errors.append(p.stderr)
    threads = [threading.Thread(target=adder, args=(files[k:40:2],)) for k in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expect(not errors, "a concurrent add failed: %s" % errors[:1])
    runs = env.sql("SELECT count(*), count(DISTINCT doc_hash) FROM runs")
    expect(runs == [("40", "40")], "runs after two concurrent adds: %s" % runs)
    for rid in (1, 20, 40):
        dst = os.path.join(env.work, "cc-%d.json" % rid)
        env.ok("export", str(rid), "-o", dst)
        src = env.sql("SELECT source FROM runs WHERE id = %d" % rid)[0][0]
        expect(open(dst, "rb").read() == open(src, "rb").read(), "run %d is not its file" % rid)


def store_digest(env):
    return env.sql("SELECT id, doc_hash FROM runs ORDER BY id")


def case_locked(env):
    """Another writer holds the store: one line, exit 2, nothing lost."""
    files = fixtures.synthetic_series(env.work, "lk", n=3, seed=3)
    env.ok("add", files[0], files[1])
    before = store_digest(env)
    with fixtures.holder(env, LOCK_KEY):
        line = env.refused("add", files[2], "--wait", "0.3", words="locked")
    expect(store_digest(env) == before, "the store changed under a refused add")
    env.ok("add", files[2])
    print("refused:", line)


def case_readonly(env):
    """A store that cannot be written: add refused with one line; reading still works."""
    files = fixtures.synthetic_series(env.work, "ro", n=3, seed=4)
    env.ok("add", files[0], files[1])
    before = store_digest(env)
    if env.backend == "sqlite":
        os.chmod(env.db, 0o444)
        os.chmod(env.work, 0o755)
        user = unprivileged()
        line = env.refused("add", files[2], user=user, words="read-only")
        out = env.ok("list", user=user)
        os.chmod(env.db, 0o644)
    else:
        db = env.db + "&options=-c%20default_transaction_read_only%3Don"
        line = env.refused("add", files[2], "--db", db, words="read-only")
        out = env.ok("list", "--db", db)
    expect(out.count("\n") == 3, "list of a read-only store: %r" % out)
    expect(store_digest(env) == before, "the store changed under a refused add")
    print("refused:", line)


def case_corrupt(env):
    """A damaged SQLite file, or garbage: one line, exit 2, the file untouched."""
    files = fixtures.synthetic_series(env.work, "cr", n=2, seed=5)
    env.ok("add", files[0])
    data = bytearray(open(env.db, "rb").read())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page, past the header
    open(env.db, "wb").write(data)
    for argv in (("add", files[1]), ("list",), ("check",)):
        env.refused(*argv, words="not a usable SQLite database")
        expect(open(env.db, "rb").read() == data, "%s changed a corrupt store" % argv[0])
    garbage = os.path.join(env.work, "garbage.db")
    open(garbage, "wb").write(bytes(random.Random(5).randrange(256) for _ in range(8192)))
    env.refused("add", files[1], "--db", garbage, words="not a usable SQLite database")


def case_foreign(env):
    """A database with another program's tables is not taken over."""
    env.sql("CREATE TABLE accounts (id INTEGER, name TEXT)")
    files = fixtures.synthetic_series(env.work, "fo", n=1, seed=6)
    env.refused("add", files[0], words="not a tsobench history")


def case_schema(env):
    """A newer schema is refused untouched; an older one migrates forward, keeping the runs."""
    files = fixtures.synthetic_series(env.work, "sc", n=3, seed=8)
    env.ok("add", files[0], files[1])
    before = store_digest(env)
    env.sql("UPDATE tsob_schema SET version = 99")
    env.refused("add", files[2], words="newer than this tsobench")
    env.refused("list", words="newer than this tsobench")
    expect(store_digest(env) == before and env.sql("SELECT version FROM tsob_schema") ==
           [("99",)], "a newer store was changed")
    # Back to version 1: what the first schema had.
    env.sql("UPDATE tsob_schema SET version = 1")
    env.sql("DROP TABLE changepoints")
    env.sql("ALTER TABLE series DROP COLUMN cp_state")
    env.sql("ALTER TABLE runs DROP COLUMN device")
    env.sql("ALTER TABLE runs DROP COLUMN job_id")
    env.ok("add", files[2])
    expect(env.sql("SELECT version FROM tsob_schema") == [("3",)], "not migrated to 3")
    expect(store_digest(env)[:2] == before, "migration lost runs")
    env.ok("check")


def case_lab(env):
    """Runs tagged with the device and the lab's job; a version 2 store migrates, keeping its runs."""
    files = fixtures.synthetic_series(env.work, "lab", n=3, seed=12)
    env.ok("add", files[0])
    # A store of version 2: before runs had a device and a job.
    env.sql("UPDATE tsob_schema SET version = 2")
    env.sql("ALTER TABLE runs DROP COLUMN device")
    env.sql("ALTER TABLE runs DROP COLUMN job_id")
    env.ok("add", files[1], "--device", "rpi4-01", "--job-id", "4711")
    expect(env.sql("SELECT version FROM tsob_schema") == [("3",)], "not migrated to 3")
    env.ok("add", files[2], "--device", "m2 max (asahi)")
    rows = env.sql("SELECT id, device, job_id FROM runs ORDER BY id")
    expect(rows == [("1", None, None), ("2", "rpi4-01", "4711"), ("3", "m2 max (asahi)", None)],
           "devices and jobs stored: %s" % rows)
    lines = env.ok("list").splitlines()
    expect(lines[0].split()[-3:] == ["device", "job", "host"], "list header: %r" % lines[0])
    at = [lines[0].index(w) for w in (" device ", " job ", " host")]  # the columns
    tags = [(line[at[0]:at[1]].strip(), line[at[1]:at[2]].strip()) for line in lines[1:]]
    expect(tags == [("-", "-"), ("rpi4-01", "4711"), ("m2 max (asahi)", "-")],
           "list does not show the devices and jobs: %s" % lines)
    show = env.ok("show", "2").splitlines()
    expect(show[1] == "device rpi4-01, job 4711", "show: %r" % show[:3])
    env.refused("add", files[0], "--device", "", words="--device needs a value")


def case_bad_input(env):
    """Bad input: one line, exit 2, and the store keeps what it had."""
    files = fixtures.synthetic_series(env.work, "bi", n=2, seed=9)
    env.ok("add", files[0])
    before = store_digest(env)
    bad = os.path.join(env.work, "bad.json")
    open(bad, "w").write('{"schema": "tsobench-results", "schema_version": 2')
    env.refused("add", files[1], bad, words="bad.json")
    expect(store_digest(env) == before, "a refused add of two files kept one")
    env.refused("frobnicate", db=False, words="unknown subcommand")
    env.refused(db=False, words="needs a subcommand")
    env.refused("check", "--window", "3", words="--window")
    env.refused("check", "--window", "4", "--min-segment", "3", words="twice")
    env.refused("check", "--since", "deadbeef", words="--since")
    env.refused("export", "999", words="no run")
    env.refused("show", "zz", words="no run")
    env.refused("ack", "12345", words="no change point")
    env.refused("trend", words="-o DIR")
    env.refused("trend", "-o", os.path.join(env.work, "t"), "-w", "nosuch", words="no series")
    env.refused("list", "--db", os.path.join(env.work, "none.db"), words="no history database")
    env.refused("list", "--db", "postgresql:///x?host=/nonexistent&connect_timeout=2",
                words="PostgreSQL|cannot connect")


def case_real(env):
    """Ten real quick runs, the last four slowed down for real: found at the right run."""
    if os.environ.get("TSOB_SANITIZED"):
        print("SKIP: a sanitized build's timings move by themselves (ASan's allocator, shadow "
              "memory): the real-runs test runs in the test preset")
        sys.exit(SKIP)
    files = fixtures.real_runs(env, 10, slow_from=6)
    for i, f in enumerate(files):
        env.ok("add", f, "--commit", "%07x" % (0xc0ffee0 + i), "--branch", "test")
    out = env.ok("check", rc=1)
    print(out)
    only = check_rows(env.ok("check", "--metric", "wall_ns", rc=1))
    expect(only and all(r["series"].endswith("/wall_ns") for r in only),
           "check --metric wall_ns: %s" % only)
    rows = [r for r in check_rows(out) if r["series"] == "chase_llc/plain/1t/wall_ns"]
    # The machine is shared: its load may move the first six runs too, but the step is the
    # largest change, at the first slowed run, and nothing changes after it.
    expect(rows, "chase_llc: no change point: %s" % out)
    top = max(rows, key=lambda r: r["change"])
    expect(top["run"] == 7 and top["change"] > 50 and top["state"] == "new",
           "chase_llc: the largest change is not a regression at run 7: %s" % out)
    expect(not [r for r in rows if r["run"] > 7], "chase_llc: a change after run 7: %s" % out)
    rows = [top]
    trend = os.path.join(env.work, "trend")
    env.ok("trend", "-w", "chase_llc,sort", "-o", trend)
    md = open(os.path.join(trend, "trend.md")).read()
    png = [f for f in os.listdir(trend) if f.endswith(".png")]
    expect(len(png) == 2, "trend wrote %s" % png)
    for f in png:
        head = open(os.path.join(trend, f), "rb").read(8)
        expect(head == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % f)
    expect(re.search(r"\| 6 \(id 7\) \| `c0ffee6` .*\| new \(cp %d\) \|" % rows[0]["cp"], md),
           "trend.md does not mark the change point at run 7: %s" % md)


def case_no_postgres(env):
    """A build without PostgreSQL says so for a postgresql:// URL."""
    env.refused("list", "--db", "postgresql://localhost/x", words="without PostgreSQL")


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--backend", choices=("sqlite", "pg"), default="sqlite")
    ap.add_argument("--tsobench", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    work = os.path.join(a.work, "%s-%s" % (a.case, a.backend))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.chmod(work, 0o777)  # nobody writes here in the read-only case
    env = Env(a, work)
    env.backend = a.backend
    store = sqlite_store if a.backend == "sqlite" else pg_store
    try:
        with store(env):
            env.fresh_store = lambda: fixtures.fresh_store(env)
            CASES[a.case](env)
    except Skip as s:
        print("SKIP: %s" % s)
        return SKIP
    except Fail as f:
        print("FAIL: %s" % f)
        return 1
    print("ok: %s on %s" % (a.case, a.backend))
    return 0


if __name__ == "__main__":
    sys.exit(main())
