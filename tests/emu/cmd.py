#!/usr/bin/python3
"""emu.cmd.*: tsobench emu itself, end to end, one mode a test.

  rows         every row of the shipped emulators.conf through the stub emulator
               (stub-emulator.sh as qemu-x86_64, FEX, FEXGetConfig and box64): the
               results file records exactly the command and variables the row
               stands for (worked out here from the file, independently of the
               parser), and the stub's own records show that exactly that ran,
               once per row, with the seccomp filter exactly for 'hwtso block'
  unavailable  FEX and box64 not installed: every row of theirs is unavailable with
               the reason and how to fix it, and the run succeeds
  bad          bad input is one line and exit 2, before any cell, leaving an earlier
               results file as it was; an emulator that crashes, hangs or prints a
               wrong checksum is an error in its own cell, the others kept, exit 1;
               ordering violations fail a row that claims x86-TSO and not one that
               does not
  litmus       a forbidden outcome under a row that claims x86-TSO is reported as an
               emulator bug (exit 1); under 'tso no' it is an observation (exit 0)
  qemu         the shipped qemu row with the real qemu-x86_64 of this host (on x86-64
               Debian's amd64 qemu-x86_64-static: TCG translating x86-64 for x86-64):
               every kernel ok with tsobench run's operations and checksums, labelled
               emulated; its litmus tests show nothing forbidden; tsobench report draws
               the run and emu files in one grid and refuses files of another host or a
               cell measured twice

usage: cmd.py MODE  (paths from the environment: TSOBENCH, TSOB_RUNNER, TSOB_X86,
       TSOB_X86_LITMUS, TSOB_STUB, TSOB_EMU_CONF, TSOB_SCHEMA, TSOB_WORK)
"""
import json
import os
import re
import shutil
import subprocess
import sys

import jsonschema

E = os.environ
WORK = os.path.join(E["TSOB_WORK"], "cmd-" + sys.argv[1])
BAD = []


def fail(msg):
    BAD.append(msg)
    print("FAIL:", msg)


def tsobench(*args, env=None):
    cmd = E.get("TSOB_RUNNER", "").split() + [E["TSOBENCH"], "emu"] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)


def load(path):
    doc = json.load(open(path))
    schema = json.load(open(E["TSOB_SCHEMA"]))
    for err in jsonschema.Draft202012Validator(schema).iter_errors(doc):
        fail(f"{path}: schema: {err.json_path}: {err.message}")
    return doc


def parse_conf(path):
    """emulators.conf, read the simple way: blocks of 'KEY VALUE' lines."""
    emus, rows, cur = {}, [], None
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"\[(emulator|config) (\S+)\]$", line)
        if m:
            cur = {"name": m.group(2), "env": [], "clear-env": []}
            if m.group(1) == "emulator":
                emus[cur["name"]] = cur
            else:
                rows.append(cur)
            continue
        key, _, value = line.partition(" ")
        if key in ("env", "clear-env"):
            cur[key].append(value)
        else:
            cur[key] = value
    for r in rows:
        e = emus[r["emulator"]]
        names = {v.split("=", 1)[0] for v in r["env"]}
        # The emulator's variables unless the row sets them, then the row's.
        r["set"] = [v for v in e["env"] if v.split("=", 1)[0] not in names] + r["env"]
        r["prefixes"] = tuple(e["clear-env"])
    return rows


def stub_dir():
    """The stub under each emulator's names, pointed at through the path-env variables."""
    d = os.path.join(WORK, "bin")
    os.makedirs(d)
    env = dict(E)
    for name, var in (("qemu-x86_64", "TSOB_QEMU_X86_64"), ("FEX", "TSOB_FEX"),
                      ("FEXGetConfig", None), ("box64", "TSOB_BOX64")):
        os.symlink(E["TSOB_STUB"], os.path.join(d, name))
        if var:
            env[var] = os.path.join(d, name)
    return d, env


def read_log(path):
    rec = {"argv": [], "env": [], "seccomp": None}
    for line in open(path).read().splitlines():
        key, _, value = line.partition(" ")
        if key in ("argv", "env"):
            rec[key].append(value)
        elif key == "seccomp":
            rec["seccomp"] = int(value)
    return rec


