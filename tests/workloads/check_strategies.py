#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Everything that names the strategies agrees with the one table.

The table is workloads/include/tsob/strategies.def. Checked against it: the
results schema's strategy enum (and that a cell's strategy admits only it,
emu:CONFIG and the seq variants of `tsobench seq`, named apart from every
strategy), `tsobench list --json` (names, order, load, store, emitted_by),
the Strategies table of workloads/README.md, and the disassembly check's rules (which refuse to start when they do not cover it).

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
# A cell's strategy is a strategy of the table, an emulator configuration
# (emu:CONFIG, tsobench emu) or a seq variant (tsobench seq: the row's own code
# under a memory model), and a variant never takes a strategy's name.
variants = schema["$defs"]["seq_variant"]["enum"]
alts = schema["$defs"]["cell_strategy"]["anyOf"]
refs = [a.get("$ref") for a in alts]
others = [a.get("pattern") for a in alts if "$ref" not in a]
if schema["$defs"]["cell"]["properties"]["strategy"] != {"$ref": "#/$defs/cell_strategy"}:
    bad.append("a cell's strategy is not $defs/cell_strategy")
if "#/$defs/strategy" not in refs or "#/$defs/seq_variant" not in refs or \
        any(not p or not p.startswith("^emu:") for p in others):
    bad.append(f"cell strategy admits {alts}: want the strategies, emu:CONFIG and the seq variants")
if set(variants) & set(names) or any(v.startswith("emu:") for v in variants):
    bad.append(f"seq variants {variants} clash with strategy names {names} or emu:CONFIG")

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
