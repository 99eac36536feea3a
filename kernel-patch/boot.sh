#!/bin/sh
# Boot the test kernel under qemu-system-aarch64 and collect what /init sends.
#
# usage: kernel-patch/boot.sh --kernel IMAGE --initrd INITRD.cpio.gz \
#            [--cpu neoverse-n1|a64fx|CPU] [--entry el1|el2] [--log FILE] \
#            [--outdir DIR] [--timeout SECONDS] [--no-icount]
#
# The command it runs, for --cpu a64fx (neoverse-n1 uses plain -M virt):
#   timeout 600 qemu-system-aarch64 -M virt,gic-version=3,virtualization=on \
#     -cpu a64fx -icount shift=0 -smp 2 -m 512 -nographic -no-reboot -nic none \
#     -kernel IMAGE -initrd INITRD \
#     -append "console=ttyAMA0 rdinit=/init panic=-1 loglevel=4" </dev/null
#
# The A64FX model needs a GICv3: with the default GICv2 the kernel dies early on
# a GICv3 system-register access. --entry says at which exception level the
# kernel is entered: el2 (virtualization=on) is what firmware does on real
# hardware, and the series only trusts an always-TSO MIDR from a kernel
# entered at EL2; el1 is what a guest sees. Default: el2 for a64fx, el1 for
# other CPUs. -icount shift=0 makes the PMU's instruction count exact (one
# instruction, one virtual nanosecond); it says nothing about the cost of
# memory ordering, which QEMU does not model. --no-icount boots without it:
# the PMU then counts cycles but no instructions.
#
# The kernel command line also carries tsob.time (the host's clock, in seconds)
# and tsob.host (qemu-CPU-on-HOST), which /init sets in the guest, so results
# say when and where they were made.
#
# The console goes to --log and to stdout (without the base64 lines of the
# files the guest sends). Files the guest sent with
# "send PATH" are written to --outdir/<basename of PATH>.
# Exit status: 0 if the guest reported "@@TSOB-DONE failures=0", 1 if it
# reported failures, 3 if it never finished (crash, hang, timeout).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cpu=neoverse-n1
entry=
kernel=
initrd=
log=
outdir=
limit=600
icount="-icount shift=0"
while [ $# -gt 0 ]; do
	case $1 in
	--cpu) cpu=$2; shift 2 ;;
	--entry) entry=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--outdir) outdir=$2; shift 2 ;;
	--timeout) limit=$2; shift 2 ;;
	--no-icount) icount=; shift ;;
	*) sed -n '2,40p' "$0" >&2; exit 2 ;;
	esac
done
[ -n "$kernel" ] && [ -n "$initrd" ] || { sed -n '2,40p' "$0" >&2; exit 2; }

case $cpu in
a64fx) machine=virt,gic-version=3 entry=${entry:-el2} ;;
*) machine=virt entry=${entry:-el1} ;;
esac
case $entry in
el2) machine=$machine,virtualization=on ;;
el1) ;;
*) echo "boot: --entry must be el1 or el2, not '$entry'" >&2; exit 2 ;;
esac

tmplog=
if [ -z "$log" ]; then
	tmplog=$(mktemp "${TMPDIR:-/tmp}/tsob-console.XXXXXX")
	log=$tmplog
fi
trap '[ -z "$tmplog" ] || rm -f "$tmplog"' EXIT

echo "boot: qemu-system-aarch64 -M $machine -cpu $cpu, kernel entered at $entry (console log: $log)" >&2
set +e
guest="qemu-$cpu-on-$(hostname -s 2>/dev/null || echo host)"
# shellcheck disable=SC2086 # $icount is empty or two words
timeout "$limit" qemu-system-aarch64 -M "$machine" -cpu "$cpu" \
	$icount -smp 2 -m 512 -nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyAMA0 rdinit=/init panic=-1 loglevel=4 tsob.time=$(date +%s) tsob.host=$guest" \
	</dev/null | tr -d '\r' | tee "$log" | grep -v '^@@TSOB-B64 '
set -e

if [ -n "$outdir" ]; then
	mkdir -p "$outdir"
	"$here/extract-files.sh" "$log" "$outdir"
fi

done_line=$(grep '^@@TSOB-DONE ' "$log" | tail -n 1 || true)
case $done_line in
"@@TSOB-DONE failures=0") exit 0 ;;
"@@TSOB-DONE "*) exit 1 ;;
*)
	echo "boot: the guest did not finish (no @@TSOB-DONE on the console)" >&2
	exit 3
	;;
esac
