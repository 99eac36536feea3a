#!/usr/bin/env bash
# A results file names the commit and branch its build was made from, taken at
# build time (cmake/gitcommit.cmake), never the commit of an older configure.
# usage: gitcommit.sh script|binary
# Environment: TSOB_CMAKE (cmake), TSOB_SOURCE (the source tree), TSOBENCH,
# TSOB_EMU (may be empty), TSOB_PYTHON.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PY=${TSOB_PYTHON:-python3}
fail() { echo "FAIL: $*"; exit 1; }
command -v git >/dev/null || { echo "SKIP: git is not installed"; exit 77; }

stamp() { "$TSOB_CMAKE" -DSRC="$1" -DOUT="$tmp/h.h" -P "$TSOB_SOURCE/cmake/gitcommit.cmake" ||
	fail "gitcommit.cmake failed on $1"; }
field() { sed -n "s/^#define $1 \"\\(.*\\)\"$/\\1/p" "$tmp/h.h"; }
g() { git -C "$tmp/repo" -c user.name=t -c user.email=t@example.org "$@" >/dev/null 2>&1 ||
	fail "git $*"; }

t_script() {
	mkdir "$tmp/repo" && g init -q -b topic && echo a >"$tmp/repo/f" && g add f && g commit -qm one
	local one two mtime
	one=$(git -C "$tmp/repo" rev-parse --short=12 HEAD)
	stamp "$tmp/repo"
	[ "$(field TSOB_GIT_COMMIT)" = "$one" ] || fail "commit $(field TSOB_GIT_COMMIT), want $one"
	[ "$(field TSOB_GIT_BRANCH)" = topic ] || fail "branch '$(field TSOB_GIT_BRANCH)', want topic"
	# Nothing changed: the header keeps its time, so nothing recompiles.
	mtime=$(stat -c %y "$tmp/h.h")
	sleep 0.05
	stamp "$tmp/repo"
	[ "$(stat -c %y "$tmp/h.h")" = "$mtime" ] || fail "an unchanged tree rewrote the header"
	# A new commit, with no configure in between, is what the next build records.
	echo b >"$tmp/repo/f" && g commit -qam two
	two=$(git -C "$tmp/repo" rev-parse --short=12 HEAD)
	stamp "$tmp/repo"
	[ "$(field TSOB_GIT_COMMIT)" = "$two" ] ||
		fail "after a commit: $(field TSOB_GIT_COMMIT), want $two"
	# An edited tree does not pass for its commit.
	echo c >"$tmp/repo/f"
	stamp "$tmp/repo"
	[ "$(field TSOB_GIT_COMMIT)" = "$two-dirty" ] || fail "edited tree: $(field TSOB_GIT_COMMIT)"
	g checkout -q f
	# A detached checkout (as CI makes) has no branch.
	g checkout -q --detach
	stamp "$tmp/repo"
	[ -z "$(field TSOB_GIT_BRANCH)" ] || fail "detached HEAD: branch '$(field TSOB_GIT_BRANCH)'"
	# A branch name with a double quote stays one C string.
	g checkout -q -b 'we"ird'
	stamp "$tmp/repo"
	grep -q 'TSOB_GIT_BRANCH "we\\"ird"' "$tmp/h.h" || fail "quote not escaped: $(cat "$tmp/h.h")"
	# A tree that is no checkout: unknown, not an error.
	mkdir "$tmp/plain"
	stamp "$tmp/plain"
	[ "$(field TSOB_GIT_COMMIT)" = unknown ] || fail "no checkout: $(field TSOB_GIT_COMMIT)"
	echo "ok: commit, dirty, detached, quoted and no-checkout stamps"
}

t_binary() {
	local want branch
	want=$(git -C "$TSOB_SOURCE" describe --always --dirty --abbrev=12 2>/dev/null) || want=unknown
	branch=$(git -C "$TSOB_SOURCE" symbolic-ref --short -q HEAD 2>/dev/null) || branch=
	${TSOB_EMU:-} "$TSOBENCH" run -w copy8 -m plain -r 1 --warmup 0 --quick -q -o "$tmp/r.json" \
		>/dev/null 2>"$tmp/err" || fail "run: $(cat "$tmp/err")"
	"$PY" - "$tmp/r.json" "$want" "$branch" <<'PY' || fail "context"
import json, sys
c = json.load(open(sys.argv[1]))["context"]
want, branch = sys.argv[2], sys.argv[3] or None
assert c["git_commit"] == want, ("git_commit", c["git_commit"], "the tree is at", want)
assert c["git_branch"] == branch, ("git_branch", c["git_branch"], "the tree is on", branch)
print("ok: the file names", want, "on", branch)
PY
}

"t_$1"
