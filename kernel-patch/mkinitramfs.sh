#!/bin/sh
# Build the guest's initramfs.
#
# usage: kernel-patch/mkinitramfs.sh KERNEL_CACHE_DIR CMDS_FILE OUT.cpio.gz \
#            [HOST_FILE:GUEST_PATH ...]
#
# KERNEL_CACHE_DIR is what build-kernel.sh printed (gen_init_cpio and
# tso-selftest come from there). The archive holds /dev/console (without it
# /init has no output), /init (guest/init.c, built static for aarch64),
# /etc/tsob.cmds (CMDS_FILE, see guest/init.c for its format),
# /bin/tso-selftest, the kernel's configuration at /boot/config-RELEASE
# (where Debian keeps it, and where tsobench reads the lines a results file
# records), and each extra HOST_FILE at GUEST_PATH (mode 0755).
# No root needed: gen_init_cpio writes device nodes from a list.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 3 ] || {
	sed -n '2,12p' "$0" >&2
	exit 2
}
kdir=$1
cmds=$2
out=$3
shift 3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsob-initramfs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The release the Image announces ("Linux version 6.12.117 ..."): uname -r in the guest.
release=$(grep -a -o -m1 'Linux version [^ ]*' "$kdir/Image" | head -n1 | cut -d' ' -f3)
[ -n "$release" ] || {
	echo "mkinitramfs: no 'Linux version' string in $kdir/Image" >&2
	exit 1
}

aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror \
	-o "$tmp/init" "$here/guest/init.c"

{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "dir /proc 0755 0 0"
	echo "dir /sys 0755 0 0"
	echo "dir /tmp 1777 0 0"
	echo "dir /etc 0755 0 0"
	echo "dir /bin 0755 0 0"
	echo "dir /boot 0755 0 0"
	echo "file /boot/config-$release $kdir/config 0644 0 0"
	echo "file /init $tmp/init 0755 0 0"
	echo "file /etc/tsob.cmds $(readlink -f "$cmds") 0644 0 0"
	echo "file /bin/tso-selftest $kdir/tso-selftest 0755 0 0"
	for spec in "$@"; do
		host=${spec%%:*}
		guest=${spec#*:}
		[ -f "$host" ] || {
			echo "mkinitramfs: no such file: $host" >&2
			exit 1
		}
		echo "file $guest $(readlink -f "$host") 0755 0 0"
	done
} >"$tmp/list"

"$kdir/gen_init_cpio" "$tmp/list" | gzip -n -1 >"$out.tmp"
mv "$out.tmp" "$out"
