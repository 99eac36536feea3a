#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tsobench report --cover-letter, held to kernel-patch/cover-letter/EVIDENCE.md.

Cases:
  qemu     the QEMU reference results into a copy of the letter: the text outside
           the markers unchanged, the EMULATED banner, no time unit and no
           percentage between the markers, every forbidden litmus count 0, the
           memory-model answers of both CPU models, 75 ASCII columns, and the same
           bytes when run twice
  native   SYNTHETIC native files (tests/analysis/make_fixture.py) for every kernel
           label: the saving and context-switch tables carry the fixture's figures,
           so that the qemu case cannot pass by printing nothing
  sync     the letter in the tree holds what the form makes of the reference
           results today (regenerate it with the command this test prints)
  refuse   bad input: one line on stderr, exit 2, the letter untouched
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

BEGIN, END = "<!-- evidence:begin -->", "<!-- evidence:end -->"
LETTER = "kernel-patch/cover-letter/0000-cover-letter.patch"
QEMU = ["results/reference/qemu-aarch64-neoverse-n1.json",
        "results/reference/qemu-aarch64-a64fx.json",
        "results/reference/qemu-aarch64-neoverse-n1-litmus.json",
        "results/reference/qemu-aarch64-a64fx-litmus.json",
        "results/reference/qemu-aarch64-neoverse-n1-seq.json",
        "results/reference/qemu-aarch64-a64fx-seq.json"]
BANNER = ("EMULATED (qemu-system-aarch64, TCG): these results show correctness,\n"
          "plumbing and instruction counts. Emulated time is not a cost: QEMU does\n"
          "not model what memory ordering costs. No saving or cost below comes\n"
          "from an emulated run.\n")
# A time with its unit, or a percentage: neither may come from an emulated file.
TIME_OR_PCT = re.compile(r"(\d\s*(ns|us|ms|s)\b|\bns\b|\bus\b|\bms\b|%)")


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def split(text):
    if text.count(BEGIN + "\n") != 1 or text.count(END + "\n") != 1:
        fail("the markers are not there exactly once")
    head, rest = text.split(BEGIN + "\n")
    body, tail = rest.split(END + "\n")
    return head, body, tail


def form(args, letter, files, out=None, cwd=None):
    cmd = [args.tsobench, "report", "--cover-letter", letter] + (["-o", out] if out else []) \
        + files
    # Cross builds run the arm64 binary through the emulator CMake names.
    cmd = os.environ.get("TSOB_EMU", "").split() + cmd
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd or args.source)


def check_email(body):
    for i, line in enumerate(body.splitlines()):
        if len(line) > 75 and "://" not in line:
            fail(f"evidence line {i + 1} is {len(line)} columns: {line!r}")
        if any(ord(ch) > 126 or (ord(ch) < 32 and ch != "\t") for ch in line):
            fail(f"evidence line {i + 1} is not ASCII: {line!r}")


def case_qemu(args):
    src = os.path.join(args.source, LETTER)
    letter = os.path.join(args.work, "qemu.patch")
    shutil.copyfile(src, letter)
    r = form(args, letter, QEMU)
    if r.returncode:
        fail(f"exit {r.returncode}: {r.stderr}")
    with open(src) as f:
        orig = f.read()
    with open(letter) as f:
        new = f.read()
    h0, _, t0 = split(orig)
    h1, body, t1 = split(new)
    if (h0, t0) != (h1, t1):
        fail("the text outside the markers changed")
    if BANNER not in body:
        fail("no EMULATED banner")
    check_email(body)
    for i, line in enumerate(body.splitlines()):
        # The provenance quotes uname -v, whose clock time is no measurement.
        if line.lstrip().startswith("kernel:") or re.match(r"\s+\d{4}-\d\d-\d\dT", line):
            continue
        if TIME_OR_PCT.search(line):
            fail(f"a time or a percentage from an emulated file, line {i + 1}: {line!r}")
    if "No cost figure: every input is emulated." not in body:
        fail("no closing line saying every input is emulated")
    rows = re.findall(r"^\s+(\S+)\s+(plain|ldar|ldapr|ldapur|dmb|hwtso)\s+(\S+)\s+(\S+)"
                      r"\s+(\S+)\s+(\S+)", body, re.M)
    ran = [r for r in rows if r[4].isdigit() and not r[5].startswith("unavailable")]
    if len(ran) < 20:
        fail(f"only {len(ran)} litmus rows that ran")
    bad = [r for r in ran if r[2] != "0"]
    if bad:
        fail(f"forbidden outcomes under emulation: {bad}")
    for want in ("PR_SET_MEM_MODEL(TSO) accepted", "this CPU has no TSO mode",
                 "checksums: 68 of 68 measured cells ok", "instructions per operation",
                 "hwtso unavailable", "sequence's instructions"):
        if want not in body:
            fail(f"missing: {want}")
    before = new
    r = form(args, letter, QEMU)
    with open(letter) as f:
        if r.returncode or f.read() != before:
            fail("a second run on its own output gives other bytes")
    print(f"qemu: {len(body.splitlines())} lines, {len(rows)} litmus rows, all 0 forbidden")


