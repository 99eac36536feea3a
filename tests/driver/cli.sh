#!/usr/bin/env bash
# Driver end-to-end tests. usage: cli.sh TEST
# Environment: TSOBENCH (binary), TSOB_EMU (emulator, may be empty), TSOB_SCHEMA, TSOB_CHECK.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tsob() { ${TSOB_EMU:-} "$TSOBENCH" "$@"; }
PY=${TSOB_PYTHON:-python3}
fail() { echo "FAIL: $*"; exit 1; }

# One row: arguments that must give exit 2, exactly one line on stderr, nothing on
# stdout, and no results file.
bad() {
	local out="$tmp/out.json" rc lines
	rm -f "$out"
	tsob "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	lines=$(wc -l <"$tmp/stderr")
	[ "$rc" = 2 ] || fail "'$*': exit $rc, want 2 (stderr: $(cat "$tmp/stderr"))"
	[ "$lines" = 1 ] || fail "'$*': $lines lines on stderr, want 1: $(cat "$tmp/stderr")"
	grep -q '^tsobench: ' "$tmp/stderr" || fail "'$*': stderr does not start with 'tsobench: '"
	[ ! -s "$tmp/stdout" ] || fail "'$*': wrote to stdout: $(head -c 200 "$tmp/stdout")"
	[ ! -e "$out" ] || fail "'$*': left a results file"
	[ -z "$(ls "$tmp" | grep -v -e stdout -e stderr -e keep)" ] || fail "'$*': left files: $(ls "$tmp")"
	echo "ok: $* -> $(cat "$tmp/stderr")"
}

t_bad_input() {
	local o=(-o "$tmp/out.json")
	bad
	bad nosuchcommand
	bad run "${o[@]}" -w nosuchkernel
	bad run "${o[@]}" -w ,
	bad run "${o[@]}" -w copy8,
	bad run "${o[@]}" -w ,copy8
	bad run "${o[@]}" -m plain,,
	bad run "${o[@]}" -m plain,,ldar
	bad run "${o[@]}" -e task-clock,
	bad run "${o[@]}" -m nosuchstrategy
	bad run "${o[@]}" -m plain,bogus
	bad run "${o[@]}" -e no-such-event
	bad run "${o[@]}" -e task-clock,no-such-event
	bad run "${o[@]}" -r 0
	bad run "${o[@]}" -r abc
	bad run "${o[@]}" -r -1
	bad run "${o[@]}" -r 1.5
	bad run "${o[@]}" -r 99999999999999999999999
	bad run "${o[@]}" -r
	bad run "${o[@]}" --warmup x
	bad run "${o[@]}" --cpu 9999
	bad run "${o[@]}" --cpu -1
	bad run "${o[@]}" --threads 0
	bad run "${o[@]}" --threads 1000
	bad run "${o[@]}" --size 0
	bad run "${o[@]}" --timeout-ms 0
	bad run "${o[@]}" --format xml
	bad run "${o[@]}" --bogus-option
	bad run "${o[@]}" stray-argument
	bad run -o "$tmp/no/such/dir/out.json"
	bad run -o /proc/tsobench-results.json
	bad run -o "$tmp"
	bad info --bogus
	bad list --bogus
	bad events a b
	bad events --bogus
}

