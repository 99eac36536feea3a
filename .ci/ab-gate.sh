#!/usr/bin/env bash
# The A/B gate of a CI job: build the base commit's tsobench and this commit's,
# then `tsobench ab` them (README.md, "Comparing builds").
#
# usage: .ci/ab-gate.sh BASE_REV [tsobench ab options ...]
#   BASE_REV  the commit to compare against (origin/main, the merge base, ...)
#   options   after the defaults below, so they win: e.g. --rounds 40 --threshold 3
#
# Environment:
#   TSOB_GATE_DIR         where to build and write (default build/ab-gate)
#   TSOB_GATE_BASE_BIN    a tsobench to use as BASE instead of building BASE_REV
#   TSOB_GATE_HEAD_CMAKE  extra cmake arguments for this commit's build
#
# Writes $TSOB_GATE_DIR/ab.json (both sides, every round) and ab.md (the
# verdict), and exits as tsobench ab does: 0 pass, 1 a regression or a cell that
# failed in this commit, 2 an error, 130 interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
base_rev=$1
shift
dir=${TSOB_GATE_DIR:-build/ab-gate}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

build() { # source-dir build-dir [cmake args]
	local src=$1 out=$2
	shift 2
	cmake -S "$src" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTSOB_TESTS=OFF \
		"$@" >"$out.configure.log" 2>&1 || { cat "$out.configure.log" >&2; return 2; }
	cmake --build "$out" --target tsobench -j "$(nproc)" >"$out.build.log" 2>&1 ||
		{ tail -40 "$out.build.log" >&2; return 2; }
}

if [ -n "${TSOB_GATE_BASE_BIN:-}" ]; then
	base_bin=$TSOB_GATE_BASE_BIN
else
	# A worktree of the base commit, so that its build records its own commit.
	git worktree remove --force "$dir/base-src" 2>/dev/null || true
	git worktree add --detach "$dir/base-src" "$base_rev" >/dev/null
	trap 'git worktree remove --force "$dir/base-src" 2>/dev/null || true' EXIT
	build "$dir/base-src" "$dir/base" || exit 2
	base_bin=$dir/base/bench/tsobench
fi
# shellcheck disable=SC2086  # the extra cmake arguments are words on purpose
build "$PWD" "$dir/head" ${TSOB_GATE_HEAD_CMAKE:-} || exit 2

rc=0
"$dir/head/bench/tsobench" ab "$base_bin" "$dir/head/bench/tsobench" --quick --rounds 20 \
	-o "$dir/ab.json" --markdown "$dir/ab.md" "$@" || rc=$?
exit $rc
