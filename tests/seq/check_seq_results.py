#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check a `tsobench seq` results file, and the table printed with it.

The file must pass the JSON Schema, then what a schema cannot say:
  - every row `tsobench seq --list` shows has a cell under the default model
    (and under TSO with --tso-cells yes; none with no), with the table's
    instruction count;
  - an ok cell has one figure a repetition, recomputed here from its raw
    readings: (fastest 2u call - fastest u call) / (u x iterations) over each
    repetition's pairs of calls, for time and for every counter that counted;
  - anything not ok has a reason, every counter that did not count a reason;
  - with --exact-instructions, every ok cell counted instructions and the
    median per copy equals the table's count exactly (the QEMU guest under
    -icount, or a host whose PMU counts instructions);
  - each --want ROW/MODEL=STATUS[:WORD] holds (WORD: in the reason);
  - the table (--table) has the columns and one line per cell, with its
    row, model and status.
Exit 0 when all hold, 1 with each difference.
"""
import argparse
import json
import math
import re
import statistics
import sys

import jsonschema

COLUMNS = ["row", "form", "model", "95% CI", "instr/copy", "table", "status"]


def listed_rows(path):
    """name -> instructions per copy, from `tsobench seq --list`."""
    rows = {}
    for line in open(path).read().splitlines()[1:]:
        f = line.split()
        if len(f) >= 5:
            rows[f[0]] = int(f[4])
    return rows


def check_cell(c, bad):
    name = f"{c['kernel']}/{c['seq']['model']}"
    seq = c["seq"]
    if c["status"] != "ok":
        if not c.get("reason"):
            bad.append(f"{name}: status {c['status']} without a reason")
        return
    reps, pairs = c["repeat"], seq["pairs"]
    denom = seq["u"] * seq["iterations"]
    if seq["figure"] != "ns" and not c["counters"].get(seq["figure"], {}).get("available"):
        bad.append(f"{name}: figure {seq['figure']} did not count")
    if (seq["figure"] == "ns") != (seq.get("figure_note") == "time per instruction, no cycle counter"):
        bad.append(f"{name}: figure {seq['figure']} with note {seq.get('figure_note')!r}")
    series = {"ns": c["wall_ns"]["values"]}
    for ev, ctr in c["counters"].items():
        if ctr["available"]:
            series[ev] = ctr["values"]
        elif not ctr.get("reason"):
            bad.append(f"{name}: counter {ev} unavailable without a reason")
    for what, values in series.items():
        raw_u, raw_2u = seq["raw"]["u"].get(what), seq["raw"]["2u"].get(what)
        if raw_u is None or len(raw_u) != reps * pairs or len(raw_2u) != reps * pairs:
            bad.append(f"{name}: raw {what} readings missing or not {pairs} a repetition")
            continue
        if len(values) != reps:
            bad.append(f"{name}: {len(values)} {what} samples for repeat {reps}")
            continue
        for r in range(reps):
            lo_u = min(raw_u[r * pairs:(r + 1) * pairs])
            lo_2u = min(raw_2u[r * pairs:(r + 1) * pairs])
            want = (lo_2u - lo_u) / denom
            if not math.isclose(values[r], want, rel_tol=1e-9, abs_tol=1e-12):
                bad.append(f"{name}: {what}[{r}] = {values[r]}, raw readings give {want}")
                break


def check_table(path, doc, bad):
    lines = open(path).read().splitlines()
    head = next((l for l in lines if l.startswith("row ")), None)
    if not head or not all(col in head for col in COLUMNS) or not re.search(r"(ns|cyc)/copy", head):
        bad.append(f"table: no header with the columns {COLUMNS}: {head!r}")
        return
    for c in doc["cells"]:
        model = c["seq"]["model"]
        line = next((l for l in lines if l.split()[:1] == [c["kernel"]] and f" {model} " in l), None)
        if not line:
            bad.append(f"table: no line for {c['kernel']} {model}")
        elif not re.search(rf"  {re.escape(c['status'])}(:|$)", line):
            bad.append(f"table: {c['kernel']} {model} does not say {c['status']}: {line!r}")
    ns = any(c["status"] == "ok" and c["seq"]["figure"] == "ns" for c in doc["cells"])
    if ns and not any("time per instruction, no cycle counter" in l for l in lines):
        bad.append("table: figures in ns without 'time per instruction, no cycle counter'")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("schema")
    ap.add_argument("results")
    ap.add_argument("--rows", help="the output of `tsobench seq --list`")
    ap.add_argument("--table", help="what `tsobench seq` printed")
    ap.add_argument("--tso-cells", choices=["yes", "no"])
    ap.add_argument("--exact-instructions", action="store_true")
    ap.add_argument("--want", action="append", default=[], metavar="ROW/MODEL=STATUS[:WORD]")
    a = ap.parse_args()

    doc = json.load(open(a.results))
    bad = [f"schema: {e.json_path}: {e.message}" for e in
           jsonschema.Draft202012Validator(json.load(open(a.schema))).iter_errors(doc)]
    if bad:
        print("\n".join(bad[:20]))
        return 1
    cells = {(c["kernel"], c["seq"]["model"]): c for c in doc["cells"]}
    if len(cells) != len(doc["cells"]):
        bad.append("a row appears twice under one model")
    for c in doc["cells"]:
        check_cell(c, bad)
    if a.rows:
        for row, count in listed_rows(a.rows).items():
            c = cells.get((row, "default"))
            if not c:
                bad.append(f"{row}: no cell under the default model")
            elif c["seq"]["instructions"] != count:
                bad.append(f"{row}: {c['seq']['instructions']} instructions, --list says {count}")
    tso = [c for c in doc["cells"] if c["seq"]["model"] == "tso"]
    if a.tso_cells == "yes" and not tso:
        bad.append(f"no cell under TSO: {doc['seq'].get('tso_reason')}")
    if a.tso_cells == "no" and tso:
        bad.append(f"{len(tso)} cells under TSO where none was expected")
    if a.tso_cells == "no" and not doc["seq"].get("tso_reason"):
        bad.append("TSO not measured, and the file does not say why")
    exact = 0
    for c in doc["cells"]:
        if not a.exact_instructions or c["status"] != "ok":
            continue
        ins = c["counters"].get("instructions", {})
        if not ins.get("available"):
            bad.append(f"{c['kernel']}/{c['seq']['model']}: instructions not counted: {ins.get('reason')}")
            continue
        med = statistics.median(ins["values"])
        if med != c["seq"]["instructions"]:
            bad.append(f"{c['kernel']}/{c['seq']['model']}: {med} instructions per copy, "
                       f"the table says {c['seq']['instructions']}")
        exact += 1
    for w in a.want:
        key, _, want = w.partition("=")
        row, _, model = key.partition("/")
        status, _, word = want.partition(":")
        c = cells.get((row, model))
        if not c:
            bad.append(f"{key}: no such cell")
        elif c["status"] != status or word not in (c.get("reason") or ""):
            bad.append(f"{key}: {c['status']} ({c.get('reason')}), want {want}")
    if a.table:
        check_table(a.table, doc, bad)
    for b in bad[:30]:
        print("FAIL:", b)
    ok = sum(c["status"] == "ok" for c in doc["cells"])
    print(f"{a.results}: {len(doc['cells'])} cells, {ok} ok, {len(tso)} under TSO"
          + (f", {exact} with exact instruction counts" if a.exact_instructions else "")
          + (f"; {len(bad)} problem(s)" if bad else "; valid"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
