#!/bin/sh
# qemu.selftest.<system>: boot the patched kernel on one CPU model, entered at
# one exception level, run the series' kselftest and check the outcome against
# what that system must give:
#   neoverse-n1  no TSO: every case passes by checking EINVAL and the default
#   a64fx        always-TSO A64FX entered at EL2 (as on hardware): TSO is
#                granted, the capability is detected, the litmus cases run
#   a64fx-el1    the same CPU entered at EL1, as a guest would be: its MIDR
#                is not trusted, so no TSO and no capability
# Every case must pass, none may skip (the guest is root, has two CPUs and
# CPU hotplug), the kselftest must report the TSO it found, and the kernel
# log must report the capability exactly where it belongs.
#
# usage: tests/qemu/selftest.sh REPO WORKDIR neoverse-n1|a64fx|a64fx-el1
set -eu
. "$(dirname "$0")/prereq.sh"

repo=$1
work=$2/selftest-$3
system=$3
kp=$repo/kernel-patch

case $system in
neoverse-n1) cpu=neoverse-n1 entry=el1 tso="not available" cap=absent ;;
a64fx) cpu=a64fx entry=el2 tso=available cap=present ;;
a64fx-el1) cpu=a64fx entry=el1 tso="not available" cap=absent ;;
*)
	echo "usage: $0 REPO WORKDIR neoverse-n1|a64fx|a64fx-el1" >&2
	exit 2
	;;
esac
# TCG gives the guest the ordering of its host: an x86-64 host is TSO, an
# arm64 host is not, and there the kernel's always-TSO claim would be false.
if [ "$tso" = available ] && [ "$(uname -m)" != x86_64 ]; then
	echo "SKIP: emulated A64FX is TSO only on an x86-64 host (this is $(uname -m))"
	exit 77
fi

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
start=$(date +%s)
rc=0
"$kp/boot.sh" --cpu "$cpu" --entry "$entry" --kernel "$kdir/Image" \
	--initrd "$work/initrd.gz" --timeout 300 --log "$work/console.log" >/dev/null || rc=$?
log=$work/console.log
echo "console: $log (boot.sh status $rc, $(($(date +%s) - start)) s)"
[ "$rc" = 0 ] || fail "guest reported failures or did not finish (boot.sh status $rc)"

grep -qx '@@TSOB-RUN-END 1 status=0' "$log" || fail "tso-selftest did not exit 0"

# TAP: the plan must be met, nothing may fail, nothing may skip here.
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | head -n 1)
[ -n "$plan" ] || fail "no TAP plan in the output"
results=$(grep -cE '^(not )?ok [0-9]+ ' "$log" || true)
[ "$results" = "${plan:-x}" ] || fail "TAP plan 1..$plan but $results results"
grep -E '^not ok ' "$log" && fail "failed cases above"
grep -E '^ok [0-9]+ .*# SKIP' "$log" && fail "cases skipped in the guest above"
echo "$results cases passed"

grep -qx "# TSO memory model: $tso" "$log" ||
	fail "the kselftest did not find the TSO it must find here ($tso): $(grep '^# TSO memory model' "$log")"
litmus=$(grep -cE '^# (MP|SB|LB) ' "$log" || true)
if [ "$tso" = available ]; then
	# six plain cases, rotation, crowd, four switch paths, two hotplug runs
	[ "$litmus" -ge 14 ] || fail "only $litmus litmus runs reported, want 14"
	grep -E '^# (MP|SB|LB) ' "$log"
else
	grep -q '^# no TSO: PR_SET_MEM_MODEL_TSO gave EINVAL' "$log" ||
		fail "no case checked that TSO is refused"
fi

if grep -q '^@@TSOB-KMSG CPU features: detected: TSO memory model (always on)' "$log"; then
	[ $cap = present ] || fail "$system claims the always-TSO capability"
else
	[ $cap = absent ] || fail "$system did not detect the always-TSO capability"
fi
grep -q '^@@TSOB-KMSG CPU features: detected: TSO memory model (Apple)' "$log" &&
	fail "$system claims the Apple TSO control"
grep '^@@TSOB-KMSG .*Detected conflict for capability' "$log" &&
	fail "a CPU that came back online conflicted with the system's capabilities"

[ $fails = 0 ] || {
	echo "$fails check(s) failed"
	exit 1
}
echo "PASS"
