#!/bin/sh
# emu.barriers: the barriers QEMU emits for an x86-64 guest on an arm64 host,
# read from its own translation log (-d out_asm, arm64 code; on an x86-64 host
# the arm64 qemu-x86_64-static runs under qemu-aarch64-static): with two guest
# threads (spsc) every guest load has DMB ISHLD before it and every guest store
# DMB ISH; with one (copy8) there is no DMB at all. The check must also reject
# the single-threaded log as a two-thread one, so it can fail.
#
# usage: tests/emu/barriers.sh REPO WORKDIR TSOB_X86
set -eu
here=$(dirname "$0")
. "$here/common.sh"
repo=$1
work=$2/barriers
prog=$3
tsob_emu_static_x86 "$prog"
qemu=$(tsob_emu_qemu_arm64 "$repo")
runner=$(tsob_emu_aarch64_runner)
rm -rf "$work"
mkdir -p "$work"
py=/usr/bin/python3

# Log only the kernels' own functions: small logs, and nothing but guest code.
two=$($py "$here/barriers.py" symbols "$prog" spsc_run spsc_produce spsc_consume)
one=$($py "$here/barriers.py" symbols "$prog" copy8_run)
# shellcheck disable=SC2086 # $runner is empty or one word
$runner "$qemu" -d out_asm -dfilter "$two" -D "$work/two.log" "$prog" spsc quick 2 0 1 >"$work/two.out"
# shellcheck disable=SC2086
$runner "$qemu" -d out_asm -dfilter "$one" -D "$work/one.log" "$prog" copy8 quick 1 0 1 >"$work/one.out"
grep -q '^tsob-x86 v1 end reps=1 ok=1$' "$work/two.out" || { echo "FAIL: spsc run"; exit 1; }
grep -q '^tsob-x86 v1 end reps=1 ok=1$' "$work/one.out" || { echo "FAIL: copy8 run"; exit 1; }

rc=0
$py "$here/barriers.py" check parallel "$work/two.log" || rc=1
$py "$here/barriers.py" check serial "$work/one.log" || rc=1
if $py "$here/barriers.py" check parallel "$work/one.log" >/dev/null; then
	echo "FAIL: the check took a log without barriers for a two-thread one"
	rc=1
fi
[ $rc = 0 ] && echo PASS
exit $rc
