#!/bin/sh
# ctxsw.qemu.a64fx: run `tsobench ctxsw` inside the patched kernel on the
# always-TSO A64FX model, where PR_SET_MEM_MODEL(TSO) succeeds, and check the
# results that come back: every state of both methods ran, the prctl calls
# and the throughput states ran, and the per-thread check after every wake-up
# found zero mismatches over at least 100000 switches in each state.
#
# usage: tests/ctxsw/qemu.sh REPO WORKDIR TSOBENCH
# Exits 77 (skip) when TSOBENCH (the static aarch64 build) or
# kernel-patch/run-in-qemu.sh is not there.
set -eu

repo=$1
work=$2/ctxsw-qemu-a64fx
tsobench=${3:-}
cpu=a64fx
checked=100000
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -x "$repo/kernel-patch/run-in-qemu.sh" ]; then
	echo "SKIP: $repo/kernel-patch/run-in-qemu.sh is not there (the QEMU guest is needed)"
	exit 77
fi
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
	--results "$work" --timeout 1200 -- \
	ctxsw --quick -r 3 --iterations 1000 --seconds 0.1 --check-switches $checked \
	-o /r.json >/dev/null || rc=$?
log=$work/qemu-$cpu.console.log
echo "console: $log, results: $work/qemu-$cpu.json (run-in-qemu status $rc)"
[ -f "$log" ] && sed -n '/^@@TSOB-RUN-BEGIN 3 /,/^@@TSOB-RUN-END 3 /p' "$log"

fails=0
[ "$rc" = 0 ] || { echo "FAIL: run-in-qemu.sh exited $rc"; fails=$((fails + 1)); }
# Command 3 is tsobench (1: the kselftest, 2: tsobench info); 1 would mean a mismatch.
grep -qx '@@TSOB-RUN-END 3 status=0' "$log" 2>/dev/null ||
	{ echo "FAIL: tsobench ctxsw did not exit 0 in the guest"; fails=$((fails + 1)); }
if [ -f "$work/qemu-$cpu.json" ]; then
	/usr/bin/python3 "$here/check-results.py" "$work/qemu-$cpu.json" --all-states \
		--min-checked $checked \
		--schema "$repo/results/schema/tsobench-results.schema.json" || fails=$((fails + 1))
else
	echo "FAIL: no results came back from the guest"
	fails=$((fails + 1))
fi
[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "PASS"
