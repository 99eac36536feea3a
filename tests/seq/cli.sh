#!/usr/bin/env bash
# `tsobench seq` end to end. usage: cli.sh TEST
#   bad_input    each bad command line: exit 2, one line on stderr, no file left
#   run          a --quick run of every row: the file against the schema and
#                check_seq_results.py (figures recomputed from the raw readings,
#                the table's columns and lines, TSO cells exactly where this host
#                grants TSO, exact instruction counts where instructions count)
#   select       rows by glob, --group, -n, -r, --tso on, -e: what was asked is
#                what ran; a refused TSO is an unavailable cell with the reason
#   report       report's seq table and chart, also beside a kernel run's; the
#                gbench export's names and times
#   gbench       Debian's compare.py reads two exports: every row, readable times
#   cortex-a57   (cross builds, TSOB_EMU = qemu-aarch64-static -cpu cortex-a57)
#                the LRCPC and LSE rows unavailable with the reason, no SIGILL,
#                the LL/SC path measured
# Environment: TSOBENCH, TSOB_EMU (may be empty), TSOB_SCHEMA, TSOB_CHECK
# (check_seq_results.py), TSOB_PYTHON.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tsob() { ${TSOB_EMU:-} "$TSOBENCH" "$@"; }
PY=${TSOB_PYTHON:-python3}
fail() { echo "FAIL: $*"; exit 1; }
check() { "$PY" "$TSOB_CHECK" "$TSOB_SCHEMA" "$@"; }

# Arguments that must give exit 2, one line on stderr, nothing on stdout, no file.
bad() {
	local rc lines
	tsob seq -o "$tmp/out.json" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	lines=$(wc -l <"$tmp/stderr")
	[ "$rc" = 2 ] || fail "seq $*: exit $rc, want 2 (stderr: $(cat "$tmp/stderr"))"
	[ "$lines" = 1 ] || fail "seq $*: $lines lines on stderr, want 1: $(cat "$tmp/stderr")"
	grep -q '^tsobench: seq: ' "$tmp/stderr" || fail "seq $*: stderr: $(cat "$tmp/stderr")"
	[ ! -s "$tmp/stdout" ] || fail "seq $*: wrote to stdout: $(head -c 200 "$tmp/stdout")"
	[ -z "$(ls "$tmp" | grep -v -e '^stdout$' -e '^stderr$')" ] || fail "seq $*: left $(ls "$tmp")"
	echo "ok: seq $* -> $(cat "$tmp/stderr")"
}

t_bad_input() {
	bad nosuchrow
	bad 'zz*'
	bad x86_mov_store.plain,
	bad ,x86_mov_store.plain
	bad -u 12
	bad -u 64
	bad -u x
	bad -r 0
	bad -r abc
	bad -n 0
	bad -n 1.5
	bad --warmup x
	bad --tso maybe
	bad -e no-such-event
	bad -e cycles,
	bad -e task-clock,cpu-clock,page-faults,context-switches,cpu-migrations,minor-faults
	bad --group nosuch
	bad --group load x86_mov_store.plain
	bad --cpu 9999
	bad --cpu -1
	bad --bogus
	tsob seq -o "$tmp/no/such/dir/x.json" >"$tmp/stdout" 2>"$tmp/stderr"
	[ $? = 2 ] && [ "$(wc -l <"$tmp/stderr")" = 1 ] || fail "unwritable output: $(cat "$tmp/stderr")"
	mkdir "$tmp/dir"
	tsob seq -o "$tmp/dir" >"$tmp/stdout" 2>"$tmp/stderr"
	[ $? = 2 ] && [ -z "$(ls "$tmp/dir")" ] || fail "directory as output: $(cat "$tmp/stderr")"
	echo "ok: unwritable outputs refused"
}

# yes when this host grants PR_SET_MEM_MODEL(TSO), else no.
host_tso() {
	tsob info --json | "$PY" -c 'import json, sys
print("yes" if json.load(sys.stdin)["memory_model"]["tso"] else "no")'
}

