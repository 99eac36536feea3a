#!/bin/sh
# emu.qemu_user: Debian's arm64 qemu-x86_64-static runs tsob-x86, every kernel
# at its quick size, through tsob_emu_cell_run (tsob-emu-cell): on an x86-64
# host under qemu-aarch64-static (a row of a configuration file written here,
# whose command line is qemu-aarch64-static qemu-x86_64-static {prog} {args}),
# on an arm64 host as the shipped qemu row. Every cell must be ok (its
# checksums verified against the host's reference) and equal the native run.
#
# usage: tests/emu/qemu-user.sh REPO WORKDIR TSOB_X86 TSOB_EMU_CELL [RUNNER]
# RUNNER runs TSOB_EMU_CELL where it is not native (cross builds).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
repo=$1
work=$2/qemu-user
prog=$3
cell=$4
runner=${5:-}
tsob_emu_static_x86 "$prog"
qemu=$(tsob_emu_qemu_arm64 "$repo")
aarch64=$(tsob_emu_aarch64_runner)
rm -rf "$work"
mkdir -p "$work"

case $(uname -m) in
aarch64 | arm64)
	conf=$repo/workloads/x86/emulators.conf
	name=qemu
	export TSOB_QEMU_X86_64="$qemu"
	;;
*)
	conf=$work/nested.conf
	name=qemu-arm64
	cat >"$conf" <<CONF
# Debian's arm64 qemu-x86_64-static, itself run by qemu-aarch64-static.
[emulator qemu-aarch64]
program $aarch64
version {emulator} $qemu --version
checked QEMU 7.2 (Debian): qemu-aarch64 -h
[config $name]
emulator qemu-aarch64
run {emulator} $qemu {prog} {args}
stands-for QEMU TCG for an x86-64 guest, arm64 code, itself emulated
tso yes
model dmb
CONF
	;;
esac

rc=0
for k in copy8 copy64 chase_l1 chase_llc hash sort stencil calls calls_fexstack strscan \
	interp vcopy unaligned spsc:2 spinlock:2 seqlock:2 xadd:2; do
	t=1
	case $k in *:*) t=${k#*:} k=${k%:*} ;; esac
	# shellcheck disable=SC2086 # $runner is empty or words
	if ! $runner "$cell" --conf "$conf" --config "$name" --timeout 60000 "$prog" "$k" quick "$t" 0 1 \
		>"$work/$k.txt"; then
		echo "FAIL: $k x$t: $(sed -n 's/^error //p' "$work/$k.txt")"
		rc=1
		continue
	fi
	got=$(sed -n 's/^checksum //p' "$work/$k.txt")
	line="$k x$t: ok, checksum $got ($(sed -n 's/^version //p' "$work/$k.txt"))"
	if [ "$(uname -m)" = x86_64 ]; then
		native=$("$prog" "$k" quick "$t" 0 1 | sed -n 's/^tsob-x86 v1 rep=0 .* checksum=\(0x[0-9a-f]*\) .*/\1/p')
		if [ "$native" != "$got" ]; then
			echo "FAIL: $k x$t: checksum $got under QEMU, $native natively"
			rc=1
			continue
		fi
		line="$line, the same natively"
	fi
	echo "$line"
done
[ $rc = 0 ] && echo PASS
exit $rc