def mode_rows():
    d, env = stub_dir()
    logs = os.path.join(WORK, "logs")
    os.makedirs(logs)
    env["TSOB_STUB_LOG_DIR"] = logs
    env.pop("TSOB_STUB_MODE", None)
    noise = {"BOX64_DYNAREC_STRONGMEM": "3", "BOX64_FOO": "1", "FEX_TSOENABLED": "7",
             "FEX_FOO": "1", "QEMU_LOG": "in_asm", "QEMU_CPU": "max"}
    env.update(noise)
    out = os.path.join(WORK, "rows.json")
    p = tsobench("-w", "copy8", "--size", "4096", "-r", "1", "--warmup", "0", "-e",
                 "task-clock", "--conf", E["TSOB_EMU_CONF"], "--prog", E["TSOB_X86"], "-o", out,
                 env=env)
    if p.returncode != 0:
        fail(f"tsobench emu over every row exited {p.returncode}: {p.stderr[-600:]}")
        return
    doc = load(out)
    rows = parse_conf(E["TSOB_EMU_CONF"])
    cells = {c["strategy"]: c for c in doc["cells"]}
    records = [read_log(os.path.join(logs, f)) for f in sorted(os.listdir(logs))]
    used = set()
    if len(cells) != len(rows):
        fail(f"{len(cells)} cells for {len(rows)} rows")
    for r in rows:
        c = cells.get("emu:" + r["name"])
        if not c:
            fail(f"no cell for row {r['name']}")
            continue
        x = c["emulator"]
        if r.get("hwtso") == "use":
            if c["status"] != "unavailable" or "needs hardware TSO" not in c["reason"]:
                fail(f"{r['name']}: {c['status']} ({c['reason']}), not unavailable without TSO")
            continue
        stub = os.path.join(d, {"qemu": "qemu-x86_64", "fex": "FEX", "box64": "box64"}[r["emulator"]])
        argv = [w.replace("{emulator}", stub).replace("{prog}", E["TSOB_X86"])
                for w in r["run"].split()]
        i = argv.index("{args}")
        argv[i:i + 1] = ["copy8", "4096", "1", "0", "1", "sync"]
        if c["status"] != "ok":
            fail(f"{r['name']}: {c['status']}: {c['reason']}")
            continue
        if x["argv"] != argv:
            fail(f"{r['name']}: argv {x['argv']}, the row says {argv}")
        if x["set"] != r["set"]:
            fail(f"{r['name']}: set {x['set']}, the row says {r['set']}")
        if x["version"] != "stub-emulator 1.0" or x["config"] != r["name"] or x["tso"] != r["tso"]:
            fail(f"{r['name']}: recorded {x['config']}, {x['version']}, tso {x['tso']}")
        # The stub's record of this very run: the same argv, exactly the row's
        # variables of its emulator's prefixes, none of the caller's noise there.
        match = [k for k, rec in enumerate(records) if k not in used and rec["argv"] == argv and
                 sorted(v for v in rec["env"] if v.startswith(r["prefixes"])) == sorted(r["set"])]
        if len(match) < 1:
            fail(f"{r['name']}: the stub never ran with exactly {argv} and {r['set']}")
            continue
        used.add(match[0])
        rec = records[match[0]]
        # The filter exactly where the results say, only for 'hwtso block', and
        # natively for every such row (qemu-user cannot install seccomp filters).
        block = r.get("hwtso") == "block"
        if (rec["seccomp"] == 2) != x["block_hwtso"] or (x["block_hwtso"] and not block) or \
                (block and not E.get("TSOB_RUNNER") and not x["block_hwtso"]):
            fail(f"{r['name']}: seccomp mode {rec['seccomp']}, block_hwtso {x['block_hwtso']} "
                 f"for hwtso {r.get('hwtso', 'any')}")
        print(f"{r['name']:24s} ok: argv and {len(r['set'])} variables as the row says, "
              f"seccomp {rec['seccomp']}")
    if len(used) != len(records):
        fail(f"the stub ran {len(records)} times for {len(used)} matching rows")