t_run() {
	local exact=()
	tsob seq --list >"$tmp/list" || fail "seq --list: exit $?"
	tsob seq --quick -q -o "$tmp/r.json" >"$tmp/table" 2>"$tmp/stderr" ||
		fail "seq --quick: exit $? ($(cat "$tmp/stderr"))"
	cat "$tmp/table"
	grep -q "^results: $tmp/r.json\$" "$tmp/table" || fail "no results line"
	# Where this host counts instructions, each row's count must be the table's.
	"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(c.get("counters", {}).get("instructions", {}).get("available")
                  for c in d["cells"]) else 1)' "$tmp/r.json" && exact=(--exact-instructions)
	check "$tmp/r.json" --rows "$tmp/list" --table "$tmp/table" --tso-cells "$(host_tso)" \
		"${exact[@]}" || fail "results or table"
}

t_select() {
	local out="$tmp/s.json"
	tsob seq 'x86_mov_*' 'x86_lock_xadd.*' --group x86-op -n 200 -r 3 --warmup 0 --tso on \
		-e task-clock -q -o "$out" >"$tmp/table" || fail "exit $?"
	check "$out" --table "$tmp/table" || fail "results or table"
	"$PY" - "$out" <<'PY' || fail "what ran is not what was asked"
import json, sys
d = json.load(open(sys.argv[1]))
cells = d["cells"]
bad = []
names = {c["kernel"] for c in cells}
if not names or any(not n.startswith(("x86_mov_", "x86_lock_xadd.")) for n in names):
    bad.append(f"rows {sorted(names)}")
if any(c["seq"]["group"] != "x86-op" for c in cells):
    bad.append("a row outside --group x86-op")
for n in names:
    models = sorted(c["seq"]["model"] for c in cells if c["kernel"] == n)
    if models != ["default", "tso"]:
        bad.append(f"{n}: models {models} with --tso on")
for c in cells:
    if c["status"] == "ok" and (c["seq"]["iterations"] != 200 or len(c["wall_ns"]["values"]) != 3):
        bad.append(f"{c['kernel']}: iterations {c['seq']['iterations']}, "
                   f"{len(c['wall_ns']['values'])} repetitions")
    if c["seq"]["model"] == "tso" and c["status"] == "unavailable" and not c["reason"]:
        bad.append(f"{c['kernel']}/tso unavailable without a reason")
if d["context"]["events"] != ["cycles", "instructions", "task-clock"]:
    bad.append(f"events {d['context']['events']}")
if d["seq"]["tso"] != "on" or (d["seq"]["tso_reason"] is None) != any(
        c["seq"]["model"] == "tso" and c["status"] == "ok" for c in cells):
    bad.append(f"seq section {d['seq']}")
for b in bad:
    print("FAIL:", b)
print(f"{len(cells)} cells: {sorted(names)}")
sys.exit(1 if bad else 0)
PY
}

t_report() {
	local out="$tmp/r.json"
	tsob seq --quick -q -r 3 -o "$out" >/dev/null || fail "seq exit $?"
	tsob report "$out" --no-charts -o "$tmp/rep" >/dev/null || fail "report exit $?"
	grep -q '^## Instruction sequences' "$tmp/rep/summary.md" || fail "no seq section"
	grep -q '^## Time per operation' "$tmp/rep/summary.md" && fail "seq rows in the kernel grid"
	if command -v gnuplot >/dev/null; then
		tsob report "$out" -o "$tmp/repc" >/dev/null || fail "report with charts exit $?"
		[ -s "$tmp/repc/seq.png" ] && [ -s "$tmp/repc/seq.svg" ] || fail "no seq chart"
		grep -q 'seq.png' "$tmp/repc/summary.md" || fail "summary.md does not show the chart"
	fi
	# A kernel run and a seq file of one host: one report, the kernel grid and the rows.
	tsob run --quick -w copy8 -m plain -r 2 --warmup 0 -q -o "$tmp/k.json" >/dev/null ||
		fail "run exit $?"
	tsob report "$tmp/k.json" "$out" --no-charts -o "$tmp/both" >/dev/null || fail "report of both"
	grep -q '^## Time per operation' "$tmp/both/summary.md" &&
		grep -q '^## Instruction sequences' "$tmp/both/summary.md" ||
		fail "a report of run and seq files lacks one of them"
	tsob export --format gbench "$out" -o "$tmp/gb.json" || fail "export exit $?"
	"$PY" - "$out" "$tmp/gb.json" "$tmp/rep/summary.md" "$tmp/rep/seq.dat" <<'PY' || fail "report or export"
import json, statistics, sys
d, gb = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
md, dat = open(sys.argv[3]).read(), open(sys.argv[4]).read()
bad = []
names = {b["name"]: b for b in gb["benchmarks"]}
for c in d["cells"]:
    row = c["kernel"]
    if f"| {row} |" not in md:
        bad.append(f"summary.md has no line for {row}")
    if c["status"] != "ok":
        continue
    name = f"{row}/{c['seq']['model']}/copies:1000"
    med = names.get(name + "_median")
    want = 1000 * statistics.median(c["wall_ns"]["values"])
    if not med or abs(med["real_time"] - want) > 1e-6 * abs(want) + 1e-9:
        bad.append(f"{name}_median: {med and med['real_time']}, want {want}")
    if sum(b.get("run_name") == name and b["run_type"] == "iteration"
           for b in gb["benchmarks"]) != len(c["wall_ns"]["values"]):
        bad.append(f"{name}: not one iteration entry per repetition")
    if not any(l.split("\t")[0] == row for l in dat.splitlines()):
        bad.append(f"seq.dat has no line for {row}")
for b in bad:
    print("FAIL:", b)
print(f"report and export: {len(d['cells'])} rows")
sys.exit(1 if bad else 0)
PY
}

