#!/bin/sh
# lava.collect.<mode>: the log of lava.qemu's real job, damaged as logs get
# damaged, through bench/lava/collect.c (lava_tool collect). Each damage is
# one line naming the problem and exit 2; files that came back whole before
# the damage are kept, byte for byte.
#   missing     no results blocks (the test script's output lost)  -ENODATA
#   corrupt     one base64 character changed in the second block   -EBADMSG, run.json kept
#   truncated   the log stops inside the second block              -EPIPE, run.json kept
#   cut_record  the log stops inside a record                      -EPIPE
#   overwrite   the output directory already holds a run.json      -EEXIST, it is untouched
#   server_log  the same log as a LAVA server serves it ("- {...}"): collected as well
#
# usage: tests/lava/collect-errors.sh REPO WORKDIR LAVA_TOOL MODE
set -u
REPO=$1
WORK=$2
TOOL=$3
MODE=$4
. "$(dirname "$0")/common.sh"

src=$WORK/run
[ -f "$src/SKIPPED" ] && skip "no job log: lava.qemu skipped ($(cat "$src/SKIPPED"))"
[ -f "$src/job.log" ] && [ -f "$src/out/run.json" ] ||
	fail "no job log from lava.qemu in $src (it must pass first)"
w=$WORK/collect-$MODE
rm -rf "$w"
mkdir -p "$w/out"
log=$w/job.log

# Damage the log; python only as a precise editor of the text.
$PY - "$src/job.log" "$log" "$MODE" <<'PYEOF' || fail "cannot make the $MODE log"
import sys
src, dst, mode = sys.argv[1:]
lines = open(src).read().splitlines(True)
mark = lambda i, what: ("@@TSOB-LAVA-" + what) in lines[i]
begins = [i for i in range(len(lines)) if mark(i, "BEGIN")]
assert len(begins) == 2, "want two results blocks in the log, got %d" % len(begins)
second = [i for i in range(begins[1] + 1, len(lines)) if mark(i, "B64")]
if mode == "missing":
    lines = [l for l in lines if "@@TSOB-LAVA-" not in l]
elif mode == "corrupt":
    i = second[len(second) // 2]
    at = lines[i].index("@@TSOB-LAVA-B64 ") + len("@@TSOB-LAVA-B64 ") + 10
    lines[i] = lines[i][:at] + ("B" if lines[i][at] != "B" else "C") + lines[i][at + 1:]
elif mode == "truncated":
    lines = lines[:second[len(second) // 2]]
elif mode == "cut_record":
    last = lines[-1]
    lines = lines[:-1] + [last[:len(last) // 2]]
elif mode == "server_log":
    lines = ["- " + l for l in lines]
open(dst, "w").writelines(lines)
PYEOF

if [ "$MODE" = overwrite ]; then
	cp "$src/job.log" "$log"
	echo "an earlier results file" >"$w/out/run.json"
	before=$(sha256sum <"$w/out/run.json")
fi

rc=0
"$TOOL" collect "$log" "$w/out" >"$w/collect.txt" 2>"$w/collect.err" || rc=$?
cat "$w/collect.err"
tail -n 1 "$w/collect.txt"

expect() { # ERRNO_NAME TEXT
	[ $rc = 2 ] || fail "collect exited $rc, not 2"
	[ "$(wc -l <"$w/collect.err")" = 1 ] || fail "not one line on stderr"
	grep -q -- "^lava_tool: -$1: .*$2" "$w/collect.err" || fail "want -$1 with '$2'"
}
kept() { # FILE: restored and the same bytes as from the whole log
	cmp -s "$w/out/$1" "$src/out/$1" || fail "$1 not kept as it came back before the damage"
	grep -q "^file $1 " "$w/collect.txt" || fail "$1 not reported"
}
case $MODE in
missing)
	expect ENODATA "no results"
	[ -z "$(ls "$w/out")" ] || fail "files from nowhere: $(ls "$w/out")"
	;;
corrupt)
	expect EBADMSG "litmus.json: results block corrupt"
	kept run.json
	[ ! -e "$w/out/litmus.json" ] || fail "a corrupt litmus.json was written"
	;;
truncated)
	expect EPIPE "truncated"
	kept run.json
	[ ! -e "$w/out/litmus.json" ] || fail "a partial litmus.json was written"
	;;
cut_record)
	expect EPIPE "log ends inside a record"
	kept run.json
	kept litmus.json
	;;
overwrite)
	expect EEXIST "run.json exists: not replaced"
	[ "$(sha256sum <"$w/out/run.json")" = "$before" ] || fail "the earlier run.json was changed"
	kept litmus.json
	;;
server_log)
	[ $rc = 0 ] || fail "collect of the server's form exited $rc"
	kept run.json
	kept litmus.json
	grep -v '^file ' "$src/collect.txt" >"$w/want.txt"
	grep -v '^file ' "$w/collect.txt" | cmp -s - "$w/want.txt" ||
		fail "not the same cases as from lava-run's log"
	;;
*) fail "unknown mode $MODE" ;;
esac
ls -l "$w/out" | tail -n +2 | awk '{ print "kept:", $NF, $5, "bytes" }'
[ -z "$(find "$w/out" -name '*.tmp*')" ] || fail "temporary files left in $w/out"
echo PASS
