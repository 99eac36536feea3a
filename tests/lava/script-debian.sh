#!/bin/sh
# lava.script_debian: lava/tsobench-lava.sh as it runs on a machine with a
# full distribution (an SSH device): Debian's dash and coreutils, this host's
# tsobench, and no lava-test-case on PATH, so it prints the test cases. Its
# test cases are the results file's cells (`tsobench lava cells`, checked
# here against the file read with Python) plus the exit status; its block
# decodes with coreutils (base64 -d, gunzip) to the very file it wrote. A run
# that fails (an unknown kernel) is a failed case and sends no file.
#
# usage: tests/lava/script-debian.sh REPO WORKDIR TSOBENCH
set -u
REPO=$1
WORK=$2
TSOB=$3
. "$(dirname "$0")/common.sh"

w=$WORK/script-debian
rm -rf "$w"
mkdir -p "$w/bin"
run_script() { # OUT [NAME=VALUE...]
	out=$1
	shift
	env -u LAVA_JOB_ID PATH="$w/bin:/usr/bin:/bin" TSOBENCH="$TSOB" RESULTS_DIR="$w/results" \
		DEVICE="debian host" PRECISION=quick SUBCOMMANDS=run "$@" \
		dash "$REPO/lava/tsobench-lava.sh" >"$out" 2>"$out.err"
}

run_script "$w/out.txt" KERNELS=copy8 STRATEGIES=plain,ldar || fail "the script exited $?"
f=$w/results/run.json
[ -s "$f" ] || fail "no results file"
grep -q "^@@TSOB-LAVA-META job=none device=debian_host host=$(uname -n) arch=$(uname -m) tsobench=" \
	"$w/out.txt" || fail "no metadata line"
grep -qx '@@TSOB-LAVA-DONE files=1' "$w/out.txt" || fail "no end line for one file"

# The cells as tsobench lists them, against the file as Python reads it.
"$TSOB" lava cells "$f" >"$w/cells.txt" || fail "tsobench lava cells exited $?"
$PY - "$f" "$w/cells.txt" <<'PYEOF' || fail "tsobench lava cells is not the file's cells"
import json, sys
doc = json.load(open(sys.argv[1]))
got = [l.split(" ", 4) for l in open(sys.argv[2]).read().splitlines()]
want = []
for c in doc["cells"]:
    name = "run.%s.%s.t%d" % (c["kernel"], c["strategy"], c["threads"])
    res = {"ok": "pass", "unavailable": "skip"}.get(c["status"], "fail")
    want.append((name, res))
    if res == "pass":
        for ev, ctr in c.get("counters", {}).items():
            want.append((name + "." + ev, "pass" if ctr.get("available") else "skip"))
assert [tuple(g[:2]) for g in got] == want, (got, want)
for g in got:
    if g[1] == "skip":
        assert g[2] == "-" and g[4] != "-", g  # a skip has its reason, no value
    elif g[0].count(".") == 3:
        c = next(c for c in doc["cells"] if "run.%s.%s.t%d" % (c["kernel"], c["strategy"],
                                                              c["threads"]) == g[0])
        vals = sorted(c["wall_ns"]["values"])
        mid = len(vals) // 2
        med = vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2
        assert abs(float(g[2]) - med / c["ops"]) <= 1e-6 * float(g[2]) and g[3] == "ns/op", g
print("%d cells listed as the file has them" % len(got))
PYEOF

# Test cases: exactly the cells, plus the exit status.
while read -r name result value units reason; do
	if [ "$value" = - ]; then
		echo "lava-test-case $name --result $result"
	else
		echo "lava-test-case $name --result $result --measurement $value --units $units"
	fi
done <"$w/cells.txt" >"$w/want.txt"
echo "lava-test-case run.status --result pass --measurement 0 --units exit" >>"$w/want.txt"
grep '^lava-test-case ' "$w/out.txt" | sort >"$w/got.txt"
sort "$w/want.txt" | diff -u - "$w/got.txt" || fail "test cases differ from the cells"
grep -q '^lava-test-case run.copy8.plain.t1 --result pass --measurement [0-9.e+-]* --units ns/op$' \
	"$w/got.txt" || fail "no measured plain cell"
if [ "$(uname -m)" != aarch64 ]; then
	grep -q '^SKIP run.copy8.ldar.t1: ' "$w/out.txt" || fail "ldar on $(uname -m): no skip reason"
fi

# The block, decoded with coreutils, is the file; size and sha256 say so.
sed -n 's/^@@TSOB-LAVA-B64 //p' "$w/out.txt" | base64 -d | gunzip >"$w/decoded.json" ||
	fail "the block does not decode with base64 -d | gunzip"
cmp -s "$w/decoded.json" "$f" || fail "the decoded block is not the results file"
grep -qx "@@TSOB-LAVA-BEGIN name=run.json size=$(wc -c <"$f") sha256=$(sha256sum "$f" |
	cut -d ' ' -f 1) encoding=gzip+base64" "$w/out.txt" || fail "the BEGIN line's size or sha256"

echo "$(wc -l <"$w/got.txt") test cases, one block of $(wc -c <"$f") bytes"

# A failed cell (its status edited) reads as a failed case with its reason.
$PY - "$f" "$w/failed.json" <<'PYEOF' || fail "cannot edit run.json"
import json, sys
doc = json.load(open(sys.argv[1]))
cell = next(c for c in doc["cells"] if c["strategy"] == "plain")
cell["status"], cell["reason"] = "checksum-failed", "checksum 0x1, expected 0x2"
json.dump(doc, open(sys.argv[2], "w"))
PYEOF
"$TSOB" lava cells "$w/failed.json" | grep -qx 'run.copy8.plain.t1 fail - - checksum 0x1, expected 0x2' ||
	fail "a checksum failure is not a failed cell with its reason"

# ctxsw's states and prctl calls as cases: measured, or skipped with the reason.
"$TSOB" ctxsw --quick --no-perf-bench --no-throughput --method futex --states default,tso -r 2 \
	--check-switches 1000 -o "$w/ctxsw.json" >/dev/null 2>&1 || fail "tsobench ctxsw exited $?"
"$TSOB" lava cells "$w/ctxsw.json" >"$w/ctxsw.cells" || fail "tsobench lava cells ctxsw.json"
grep -q '^ctxsw\.futex\.default pass [0-9.e+]* ns/switch -$' "$w/ctxsw.cells" || fail "ctxsw default"
grep -Eq '^ctxsw\.futex\.tso (pass [0-9.e+]* ns/switch -|skip - - .+)$' "$w/ctxsw.cells" ||
	fail "ctxsw tso: neither measured nor skipped with a reason"
for call in get set_same set_tso set_default set_pair; do
	grep -q "^ctxsw\.prctl\.$call " "$w/ctxsw.cells" || fail "no prctl $call case"
done
! grep -q '^ctxsw\.pipe\.' "$w/ctxsw.cells" || fail "pipe cases from a futex-only run"

# tsobench refuses an unknown kernel: a failed case, no file sent.
run_script "$w/bad.txt" KERNELS=no-such-kernel || fail "the script exited $? on a failed run"
grep -qx 'lava-test-case run.status --result fail --measurement 2 --units exit' "$w/bad.txt" ||
	fail "a failed run is not a failed case"
grep -qx '@@TSOB-LAVA-DONE files=0' "$w/bad.txt" || fail "a failed run sent a file"
echo PASS
