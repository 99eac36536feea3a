#!/bin/sh
# Bounded libFuzzer run. usage: run-fuzzer.sh FUZZER WORKDIR DICT SEEDS...
# TSOB_FUZZ_SECONDS sets the time. The dictionary (keys and numbers at the
# edges of C types) is what lets a bounded run reach range bugs at all: without
# it, an out-of-range "ops" took about 1.2 million inputs (five minutes) to find.
set -eu
fuzzer=$1
work=$2
dict=$3
shift 3
[ -r "$dict" ] || { echo "FAIL: no dictionary $dict"; exit 1; }
mkdir -p "$work" "$work/crashes"
secs=${TSOB_FUZZ_SECONDS:-20}
# -close_fd_mask=3: the targets' own stdout/stderr (one line per rejected
# input) would drown libFuzzer's report, which still goes to stderr.
# A crash leaves crash-* in $work/crashes and a non-zero exit: copy it into
# tests/fuzz/regressions/<target>/ and fix the code.
# Undefined behaviour is a crash, not a line in the log that a passing run hides.
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS} \
	"$fuzzer" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	-dict="$dict" \
	-close_fd_mask=3 \
	-artifact_prefix="$work/crashes/" "$work" "$@" 2>"$work/log" || {
	tail -40 "$work/log"
	echo "FAIL: the fuzzer found a crash: $(ls "$work/crashes")"
	exit 1
}
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
echo "fuzzed $runs inputs in ${secs}s, no crash"
[ "${runs:-0}" -gt 100 ] || { echo "FAIL: too few executions ($runs)"; exit 1; }
