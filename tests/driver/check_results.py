#!/usr/bin/env python3
"""Validate a tsobench results file against the JSON Schema, then the
invariants a schema cannot say. Exit 0 when valid, 1 with the reasons."""
import argparse
import json
import math
import sys

import jsonschema


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("schema")
    ap.add_argument("results")
    ap.add_argument("--expect-complete", choices=["yes", "no"], default="yes")
    ap.add_argument("--min-ok-cells", type=int, default=1)
    ap.add_argument("--require-counter", action="append", default=[],
                    help="counter that must be measured (available, > 0) in every ok cell")
    args = ap.parse_args()

    schema = json.load(open(args.schema))
    doc = json.load(open(args.results))
    errors = [f"schema: {e.json_path}: {e.message}"
              for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]

    if doc.get("complete") != (args.expect_complete == "yes"):
        errors.append(f"complete is {doc.get('complete')}, expected {args.expect_complete}")
    ok = [c for c in doc.get("cells", []) if c.get("status") == "ok"]
    if len(ok) < args.min_ok_cells:
        errors.append(f"{len(ok)} ok cells, expected at least {args.min_ok_cells}")
    ctx = doc.get("context", {})
    for c in ok:
        name = f"{c['kernel']}/{c['strategy']}/{c['threads']}"
        w = c["wall_ns"]
        runs = len(set(w.get("run", [0])))  # several runs (--runs, ab): repeat is per run
        if len(w["values"]) != c["repeat"] * runs:
            errors.append(f"{name}: {len(w['values'])} samples for repeat {c['repeat']} "
                          f"in {runs} run(s)")
        if not all(v > 0 for v in w["values"]):
            errors.append(f"{name}: a wall time is not positive")
        st = w["stats"]
        if not (st["min"] <= st["ci95"][0] <= st["median"] <= st["ci95"][1] <= st["max"]):
            errors.append(f"{name}: min <= ci_lo <= median <= ci_hi <= max does not hold")
        if not c["checksum"]["ok"] or c["checksum"]["got"] != c["checksum"]["expected"]:
            errors.append(f"{name}: checksum not ok in an ok cell")
        if len(c["cpus_seen"]) != c["threads"] or not all(c["cpus_seen"]):
            errors.append(f"{name}: a thread has no recorded CPU")
        for ev in ctx.get("events", []):
            if ev not in c["counters"]:
                errors.append(f"{name}: event {ev} missing from counters")
        for ev, ctr in c["counters"].items():
            if ctr["available"]:
                if any(v < 0 or not math.isfinite(v) for v in ctr["values"]):
                    errors.append(f"{name}: {ev} has a bad value")
            elif not ctr.get("reason"):
                errors.append(f"{name}: {ev} unavailable without a reason")
        for ev in args.require_counter:
            ctr = c["counters"].get(ev, {})
            if not ctr.get("available") or not all(v > 0 for v in ctr["values"]):
                errors.append(f"{name}: {ev} was not measured: {ctr.get('reason')}")
    for c in doc.get("cells", []):
        if c["status"] != "ok" and not c.get("reason"):
            errors.append(f"{c['kernel']}/{c['strategy']}: status {c['status']} without reason")

    for e in errors[:20]:
        print(e)
    if errors:
        print(f"{args.results}: {len(errors)} problem(s)")
        return 1
    print(f"{args.results}: valid, {len(ok)} ok cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
