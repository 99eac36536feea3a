#!/bin/sh
# lava.qemu: a real LAVA job on the patched test kernel. The job comes from
# the qemu template (bench/lava/job.c through lava_tool), the device from
# lava-server's qemu.jinja2; lava-run boots the kernel with lava/mkramdisk.sh's
# busybox ramdisk, lays the static aarch64 tsobench over it and runs the test
# definition from a git repository of this tree's lava/. The log is collected
# (bench/lava/collect.c) and checked: the job passed, each restored file has
# the sha256 the guest announced for it, is marked emulated, and the log's
# test cases are exactly the cells of the restored files. The log is kept for
# the lava.collect.* tests.
#
# With "timeout" as last argument (lava.timeout): the same job with a test
# that outlives its 5 s timeout; LAVA fails the job, collect says it timed out.
#
# usage: tests/lava/qemu.sh REPO WORKDIR LAVA_TOOL TSOBENCH_AARCH64 [timeout]
set -u
REPO=$1
WORK=$2
TOOL=$3
A64=${4:-}
MODE=${5:-run}
. "$(dirname "$0")/common.sh"
. "$REPO/tests/qemu/prereq.sh"
tsob_lava_prereq

e=$WORK/${MODE}
rm -rf "$e"
mkdir -p "$e/overlay/usr/bin" "$e/out"
skip_e2e() {
	# The lava.collect.* tests read this log: tell them why there is none.
	echo "$*" >"$e/SKIPPED"
	skip "$*"
}
if [ -z "$A64" ] || [ ! -x "$A64" ]; then
	skip_e2e "no static aarch64 tsobench (set TSOB_AARCH64_TSOBENCH to build/aarch64/bench/tsobench" \
		"after cmake --preset aarch64 && cmake --build build/aarch64; now: '$A64')"
fi
case $(uname -m) in
aarch64) cc=cc ;;
*) cc=aarch64-linux-gnu-gcc ;;
esac
kdir=$("$REPO/kernel-patch/build-kernel.sh") || fail "no test kernel (kernel-patch/build-kernel.sh)"

# What a lab publishes for this job: kernel, ramdisk, a tsobench overlay, the
# test definition. tsobench-cells lists cells until tsobench does it itself.
"$REPO/lava/mkramdisk.sh" --busybox "$DEBS/root/bin/busybox" \
	--gen-init-cpio "$kdir/gen_init_cpio" "$e/ramdisk.cpio.gz" || fail "mkramdisk.sh"
$cc -static -O2 -Wall -Wextra -Werror -I"$REPO/bench/lava" -o "$e/overlay/usr/bin/tsobench-cells" \
	"$REPO/tests/lava/cells_main.c" "$REPO/bench/lava/cells.c" -ljson-c -lm ||
	fail "cannot build the static arm64 tsobench-cells ($cc, libjson-c-dev:arm64)"
cp "$A64" "$e/overlay/usr/bin/tsobench"
tar -C "$e/overlay" --owner=0 --group=0 -cf "$e/tsobench.tar" usr || fail "tar"
tsob_lava_testdef_repo "$e/testdef"

u=file://$e
set -- kernel_url="file://$kdir/Image" ramdisk_url="$u/ramdisk.cpio.gz" \
	tsobench_url="$u/tsobench.tar" testdef_repo="$e/testdef" device=lava-qemu-n1 \
	boot_timeout=120 job_timeout=600
# Job ids name lava-run's scratch directories: unique to this run.
if [ "$MODE" = timeout ]; then
	jobid=1702$$
	# A thousand repetitions of the DRAM-latency kernel take many minutes under TCG.
	set -- "$@" subcommands=run kernels=chase_llc strategies=plain,ldar precision=full \
		repetitions=1000 test_timeout=5
else
	jobid=1701$$
	set -- "$@" subcommands=run,litmus kernels=copy8 strategies=plain,ldar,ldapr,hwtso \
		litmus_tests=SB test_timeout=300
fi
"$TOOL" job qemu "$e/job.yaml" "$@" || fail "lava_tool job qemu exited $?"
tsob_lava_device qemu-tsobench "$e/device.yaml" "$e/job.yaml"