t_gbench() {
	local compare=/usr/share/benchmark/compare.py py=/usr/bin/python3
	[ -f "$compare" ] || { echo "SKIP: $compare missing (libbenchmark-tools)"; exit 77; }
	"$py" -c 'import scipy' 2>/dev/null || { echo "SKIP: compare.py needs python3-scipy"; exit 77; }
	for k in a b; do
		tsob seq --quick -q -r 5 --group rmw -o "$tmp/$k.json" >/dev/null || fail "seq exit $?"
		tsob export --format gbench "$tmp/$k.json" -o "$tmp/$k.gb" || fail "export exit $?"
	done
	"$py" "$compare" --no-color benchmarks "$tmp/a.gb" "$tmp/b.gb" >"$tmp/cmp" 2>&1 ||
		fail "compare.py exit $?: $(tail -3 "$tmp/cmp")"
	grep '_median' "$tmp/cmp"
	"$PY" - "$tmp/a.json" "$tmp/b.json" "$tmp/cmp" <<'PY' || fail "compare.py's reading"
import json, statistics, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
out = open(sys.argv[3]).read().splitlines()
bad = []
for c in a["cells"]:
    if c["status"] != "ok":
        continue
    other = next(x for x in b["cells"] if x["kernel"] == c["kernel"] and x["strategy"] == c["strategy"])
    name = f"{c['kernel']}/{c['seq']['model']}/copies:1000_median"
    line = next((l for l in out if l.split()[:1] == [name]), None)
    if not line:
        bad.append(f"compare.py shows no {name}")
        continue
    old, new = float(line.split()[3]), float(line.split()[4])
    for got, cell in ((old, c), (new, other)):
        want = 1000 * statistics.median(cell["wall_ns"]["values"])
        if abs(got - want) > 1 + 1e-6 * abs(want):
            bad.append(f"{name}: compare.py shows {got}, the file's median is {want}")
for x in bad:
    print("FAIL:", x)
sys.exit(1 if bad else 0)
PY
}

t_cortex_a57() {
	tsob seq --quick -n 100 -r 3 --warmup 0 -q -o "$tmp/a57.json" >"$tmp/table" ||
		fail "seq on cortex-a57: exit $? (a SIGILL would be 132)"
	cat "$tmp/table"
	check "$tmp/a57.json" --table "$tmp/table" \
		--want ldapr_lat/default=unavailable:FEAT_LRCPC \
		--want stlr_ldapr/default=unavailable:FEAT_LRCPC \
		--want x86_mov_load_lat.ldapr/default=unavailable:FEAT_LRCPC \
		--want stlur/default=unavailable:FEAT_LRCPC \
		--want ldaddal/default=unavailable:FEAT_LSE \
		--want casal/default=unavailable:FEAT_LSE \
		--want x86_lock_xadd.lse/default=unavailable:FEAT_LSE \
		--want x86_lock_xadd.llsc/default=ok \
		--want ldaxr_stlxr_add/default=ok \
		--want ldar_lat/default=ok || fail "cortex-a57"
}

case ${1:-} in
bad_input | run | select | report | gbench) "t_$1" ;;
cortex-a57) t_cortex_a57 ;;
*) echo "usage: $0 bad_input|run|select|report|gbench|cortex-a57" >&2; exit 2 ;;
esac
