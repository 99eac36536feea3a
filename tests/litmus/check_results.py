#!/usr/bin/env python3
"""Check a `tsobench litmus` results file.

usage: check_results.py RESULTS.json [--sb-relaxed] [--require STRATEGIES] [--selftest]

Always: every test ran with at least one strategy; every cell that ran has
iterations > 0 whose outcome counts add up, and forbidden/relaxed totals that
match its outcomes; no strategy that must give x86 ordering (all but plain on
arm64) shows an outcome x86-TSO forbids; the verdict agrees.
--sb-relaxed: SB's relaxed outcome (r0=0 r1=0) was seen in plain (TSO hardware:
the harness can catch a reordering).
--require: these strategies ran every test.
--selftest: doctored copies of the file must each fail the check.
"""
import argparse
import copy
import json
import sys

TESTS = ["MP", "SB", "LB", "S", "R", "2+2W", "IRIW", "CoRR"]


def check(doc, sb_relaxed=False, require=()):
    errors = []
    lit = doc.get("litmus")
    if doc.get("schema") != "tsobench-results" or not isinstance(lit, dict):
        return ["not a tsobench results file with a 'litmus' section"]
    if doc.get("context", {}).get("command") != "litmus":
        errors.append("context.command is not 'litmus'")
    if doc.get("complete") is not True:
        errors.append("results are incomplete: %s" % doc.get("incomplete_reason"))
    cells = lit.get("tests", [])
    ran = {}
    violations = 0
    for c in cells:
        name = "%s / %s" % (c.get("test"), c.get("strategy"))
        if not c.get("available"):
            if c.get("iterations") is not None or not c.get("reason"):
                errors.append("%s: unavailable, but has iterations or no reason" % name)
            continue
        if c.get("status") == "error":
            errors.append("%s: could not run: %s" % (name, c.get("reason")))
            continue
        n = c.get("iterations")
        if not isinstance(n, int) or n <= 0:
            errors.append("%s: ran %r iterations" % (name, n))
            continue
        ran.setdefault(c["test"], set()).add(c["strategy"])
        outs = c.get("outcomes", [])
        total = sum(o["count"] for o in outs)
        forbidden = sum(o["count"] for o in outs if o["forbidden_by_tso"])
        relaxed = sum(o["count"] for o in outs if o["class"] == "relaxed")
        if total != n:
            errors.append("%s: outcome counts add up to %d, not %d" % (name, total, n))
        if forbidden != c.get("forbidden_observed") or relaxed != c.get("relaxed_observed"):
            errors.append("%s: forbidden/relaxed totals %r/%r do not match outcomes %d/%d" % (
                name, c.get("forbidden_observed"), c.get("relaxed_observed"), forbidden,
                relaxed))
        for o in outs:
            if o["forbidden_by_tso"] != (o["class"] == "forbidden") or \
                    o["allowed_by_sc"] != (o["class"] == "sc"):
                errors.append("%s: outcome %s has inconsistent flags" % (name, o["outcome"]))
        if c.get("must_be_tso") and forbidden:
            violations += forbidden
            seen = ", ".join("%s x%d" % (o["outcome"], o["count"]) for o in outs
                             if o["forbidden_by_tso"] and o["count"])
            errors.append("%s: %d outcomes forbidden by x86-TSO (%s)" % (name, forbidden, seen))
        if c.get("must_be_tso") is False and c.get("strategy") != "plain":
            errors.append("%s: only plain may be weaker than x86-TSO" % name)
    for t in TESTS:
        if t not in ran:
            errors.append("%s did not run with any strategy" % t)
    for s in require:
        missing = [t for t in TESTS if s not in ran.get(t, ())]
        if missing:
            errors.append("strategy %s did not run %s" % (s, ", ".join(missing)))
    if sb_relaxed:
        sb = [c for c in cells if c.get("test") == "SB" and c.get("strategy") == "plain"]
        if not sb or not sb[0].get("relaxed_observed"):
            errors.append("SB / plain: the relaxed outcome r0=0 r1=0 was never seen: the "
                          "harness does not bring the threads close enough together")
    if lit.get("violations") != violations:
        errors.append("litmus.violations is %r, the cells add up to %d" % (
            lit.get("violations"), violations))
    if lit.get("verdict") != ("violation" if violations else "ok"):
        errors.append("litmus.verdict is %r" % lit.get("verdict"))
    return errors


def summary(doc):
    for c in doc["litmus"]["tests"]:
        if c.get("available") and c.get("iterations"):
            print("%-5s %-7s %9d iterations  relaxed %7d  forbidden %5d  %s%s" % (
                c["test"], c["strategy"], c["iterations"], c["relaxed_observed"],
                c["forbidden_observed"], c["status"],
                "  (time-shared)" if c.get("time_shared") else ""))


def selftest(doc, sb_relaxed, require):
    """Each doctored copy must fail: the check can catch what it claims to."""
    def cell(d, test, pred):
        for c in d["litmus"]["tests"]:
            if c["test"] == test and c.get("available") and c.get("iterations") and pred(c):
                return c
        return None

    def forbid(d):
        c = cell(d, "MP", lambda c: c["must_be_tso"])
        o = next(o for o in c["outcomes"] if o["forbidden_by_tso"])
        o["count"] += 1
        c["forbidden_observed"] += 1
        c["iterations"] += 1
        d["litmus"]["violations"] += 1
        d["litmus"]["verdict"] = "violation"

    def miscount(d):
        cell(d, "LB", lambda c: True)["iterations"] += 7

    def unrun(d):
        for c in d["litmus"]["tests"]:
            if c["test"] == "IRIW":
                c["available"], c["iterations"], c["reason"] = False, None, "doctored"

    def no_relaxed(d):
        c = cell(d, "SB", lambda c: c["strategy"] == "plain")
        for o in c["outcomes"]:
            if o["class"] == "relaxed":
                c["outcomes"][0 if o is not c["outcomes"][0] else 1]["count"] += o["count"]
                o["count"] = 0
        c["relaxed_observed"] = 0

    cases = [("a forbidden outcome in a TSO strategy", forbid),
             ("counts that do not add up", miscount),
             ("a test that did not run", unrun)]
    if sb_relaxed:
        cases.append(("no SB relaxed outcome", no_relaxed))
    bad = 0
    for what, doctor in cases:
        d = copy.deepcopy(doc)
        doctor(d)
        errs = check(d, sb_relaxed, require)
        print("%s: %s" % ("caught" if errs else "MISSED", what) + (": " + errs[0] if errs else ""))
        bad += not errs
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--sb-relaxed", action="store_true")
    ap.add_argument("--require", default="")
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args()
    require = [s for s in a.require.split(",") if s]
    with open(a.results) as f:
        doc = json.load(f)
    errors = check(doc, a.sb_relaxed, require)
    if not errors:
        summary(doc)
    for e in errors:
        print("FAIL:", e)
    if errors:
        return 1
    if a.selftest and selftest(doc, a.sb_relaxed, require):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
