#!/bin/sh
# Bounded libFuzzer run. usage: run-fuzzer.sh FUZZER WORKDIR SEEDS... ; TSOB_FUZZ_SECONDS sets the time.
set -eu
fuzzer=$1
work=$2
shift 2
mkdir -p "$work" "$work/crashes"
secs=${TSOB_FUZZ_SECONDS:-20}
# -close_fd_mask=3: the targets' own stdout/stderr (one line per rejected
# input) would drown libFuzzer's report, which still goes to stderr.
# A crash leaves crash-* in $work/crashes and a non-zero exit: copy it into
# tests/fuzz/regressions/<target>/ and fix the code.
"$fuzzer" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	-close_fd_mask=3 \
	-artifact_prefix="$work/crashes/" "$work" "$@" 2>"$work/log" || {
	tail -40 "$work/log"
	echo "FAIL: the fuzzer found a crash: $(ls "$work/crashes")"
	exit 1
}
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
echo "fuzzed $runs inputs in ${secs}s, no crash"
[ "${runs:-0}" -gt 100 ] || { echo "FAIL: too few executions ($runs)"; exit 1; }
