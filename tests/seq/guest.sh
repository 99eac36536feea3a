#!/bin/sh
# seq.guest: `tsobench seq -e instructions` inside the patched kernel under
# qemu-system-aarch64 -icount shift=0 (the guest PMU then counts instructions
# exactly), on four CPU models. For each, the results file comes back and
# tests/seq/check_seq_results.py holds it to the schema, to its raw readings,
# to the printed table and to the table of sequences; then:
#   max          every row runs (LRCPC2 and LSE included); instructions per
#                copy exactly the table's count in every row
#   neoverse-n1  the same where it runs; LDAPUR/STLUR rows unavailable (no
#                FEAT_LRCPC2) with the reason; TSO refused, and the file says why
#   cortex-a57   the LRCPC and LSE rows unavailable with the reason (never a
#                SIGILL), the access layer's LL/SC path counted exactly
#   a64fx        entered at EL2 as firmware does: the kernel grants TSO, every
#                row that runs also runs under it, with the same exact counts
# EMULATED: instruction counts only; QEMU's times are no ordering costs.
#
# usage: tests/seq/guest.sh REPO WORKDIR TSOBENCH
# TSOBENCH is the static aarch64 build (build/aarch64/bench/tsobench); exits
# 77 (skip) when it is missing or the kernel cannot be built here.
# Environment: TSOB_SCHEMA, TSOB_CHECK (check_seq_results.py), TSOB_PYTHON.
set -eu
. "$(dirname "$0")/../qemu/prereq.sh"

repo=$1
work=$2/seq-guest
tsobench=${3:-}
PY=${TSOB_PYTHON:-python3}

if [ -z "$tsobench" ] || [ ! -x "$tsobench" ]; then
	echo "SKIP: no static aarch64 tsobench (cmake --preset aarch64 && cmake --build" \
		"build/aarch64, or set TSOB_AARCH64_TSOBENCH; now: '$tsobench')"
	exit 77
fi
if ! file -L "$tsobench" | grep -q 'ARM aarch64.*statically linked'; then
	echo "SKIP: $tsobench is not a static aarch64 executable"
	exit 77
fi

kdir=$("$repo/kernel-patch/build-kernel.sh")
rm -rf "$work"
mkdir -p "$work"
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# Few iterations: under icount every count is exact, and the guest stays quick.
seq="/bin/tsobench seq -e instructions -n 100 -r 3 --warmup 1 -q"
for cpu in max neoverse-n1 cortex-a57 a64fx; do
	log=$work/console-$cpu.log
	cat >"$work/cmds-$cpu" <<EOF
run /bin/tsobench seq --list
run $seq -o /seq.json
send /seq.json
EOF
	"$repo/kernel-patch/mkinitramfs.sh" "$kdir" "$work/cmds-$cpu" "$work/initrd-$cpu.gz" \
		"$tsobench:/bin/tsobench"
	rc=0
	"$repo/kernel-patch/boot.sh" --cpu "$cpu" --kernel "$kdir/Image" \
		--initrd "$work/initrd-$cpu.gz" --timeout 600 --log "$log" \
		--outdir "$work/out-$cpu" >/dev/null || rc=$?
	echo "=== $cpu (EMULATED; console: $log; boot.sh status $rc)"
	sed -n '/^@@TSOB-RUN-BEGIN 1 /,/^@@TSOB-RUN-END 1 /p' "$log" | sed '1d;$d' >"$work/list-$cpu"
	sed -n '/^@@TSOB-RUN-BEGIN 2 /,/^@@TSOB-RUN-END 2 /p' "$log" | sed '1d;$d' >"$work/table-$cpu"
	cat "$work/table-$cpu"
	grep -qx '@@TSOB-RUN-END 2 status=0' "$log" || {
		fail "$cpu: tsobench seq did not exit 0"
		continue
	}
	case $cpu in
	max) want="--tso-cells no --want ldapur_lat/default=ok --want stlur/default=ok
		--want casal/default=ok --want x86_lock_xadd.lse/default=ok
		--want x86_lock_xadd.llsc/default=unavailable:FEAT_LSE" ;;
	neoverse-n1) want="--tso-cells no --want ldapr_lat/default=ok --want stlr_ldapr/default=ok
		--want ldapur_lat/default=unavailable:FEAT_LRCPC2
		--want stlur/default=unavailable:FEAT_LRCPC2 --want ldaddal/default=ok" ;;
	cortex-a57) want="--tso-cells no --want ldapr_lat/default=unavailable:FEAT_LRCPC
		--want stlr_ldapr/default=unavailable:FEAT_LRCPC
		--want ldaddal/default=unavailable:FEAT_LSE --want swpal/default=unavailable:FEAT_LSE
		--want x86_lock_xadd.llsc/default=ok --want ldaxr_stlxr_cas/default=ok" ;;
	a64fx) want="--tso-cells yes --want ldar_lat/tso=ok --want stlr_ldar/tso=ok
		--want ldaddal/tso=ok --want x86_mov_store.dmb/tso=ok --want x86_mov_load_lat.plain/tso=ok
		--want ldapr_lat/tso=unavailable:FEAT_LRCPC" ;;
	esac
	# shellcheck disable=SC2086 # $want is a list of options
	"$PY" "$TSOB_CHECK" "$TSOB_SCHEMA" "$work/out-$cpu/seq.json" --rows "$work/list-$cpu" \
		--table "$work/table-$cpu" --exact-instructions $want || fail "$cpu: the results"
	if [ "$cpu" = a64fx ]; then
		# Every row that ran under the default model ran under TSO too.
		"$PY" - "$work/out-$cpu/seq.json" <<'PY' || fail "a64fx: a row ran without its TSO variant"
import json, sys
cells = json.load(open(sys.argv[1]))["cells"]
ok = {(c["kernel"], c["seq"]["model"]) for c in cells if c["status"] == "ok"}
missing = sorted(k for k, m in ok if m == "default" and (k, "tso") not in ok)
print(f"a64fx: {sum(m == 'tso' for _, m in ok)} rows under TSO; missing: {missing}")
sys.exit(1 if missing else 0)
PY
	fi
done
[ "$fails" = 0 ] && echo "pass: tsobench seq's instruction counts exact on max, neoverse-n1," \
	"cortex-a57 and a64fx (TSO granted there)"
exit $((fails > 0))
