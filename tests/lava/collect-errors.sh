#!/bin/sh
# lava.collect.<mode>: the log of lava.qemu's real job, damaged as logs get
# damaged, through `tsobench lava collect` into a throwaway history. Each
# damage is one line naming the problem and exit 2, and nothing of that job
# in the history; files that came back whole before the damage are restored,
# byte for byte.
#   missing      no results blocks (the test script's output lost): nothing restored
#   corrupt      one base64 character changed in the second block: run.json kept
#   truncated    the log stops inside the second block: run.json kept
#   cut_record   the log stops inside its last record: both files kept
#   overwrite    the output directory holds another run.json: it is untouched
#   mismatch     a test case's result differs from its cell in the file
#   sequence     a good log, then a truncated one: the first stays collected
#   failed_case  a subcommand's status case failed: collected, exit 1
#   server_log   the same log as a LAVA server serves it ("- {...}"): collected
#   not_a_log    a results file given for a log
#
# usage: tests/lava/collect-errors.sh REPO WORKDIR TSOBENCH MODE
set -u
REPO=$1
WORK=$2
TSOB=$3
MODE=$4
. "$(dirname "$0")/common.sh"

src=$WORK/run
[ -f "$src/SKIPPED" ] && skip "no job log: lava.qemu skipped ($(cat "$src/SKIPPED"))"
[ -f "$src/job.log" ] && [ -d "$src/out" ] ||
	fail "no job log from lava.qemu in $src (it must pass first)"
job=$(ls "$src/out")
good=$src/out/$job
w=$WORK/collect-$MODE
rm -rf "$w"
mkdir -p "$w/out"
log=$w/job.log
db=$w/history.db

# Damage the log; Python only as a precise editor of the text.
$PY - "$src/job.log" "$log" "$MODE" <<'PYEOF' || fail "cannot make the $MODE log"
import sys
src, dst, mode = sys.argv[1:]
lines = open(src).read().splitlines(True)
mark = lambda i, what: ("@@TSOB-LAVA-" + what) in lines[i]
begins = [i for i in range(len(lines)) if mark(i, "BEGIN")]
assert len(begins) == 2, "want two results blocks in the log, got %d" % len(begins)
second = [i for i in range(begins[1] + 1, len(lines)) if mark(i, "B64")]
def fail_case(name):  # the case's result, as LAVA recorded it, made "fail"
    hit = [i for i in range(len(lines)) if '"case": "%s", "definition": "0_' % name in lines[i]]
    assert len(hit) == 1 and '"result": "pass"' in lines[hit[0]], name
    lines[hit[0]] = lines[hit[0]].replace('"result": "pass"', '"result": "fail"')
if mode == "missing":
    lines = [l for l in lines if "@@TSOB-LAVA-" not in l]
elif mode == "corrupt":
    i = second[len(second) // 2]
    at = lines[i].index("@@TSOB-LAVA-B64 ") + len("@@TSOB-LAVA-B64 ") + 10
    lines[i] = lines[i][:at] + ("B" if lines[i][at] != "B" else "C") + lines[i][at + 1:]
elif mode in ("truncated", "sequence"):
    lines = lines[:second[len(second) // 2]]
elif mode == "cut_record":
    last = lines[-1]
    lines = lines[:-1] + [last[:len(last) // 2]]
elif mode == "mismatch":
    fail_case("run.copy8.plain.t1")
elif mode == "failed_case":
    fail_case("litmus.status")
elif mode == "server_log":
    lines = ["- " + l for l in lines]
elif mode == "not_a_log":
    lines = []
open(dst, "w").writelines(lines)
PYEOF
[ "$MODE" = not_a_log ] && cp "$good/run.json" "$log"
if [ "$MODE" = overwrite ]; then
	cp "$src/job.log" "$log"
	mkdir -p "$w/out/$job"
	echo "an earlier results file" >"$w/out/$job/run.json"
	before=$(sha256sum <"$w/out/$job/run.json")
fi

set -- "$log"
[ "$MODE" = sequence ] && set -- "$src/job.log" "$log"
rc=0
"$TSOB" lava collect "$@" --db "$db" -o "$w/out" >"$w/collect.txt" 2>"$w/collect.err" || rc=$?
cat "$w/collect.err"

expect() { # EXIT TEXT: the exit status and the one line on stderr
	[ $rc = "$1" ] || fail "collect exited $rc, not $1"
	[ "$(wc -l <"$w/collect.err")" = 1 ] || fail "not one line on stderr"
	grep -q -- "^tsobench: lava collect: $log: .*$2" "$w/collect.err" || fail "want '$2'"
}
kept() { # FILE: restored, the same bytes as from the whole log
	cmp -s "$w/out/$job/$1" "$good/$1" || fail "$1 not kept as it came back before the damage"
}
absent() { # FILE
	[ ! -e "$w/out/$job/$1" ] || fail "$1 was written from a damaged block"
}
runs() { # N: runs of this job in the history
	n=$("$TSOB" history list --db "$db" | grep -c " $job ")
	[ "$n" = "$1" ] || fail "the history holds $n runs of job $job, not $1"
}
case $MODE in
missing)
	expect 2 "the test script did not finish .*: no results in the log"
	[ -z "$(ls "$w/out")" ] || fail "files from nowhere: $(ls -R "$w/out")"
	runs 0
	;;
corrupt)
	expect 2 "litmus.json: results block corrupt.*1 file(s) that came back whole are in"
	kept run.json
	absent litmus.json
	runs 0
	;;
truncated)
	expect 2 "litmus.json: results block not ended (log truncated?)"
	kept run.json
	absent litmus.json
	runs 0
	;;
cut_record)
	expect 2 "the log ends inside a record"
	kept run.json
	kept litmus.json
	runs 0
	;;
overwrite)
	expect 2 "run.json exists and holds another file: not replaced"
	[ "$(sha256sum <"$w/out/$job/run.json")" = "$before" ] || fail "the earlier run.json changed"
	runs 0
	;;
mismatch)
	expect 2 "test case run.copy8.plain.t1 is fail in the log, pass in run.json"
	runs 0
	;;
sequence)
	expect 2 "results block not ended .*(the 1 log(s) before it are collected)"
	kept run.json
	kept litmus.json
	runs 2
	;;
failed_case)
	[ $rc = 1 ] || fail "collect of a job with a failed test case exited $rc, not 1"
	[ ! -s "$w/collect.err" ] || fail "a failed test case is no error: $(cat "$w/collect.err")"
	grep -q "test cases: [0-9]* pass, 1 fail" "$w/collect.txt" || fail "the failed case not counted"
	kept run.json
	kept litmus.json
	runs 2
	;;
server_log)
	[ $rc = 0 ] || fail "collect of the server's form exited $rc"
	kept run.json
	kept litmus.json
	runs 2
	sed 's/, history run [0-9]* / /; s/ [^ ]*\/out\/[^ ]*: / /' "$src/collect.txt" >"$w/want.txt"
	sed 's/, history run [0-9]* / /; s/ [^ ]*\/out\/[^ ]*: / /' "$w/collect.txt" |
		cmp -s - "$w/want.txt" || fail "not the same summary as from lava-run's log"
	;;
not_a_log)
	expect 2 "not a LAVA job log"
	[ -z "$(ls "$w/out")" ] || fail "files from nowhere: $(ls -R "$w/out")"
	;;
*) fail "unknown mode $MODE" ;;
esac
[ -z "$(find "$w/out" -name '.*')" ] || fail "temporary files left in $w/out"
echo PASS
