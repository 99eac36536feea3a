#!/bin/sh
# Build the busybox ramdisk that LAVA boots tsobench in (QEMU and TFTP boards).
#
# usage: lava/mkramdisk.sh --busybox BUSYBOX --gen-init-cpio GEN_INIT_CPIO \
#            [--prompt PROMPT] [--file HOST:GUEST ...] OUT.cpio.gz
#
# BUSYBOX is a static arm64 busybox (Debian's busybox-static:arm64:
#   apt-get download busybox-static:arm64 && dpkg -x busybox-static_*.deb x
#   -> x/bin/busybox).
# GEN_INIT_CPIO is the kernel's usr/gen_init_cpio (kernel-patch/build-kernel.sh
# keeps one beside the Image): it writes /dev/console without root.
#
# The archive: /init is busybox itself (an ELF: the test kernel has no
# BINFMT_SCRIPT, so a shell-script /init would not run), which as PID 1 reads
# /etc/inittab: mount /proc, /sys, /dev, /tmp, install the applet links, allow
# user-space counter reads, then a login shell on the console whose prompt is
# PROMPT (default "tsob-lava:/# "; a LAVA job's boot prompts must match it).
# Each --file is packed at GUEST (mode 0755), e.g. the static arm64 tsobench
# at /usr/bin/tsobench; LAVA adds its own overlay to the archive at deploy
# time (format cpio.newc, overlays: lava: true).
set -eu

usage() {
	sed -n '2,21p' "$0" >&2
	exit 2
}
busybox=
gen=
prompt='tsob-lava:/# '
files=
while [ $# -gt 1 ]; do
	case $1 in
	--busybox) busybox=$2; shift 2 ;;
	--gen-init-cpio) gen=$2; shift 2 ;;
	--prompt) prompt=$2; shift 2 ;;
	--file) files="$files $2"; shift 2 ;;
	*) usage ;;
	esac
done
[ $# = 1 ] && [ -n "$busybox" ] && [ -n "$gen" ] || usage
out=$1
[ -x "$gen" ] || { echo "mkramdisk: $gen is not an executable gen_init_cpio" >&2; exit 2; }
file -L "$busybox" | grep -q 'ARM aarch64.*statically linked' ||
	{ echo "mkramdisk: $busybox is not a static aarch64 busybox" >&2; exit 2; }
case $prompt in
*"'"*) echo "mkramdisk: the prompt cannot contain a single quote" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsob-ramdisk.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/inittab" <<'EOF'
::sysinit:/bin/sh /etc/init.d/rcS
::respawn:/bin/cttyhack /bin/sh -l
::shutdown:/bin/umount -a -r
EOF
# Run by "sh rcS": without BINFMT_SCRIPT a #! line means nothing here.
cat >"$tmp/rcS" <<'EOF'
# --install reads /proc/self/exe: mount first, through busybox itself.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t tmpfs tmpfs /tmp
/bin/busybox --install -s
# tsobench reads counters from user space where the kernel allows it.
[ -w /proc/sys/kernel/perf_user_access ] && echo 1 >/proc/sys/kernel/perf_user_access
hostname tsob-lava
EOF
cat >"$tmp/profile" <<EOF
export PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
export HOME=/root
PS1='$prompt'
EOF

{
	for d in /dev /proc /sys /tmp /etc /etc/init.d /bin /sbin /usr /usr/bin \
		/usr/sbin /usr/local /usr/local/bin /root /var /var/tmp /run; do
		echo "dir $d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /bin/busybox $(readlink -f "$busybox") 0755 0 0"
	echo "slink /init /bin/busybox 0777 0 0"
	echo "slink /bin/sh busybox 0777 0 0"
	echo "slink /bin/cttyhack busybox 0777 0 0"
	echo "file /etc/inittab $tmp/inittab 0644 0 0"
	echo "file /etc/init.d/rcS $tmp/rcS 0755 0 0"
	echo "file /etc/profile $tmp/profile 0644 0 0"
	for spec in $files; do
		host=${spec%%:*}
		guest=${spec#*:}
		[ -f "$host" ] || { echo "mkramdisk: no such file: $host" >&2; exit 2; }
		echo "file $guest $(readlink -f "$host") 0755 0 0"
	done
} >"$tmp/list"

"$gen" "$tmp/list" | gzip -n -6 >"$out.tmp"
mv "$out.tmp" "$out"