def fixture(args, name, *opts):
    path = os.path.join(args.work, name)
    subprocess.run([sys.executable, os.path.join(args.source, "tests/analysis/make_fixture.py"),
                    "-o", path] + list(opts), check=True)
    return path


def case_native(args):
    run = fixture(args, "run.json", "--kconfig", "CONFIG_HZ=250",
                  "--kconfig", "CONFIG_ARM64_TSO_APPLE=y")
    files = [run,
             "unpatched=" + fixture(args, "u.json", "--command", "ctxsw", "--no-prctl",
                                    "--switch-ns", "1200", "--seed", "2"),
             "series=" + fixture(args, "s.json", "--command", "ctxsw", "--switch-ns", "1300",
                                 "--seed", "3"),
             "key-off=" + fixture(args, "k.json", "--command", "ctxsw", "--switch-ns", "1200",
                                  "--seed", "4"),
             "always-write=" + fixture(args, "a.json", "--command", "ctxsw", "--switch-ns",
                                       "1500", "--seed", "5"),
             fixture(args, "l.json", "--command", "litmus")]
    letter = os.path.join(args.work, "native.patch")
    shutil.copyfile(os.path.join(args.source, LETTER), letter)
    r = form(args, letter, files)
    if r.returncode:
        fail(f"exit {r.returncode}: {r.stderr}")
    with open(letter) as f:
        _, body, _ = split(f.read())
    check_email(body)
    if "EMULATED" in body:
        fail("a banner over native files")
    # make_fixture: hwtso 1.09, ldar 1.55, dmb 2.40 times plain.
    want = {"ldar": 1 - 1.09 / 1.55, "dmb": 1 - 1.09 / 2.40}
    for kernel in ("copy8", "chase_l1", "chase_llc", "mp_flag"):
        m = re.search(rf"^  {kernel}\s+([+-][\d.]+)% \[([+-][\d.]+), ([+-][\d.]+)\]", body, re.M)
        if not m:
            fail(f"no saving row for {kernel}")
        est = float(m.group(1)) / 100
        if abs(est - want["ldar"]) > 0.02:
            fail(f"{kernel}: ldar saving {est:.3f}, the fixture makes {want['ldar']:.3f}")
        if not float(m.group(2)) <= float(m.group(1)) <= float(m.group(3)):
            fail(f"{kernel}: the estimate is outside its interval: {m.group(0)}")
    m = re.search(r"dmb: hwtso/dmb ([\d.]+) in geometric mean over 4 kernels", body)
    if not m or abs(1 - float(m.group(1)) - want["dmb"]) > 0.02:
        fail(f"dmb geometric mean missing or wrong: {m and m.group(0)}")
    m = re.search(r"plain: hwtso/plain ([\d.]+) in geometric mean", body)
    if not m or abs(float(m.group(1)) - 1.09) > 0.02:
        fail(f"plain cost missing or wrong: {m and m.group(0)}")
    # Context switch: pipe default medians near what each fixture was told.
    for label, ns in (("unpatched", 1200), ("series", 1300), ("always-write", 1500)):
        m = re.search(rf"^  {label}\s+(\d+) \[(\d+), (\d+)\] 15", body, re.M)
        if not m or abs(int(m.group(1)) - ns) > 0.05 * ns:
            fail(f"pipe default of {label}: {m and m.group(0)} (fixture {ns})")
    m = re.search(r"series default - unpatched default: \+(\d+) \[([+-]\d+), \+(\d+)\]", body)
    if not m or not 50 <= int(m.group(1)) <= 150:
        fail(f"series - unpatched difference missing or wrong: {m and m.group(0)}")
    if "n/a [" not in body or "kernel has no PR_GET_MEM_MODEL" not in body:
        fail("the unpatched kernel's missing states are not explained")
    if not re.search(r"^\s+MP\s+plain\s+321\s+0\s+100000\s+weak", body, re.M):
        fail("plain's weak litmus row missing")
    if "Instruction sequences: not measured" not in body:
        fail("no line for the sequences that were not measured")
    print("native: saving, context-switch and litmus tables carry the fixture's figures")