t_run_quick() {
	local out="$tmp/r.json" req=()
	tsob run --quick -o "$out" >"$tmp/stdout" 2>"$tmp/stderr" || fail "run --quick: exit $? ($(cat "$tmp/stderr"))"
	grep -q '^results: ' "$tmp/stdout" || fail "no results line in the table output"
	# Where perf_event_open works, task-clock must be measured in every cell.
	tsob info | grep -q 'ENOSYS' || req=(--require-counter task-clock)
	"$PY" "$TSOB_CHECK" "$TSOB_SCHEMA" "$out" "${req[@]}" || fail "results invalid"
	# Every kernel in the registry ran, and nothing failed.
	"$PY" - "$out" <<'PY' || fail "cells"
import json, sys
d = json.load(open(sys.argv[1]))
bad = [c for c in d["cells"] if c["status"] not in ("ok", "unavailable")]
assert not bad, bad
for c in d["cells"]:
    if c["status"] == "unavailable":
        assert c["reason"], c
ctx = d["context"]
if not ctx["pmu"]["present"]:
    # Hardware events: unavailable with the reason, never a zero.
    for c in d["cells"]:
        if c["status"] == "ok":
            for ev in ("cycles", "instructions"):
                assert not c["counters"][ev]["available"], (ev, c["kernel"])
                assert c["counters"][ev]["reason"], ev
print("cells ok:", sum(c["status"] == "ok" for c in d["cells"]))
PY
}

t_info() {
	tsob info >"$tmp/info" || fail "info exit $?"
	for key in architecture cpu kernel 'hardware pmu' perf_event_paranoid perf_user_access \
		PR_GET_MEM_MODEL plain ldar ldapr ldapur dmb hwtso; do
		grep -q "$key" "$tmp/info" || fail "info lacks '$key'"
	done
	# Every strategy that cannot run says why.
	grep 'unavailable' "$tmp/info" | grep -q 'unavailable: $' && fail "an unavailable strategy has no reason"
	tsob info --json >"$tmp/info.json" || fail "info --json exit $?"
	"$PY" -c "import json,sys; d=json.load(open('$tmp/info.json')); assert d['arch'] and d['kernel'] and 'memory_model' in d and len(d['strategies'])==6" ||
		fail "info --json"
	echo "$(grep -c . "$tmp/info") lines of info"
}

t_list() {
	tsob list --json >"$tmp/list.json" || fail "list --json exit $?"
	"$PY" - "$tmp/list.json" "${TSOB_MIN_KERNELS:-2}" "$(dirname "$0")/.." <<'PY' || fail "list --json content"
import json, sys
d = json.load(open(sys.argv[1]))
names = [k["name"] for k in d["kernels"]]
assert len(names) == len(set(names)), "a kernel is listed twice"
assert len(names) >= int(sys.argv[2]), f"{len(names)} kernels"
sys.path.insert(0, sys.argv[3])
import strategies
assert [s["name"] for s in d["strategies"]] == strategies.names()
for k in d["kernels"]:
    assert k["stands_for"] and "plain" in k["strategies"], k
    assert k["unit"] and k["size_unit"] and k["default_size"] >= k["quick_size"] > 0, k
    if d["arch"] == "aarch64":
        assert set(k["strategies"]) >= set(strategies.object_strategies()), k
print(len(names), "kernels")
PY
	tsob list >"$tmp/list.txt" || fail "list exit $?"
	grep -q 'kernels ×' "$tmp/list.txt" || fail "list text has no summary line"
	# Each kernel's operation, what --size counts, and its default size.
	"$PY" - "$tmp/list.json" "$tmp/list.txt" <<'PY' || fail "list text lacks units or sizes"
import json, sys
d, text = json.load(open(sys.argv[1])), open(sys.argv[2]).read()
for k in d["kernels"]:
    line = f"one op: {k['unit']}; --size in units of: {k['size_unit']}; default {k['default_size']}"
    assert line in text, (k["name"], line)
PY
}

t_events() {
	tsob events task >"$tmp/ev" || fail "events exit $?"
	grep -q 'PERF_COUNT_SW_TASK_CLOCK' "$tmp/ev" || fail "events task does not list task-clock"
	tsob events zzzz-no-match >"$tmp/ev2" 2>"$tmp/err" || fail "events no match exit $?"
	[ ! -s "$tmp/ev2" ] || fail "events printed something for no match"
}

