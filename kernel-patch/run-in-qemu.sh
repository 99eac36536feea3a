#!/bin/sh
# Run tsobench inside the patched arm64 kernel under qemu-system-aarch64.
#
# usage: kernel-patch/run-in-qemu.sh [--cpu neoverse-n1|a64fx|both]
#            [--tsobench PATH] [--results DIR] [--timeout SECONDS]
#            [-- TSOBENCH_RUN_ARGS...]
#
# Builds the kernel or takes it from the cache (build-kernel.sh), packs an
# initramfs with the static aarch64 tsobench (default:
# build/aarch64/bench/tsobench, from `cmake --preset aarch64 && cmake --build
# build/aarch64`) and the kselftest, boots each CPU model and runs, in order:
#   /bin/tso-selftest
#   /bin/tsobench info
#   /bin/tsobench run --quick -o /r.json    (or: /bin/tsobench TSOBENCH_RUN_ARGS)
# (console markers number them 1, 2 and 3; tests rely on that order), then
# copies /r.json back to DIR/qemu-<cpu>.json (default DIR: results/ in the
# repository), through a temporary file and a rename, and keeps the console in
# DIR/qemu-<cpu>.console.log. With your own arguments, write to -o /r.json to
# get the results back.
#
# EMULATED: the timings in these files come from QEMU's TCG, which does not
# model the cost of memory ordering; every strategy takes the same emulated
# time. Instruction counts (-icount shift=0) are exact. Use this for
# correctness and plumbing; measure ordering costs on arm64 hardware.
#
# -cpu neoverse-n1: LRCPC (ldapr) and LSE, no TSO: PR_SET_MEM_MODEL_TSO fails.
# -cpu a64fx (with -M virt,gic-version=3,virtualization=on: entered at EL2,
#   which the series requires before it trusts the MIDR): always-TSO Fujitsu
#   A64FX, LSE, no LRCPC: PR_SET_MEM_MODEL_TSO succeeds, ldapr strategies are
#   unavailable.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cpus=both
tsobench=$repo/build/aarch64/bench/tsobench
results=$repo/results
limit=900
usage() {
	sed -n '2,30p' "$0" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--cpu) cpus=$2; shift 2 ;;
	--tsobench) tsobench=$2; shift 2 ;;
	--results) results=$2; shift 2 ;;
	--timeout) limit=$2; shift 2 ;;
	--) shift; break ;;
	*) usage ;;
	esac
done
[ $# -gt 0 ] || set -- run --quick -o /r.json
case $cpus in
both) cpus="neoverse-n1 a64fx" ;;
neoverse-n1 | a64fx) ;;
*) usage ;;
esac

if [ ! -x "$tsobench" ]; then
	echo "run-in-qemu: no static aarch64 tsobench at $tsobench" >&2
	echo "run-in-qemu: build it with: cmake --preset aarch64 && cmake --build build/aarch64" >&2
	exit 2
fi
if ! file -L "$tsobench" 2>/dev/null | grep -q 'ARM aarch64.*statically linked'; then
	echo "run-in-qemu: $tsobench is not a static aarch64 executable" >&2
	exit 2
fi

kdir=$("$here/build-kernel.sh")
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/tmp}/tsob-qemu.XXXXXX")
trap 'rm -rf "$work"' EXIT

{
	echo "run /bin/tso-selftest"
	echo "run /bin/tsobench info"
	echo "run /bin/tsobench $*"
	echo "send /r.json"
} >"$work/cmds"
"$here/mkinitramfs.sh" "$kdir" "$work/cmds" "$work/initrd.gz" "$tsobench:/bin/tsobench"

status=0
for cpu in $cpus; do
	echo "run-in-qemu: === $cpu: EMULATED run (qemu-system-aarch64 TCG; timings are not ordering costs) ===" >&2
	rm -rf "$work/out"
	rc=0
	"$here/boot.sh" --cpu "$cpu" --kernel "$kdir/Image" --initrd "$work/initrd.gz" \
		--timeout "$limit" --log "$results/qemu-$cpu.console.log" \
		--outdir "$work/out" || rc=$?
	if [ -f "$work/out/r.json" ]; then
		cp "$work/out/r.json" "$results/.qemu-$cpu.json.tmp"
		mv "$results/.qemu-$cpu.json.tmp" "$results/qemu-$cpu.json"
		echo "run-in-qemu: $cpu: EMULATED results in $results/qemu-$cpu.json" >&2
	else
		echo "run-in-qemu: $cpu: no results came back" >&2
		[ "$rc" != 0 ] || rc=1
	fi
	[ "$rc" = 0 ] || {
		echo "run-in-qemu: $cpu: failed (boot.sh status $rc; see $results/qemu-$cpu.console.log)" >&2
		status=1
	}
done
exit $status
