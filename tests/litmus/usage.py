#!/usr/bin/env python3
"""`tsobench litmus` command lines: bad ones exit 2 with one line on stderr,
nothing on stdout and no results file; a selection runs just what it names;
SIGINT ends a run after the current batch, with the results kept and marked
incomplete (exit 130).

usage: usage.py WORKDIR TSOBENCH [EMULATOR ARGS...]
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

work, exe, emu = sys.argv[1], sys.argv[2], sys.argv[3:]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
out = os.path.join(work, "out.json")
failures = 0


def run(*args):
    return subprocess.run(emu + [exe, "litmus"] + list(args), capture_output=True, text=True,
                          timeout=120)


def bad(*args):
    global failures
    p = run("-o", out, *args) if "-o" not in args else run(*args)
    lines = p.stderr.splitlines()
    why = []
    if p.returncode != 2:
        why.append("exit %d, want 2" % p.returncode)
    if len(lines) != 1 or not lines[0].startswith("tsobench: "):
        why.append("stderr is not one 'tsobench: ' line: %r" % p.stderr)
    if p.stdout:
        why.append("wrote to stdout: %r" % p.stdout[:200])
    if os.path.exists(out):
        why.append("left a results file")
        os.remove(out)
    print("%s: litmus %s%s" % ("FAIL" if why else "ok", " ".join(args),
                               ": " + "; ".join(why) if why else " -> " + p.stderr.strip()))
    failures += bool(why)


bad("-t", "NOPE")
bad("-t", "SB,NOPE")
bad("-t", ",")
bad("-t", "")
bad("-t", "SB,")
bad("-m", "plain,,")
bad("-m", "bogus")
bad("-m", "plain,bogus")
bad("-n", "0")
bad("-n", "abc")
bad("-n", "-5")
bad("-n", "1.5")
bad("-n", "99999999999999999999999")
bad("-n")
bad("--batch", "0")
bad("--stagger", "x")
bad("--seed", "-1")
bad("--time-limit", "0")
bad("--time-limit", "soon")
bad("--bogus")
bad("stray")
bad("-o", os.path.join(work, "no", "such", "dir", "out.json"))

p = run("--help")
if p.returncode != 0 or "usage: tsobench litmus" not in p.stdout:
    print("FAIL: litmus --help: exit %d, stdout %r" % (p.returncode, p.stdout[:200]))
    failures += 1

# A selection runs exactly the cells it names, in table order, whatever the case.
p = run("-t", "sb,MP", "-m", "plain", "-n", "2000", "-q", "-o", out)
try:
    cells = [(c["test"], c["strategy"]) for c in json.load(open(out))["litmus"]["tests"]]
except (OSError, ValueError, KeyError) as e:
    cells = repr(e)
if p.returncode != 0 or cells != [("MP", "plain"), ("SB", "plain")]:
    print("FAIL: -t sb,MP -m plain: exit %d, cells %s, stderr %r" % (p.returncode, cells,
                                                                    p.stderr))
    failures += 1
else:
    print("ok: -t sb,MP -m plain ran", cells)
# SIGINT: the run stops between batches and still writes what it counted.
os.path.exists(out) and os.remove(out)
p = subprocess.Popen(emu + [exe, "litmus", "-t", "SB", "-m", "plain", "-n", "1000000000000",
                            "-q", "-o", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     text=True)
time.sleep(1.5)
p.send_signal(signal.SIGINT)
try:
    stdout, stderr = p.communicate(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    stdout, stderr = p.communicate()
try:
    doc = json.load(open(out))
    cell = doc["litmus"]["tests"][0]
    got = (p.returncode, doc["complete"], cell["stopped_early"], cell["iterations"] > 0,
           sum(o["count"] for o in cell["outcomes"]) == cell["iterations"])
except (OSError, ValueError, KeyError, IndexError, TypeError) as e:
    got = (p.returncode, repr(e))
if got != (130, False, True, True, True):
    print("FAIL: SIGINT: (exit, complete, stopped_early, ran, counts add up) = %r; stderr %r"
          % (got, stderr))
    failures += 1
else:
    print("ok: SIGINT ended the run after %d iterations, results kept as incomplete"
          % cell["iterations"])
sys.exit(1 if failures else 0)
