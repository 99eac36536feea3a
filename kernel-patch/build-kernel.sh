#!/bin/sh
# Build the patched arm64 test kernel, or reuse the cached build.
#
# usage: kernel-patch/build-kernel.sh [--print-key]
#
# Prints the cache directory on stdout; it holds:
#   Image          arm64 kernel (tinyconfig + config.fragment + series/)
#   config         the .config it was built with
#   tso-selftest   the series' kselftest, static aarch64
#   gen_init_cpio  the kernel's initramfs list tool, built for this host
#   manifest       what the key was made of, and how long the build took
#
# The cache lives outside the clone, in ${TSOBENCH_CACHE:-/var/cache/tsobench}/
# kernel-<key>/, where <key> is a sha256 of the tarball's identity (path, size,
# mtime, Debian package version), the series, the config fragment and this
# script. A hit takes about 0.1 s; a miss 5-12 minutes on 2 shared cores.
#
# Environment:
#   TSOB_LINUX_TARBALL  kernel tarball (default /usr/src/linux-source-6.12.tar.xz)
#   TSOBENCH_CACHE      cache root (default /var/cache/tsobench)
#   TSOB_KERNEL_WORK    scratch directory for a miss (default /var/tmp/...)
#   TSOB_JOBS           make -j (default 2)
#   TSOB_KEEP_WORK=1    keep the scratch tree after a successful build
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tarball=${TSOB_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
cache=${TSOBENCH_CACHE:-/var/cache/tsobench}
jobs=${TSOB_JOBS:-2}
cross=aarch64-linux-gnu-

die() {
	echo "build-kernel: $*" >&2
	exit 1
}

[ -f "$tarball" ] || die "no kernel tarball at $tarball (Debian package linux-source-6.12)"
[ -d "$here/series" ] || die "no series in $here/series"

key_input() (
	# tarball identity: hashing 150 MB on every call would cost seconds
	stat -c 'tarball %n %s %Y' "$tarball"
	dpkg-query -W -f='package ${Package} ${Version}\n' linux-source-6.12 2>/dev/null || true
	cd "$here"
	sha256sum series/*.patch config.fragment build-kernel.sh
)

key=$(key_input | sha256sum | cut -c1-16)
if [ "${1:-}" = "--print-key" ]; then
	echo "$key"
	exit 0
fi

out="$cache/kernel-$key"
if [ -f "$out/Image" ] && [ -x "$out/tso-selftest" ] && [ -x "$out/gen_init_cpio" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
# One build at a time, even when ctest or several shells ask at once.
exec 9>"$cache/.kernel-$key.lock"
flock 9
if [ -f "$out/Image" ]; then
	echo "$out"
	exit 0
fi

work=${TSOB_KERNEL_WORK:-/var/tmp/tsobench-kernel-$key}
src="$work/src"
obj="$work/obj"
start=$(date +%s)
echo "build-kernel: cache miss ($out); building in $work" >&2
rm -rf "$work"
mkdir -p "$src" "$obj"

echo "build-kernel: extracting $tarball" >&2
tar -I 'xz -T0' -xf "$tarball" -C "$src" --strip-components=1

for p in "$here"/series/*.patch; do
	echo "build-kernel: applying $(basename "$p")" >&2
	patch -d "$src" -p1 -N -s --fuzz=0 <"$p" || die "$(basename "$p") does not apply"
done

kmake() {
	make -s -C "$src" O="$obj" ARCH=arm64 CROSS_COMPILE=$cross "$@"
}

echo "build-kernel: configuring (tinyconfig + config.fragment)" >&2
kmake tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$here/config.fragment" >/dev/null
kmake olddefconfig
# merge_config only warns when a symbol cannot be set; a silently missing
# option (a console, the prctl) would only show up as a dead guest.
missing=$(grep '^CONFIG_' "$here/config.fragment" | while read -r line; do
	grep -qx "$line" "$obj/.config" || echo "$line"
done)
[ -z "$missing" ] || die "config fragment not honoured: $missing"

echo "build-kernel: make -j$jobs Image (several minutes)" >&2
kmake -j"$jobs" Image
kmake headers >/dev/null

echo "build-kernel: building the kselftest" >&2
${cross}gcc -static -pthread -O2 -Wall \
	-isystem "$obj/usr/include" -I "$src/tools/testing/selftests" \
	-o "$obj/tso-selftest" "$src/tools/testing/selftests/arm64/mem_model/mem_model.c"

tmp="$out.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
cp "$obj/arch/arm64/boot/Image" "$obj/.config" "$obj/usr/gen_init_cpio" "$obj/tso-selftest" "$tmp/"
mv "$tmp/.config" "$tmp/config"
{
	key_input
	echo "key $key"
	echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) in $(($(date +%s) - start)) s"
} >"$tmp/manifest"
rm -rf "$out"
mv "$tmp" "$out"
[ "${TSOB_KEEP_WORK:-0}" = 1 ] || rm -rf "$work"
echo "build-kernel: done in $(($(date +%s) - start)) s" >&2
echo "$out"
