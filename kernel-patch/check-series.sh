#!/bin/sh
# Check the series the way a maintainer would: every patch applies in order to
# linux-source-6.12, checkpatch --strict (from that tree) reports nothing,
# every file a patch adds falls under an existing MAINTAINERS entry, and, with
# --build, the objects each patch touches build after that patch, in every
# Kconfig variant that changes them. The out-of-tree benchmark patch
# (bench/*.patch) is checked and built the same way, on top of the series.
#
# usage: kernel-patch/check-series.sh [--build]
#
# checkpatch runs with --no-signoff, because the sign-offs are the poster's
# to add (README.md), and without the "does MAINTAINERS need updating?"
# warning, which any added file raises: a new entry is for the maintainers
# to grant, so the script checks instead that get_maintainer.pl finds one
# for every added file. Needs python3-ply and python3-git for checkpatch's
# SPDX check. The scratch tree goes to
# ${TSOB_KERNEL_WORK:-/var/tmp/tsobench-check-series}. --build takes about
# 2-3 minutes on 2 shared cores (measured: 99 s and 163 s).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tarball=${TSOB_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
work=${TSOB_KERNEL_WORK:-/var/tmp/tsobench-check-series}
build=0
[ "${1:-}" = --build ] && build=1
# checkpatch's SPDX check runs python3 from PATH; Debian's has ply and git
PATH=/usr/bin:$PATH

src=$work/src
obj=$work/obj
rm -rf "$work"
mkdir -p "$src" "$obj"
tar -I 'xz -T0' -xf "$tarball" -C "$src" --strip-components=1

kmake() {
	make -s -C "$src" O="$obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"
}

# Turn symbols on (-e X) or off (-d X), let Kconfig settle the rest, and
# fail if it did not take: a variant that silently fell back to another
# would be built twice and the one asked for never.
setcfg() {
	"$src/scripts/config" --file "$obj/.config" "$@"
	kmake olddefconfig
	while [ $# -ge 2 ]; do
		case $1 in
		-e) grep -qx "CONFIG_$2=y" "$obj/.config" ;;
		-d) ! grep -q "^CONFIG_$2=" "$obj/.config" ;;
		esac || {
			echo "  Kconfig refused $1 $2"
			exit 1
		}
		shift 2
	done
}

if [ $build = 1 ]; then
	kmake tinyconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
		"$here/config.fragment" >/dev/null 2>&1
	kmake olddefconfig
	# The series also touches KVM and the suspend path: build those too.
	setcfg -e VIRTUALIZATION -e KVM -e SUSPEND -e CPU_PM
fi

# Build the objects of the C files a patch touches, W=1.
build_touched() {
	objs=$(sed -n 's|^+++ b/\(.*\)\.c$|\1.o|p' "$1" | grep -v '^tools/' | tr '\n' ' ' || true)
	[ -n "$objs" ] || return 0
	echo "  build ($2): $objs"
	# shellcheck disable=SC2086 # one word per object
	kmake -j"${TSOB_JOBS:-2}" W=1 $objs 2>"$work/build.err" || {
		cat "$work/build.err"
		return 1
	}
	if grep -q 'warning:' "$work/build.err"; then
		cat "$work/build.err"
		return 1
	fi
}

# Every file the patch adds must have a maintainer other than THE REST's.
check_maintained() {
	for f in $(sed -n 's|^+++ b/||p' "$1"); do
		grep -q "^diff --git a/$f b/$f\$" "$1" || continue
		grep -A1 "^diff --git a/$f b/$f\$" "$1" | grep -q '^new file mode' || continue
		who=$(cd "$src" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
			--no-rolestats --no-l --no-r -f "$f" 2>/dev/null | grep -v torvalds || true)
		[ -n "$who" ] || {
			echo "  $f: no MAINTAINERS entry covers it"
			return 1
		}
	done
}

build_patch() {
	name=$(basename "$1")
	if grep -q '^+++ b/tools/testing/selftests/' "$1"; then
		kmake headers >/dev/null
		make -s -C "$src/tools/testing/selftests/arm64" ARCH=arm64 \
			CROSS_COMPILE=aarch64-linux-gnu- ARM64_SUBTARGETS=mem_model \
			KHDR_INCLUDES="-isystem $obj/usr/include" OUTPUT="$obj/kselftest" ||
			return 1
		[ -x "$obj/kselftest/mem_model/mem_model" ] || return 1
		echo "  kselftest built"
	elif grep -q 'ARM64_TSO_APPLE\|tso_apple' "$1"; then
		# Code that the Apple control switches on or off: both ways.
		setcfg -d ARM64_TSO_APPLE
		build_touched "$1" "ARM64_TSO_APPLE=n" || return 1
		setcfg -e ARM64_TSO_APPLE
		build_touched "$1" "ARM64_TSO_APPLE=y" || return 1
	else
		build_touched "$1" default || return 1
	fi
	echo "  $name built"
}

status=0
for p in "$here"/series/*.patch "$here"/bench/*.patch; do
	name=$(basename "$p")
	echo "== $name"
	# checkpatch from the tree the series applies to, before applying
	(cd "$src" && ./scripts/checkpatch.pl --strict -q --no-signoff \
		--ignore FILE_PATH_CHANGES "$p") || status=1
	patch -d "$src" -p1 -N -s --fuzz=0 <"$p" || {
		echo "  does not apply"
		exit 1
	}
	check_maintained "$p" || status=1
	[ $build = 1 ] || continue
	build_patch "$p" || status=1
done
[ $status = 0 ] && echo "series OK" || echo "series has problems (above)"
exit $status
