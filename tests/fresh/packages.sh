#!/bin/sh
# The configure step refuses a package list that a fresh machine would fail with:
# each case doctors a copy of cmake/packages.list as a past mistake did, and the
# configure step must stop and name the package.
# usage: packages.sh SOURCE_DIR WORK_DIR
set -eu
src=$1
work=$2
list=$src/cmake/packages.list
rm -rf "$work"
mkdir -p "$work"
fails=0

# configure NAME TESTS LIST: configure the project as `./run` (TESTS=OFF) or
# `./run test` (ON) would, with LIST as the package list; the log in WORK/NAME.log.
configure() {
	cmake -G Ninja -S "$src" -B "$work/$1" -DTSOB_TESTS="$2" -DTSOB_FRESH_TESTS=OFF \
		-DTSOB_PACKAGES_LIST="$3" >"$work/$1.log" 2>&1
}

# expect_refused NAME TESTS LIST PATTERN: the configure step fails, saying PATTERN.
expect_refused() {
	if configure "$1" "$2" "$3"; then
		echo "FAIL $1: configured with a list that lacks what it needs ($work/$1.log)"
		fails=$((fails + 1))
	elif tr '\n' ' ' <"$work/$1.log" | tr -s ' ' | grep -q "$4"; then
		echo "ok   $1: refused: $4"
	else
		echo "FAIL $1: failed, but not saying '$4':"
		sed -n '/CMake Error/,+4p' "$work/$1.log"
		fails=$((fails + 1))
	fi
}

# The real list: the build without tests configures, needs no cmocka, and
# names each package of the run set as needed (none is there for nothing).
if configure real OFF "$list"; then
	if grep -q '^dep_cmocka_LIB' "$work/real/CMakeCache.txt"; then
		echo "FAIL real: the build without tests looked for cmocka"
		fails=$((fails + 1))
	else
		echo "ok   real: ./run's build configures from the run set, without cmocka"
	fi
else
	echo "FAIL real: the build without tests does not configure:"
	sed -n '/CMake Error/,+4p' "$work/real.log"
	fails=$((fails + 1))
fi

# libc6-dev left out: gcc without recommends cannot link (issue 11).
grep -v '^libc6-dev[[:space:]]' "$list" >"$work/no-libc6-dev.list"
expect_refused no-libc6-dev OFF "$work/no-libc6-dev.list" "needs the Debian package libc6-dev"

# A library of ./run's build only in the test set (as cmocka once was needed).
sed 's/^libjson-c-dev\([[:space:]]*\)run/libjson-c-dev\1test/' "$list" >"$work/json-c-test.list"
expect_refused json-c-test OFF "$work/json-c-test.list" \
	"libjson-c-dev, which .* puts in the test set"

# A package in the run set that ./run does not need.
{
	grep -v '^pkg-config[[:space:]]' "$list"
	echo "pkg-config run any not needed by ./run"
} >"$work/extra-run.list"
expect_refused extra-run OFF "$work/extra-run.list" "puts pkg-config in the run set, but nothing"

# patch left out of the test set: the kernel build needs it (issue 11).
if dpkg-query -W -f='${Status}' patch 2>/dev/null | grep -q "install ok installed"; then
	grep -v '^patch[[:space:]]' "$list" >"$work/no-patch.list"
	expect_refused no-patch ON "$work/no-patch.list" "needs the Debian package patch"
	skip=""
else
	skip="patch is not installed (cmake/install-deps.sh test): the no-patch case cannot run"
fi

rm -rf "${work:?}"/*/
[ "$fails" = 0 ] || exit 1
if [ -n "$skip" ]; then
	echo "SKIP: $skip"
	exit 77
fi
