#!/usr/bin/env bash
# Fault injection: a full disk, SIGTERM, a prctl the kernel refuses. usage: faults.sh TEST
set -uo pipefail
tmp=$(mktemp -d)
mnt=""
cleanup() { [ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
tsob() { ${TSOB_EMU:-} "$TSOBENCH" "$@"; }
PY=${TSOB_PYTHON:-python3}
fail() { echo "FAIL: $*"; exit 1; }

t_full_disk() {
	# A tiny tmpfs that the results cannot fit in: a clear error, the earlier file intact.
	mnt="$tmp/tiny"
	mkdir -p "$mnt"
	if ! mount -t tmpfs -o size=16k tmpfs "$mnt" 2>"$tmp/err"; then
		mnt=""
		echo "SKIP: cannot mount a tmpfs here ($(cat "$tmp/err")); needs root"
		exit 77
	fi
	echo '{"earlier": "results"}' >"$mnt/r.json"
	cp "$mnt/r.json" "$tmp/orig"
	# Fill what is left.
	dd if=/dev/zero of="$mnt/filler" bs=1k count=64 2>/dev/null
	tsob run --quick -r 3 -m plain -o "$mnt/r.json" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# An output that cannot be written is an error like any other: exit 2, one line.
	[ "$rc" = 2 ] || fail "exit $rc on a full disk, want 2"
	[ "$(wc -l <"$tmp/err")" -ge 1 ] || fail "no error message"
	grep -q 'cannot write.*No space left on device.*unchanged' "$tmp/err" || fail "unclear error: $(cat "$tmp/err")"
	cmp -s "$mnt/r.json" "$tmp/orig" || fail "the earlier results file changed"
	ls -a "$mnt" | grep -q 'tmp' && fail "a temporary file was left: $(ls -a "$mnt")"
	echo "ok: $(cat "$tmp/err")"
}

t_sigterm() {
	local out="$tmp/t.json" pid rc
	${TSOB_EMU:-} "$TSOBENCH" run --quick -r 200000 --warmup 0 -m plain -o "$out" >/dev/null 2>&1 &
	pid=$!
	sleep 1.5
	kill -TERM $pid
	wait $pid
	rc=$?
	[ "$rc" = 130 ] || fail "exit $rc after SIGTERM, want 130"
	"$PY" "$TSOB_CHECK" "$TSOB_SCHEMA" "$out" --expect-complete no --min-ok-cells 0 || fail "file after SIGTERM"
}

t_hwtso_refused() {
	# Where the kernel or the CPU refuses TSO, hwtso cells are reported unavailable
	# with the errno, the other strategies still run, and the exit code is 0.
	tsob info | grep -q 'PR_GET_MEM_MODEL *supported' &&
		tsob info | grep -q 'hwtso *available' && { echo "SKIP: this kernel and CPU grant TSO"; exit 77; }
	tsob run --quick -r 2 -m plain,hwtso -o "$tmp/h.json" >"$tmp/out" 2>&1 || fail "exit $?: $(cat "$tmp/out")"
	"$PY" - "$tmp/h.json" <<'PY' || fail "hwtso cells"
import json, sys
d = json.load(open(sys.argv[1]))
hw = [c for c in d["cells"] if c["strategy"] == "hwtso"]
pl = [c for c in d["cells"] if c["strategy"] == "plain"]
assert hw and all(c["status"] == "unavailable" and c["reason"] for c in hw), hw[:1]
assert pl and all(c["status"] == "ok" for c in pl)
print("hwtso unavailable:", hw[0]["reason"])
PY
}

"t_$1"