def case_sync(args):
    letter = os.path.join(args.work, "sync.patch")
    shutil.copyfile(os.path.join(args.source, LETTER), letter)
    r = form(args, letter, QEMU)
    if r.returncode:
        fail(f"exit {r.returncode}: {r.stderr}")
    with open(letter) as f, open(os.path.join(args.source, LETTER)) as g:
        if f.read() != g.read():
            fail(f"{LETTER} is out of date with results/reference/: from the top of the "
                 f"tree run: tsobench report --cover-letter {LETTER} {' '.join(QEMU)}")
    print("sync: the letter in the tree is what the reference results give")


def case_refuse(args):
    src = os.path.join(args.source, LETTER)
    letter = os.path.join(args.work, "refuse.patch")
    bad_json = os.path.join(args.work, "bad.json")
    with open(bad_json, "w") as f:
        f.write("{\"schema\": ")
    nomark = os.path.join(args.work, "nomark.patch")
    with open(src) as f:
        text = f.read()
    with open(nomark, "w") as f:
        f.write(text.replace(END + "\n", ""))
    twice = os.path.join(args.work, "twice.patch")
    with open(twice, "w") as f:
        f.write(text + BEGIN + "\n")
    cases = [
        (letter, ["paired=" + QEMU[0]], "not a kernel label"),
        (letter, ["series="], "no file after the label"),
        (letter, [os.path.join(args.work, "missing.json")], "missing.json"),
        (letter, [bad_json], "bad.json"),
        (letter, [QEMU[0], "series=" + QEMU[0]], "give one"),
        (nomark, [QEMU[0]], "no '" + END + "' line"),
        (twice, [QEMU[0]], "appears twice"),
        (os.path.join(args.work, "no-letter.patch"), [QEMU[0]], "cannot read"),
    ]
    for target, files, words in cases:
        if target == letter:
            shutil.copyfile(src, letter)
        before = open(target).read() if os.path.exists(target) else None
        r = form(args, target, files)
        lines = r.stderr.strip().splitlines()
        if r.returncode != 2 or len(lines) != 1 or words not in lines[0]:
            fail(f"{files}: exit {r.returncode}, stderr {r.stderr!r} (want 2 and '{words}')")
        after = open(target).read() if os.path.exists(target) else None
        if before != after:
            fail(f"{files}: the letter changed on a refused run")
    # An unwritable output: refused, the letter kept.
    shutil.copyfile(src, letter)
    r = form(args, letter, [QEMU[0]], out="/proc/version/x")
    if r.returncode != 2 or len(r.stderr.strip().splitlines()) != 1:
        fail(f"unwritable output: exit {r.returncode}, {r.stderr!r}")
    print(f"refuse: {len(cases) + 1} bad inputs, each one line and exit 2")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=("qemu", "native", "sync", "refuse"))
    ap.add_argument("--tsobench", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    args.work = os.path.join(args.work, args.case)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    globals()["case_" + args.case](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