t_csv() {
	tsob run --quick -r 2 --warmup 0 -w "$(tsob list --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["kernels"][0]["name"])')" \
		-m plain --format csv -o "$tmp/r.csv" >/dev/null || fail "csv run exit $?"
	head -1 "$tmp/r.csv" | grep -q '^# tsobench' || fail "csv header"
	grep -q ',ns,wall-time,' "$tmp/r.csv" || fail "csv has no wall-time row"
}

t_keep_earlier() {
	# A run that fails on bad input leaves an earlier file byte for byte.
	echo '{"earlier": true}' >"$tmp/keep.json"
	cp "$tmp/keep.json" "$tmp/keep.orig"
	tsob run -o "$tmp/keep.json" -e no-such-event 2>/dev/null
	cmp -s "$tmp/keep.json" "$tmp/keep.orig" || fail "earlier results file changed"
	ls "$tmp" | grep -q tmp && fail "temporary file left behind"
	echo "earlier file intact"
}

t_interrupt() {
	# SIGINT during a run: the finished cells are written, marked incomplete.
	local out="$tmp/int.json" pid rc
	${TSOB_EMU:-} "$TSOBENCH" run --quick -r 200000 --warmup 0 -m plain -o "$out" >/dev/null 2>&1 &
	pid=$!
	sleep "${TSOB_INT_DELAY:-1.5}"
	kill -INT $pid
	wait $pid
	rc=$?
	[ "$rc" = 130 ] || fail "interrupted run exit $rc, want 130"
	"$PY" "$TSOB_CHECK" "$TSOB_SCHEMA" "$out" --expect-complete no --min-ok-cells 0 || fail "interrupted file invalid"
	"$PY" -c "
import json; d=json.load(open('$out'))
assert d['incomplete_reason'], d['incomplete_reason']
st=[c['status'] for c in d['cells']]
assert 'interrupted' in st, st
c=[c for c in d['cells'] if c['status']=='interrupted'][0]
assert len(c['wall_ns']['values']) > 0, 'the interrupted cell kept no samples'
print('interrupted after', len(c['wall_ns']['values']), 'samples')" || fail "interrupted content"
}

# A user who may not count kernel time (perf_event_paranoid >= 2) still gets
# task-clock and page-faults, counted in user mode as perf stat does (modifier
# "u"); context-switches, which only the kernel counts, is unavailable with the
# reason, never a silent zero.
t_paranoid() {
	local p out
	p=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo unknown)
	[ "$(id -u)" = 0 ] || { echo "SKIP: needs root to run a command as another user"; exit 77; }
	case $p in 2 | 3 | 4) ;; *)
		echo "SKIP: perf_event_paranoid is $p: an unprivileged user may count kernel time here"
		exit 77 ;;
	esac
	tsob info | grep -q ENOSYS && { echo "SKIP: perf_event_open is not available here (ENOSYS)"; exit 77; }
	chmod 777 "$tmp"
	out="$tmp/paranoid.json"
	setpriv --reuid=nobody --regid=nogroup --clear-groups ${TSOB_EMU:-} "$TSOBENCH" run -w copy8 \
		-m plain -r 2 --warmup 0 --quick -q -e task-clock,page-faults,context-switches \
		-o "$out" >/dev/null 2>"$tmp/err" || fail "run as nobody: exit $? ($(cat "$tmp/err"))"
	"$PY" - "$out" "$p" <<'PY' || fail "paranoid fallback"
import json, sys
c = json.load(open(sys.argv[1]))["cells"][0]["counters"]
for name in ("task-clock", "page-faults"):
    assert c[name]["available"] and c[name]["modifier"] == "u", (name, c[name])
assert c["task-clock"]["stats"]["median"] > 0, c["task-clock"]
cs = c["context-switches"]
assert not cs["available"] and "perf_event_paranoid" in cs["reason"], cs
print("paranoid", sys.argv[2], ": task-clock:u and page-faults:u counted;", cs["reason"])
PY
}

"t_$1"