def mode_unavailable():
    env = {k: v for k, v in E.items() if k not in ("TSOB_FEX", "TSOB_BOX64")}
    env["PATH"] = "/usr/bin:/bin"
    out = os.path.join(WORK, "unavailable.json")
    p = tsobench("-c", "fex-tso,fex-hwtso,box64-sm0-wb0,box64-sm4-wb2", "-w", "copy8", "--quick",
                 "--conf", E["TSOB_EMU_CONF"], "--prog", E["TSOB_X86"], "-o", out, env=env)
    if p.returncode != 0:
        fail(f"a run of unavailable rows exited {p.returncode}: {p.stderr[-300:]}")
        return
    for c in load(out)["cells"]:
        var = "TSOB_FEX" if "fex" in c["strategy"] else "TSOB_BOX64"
        if c["status"] != "unavailable" or "not packaged in Debian 12" not in (c["reason"] or "") \
                or var not in c["reason"] or c["emulator"]["available"]:
            fail(f"{c['strategy']}: {c['status']}: {c['reason']}")
        else:
            print(f"{c['strategy']}: unavailable: {c['reason'][:90]}...")
    if "not run here:" not in p.stdout:
        fail("the table does not list what did not run")


STUB_CONF = """[emulator stub]
program tsob-no-such-stub
path-env TSOB_TEST_STUB
version {emulator} --version
checked by hand
"""


def stub_row(name, mode, tso="yes"):
    return (f"[config {name}]\nemulator stub\nrun {{emulator}} {{prog}} {{args}}\n"
            f"env TSOB_STUB_MODE={mode}\nstands-for the stub, {mode}\ntso {tso}\n")


def one_line_exit2(what, p):
    lines = p.stderr.strip().splitlines()
    if p.returncode != 2 or len(lines) != 1 or not lines[0].startswith("tsobench: emu: "):
        fail(f"{what}: exit {p.returncode}, stderr {p.stderr!r}")
    else:
        print(f"{what}: exit 2: {lines[0]}")


def mode_bad():
    conf = os.path.join(WORK, "stub.conf")
    with open(conf, "w") as f:
        f.write(STUB_CONF)
        for mode in ("record", "crash", "hang", "badsum"):
            f.write(stub_row("s-" + mode, mode))
        f.write(stub_row("s-violations-tso", "violations", "yes"))
        f.write(stub_row("s-violations-notso", "violations", "no"))
    env = dict(E, TSOB_TEST_STUB=E["TSOB_STUB"], TSOB_STUB_LOG=os.path.join(WORK, "stub.log"))
    base = ["--conf", conf, "--prog", E["TSOB_X86"], "-w", "copy8", "--size", "4096", "-r", "2",
            "--warmup", "0", "--no-counters"]
    keep = os.path.join(WORK, "earlier.json")
    with open(keep, "w") as f:
        f.write("earlier results\n")
    for what, args in (("unknown configuration", ["-c", "s-record,nosuch"]),
                       ("unknown kernel", ["-c", "s-record", "-w", "nosuch"]),
                       ("a size out of range", ["-c", "s-record", "--size", "0"]),
                       ("threads a kernel cannot take", ["-c", "s-record", "-w", "spsc",
                                                         "--threads", "3"]),
                       ("a program that is not there", ["-c", "s-record", "--prog", "/nonexistent"]),
                       ("an argument other than litmus", ["-c", "s-record", "bogus"])):
        one_line_exit2(what, tsobench(*base, *args, "-o", keep, env=env))
    malformed = os.path.join(WORK, "malformed.conf")
    with open(malformed, "w") as f:
        f.write(STUB_CONF + "[config x]\nemulator stub\nrun {emulator} {prog} {args}\ntso maybe\n")
    for what, c in (("a missing configuration file", "/nonexistent.conf"),
                    ("a malformed configuration file", malformed)):
        one_line_exit2(what, tsobench("--conf", c, "-o", keep, env=env))
    one_line_exit2("an unwritable results file",
                   tsobench(*base, "-c", "s-record", "-o", "/nonexistent/dir/x.json", env=env))
    if open(keep).read() != "earlier results\n":
        fail("bad input changed the earlier results file")

    out = os.path.join(WORK, "modes.json")
    p = tsobench(*base, "-c", "s-record,s-crash,s-hang,s-badsum,s-violations-notso",
                 "--timeout-ms", "3000", "-o", out, env=env)
    want = {"emu:s-record": ("ok", ""), "emu:s-crash": ("error", "killed by signal 11"),
            "emu:s-hang": ("error", "timed out after 3000 ms"),
            "emu:s-badsum": ("checksum-failed", "checksum 0x0000000000000bad"),
            "emu:s-violations-notso": ("violations", "allowed by this configuration (tso no)")}
    if p.returncode != 1:
        fail(f"crash, hang and a wrong checksum: exit {p.returncode}, not 1: {p.stderr[-300:]}")
    cells = {c["strategy"]: c for c in load(out)["cells"]}
    for s, (status, text) in want.items():
        c = cells.get(s)
        if not c or c["status"] != status or text not in (c["reason"] or ""):
            fail(f"{s}: {c and c['status']}: {c and c['reason']}; want {status}, '{text}'")
        else:
            print(f"{s}: {status}: {c['reason'] or ''}")
    if cells.get("emu:s-record", {}).get("wall_ns", {}).get("values", [None]).__len__() != 2:
        fail("the good cell beside the bad ones lost its samples")
    for rows, code in (("s-violations-notso", 0), ("s-violations-tso", 1)):
        p = tsobench(*base, "-c", rows, "-o", os.path.join(WORK, rows + ".json"), env=env)
        if p.returncode != code:
            fail(f"ordering violations under {rows}: exit {p.returncode}, want {code}")
        elif code and "emulator ordering bug" not in p.stdout + p.stderr:
            fail(f"{rows}: the violations are not called an emulator bug")
        else:
            print(f"violations under {rows}: exit {code}")


