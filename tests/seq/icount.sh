#!/bin/sh
# seq.icount: boot the patched kernel under qemu-system-aarch64 with
# -icount shift=0 (the guest PMU then counts instructions exactly) and run
# tests/seq/seq_icount inside, on three CPU models:
#   max         every row runs; each row's instructions per copy, counted by
#               the PMU, equals the table's count exactly
#   cortex-a57  no LRCPC, no LSE: those rows unavailable with their reason (no
#               SIGILL), the access layer's LL/SC path counted instead
#   a64fx       always TSO: PR_SET_MEM_MODEL_TSO is granted and every row also
#               runs under it, with the same counts
# EMULATED: instruction counts only; QEMU's times are no ordering costs.
#
# usage: tests/seq/icount.sh REPO WORKDIR SEQ_ICOUNT
# SEQ_ICOUNT is the static aarch64 build (build/aarch64/tests/seq_icount);
# exits 77 (skip) when it is missing or the kernel cannot be built here.
set -eu
. "$(dirname "$0")/../qemu/prereq.sh"

repo=$1
work=$2/seq-icount
prog=${3:-}

if [ -z "$prog" ] || [ ! -x "$prog" ]; then
	echo "SKIP: no static aarch64 seq_icount (cmake --preset aarch64 && cmake --build" \
		"build/aarch64, or set TSOB_AARCH64_SEQ_ICOUNT; now: '$prog')"
	exit 77
fi
if ! file -L "$prog" | grep -q 'ARM aarch64.*statically linked'; then
	echo "SKIP: $prog is not a static aarch64 executable"
	exit 77
fi

kdir=$("$repo/kernel-patch/build-kernel.sh")
rm -rf "$work"
mkdir -p "$work"
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

for cpu in max cortex-a57 a64fx; do
	log=$work/console-$cpu.log
	opt=--tso
	[ "$cpu" = a64fx ] && opt=--expect-tso
	echo "run /bin/seq_icount $opt" >"$work/cmds-$cpu"
	"$repo/kernel-patch/mkinitramfs.sh" "$kdir" "$work/cmds-$cpu" "$work/initrd-$cpu.gz" \
		"$prog:/bin/seq_icount"
	rc=0
	"$repo/kernel-patch/boot.sh" --cpu "$cpu" --kernel "$kdir/Image" \
		--initrd "$work/initrd-$cpu.gz" --timeout 600 --log "$log" >/dev/null || rc=$?
	echo "=== $cpu (EMULATED; console: $log)"
	sed -n '/^@@TSOB-RUN-BEGIN 1 /,/^@@TSOB-RUN-END 1 /p' "$log"
	grep -qx '@@TSOB-RUN-END 1 status=0' "$log" ||
		fail "$cpu: seq_icount did not exit 0 (boot.sh status $rc)"
	out=$(sed -n '/^@@TSOB-RUN-BEGIN 1 /,/^@@TSOB-RUN-END 1 /p' "$log")
	# What each model must show, beyond seq_icount's own verdict.
	case $cpu in
	max) want="ldapur_lat +default .* ok$|stlur +default .* ok$|casal +default .* ok$|x86_lock_xadd.lse +default .* ok$" ;;
	cortex-a57) want="ldapr_lat +default +unavailable: .*LRCPC|ldaddal +default +unavailable: .*LSE|x86_lock_xadd.llsc +default .* ok$" ;;
	a64fx) want="ldar_lat +tso .* ok$|ldaddal +tso .* ok$|x86_mov_store.dmb +tso .* ok$" ;;
	esac
	IFS='|'
	for w in $want; do
		echo "$out" | grep -Eq "^$w" || fail "$cpu: no line matching '$w'"
	done
	unset IFS
done
[ "$fails" = 0 ] && echo "pass: instruction counts exact on max, cortex-a57 and a64fx"
exit $((fails > 0))
