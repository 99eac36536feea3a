#!/bin/sh
# Build libperf.a and libapi.a from Debian's linux-source-6.12 tarball.
# libperf is not packaged by Debian; the kernel tree's tools/lib/perf is its home.
# usage: build-libperf.sh TARBALL OUTDIR [CROSS_COMPILE]
set -eu
tarball=$1
out=$2
cross=${3:-}

if [ ! -r "$tarball" ]; then
	echo "build-libperf: $tarball not found: install the Debian package linux-source-6.12 (apt-get install linux-source-6.12)" >&2
	exit 1
fi

top=linux-source-6.12
src="$out/src"
rm -rf "$src" "$out/obj" "$out/include"
mkdir -p "$src" "$out/obj"
# Only the subtrees libperf needs: ~400 files instead of the whole kernel.
tar -I 'xz -T0' -xf "$tarball" -C "$src" \
	"$top/tools/lib/perf" "$top/tools/lib/api" "$top/tools/lib/zalloc.c" \
	"$top/tools/lib/str_error_r.c" "$top/tools/build" "$top/tools/scripts" \
	"$top/tools/include" "$top/tools/arch/x86/include" "$top/tools/arch/arm64/include"

set -- -s -C "$src/$top/tools/lib/perf" "O=$out/obj/"
if [ -n "$cross" ]; then
	set -- "$@" ARCH=arm64 "CROSS_COMPILE=$cross"
fi
make "$@" EXTRA_CFLAGS="-fPIC -O2" >"$out/build.log" 2>&1 || {
	echo "build-libperf: make failed, see $out/build.log" >&2
	exit 1
}
make "$@" DESTDIR="$out" prefix= install_headers >>"$out/build.log" 2>&1
test -f "$out/obj/libperf.a" && test -f "$out/obj/libapi.a"