def mode_litmus():
    conf = os.path.join(WORK, "stub.conf")
    with open(conf, "w") as f:
        f.write(STUB_CONF)
        f.write(stub_row("l-tso", "litmus-forbidden", "yes"))
        f.write(stub_row("l-notso", "litmus-forbidden", "no"))
    env = dict(E, TSOB_TEST_STUB=E["TSOB_STUB"])
    for row, code, status, text in (("l-tso", 1, "violation", "EMULATOR BUG"),
                                     ("l-notso", 0, "weak", "weak:")):
        out = os.path.join(WORK, row + ".json")
        p = tsobench("litmus", "-c", row, "--conf", conf, "--prog", E["TSOB_X86_LITMUS"],
                     "-t", "MP", "-n", "10", "-o", out, env=env)
        tests = [t for t in load(out)["litmus"]["tests"] if t["test"] == "MP"]
        if p.returncode != code or text not in p.stdout or not tests or \
                tests[0]["status"] != status or tests[0]["forbidden_observed"] != 2:
            fail(f"{row}: exit {p.returncode}, {tests and tests[0]['status']}: {p.stdout[-300:]}")
        else:
            print(f"{row}: exit {code}, MP {status}, 2 forbidden outcomes")


def report(*args):
    cmd = E.get("TSOB_RUNNER", "").split() + [E["TSOBENCH"], "report", "--no-charts"] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def check_report(run, emu):
    rep = os.path.join(WORK, "report")
    p = report(run, emu, "-o", rep)
    md = open(os.path.join(rep, "summary.md")).read() if p.returncode == 0 else ""
    head = next((l for l in md.splitlines() if l.startswith("| kernel | unit |")), "")
    if p.returncode != 0 or "| plain |" not in head or "| emu:qemu |" not in head or \
            "## Real emulators beside the models" not in md:
        fail(f"report of run and emu: exit {p.returncode}, header {head!r}: {p.stderr[-300:]}")
    else:
        print(f"report: one grid, {head}")
    # Each file's timing note stays: the emulator's must not vanish behind the run's.
    notes = [json.load(open(f))["context"].get("timing_note") for f in (run, emu)]
    missing = [n for n in notes if n and n not in md]
    if missing:
        fail(f"report of run and emu lacks a timing note: {missing}")
    else:
        print(f"report: both timing notes: {notes}")
    other = os.path.join(WORK, "other-host.json")
    doc = json.load(open(emu))
    doc["context"]["host"] = "another-host"
    json.dump(doc, open(other, "w"))
    for what, files, text in (("another host", [run, other], "one host and one execution kind"),
                              ("a cell twice", [run, run], "is in both")):
        p = report(*files, "-o", os.path.join(WORK, "refused"))
        lines = p.stderr.strip().splitlines()
        if p.returncode != 2 or len(lines) != 1 or text not in lines[0] or \
                os.path.exists(os.path.join(WORK, "refused")):
            fail(f"report of {what}: exit {p.returncode}: {p.stderr!r}")
        else:
            print(f"report of {what}: exit 2: {lines[0]}")


