#!/bin/sh
# qemu.tsobench.<cpu>: run `tsobench info` and `tsobench run --quick` inside
# the patched kernel on one CPU model and check the results that come back:
# every strategy the CPU offers ran with a right checksum, the others are
# unavailable with a reason, hwtso is available exactly on the always-TSO
# a64fx, ldapr exactly on neoverse-n1 (LRCPC), and the run is marked emulated.
#
# usage: tests/qemu/tsobench.sh REPO WORKDIR neoverse-n1|a64fx TSOBENCH
# Exits 77 (skip) when TSOBENCH, the static aarch64 build, is not there.
set -eu
. "$(dirname "$0")/prereq.sh"

repo=$1
work=$2/tsobench-$3
cpu=$3
tsobench=${4:-}

if [ -z "$tsobench" ] || [ ! -x "$tsobench" ]; then
	echo "SKIP: no static aarch64 tsobench (set TSOB_AARCH64_TSOBENCH to" \
		"build/aarch64/bench/tsobench after cmake --preset aarch64 &&" \
		"cmake --build build/aarch64; now: '${tsobench}')"
	exit 77
fi

rm -rf "$work"
mkdir -p "$work"
rc=0
"$repo/kernel-patch/run-in-qemu.sh" --cpu "$cpu" --tsobench "$tsobench" \
	--results "$work" --timeout 900 >/dev/null || rc=$?
log=$work/qemu-$cpu.console.log
echo "console: $log, results: $work/qemu-$cpu.json (run-in-qemu status $rc)"
[ -f "$log" ] && sed -n '/^@@TSOB-RUN-BEGIN 2 /,/^@@TSOB-RUN-END 2 /p' "$log"

fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
[ "$rc" = 0 ] || fail "run-in-qemu.sh exited $rc"
grep -qx '@@TSOB-RUN-END 2 status=0' "$log" || fail "tsobench info did not exit 0"
grep -qx '@@TSOB-RUN-END 3 status=0' "$log" || fail "tsobench run --quick did not exit 0"

if [ -f "$work/qemu-$cpu.json" ]; then
	/usr/bin/python3 - "$work/qemu-$cpu.json" "$cpu" <<'EOF' || fails=$((fails + 1))
import json, sys

doc = json.load(open(sys.argv[1]))
cpu = sys.argv[2]
bad = []
ctx = doc.get("context", {})
cells = doc.get("cells", [])
if not doc.get("complete"):
    bad.append("run not complete: %s" % doc.get("incomplete_reason"))
if ctx.get("emulated") is not True:
    bad.append("context.emulated is not true: emulated timings must be labelled")
mm = ctx.get("memory_model") or {}
if mm.get("supported") is not True:
    bad.append("memory-model prctl not reported as supported: %r" % mm)
if mm.get("tso") is not (cpu == "a64fx"):
    bad.append("memory_model.tso is %r on %s" % (mm.get("tso"), cpu))
if not cells:
    bad.append("no cells")
by = {}
for c in cells:
    by.setdefault(c.get("strategy"), []).append(c)
    st = c.get("status")
    if st not in ("ok", "unavailable"):
        bad.append("%s/%s: status %s" % (c.get("kernel"), c.get("strategy"), st))
    if st == "unavailable" and not c.get("reason"):
        bad.append("%s/%s: unavailable without a reason" % (c.get("kernel"), c.get("strategy")))
# Which strategies this CPU model must and must not offer.
want = {"a64fx": {"hwtso": "ok", "ldapr": "unavailable"},
        "neoverse-n1": {"hwtso": "unavailable", "ldapr": "ok"}}[cpu]
for s in ("plain", "ldar", "dmb"):
    want[s] = "ok"
for s, st in want.items():
    got = {c.get("status") for c in by.get(s, [])}
    if got != {st}:
        bad.append("%s on %s: statuses %s, want all %s" % (s, cpu, sorted(got), st))
for b in bad:
    print("FAIL:", b)
print("%d cells checked: %s" % (len(cells), ", ".join(
    "%s %d" % (s, len(v)) for s, v in sorted(by.items()))))
sys.exit(1 if bad else 0)
EOF
else
	fail "no results came back from the guest"
fi

[ $fails = 0 ] || {
	echo "$fails check(s) failed"
	exit 1
}
echo "PASS"
