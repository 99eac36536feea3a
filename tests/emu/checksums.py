#!/usr/bin/python3
"""emu.checksums: tsob-x86, the kernels as a static x86-64 program, gives the
same operations and checksums as tsobench run's plain cells, kernel by kernel,
at the sizes and thread counts tsobench run chose (--quick).

usage: checksums.py [--emulator WORD]... TSOBENCH TSOB_X86 WORKDIR
--emulator words are put before TSOBENCH (qemu-aarch64-static in cross builds).
"""
import json
import os
import platform
import subprocess
import sys

args = sys.argv[1:]
emulator = []
while args and args[0] == "--emulator":
    emulator.append(args[1])
    args = args[2:]
tsobench, prog, work = args
if platform.machine() != "x86_64":
    print(f"SKIP: x86-64 programs do not run natively on {platform.machine()} "
          "(emu.qemu_user runs tsob-x86 under QEMU there)")
    sys.exit(77)
os.makedirs(work, exist_ok=True)
out = os.path.join(work, "run.json")
if os.path.exists(out):
    os.remove(out)
r = subprocess.run(emulator + [tsobench, "run", "--quick", "-m", "plain", "-r", "1", "--warmup", "0",
                               "-o", out], capture_output=True, text=True)
if r.returncode != 0:
    sys.exit(f"FAIL: tsobench run exited {r.returncode}: {r.stderr.strip()[-400:]}")
cells = [c for c in json.load(open(out))["cells"] if c["strategy"] == "plain"]
bad = []
kernels = set()
for c in cells:
    if c["status"] != "ok":
        bad.append(f"{c['kernel']}: tsobench run status {c['status']}: {c.get('reason')}")
        continue
    kernels.add(c["kernel"])
    cmd = [prog, c["kernel"], str(c["size"]), str(c["threads"]), "0", "1"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    rep = [ln for ln in p.stdout.splitlines() if ln.startswith("tsob-x86 v1 rep=0 ")]
    if p.returncode != 0 or len(rep) != 1:
        bad.append(f"{' '.join(cmd)}: exit {p.returncode}, {p.stderr.strip()}")
        continue
    f = dict(w.split("=", 1) for w in rep[0].split()[2:])
    want = c["checksum"]["got"]
    if int(f["ops"]) != c["ops"] or f["checksum"] != want or f["ok"] != "1":
        bad.append(f"{c['kernel']} x{c['threads']}: tsob-x86 ops {f['ops']} checksum "
                   f"{f['checksum']}, tsobench run ops {c['ops']} checksum {want}")
    else:
        print(f"{c['kernel']:15} threads {c['threads']}  size {c['size']:>8}  ops {c['ops']:>8}  "
              f"checksum {want}  same")
if len(kernels) < 17:
    bad.append(f"only {len(kernels)} kernels compared: {sorted(kernels)}")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