def mode_qemu():
    env = {k: v for k, v in E.items() if not k.startswith("QEMU_")}
    out, run = os.path.join(WORK, "emu.json"), os.path.join(WORK, "run.json")
    p = tsobench("--list", "--conf", E["TSOB_EMU_CONF"], env=env)
    if "qemu " not in p.stdout or "unavailable:" in p.stdout.split("\n")[0]:
        print(f"SKIP: no qemu-x86_64 for this host (Debian qemu-user-static): {p.stdout[:200]}")
        sys.exit(77)
    p = tsobench("--quick", "-c", "qemu", "--conf", E["TSOB_EMU_CONF"], "--prog", E["TSOB_X86"],
                 "-o", out, env=env)
    if p.returncode != 0:
        fail(f"tsobench emu --quick -c qemu exited {p.returncode}: {p.stderr[-600:]}")
        return
    print("\n".join(l for l in p.stdout.splitlines() if l.startswith(("NOTE", "kernel", "copy8"))))
    cmd = E.get("TSOB_RUNNER", "").split() + [E["TSOBENCH"], "run", "--quick", "-m", "plain", "-r",
                                              "1", "--warmup", "0", "-q", "-o", run]
    if subprocess.run(cmd, capture_output=True, timeout=600).returncode != 0:
        fail("tsobench run --quick -m plain failed")
        return
    doc = load(out)
    plain = {(c["kernel"], c["threads"]): c for c in json.load(open(run))["cells"]}
    note = doc["context"]["timing_note"]
    if not note.startswith(("emulated", "native arm64 under", "virtualized arm64 under")):
        fail(f"timing note {note!r}")
    if len(doc["cells"]) != len(plain):
        fail(f"{len(doc['cells'])} emu cells for {len(plain)} kernels of tsobench run")
    for c in doc["cells"]:
        r = plain.get((c["kernel"], c["threads"]))
        if c["status"] != "ok" or not r or c["ops"] != r["ops"] or \
                c["checksum"]["got"] != r["checksum"]["got"] or not c["checksum"]["ok"]:
            fail(f"{c['kernel']} x{c['threads']}: {c['status']} {c['reason']}, checksum "
                 f"{c['checksum']['got'] if 'checksum' in c else '-'}, run {r and r['checksum']['got']}")
    print(f"{len(doc['cells'])} kernels under {doc['cells'][0]['emulator']['version']}: "
          "ok, tsobench run's operations and checksums")
    p = tsobench("litmus", "--quick", "-c", "qemu", "--conf", E["TSOB_EMU_CONF"], "--prog",
                 E["TSOB_X86_LITMUS"], "-o", os.path.join(WORK, "litmus.json"), env=env)
    verdict = load(os.path.join(WORK, "litmus.json"))["litmus"]["verdict"] if p.returncode in (0, 1) else None
    if p.returncode != 0 or verdict != "ok":
        fail(f"litmus under qemu: exit {p.returncode}, verdict {verdict}: {p.stdout[-300:]}")
    else:
        print("litmus under qemu: nothing forbidden")
    check_report(run, out)


if __name__ == "__main__":
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    {"rows": mode_rows, "unavailable": mode_unavailable, "bad": mode_bad,
     "litmus": mode_litmus, "qemu": mode_qemu}[sys.argv[1]]()
    if BAD:
        sys.exit(1)
    print("PASS")
