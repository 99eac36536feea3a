#!/bin/sh
# qemu.kernel: build the patched test kernel (or take it from the cache) and
# check that it is the kernel the other qemu tests need.
#
# usage: tests/qemu/kernel.sh REPO
set -eu
. "$(dirname "$0")/prereq.sh"

repo=$1
start=$(date +%s)
kdir=$("$repo/kernel-patch/build-kernel.sh")
echo "kernel: $kdir ($(($(date +%s) - start)) s)"

fail() {
	echo "FAIL: $*"
	exit 1
}

for f in Image tso-selftest gen_init_cpio config manifest; do
	[ -s "$kdir/$f" ] || fail "$kdir/$f missing"
done
file -L "$kdir/Image" | grep -q 'Linux kernel ARM64 boot executable' ||
	fail "$kdir/Image is not an arm64 kernel image"
file -L "$kdir/tso-selftest" | grep -q 'ARM aarch64.*statically linked' ||
	fail "$kdir/tso-selftest is not a static aarch64 executable"
# The series' options must be in the kernel that was built.
for opt in CONFIG_ARM64_TSO_APPLE=y CONFIG_HOTPLUG_CPU=y CONFIG_ARM_PMUV3=y \
	CONFIG_SERIAL_AMBA_PL011_CONSOLE=y CONFIG_BLK_DEV_INITRD=y; do
	grep -qx "$opt" "$kdir/config" || fail "$opt not in $kdir/config"
done
echo "PASS"
