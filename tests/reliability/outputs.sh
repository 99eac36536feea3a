#!/usr/bin/env bash
# Every command that writes a file follows one output rule (bench/output.h):
# a regular or new file is replaced atomically; a symlink keeps being a link and
# its target is replaced; a device or FIFO is written straight and stays what it
# is; "-" and /dev/stdout get the results and nothing else; a directory, a block
# device and a dangling symlink are refused with exit 2.
# usage: outputs.sh COMMAND   (run, ctxsw, litmus, export, compare, report, seq, emu,
#                              ab, history, cover, lava)
# Environment: TSOBENCH, TSOB_EMU (may be empty), TSOB_PYTHON.
set -uo pipefail
what=$1
tmp=$(mktemp -d)
reader=
cleanup() { [ -n "$reader" ] && kill "$reader" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
tsob() { ${TSOB_EMU:-} "$TSOBENCH" "$@"; }
PY=${TSOB_PYTHON:-python3}
fail() { echo "FAIL: $what: $*"; exit 1; }
cd "$tmp" || exit 1

# ab starts tsobench processes, which an emulated build cannot (its own tests skip too).
if [ "$what" = ab ] && [ -n "${TSOB_EMU:-}" ]; then
	echo "SKIP: ab starts tsobench processes: not under an emulator (${TSOB_EMU})"
	exit 77
fi

# A small results file for the commands that read one; a store and a letter for
# history export and report --cover-letter.
tsob run -w copy8 -r 3 --warmup 0 --quick -q -o base.json >/dev/null 2>&1 ||
	fail "cannot make an input results file"
if [ "$what" = history ]; then
	tsob history add --db h.db base.json >/dev/null 2>&1 || fail "cannot make a history store"
fi
printf 'Subject: [PATCH v2 0/1] x\n\n<!-- evidence:begin -->\n<!-- evidence:end -->\n' >letter.patch

# write PATH: the command under test, writing to PATH.
write() {
	case $what in
	run) tsob run -w copy8 -r 1 --warmup 0 --quick -q -o "$1" ;;
	ctxsw) tsob ctxsw --quick -m futex -s default -r 1 --iterations 100 --check-switches 0 \
		--no-throughput --no-prctl --no-perf-bench -e task-clock -q -o "$1" ;;
	litmus) tsob litmus -t SB -m plain -n 200 -q -o "$1" ;;
	export) tsob export --format gbench base.json -o "$1" ;;
	compare) tsob compare base.json base.json --force -o "$1" ;;
	report) tsob report base.json --no-charts -o "$1" ;;
	seq) tsob seq x86_mov_store.plain -r 1 --warmup 0 -n 1000 -q -o "$1" ;;
	emu) tsob emu -c qemu -w copy8 -r 1 --warmup 0 --quick -q -o "$1" ;;
	ab) tsob ab "$TSOBENCH" "$TSOBENCH" --rounds 2 -w copy8 -r 1 --warmup 0 --quick -q \
		-o "$1" ;;
	history) tsob history export --db h.db 1 -o "$1" ;;
	cover) tsob report --cover-letter letter.patch base.json -o "$1" ;;
	lava) tsob lava job --device qemu --kernel http://lab.example/Image \
		--ramdisk http://lab.example/ramdisk.cpio.gz \
		--testdef-repo https://lab.example/tsobench.git -o "$1" ;;
	*) fail "unknown command" ;;
	esac
}

# What the command writes is whole and of the right kind.
valid() {
	case $what in
	compare) grep -q '|' "$1" ;;
	cover) grep -qx '<!-- evidence:end -->' "$1" && grep -q '^1\. Provenance' "$1" ;;
	lava) "$PY" -c 'import yaml,sys; d = yaml.safe_load(open(sys.argv[1])); assert d["actions"]' "$1" ;;
	*) "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" ;;
	esac
}

if [ "$what" = report ]; then
	# A report is a directory: the same rule, for directories.
	mkdir real-report && echo tsob-marker-7c1e >real-report/summary.md
	ln -s real-report link-report
	write link-report >/dev/null 2>err || fail "through a symlink: $(cat err)"
	[ -L link-report ] || fail "the symlink was replaced"
	grep -q tsob-marker-7c1e real-report/summary.md && fail "the target was not replaced"
	[ -s real-report/summary.md ] || fail "no summary in the target"
	ls -d real-report.tmp* 2>/dev/null && fail "left a temporary directory"
	ln -s nowhere dangling-report
	write dangling-report >/dev/null 2>err && fail "a dangling symlink was accepted"
	touch plain-file
	write plain-file >/dev/null 2>err; [ $? = 2 ] || fail "a regular file as report directory: not exit 2"
	[ -f plain-file ] || fail "the regular file was replaced"
	echo "ok: report"
	exit 0
fi

# A new file, then a regular file replaced whole.
write new.out >/dev/null 2>err || fail "new file: $(cat err)"
valid new.out || fail "new file is not valid"
echo earlier >regular.out
write regular.out >/dev/null 2>err || fail "regular file: $(cat err)"
valid regular.out || fail "regular file not replaced with valid output"

# A symlink: the link stays, its target is replaced.
echo '{"tsob-marker-7c1e": true}' >target.out
ln -s target.out link.out
write link.out >/dev/null 2>err || fail "symlink: $(cat err)"
[ -L link.out ] || fail "the symlink was replaced by a file"
valid target.out || fail "the symlink's target does not hold the output"
grep -q tsob-marker-7c1e target.out && fail "the symlink's target is unchanged"

# A dangling symlink is refused, and nothing is created.
ln -s nowhere.out dangling.out
write dangling.out >/dev/null 2>err
rc=$?
[ $rc = 2 ] || fail "dangling symlink: exit $rc, want 2"
[ "$(wc -l <err)" = 1 ] || fail "dangling symlink: not one line on stderr: $(cat err)"
[ -e nowhere.out ] && fail "dangling symlink: created its target"

# A directory is refused.
mkdir adir
write adir >/dev/null 2>err
[ $? = 2 ] || fail "a directory: not exit 2"
[ -d adir ] || fail "the directory was replaced"

# A FIFO with a reader: written straight, stays a FIFO, the reader gets it all.
mkfifo fifo.out
cat fifo.out >fifo.got &
reader=$!
write fifo.out >/dev/null 2>err || fail "FIFO: $(cat err)"
wait "$reader"
reader=
[ -p fifo.out ] || fail "the FIFO was replaced"
valid fifo.got || fail "the FIFO's reader did not get the whole output"

# A character device (root only: mknod).
if [ "$(id -u)" = 0 ] && mknod null.out c 1 3 2>/dev/null; then
	write null.out >/dev/null 2>err || fail "character device: $(cat err)"
	[ -c null.out ] || fail "the device node was replaced"
else
	echo "note: not root, the character-device case is not run"
fi

# Standard output: the results alone on stdout, everything else on stderr.
for p in - /dev/stdout; do
	write "$p" >stdout.got 2>err || fail "$p: $(cat err)"
	valid stdout.got || fail "$p: stdout is not the output alone: $(head -c 200 stdout.got)"
done

ls ./*.tmp* 2>/dev/null && fail "left temporary files"
echo "ok: $what"
