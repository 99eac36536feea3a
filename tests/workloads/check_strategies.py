#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Everything that names the strategies agrees with the one table.

The table is workloads/include/tsob/strategies.def. Checked against it: the
results schema's strategy enum, `tsobench list --json` (names, order, load,
store, emitted_by), the Strategies table of workloads/README.md, and the
disassembly check's rules (which refuse to start when they do not cover it).

usage: check_strategies.py SOURCE_DIR TSOBENCH [EMULATOR...]
Exit: 0 all agree, 1 a difference (listed).
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import strategies  # noqa: E402

src, exe, emu = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = strategies.table()
names = [r["name"] for r in rows]
bad = []

schema = json.load(open(os.path.join(src, "results", "schema", "tsobench-results.schema.json")))
enum = schema["$defs"]["strategy"]["enum"]
if enum != names:
    bad.append(f"schema enum {enum} != table {names}")

out = subprocess.run(emu + [exe, "list", "--json"], capture_output=True, text=True, check=True)
listed = json.loads(out.stdout)["strategies"]
if [s["name"] for s in listed] != names:
    bad.append(f"tsobench list: {[s['name'] for s in listed]} != table {names}")
for s, r in zip(listed, rows):
    for key in ("load", "store", "emitted_by"):
        if s.get(key) != r[key]:
            bad.append(f"tsobench list: {s['name']}.{key} {s.get(key)!r} != table {r[key]!r}")

readme = open(os.path.join(src, "workloads", "README.md")).read()
documented = re.findall(r"^\| `(\w+)` \| ", readme.split("## Strategies", 1)[1], re.M)
if documented[:len(names)] != names:
    bad.append(f"workloads/README.md Strategies table {documented[:len(names)]} != {names}")

disasm = subprocess.run([sys.executable, os.path.join(src, "tests", "workloads",
                                                      "check_disasm.py"), "--help"],
                        capture_output=True, text=True)
if disasm.returncode != 0:
    bad.append(f"check_disasm.py: {disasm.stderr.strip() or disasm.stdout.strip()}")

for b in bad:
    print("FAIL:", b)
print(f"{len(names)} strategies: {', '.join(names)}; checked schema, list, README, disasm rules")
sys.exit(1 if bad else 0)
