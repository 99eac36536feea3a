#!/bin/sh
# litmus.qemu.<cpu>: run `tsobench litmus --quick` inside the patched kernel on
# one CPU model and check the results that come back: nothing x86-TSO forbids
# in any strategy that must give x86 ordering, every test ran, and the
# strategies the model offers ran them all: hwtso on the always-TSO a64fx
# (every test thread sets PR_SET_MEM_MODEL TSO), ldapr on neoverse-n1.
# The guest runs one vCPU at a time (-icount): plain shows nothing there either.
#
# usage: tests/litmus/qemu.sh REPO WORKDIR neoverse-n1|a64fx TSOBENCH
# Exits 77 (skip) when TSOBENCH (the static aarch64 build) or
# kernel-patch/run-in-qemu.sh is not there.
set -eu

repo=$1
cpu=$3
work=$2/litmus-qemu-$cpu
tsobench=${4:-}
here=$(cd "$(dirname "$0")" && pwd)

case $cpu in
a64fx) require=ldar,dmb,hwtso ;;
neoverse-n1) require=ldar,ldapr,dmb ;;
*) echo "usage: $0 REPO WORKDIR neoverse-n1|a64fx TSOBENCH" >&2; exit 2 ;;
esac
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
	--results "$work" --timeout 600 -- litmus --quick -o /r.json >/dev/null || rc=$?
log=$work/qemu-$cpu.console.log
json=$work/qemu-$cpu.json
echo "console: $log, results: $json (run-in-qemu status $rc)"
[ -f "$log" ] && sed -n '/^@@TSOB-RUN-BEGIN 3 /,/^@@TSOB-RUN-END 3 /p' "$log" | grep -v '^\['

fails=0
[ "$rc" = 0 ] || { echo "FAIL: run-in-qemu.sh exited $rc"; fails=$((fails + 1)); }
# Command 3 is tsobench litmus (1: the kselftest, 2: tsobench info); 1 would be a violation.
grep -qx '@@TSOB-RUN-END 3 status=0' "$log" 2>/dev/null ||
	{ echo "FAIL: tsobench litmus did not exit 0 in the guest"; fails=$((fails + 1)); }
if [ -f "$json" ]; then
	/usr/bin/python3 "$here/check_results.py" "$json" --require "$require" || fails=$((fails + 1))
else
	echo "FAIL: no results came back from the guest"
	fails=$((fails + 1))
fi
[ $fails = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "PASS"
