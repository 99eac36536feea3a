#!/bin/sh
# Check the series the way a maintainer would: every patch applies in order to
# linux-source-6.12, checkpatch --strict (from that tree) reports nothing, and,
# with --build, the objects each patch touches build after that patch, the
# Kconfig variants of the ACTLR_EL1 code included.
#
# usage: kernel-patch/check-series.sh [--build]
#
# Needs python3-ply and python3-git for checkpatch's SPDX check. The scratch
# tree goes to ${TSOB_KERNEL_WORK:-/var/tmp/tsobench-check-series}. --build
# takes about 6 minutes on 2 cores (each patch rebuilds what its headers touch).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tarball=${TSOB_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
work=${TSOB_KERNEL_WORK:-/var/tmp/tsobench-check-series}
build=0
[ "${1:-}" = --build ] && build=1

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

status=0
for p in "$here"/series/*.patch; do
	name=$(basename "$p")
	echo "== $name"
	# checkpatch from the tree the series applies to, before applying
	(cd "$src" && ./scripts/checkpatch.pl --strict -q "$p") || status=1
	patch -d "$src" -p1 -N -s --fuzz=0 <"$p" || {
		echo "  does not apply"
		exit 1
	}
	[ $build = 1 ] || continue
	case $name in
	0003-*)
		build_touched "$p" "ARM64_ACTLR_STATE unselected" || status=1
		# Nothing selects the hidden symbol yet: give it a prompt to compile it.
		sed -i 's/^config ARM64_ACTLR_STATE$/&\n\tprompt "compile test"/' "$src/arch/arm64/Kconfig"
		setcfg -e ARM64_ACTLR_STATE
		touch "$src/arch/arm64/kernel/process.c"
		build_touched "$p" "ARM64_ACTLR_STATE=y" || status=1
		sed -i '/^\tprompt "compile test"$/d' "$src/arch/arm64/Kconfig"
		setcfg -d ARM64_ACTLR_STATE
		;;
	0004-*)
		setcfg -d ARM64_TSO_APPLE
		build_touched "$p" "ARM64_TSO_APPLE=n" || status=1
		setcfg -e ARM64_TSO_APPLE -d ARM64_ACTLR_ALWAYS_WRITE
		build_touched "$p" "ARM64_TSO_APPLE=y" || status=1
		setcfg -e ARM64_ACTLR_ALWAYS_WRITE
		build_touched "$p" "ARM64_TSO_APPLE=y ARM64_ACTLR_ALWAYS_WRITE=y" || status=1
		setcfg -d ARM64_ACTLR_ALWAYS_WRITE
		;;
	0005-*)
		kmake headers >/dev/null
		make -s -C "$src/tools/testing/selftests/arm64" ARCH=arm64 \
			CROSS_COMPILE=aarch64-linux-gnu- ARM64_SUBTARGETS=mem_model \
			KHDR_INCLUDES="-isystem $obj/usr/include" OUTPUT="$obj/kselftest" ||
			status=1
		[ -x "$obj/kselftest/mem_model/mem_model" ] && echo "  kselftest built" || status=1
		;;
	*)
		build_touched "$p" default || status=1
		;;
	esac
done
[ $status = 0 ] && echo "series OK" || echo "series has problems (above)"
exit $status