tsob_lava_run "$jobid" "$e/job.yaml" "$e/device.yaml" "$e/lava-out" "$e/job.log"
rc=$?
# lava-run exits 1 for a job LAVA failed (a failed test case still gives 0).
[ $rc = 0 ] || [ "$MODE.$rc" = timeout.1 ] ||
	{ tail -n 20 "$e/job.log" | cut -c1-300; fail "lava-run exited $rc"; }

crc=0
"$TOOL" collect "$e/job.log" "$e/out" >"$e/collect.txt" 2>"$e/collect.err" || crc=$?
head -n 1 "$e/collect.txt"
tail -n 1 "$e/collect.txt"
cat "$e/collect.err"

if [ "$MODE" = timeout ]; then
	[ $crc = 2 ] || fail "collect of a timed-out job exited $crc, not 2"
	grep -q -- '-ETIMEDOUT: LAVA failed the job: .*timed out' "$e/collect.err" ||
		fail "collect did not report the timeout"
	[ "$(wc -l <"$e/collect.err")" = 1 ] || fail "more than one line of error"
	grep -q 'result fail' "$e/collect.txt" || fail "the job's result is not fail"
	echo PASS
	exit 0
fi

[ $crc = 0 ] || fail "collect exited $crc"
fails=0
no() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
grep -qx "job $jobid device lava-qemu-n1 host tsob-lava arch aarch64 tsobench tsobench_.* result pass" \
	"$e/collect.txt" || no "job metadata: $(head -n 1 "$e/collect.txt")"

# Each file: the bytes the guest wrote (the sha256 it computed before sending).
for f in run.json litmus.json; do
	want=$(sed -n "s/.*@@TSOB-LAVA-BEGIN name=$f size=[0-9]* sha256=\([0-9a-f]*\) .*/\1/p" "$e/job.log")
	got=$(sha256sum "$e/out/$f" 2>/dev/null | cut -d ' ' -f 1)
	[ -n "$want" ] && [ "$want" = "$got" ] || no "$f: sha256 ${got:-missing}, the guest sent ${want:-none}"
	grep -q "^file $f $e/out/$f [0-9]* $want\$" "$e/collect.txt" || no "$f not reported restored"
done

# Test cases in the log against the cells of the restored files.
for f in run.json litmus.json; do
	"$TOOL" cells "$e/out/$f" || no "lava_tool cells $f"
done | cut -d ' ' -f 1-4 | sort >"$e/cells.txt"
sed -n 's/^case //p' "$e/collect.txt" | grep -v '\.status ' | sort >"$e/cases.txt"
diff -u "$e/cells.txt" "$e/cases.txt" >"$e/cells.diff" || {
	head -n 20 "$e/cells.diff"
	no "the log's test cases differ from the restored files' cells"
}
for s in run litmus; do
	grep -qx "case $s.status pass 0 exit" "$e/collect.txt" || no "$s did not exit 0"
done
grep -q '^case run\.copy8\.ldar\.t1 pass [0-9.e+-]* ns/op$' "$e/collect.txt" || no "no ldar cell"
grep -q '^case run\.copy8\.hwtso\.t1 skip' "$e/collect.txt" || no "hwtso not skipped on neoverse-n1"
grep -q '"msg": "SKIP run.copy8.hwtso.t1: .*TSO' "$e/job.log" || no "no reason for the hwtso skip"
grep -q '^case litmus\.SB\.ldar pass 0 forbidden$' "$e/collect.txt" || no "litmus SB/ldar"

$PY - "$e/out/run.json" "$e/out/litmus.json" <<'PYEOF' || no "restored files"
import json, sys
for path in sys.argv[1:]:
    doc = json.load(open(path))
    ctx = doc["context"]
    assert doc["schema"] == "tsobench-results", path
    # The job sets TSOBENCH_EXECUTION: TCG timings are never ordering costs.
    assert ctx["emulated"] is True and "qemu" in ctx["execution"], (path, ctx["execution"])
    assert ctx["arch"] == "aarch64" and ctx["memory_model"]["supported"], path
print("restored: %s" % ", ".join(
    "%s (%s, %d cells)" % (p.rsplit("/", 1)[1], json.load(open(p))["context"]["command"],
                           len(json.load(open(p))["cells"])) for p in sys.argv[1:]))
PYEOF
echo "$(wc -l <"$e/cases.txt") test cases match the cells"
[ $fails = 0 ] || fail "$fails check(s) failed"
rm -f "$e/SKIPPED"
echo PASS
