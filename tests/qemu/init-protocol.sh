#!/bin/sh
# qemu.init_protocol: the guest /init's console protocol, checked without a
# kernel. init runs under qemu-aarch64-static as an ordinary process (not PID 1,
# so it mounts nothing and never calls reboot), runs a passing and a failing
# command, sends a binary file and a missing one; extract-files.sh must give
# back the same bytes, and the statuses and failure count must be right.
#
# usage: tests/qemu/init-protocol.sh REPO WORKDIR
set -eu

repo=$1
work=$2/init-protocol
command -v qemu-aarch64-static >/dev/null || {
	echo "SKIP: qemu-aarch64-static not installed (Debian package qemu-user-static)"
	exit 77
}
rm -rf "$work"
mkdir -p "$work/out"

aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror \
	-o "$work/init" "$repo/kernel-patch/guest/init.c"
# 1000 bytes of every value, not a multiple of 3 nor of a base64 line
head -c 1000 /dev/urandom >"$work/blob"
{
	echo "# comment lines and blank lines are skipped"
	echo
	# qemu-user runs host programs natively when the guest execs them
	echo "run /bin/true"
	echo "run /bin/false"
	echo "send $work/blob"
	echo "send $work/missing"
} >"$work/cmds"

rc=0
qemu-aarch64-static "$work/init" "$work/cmds" >"$work/console.log" 2>&1 || rc=$?
cat "$work/console.log"

fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
[ "$rc" = 1 ] || fail "init exited $rc, want 1 (there were failures)"
grep -qx '@@TSOB-RUN-END 1 status=0' "$work/console.log" || fail "first command's status"
grep -qx '@@TSOB-RUN-END 2 status=1' "$work/console.log" || fail "second command's status"
grep -qx "@@TSOB-FILE-MISSING $work/missing" "$work/console.log" || fail "missing file not reported"
grep -qx '@@TSOB-DONE failures=2' "$work/console.log" || fail "failure count"
"$repo/kernel-patch/extract-files.sh" "$work/console.log" "$work/out" || fail "extract-files.sh failed"
cmp "$work/blob" "$work/out/blob" || fail "the file came back different"

[ $fails = 0 ] || exit 1
echo "PASS"
