#!/bin/sh
# qemu.selftest.<cpu>: boot the patched kernel on one CPU model, run the
# series' kselftest and check every case's outcome against what that CPU must
# give: neoverse-n1 has no TSO, so the TSO cases must skip with a reason;
# a64fx is always TSO, so they must pass. The ABI cases must pass on both,
# and the kernel log must (a64fx) or must not (neoverse-n1) report the
# always-TSO capability that the prctl's success path depends on.
#
# usage: tests/qemu/selftest.sh REPO WORKDIR neoverse-n1|a64fx
set -eu
. "$(dirname "$0")/prereq.sh"

repo=$1
work=$2/selftest-$3
cpu=$3
kp=$repo/kernel-patch

fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

kdir=$("$kp/build-kernel.sh")
rm -rf "$work"
mkdir -p "$work"
printf 'run /bin/tso-selftest\nkmsg\n' >"$work/cmds"
"$kp/mkinitramfs.sh" "$kdir" "$work/cmds" "$work/initrd.gz"
rc=0
"$kp/boot.sh" --cpu "$cpu" --kernel "$kdir/Image" --initrd "$work/initrd.gz" \
	--timeout 300 --log "$work/console.log" >/dev/null || rc=$?
log=$work/console.log
echo "console: $log (boot.sh status $rc)"
[ "$rc" = 0 ] || fail "guest reported failures or did not finish (boot.sh status $rc)"

grep -qx '@@TSOB-RUN-END 1 status=0' "$log" || fail "tso-selftest did not exit 0"

# TAP: the plan must be met, nothing may fail, every skip needs a reason.
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | head -n 1)
[ -n "$plan" ] || fail "no TAP plan in the output"
results=$(grep -cE '^(not )?ok [0-9]+ ' "$log" || true)
[ "$results" = "${plan:-x}" ] || fail "TAP plan 1..$plan but $results results"
grep -E '^not ok ' "$log" && fail "failed cases above"
grep -E '^ok [0-9]+ .*# SKIP *$' "$log" && fail "skips without a reason above"

# outcome CASE pass|skip: the case must have that outcome on this CPU
outcome() {
	line=$(grep -E "^(not )?ok [0-9]+ $1( |$)" "$log" || true)
	case $2:$line in
	pass:"ok "*"# SKIP"*) fail "$1 skipped but must pass on $cpu: $line" ;;
	pass:"ok "*) echo "ok: $1 passed" ;;
	skip:"ok "*"# SKIP CPU has no TSO memory model"*) echo "ok: $1 skipped (no TSO)" ;;
	*) fail "$1 must $2 on $cpu, got: ${line:-nothing}" ;;
	esac
}

for c in global.default_model global.get_rejects_unused_args \
	global.set_rejects_unused_args global.set_rejects_unknown_model \
	pingpong.default_default.per_thread_model; do
	outcome "$c" pass
done

case $cpu in
a64fx) tso=pass cap=present ;;
*) tso=skip cap=absent ;;
esac
for c in global.set_get_round_trip global.execve_resets_model \
	global.fork_inherits_model global.pthread_inherits_model \
	pingpong.tso_default.per_thread_model pingpong.tso_tso.per_thread_model; do
	outcome "$c" $tso
done

if grep -q '^@@TSOB-KMSG CPU features: detected: TSO memory model (always on)' "$log"; then
	[ $cap = present ] || fail "$cpu claims the always-TSO capability"
else
	[ $cap = absent ] || fail "$cpu did not detect the always-TSO capability"
fi
grep -q '^@@TSOB-KMSG CPU features: detected: TSO memory model (Apple)' "$log" &&
	fail "$cpu claims the Apple TSO control"

[ $fails = 0 ] || {
	echo "$fails check(s) failed"
	exit 1
}
echo "PASS"
