#!/bin/sh
# Find or fetch a qemu-x86_64 that runs on arm64: the emulator of the QEMU rows
# of emulators.conf, for the QEMU guest and for qemu-aarch64-static on x86-64.
#
# usage: workloads/x86/fetch-qemu-user.sh
#
# Prints the path of a static aarch64 qemu-x86_64-static on stdout.
#  - On an arm64 host: the one Debian's qemu-user-static installs (cmake/install-deps.sh).
#  - Elsewhere: taken from Debian's qemu-user-static:arm64 package (the arm64
#    architecture must be known to apt: cmake/install-deps.sh test adds it),
#    downloaded once with apt-get download and unpacked with dpkg -x into
#    ${TSOBENCH_CACHE:-/var/cache/tsobench}/qemu-user-arm64-<version>/, keyed by
#    the package version; only qemu-x86_64-static and a manifest are kept there.
# Exit status: 0, or 1 with one line on stderr saying what is missing.
set -eu

die() {
	echo "fetch-qemu-user: $*" >&2
	exit 1
}

if [ "$(dpkg --print-architecture)" = arm64 ]; then
	command -v qemu-x86_64-static || die "qemu-x86_64-static not installed (Debian package qemu-user-static)"
	exit 0
fi

pkg=qemu-user-static:arm64
ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
[ -n "$ver" ] || die "apt knows no $pkg: enable arm64 (dpkg --add-architecture arm64; apt-get update), as cmake/install-deps.sh test does"

cache=${TSOBENCH_CACHE:-/var/cache/tsobench}
# The epoch's ':' would make the directory name awkward in PATH-like lists.
out="$cache/qemu-user-arm64-$(printf '%s' "$ver" | tr ':' '_')"
bin="$out/qemu-x86_64-static"
if [ -x "$bin" ] && [ -f "$out/manifest" ]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$cache" || die "cannot create the cache $cache"
# One download at a time, even when several tests ask at once.
exec 9>"$cache/.qemu-user-arm64.lock"
flock 9
if [ -x "$bin" ] && [ -f "$out/manifest" ]; then
	echo "$bin"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsob-qemu-user.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "fetch-qemu-user: downloading $pkg $ver (about 56 MB, once)" >&2
(cd "$tmp" && apt-get download -q "$pkg=$ver" >/dev/null 2>"$tmp/apt.err") ||
	die "apt-get download $pkg=$ver failed: $(tail -n 1 "$tmp/apt.err")"
deb=$(ls "$tmp"/qemu-user-static_*_arm64.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || die "apt-get download left no .deb in $tmp"
dpkg -x "$deb" "$tmp/root"
[ -f "$tmp/root/usr/bin/qemu-x86_64-static" ] || die "$deb holds no usr/bin/qemu-x86_64-static"
# An ELF for aarch64 (e_machine 183 = 0xb7) or nothing: never cache a wrong binary.
[ "$(od -An -tx1 -j18 -N2 "$tmp/root/usr/bin/qemu-x86_64-static" | tr -d ' ')" = b700 ] ||
	die "usr/bin/qemu-x86_64-static in $deb is not an aarch64 program"

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
cp "$tmp/root/usr/bin/qemu-x86_64-static" "$out.tmp/"
{
	echo "package $pkg"
	echo "version $ver"
	echo "deb $(basename "$deb") sha256 $(sha256sum "$deb" | cut -d' ' -f1)"
	echo "binary qemu-x86_64-static sha256 $(sha256sum "$out.tmp/qemu-x86_64-static" | cut -d' ' -f1)"
} >"$out.tmp/manifest"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$bin"
