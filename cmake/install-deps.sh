#!/bin/sh
# Install the Debian packages tsobench needs, and only those missing.
# usage: install-deps.sh run|test
#   run:  build the driver and run it on this host (what `./run` needs)
#   test: also the test suite: cross build, qemu-user, the test kernel under
#         qemu-system-aarch64, sanitizers, fuzzing, charts, exports
# The packages, and why each is needed, are in cmake/packages.list.
set -eu
what=${1:-run}
list=$(dirname "$0")/packages.list
arch=$(dpkg --print-architecture)

case "$what" in
run | test) ;;
*)
	echo "install-deps: unknown set '$what': use run or test" >&2
	exit 2
	;;
esac
[ -r "$list" ] || {
	echo "install-deps: cannot read $list" >&2
	exit 2
}

# One row: package set arch why. A malformed row stops here rather than
# installing a set that silently lacks something.
pkgs=$(awk -v want="$what" -v arch="$arch" '
	/^[ \t]*(#|$)/ { next }
	NF < 4 || ($2 != "run" && $2 != "test") || ($3 != "any" && $3 !~ /^[a-z0-9]+$/) {
		printf "install-deps: %s:%d: expected: package run|test any|ARCH why\n", FILENAME, FNR > "/dev/stderr"
		bad = 1
		next
	}
	($2 == "run" || want == "test") && ($3 == "any" || $3 == arch) { print $1 }
	END { exit bad }' "$list") || exit 2

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
# A package apt has never heard of means a source is missing: say which.
unknown=""
for p in $missing; do
	apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]' || unknown="$unknown $p"
done
if [ -n "$unknown" ]; then
	echo "install-deps: no apt source offers:$unknown" >&2
	case "$unknown " in
	*" linux-source-6.12 "*)
		echo "install-deps: linux-source-6.12 is in bookworm-security: a fresh Debian 12 machine needs the main, bookworm-updates and bookworm-security suites in its apt sources (README.md)" >&2
		;;
	esac
	exit 1
fi
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
