#!/bin/sh
# Install the Debian packages tsobench needs, and only those missing.
# usage: install-deps.sh run|test
#   run:  build the driver and run it on this host
#   test: also the test suite: cross build, qemu-user, the test kernel under
#         qemu-system-aarch64, sanitizers, fuzzing, charts, exports
set -eu
what=${1:-run}
arch=$(dpkg --print-architecture)

pkgs="gcc cmake ninja-build pkg-config git xz-utils make linux-source-6.12
libpfm4-dev libjson-c-dev gnuplot-nox"
if [ "$what" = test ]; then
	pkgs="$pkgs libcmocka-dev python3 python3-jsonschema libbenchmark-tools python3-scipy
clang libclang-rt-14-dev linux-perf qemu-system-arm flex bison bc cpio libelf-dev
kmod python3-ply python3-git file"
	# LAVA (tests/lava.cmake, bench/lava): lava-run of a QEMU job, board and SSH
	# job validation (mkimage, a board's telnet console, an SSH key); libyaml,
	# nettle and zlib for bench/lava's log collector.
	pkgs="$pkgs lava-dispatcher lava-common python3-jinja2 u-boot-tools inetutils-telnet
openssh-client libyaml-dev nettle-dev zlib1g-dev"
	if [ "$arch" = amd64 ]; then
		# arm64 is built here and run under qemu-user and qemu-system.
		pkgs="$pkgs gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
qemu-user-static libpfm4-dev:arm64 libjson-c-dev:arm64 libcmocka-dev:arm64"
	fi
fi

missing=""
for p in $pkgs; do
	# dpkg-query knows "pkg:arch"; a package is there when its status says installed.
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing Debian packages:$missing" >&2
	echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
echo "install-deps: installing$missing" >&2
case "$missing" in
*:arm64*)
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
	;;
esac
# A third-party source that fails to update must not stop Debian's packages.
apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>&1 || true
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
