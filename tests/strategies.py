# SPDX-License-Identifier: MIT
"""The strategy table (workloads/include/tsob/strategies.def) for the tests.

The tests read the one table rather than repeating the names; where a test
holds rules per strategy (the disassembly check), it checks that its rules
cover exactly the table's strategies.
"""
import os
import re

DEF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workloads", "include",
                   "tsob", "strategies.def")
ROW = re.compile(r'^TSOB_STRATEGY\((\w+),\s*(\w+),\s*"([^"]*)",\s*"([^"]*)",\s*(\w+),\s*(\w+),'
                 r'\s*(\w+),\s*([01]),\s*([01]),\s*"([^"]*)"\)', re.M | re.S)


def table(path=DEF):
    """[{id, name, load, store, needs, code, model, tso, x86, emitted_by}] in table order."""
    text = open(path).read()
    rows = [dict(id=m[0], name=m[1], load=m[2], store=m[3], needs=m[4], code=m[5].lower(),
                 model=m[6], tso=m[7] == "1", x86=m[8] == "1", emitted_by=m[9])
            for m in ROW.findall(text)]
    starts = len(re.findall(r"^TSOB_STRATEGY\(", text, re.M))
    if len(rows) != starts or not rows:
        raise SystemExit(f"{path}: {starts} rows, {len(rows)} parse")
    return rows


def names():
    return [r["name"] for r in table()]


def object_strategies(arm64=True):
    """Strategies with compiled objects of their own on arm64 (or x86-64)."""
    return [r["name"] for r in table() if r["code"] == r["name"] and (arm64 or r["x86"])]


def baseline():
    """The strategy the others are compared with: the first one that promises nothing."""
    return next(r["name"] for r in table() if not r["tso"])
