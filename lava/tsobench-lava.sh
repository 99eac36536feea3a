#!/bin/sh
# Run tsobench on a LAVA device: one lava-test-case a cell, results files back
# in the log as checksummed base64 blocks. POSIX sh: busybox or a full distro.
#
# Called by lava/tsobench-test.yaml; the parameters arrive in the environment:
#   SUBCOMMANDS  run,ctxsw,litmus (comma or space separated; default run)
#   KERNELS STRATEGIES EVENTS REPETITIONS  tsobench's -w -m -e -r (empty: default)
#   LITMUS_TESTS litmus -t (empty: all)
#   PRECISION    quick (tsobench's --quick) | full (its defaults)
#   TSOBENCH     the binary (default tsobench)   RESULTS_DIR (default /tmp/tsobench-lava)
#   DEVICE       a label for the metadata line
# Outside LAVA (no lava-test-case on PATH) the test cases are printed instead.
#
# Lines in the log, for the collector (tsobench lava collect, analysis/lava/log.c):
#   @@TSOB-LAVA-META job=ID device=LABEL host=HOST arch=ARCH tsobench=VERSION
#   @@TSOB-LAVA-BEGIN name=FILE size=BYTES sha256=HEX encoding=gzip+base64|base64
#   @@TSOB-LAVA-B64 DATA            (repeated; DATA is one line of base64)
#   @@TSOB-LAVA-END name=FILE
#   @@TSOB-LAVA-DONE files=N
# size and sha256 are those of the file as tsobench wrote it.
set -u

subcommands=$(echo "${SUBCOMMANDS:-run}" | tr ',' ' ')
tsobench=${TSOBENCH:-tsobench}
outdir=${RESULTS_DIR:-/tmp/tsobench-lava}
precision=${PRECISION:-quick}
nfiles=0

case_() {
	if command -v lava-test-case >/dev/null 2>&1; then
		lava-test-case "$@"
	else
		echo "lava-test-case $*"
	fi
}

# One test case from a line NAME RESULT MEASUREMENT UNITS REASON ('-': none).
report_cell() {
	[ "$2" = skip ] && [ "$5" != - ] && echo "SKIP $1: $5"
	[ "$2" = fail ] && [ "$5" != - ] && echo "FAIL $1: $5"
	if [ "$3" = - ]; then
		case_ "$1" --result "$2"
	else
		case_ "$1" --result "$2" --measurement "$3" --units "$4"
	fi
}

# What lava-test-case needs, one line a cell, into $2 (the collector checks
# the log against the same list).
list_cells() {
	"$tsobench" lava cells "$1" >"$2"
}

emit_file() {
	f=$1
	name=${f##*/}
	size=$(wc -c <"$f" | tr -d ' ')
	sum=$(sha256sum "$f" | cut -d ' ' -f 1)
	if command -v gzip >/dev/null 2>&1; then
		echo "@@TSOB-LAVA-BEGIN name=$name size=$size sha256=$sum encoding=gzip+base64"
		gzip -c -9 "$f" | base64 | sed 's/^/@@TSOB-LAVA-B64 /'
	else
		echo "@@TSOB-LAVA-BEGIN name=$name size=$size sha256=$sum encoding=base64"
		base64 "$f" | sed 's/^/@@TSOB-LAVA-B64 /'
	fi
	echo "@@TSOB-LAVA-END name=$name"
	nfiles=$((nfiles + 1))
}

# Options for one subcommand from the parameters, in "$@" order.
sub_args() {
	sub=$1
	set --
	case $sub in
	run)
		[ -n "${KERNELS:-}" ] && set -- "$@" -w "$KERNELS"
		[ -n "${STRATEGIES:-}" ] && set -- "$@" -m "$STRATEGIES"
		[ -n "${EVENTS:-}" ] && set -- "$@" -e "$EVENTS"
		[ -n "${REPETITIONS:-}" ] && set -- "$@" -r "$REPETITIONS"
		;;
	ctxsw)
		[ -n "${EVENTS:-}" ] && set -- "$@" -e "$EVENTS"
		[ -n "${REPETITIONS:-}" ] && set -- "$@" -r "$REPETITIONS"
		;;
	litmus)
		[ -n "${LITMUS_TESTS:-}" ] && set -- "$@" -t "$LITMUS_TESTS"
		[ -n "${STRATEGIES:-}" ] && set -- "$@" -m "$STRATEGIES"
		;;
	esac
	[ "$precision" = quick ] && set -- "$@" --quick
	printf '%s\n' "$@"
}

missing=
for tool in "$tsobench" sha256sum base64 sed wc cut tr; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "tsobench-lava: missing on this device:$missing" >&2
	case_ tsobench.setup --result fail
	echo "@@TSOB-LAVA-DONE files=0"
	exit 0
fi
case $precision in
quick | full) ;;
*)
	echo "tsobench-lava: PRECISION=$precision: quick or full" >&2
	case_ tsobench.setup --result fail
	echo "@@TSOB-LAVA-DONE files=0"
	exit 0
	;;
esac
mkdir -p "$outdir" || {
	case_ tsobench.setup --result fail
	echo "@@TSOB-LAVA-DONE files=0"
	exit 0
}

echo "@@TSOB-LAVA-META job=${LAVA_JOB_ID:-none} device=$(echo "${DEVICE:-none}" | tr " " _)" \
	"host=$(uname -n) arch=$(uname -m)" \
	"tsobench=$("$tsobench" --version 2>/dev/null | sed 's/^tsobench //' | tr ' ' '_')"
"$tsobench" info || true

for sub in $subcommands; do
	case $sub in
	run | ctxsw | litmus) ;;
	*)
		echo "tsobench-lava: unknown subcommand '$sub' (run, ctxsw, litmus)" >&2
		case_ "$sub.status" --result fail
		continue
		;;
	esac
	out=$outdir/$sub.json
	rm -f "$out"
	# Word splitting on newlines only: a value keeps its commas and spaces.
	old_ifs=$IFS
	IFS='
'
	# shellcheck disable=SC2046
	set -- $(sub_args "$sub")
	IFS=$old_ifs
	echo "tsobench-lava: $tsobench $sub $* -o $out"
	"$tsobench" "$sub" "$@" -o "$out"
	rc=$?
	if [ $rc = 0 ]; then
		case_ "$sub.status" --result pass --measurement 0 --units exit
	else
		case_ "$sub.status" --result fail --measurement $rc --units exit
	fi
	[ -f "$out" ] || continue
	cells=$outdir/$sub.cells
	if list_cells "$out" "$cells"; then
		while read -r name result value units reason; do
			report_cell "$name" "$result" "$value" "$units" "${reason:--}"
		done <"$cells"
	else
		case_ "$sub.cells" --result fail
	fi
	emit_file "$out"
done
echo "@@TSOB-LAVA-DONE files=$nfiles"
exit 0
