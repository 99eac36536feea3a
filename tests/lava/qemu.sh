#!/bin/sh
# lava.qemu: a real LAVA job on the patched test kernel, end to end. The job
# comes from `tsobench lava job --device qemu`, the device from lava-server's
# qemu.jinja2; lava-run boots the kernel (kernel-patch/build-kernel.sh, cached)
# with lava/mkramdisk.sh's busybox ramdisk, lays the static aarch64 tsobench
# over it and runs the test definition from a git repository of this tree's
# lava/. `tsobench lava collect` reads the log into a throwaway history; then
# the history is read with SQL and checked against the log's test cases, read
# with Python: every run cell and counter, its result and its median per
# operation; each restored file has the sha256 the guest announced and says
# it ran emulated (the guest finds that out itself). The log is kept for the
# lava.collect.* tests.
#
# With "a64fx" as last argument (lava.qemu_a64fx): the always-TSO A64FX model,
# which the job boots at EL2 (virt,gic-version=3,virtualization=on), where the
# series trusts its MIDR: the hwtso cell runs there.
#
# With "timeout" as last argument (lava.timeout): the same job with a test
# that outlives its 5 s timeout; LAVA fails the job, collect says it timed out
# with one line and exit 2, and adds nothing to the history.
#
# usage: tests/lava/qemu.sh REPO WORKDIR TSOBENCH TSOBENCH_AARCH64 [a64fx|timeout]
set -u
REPO=$1
WORK=$2
TSOB=$3
A64=${4:-}
MODE=${5:-run}
. "$(dirname "$0")/common.sh"
. "$REPO/tests/qemu/prereq.sh"
tsob_lava_prereq

e=$WORK/$MODE
rm -rf "$e"
mkdir -p "$e/overlay/usr/bin"
skip_e2e() {
	# The lava.collect.* tests read this log: tell them why there is none.
	echo "$*" >"$e/SKIPPED"
	skip "$*"
}
if [ -z "$A64" ] || [ ! -x "$A64" ]; then
	skip_e2e "no static aarch64 tsobench (build/aarch64/bench/tsobench: cmake --preset" \
		"aarch64 && cmake --build build/aarch64; TSOB_AARCH64_TSOBENCH='$A64')"
fi
t0=$(date +%s.%N)
kdir=$("$REPO/kernel-patch/build-kernel.sh") || fail "no test kernel (kernel-patch/build-kernel.sh)"

# What a lab publishes for this job: kernel, ramdisk, a tsobench overlay, the
# test definition.
"$REPO/lava/mkramdisk.sh" --busybox "$DEBS/root/bin/busybox" \
	--gen-init-cpio "$kdir/gen_init_cpio" "$e/ramdisk.cpio.gz" || fail "mkramdisk.sh"
cp "$A64" "$e/overlay/usr/bin/tsobench"
tar -C "$e/overlay" --owner=0 --group=0 -cf "$e/tsobench.tar" usr || fail "tar"
tsob_lava_testdef_repo "$e/testdef"

u=file://$e
set -- --device qemu --kernel "file://$kdir/Image" --ramdisk "$u/ramdisk.cpio.gz" \
	--overlay "$u/tsobench.tar" --testdef-repo "$e/testdef" --boot-timeout 120 --timeout 600
# Job ids name lava-run's scratch directories: unique to this run.
case $MODE in
timeout)
	jobid=1702$$ device=lava-qemu-n1 subs="run"
	# A thousand repetitions of the DRAM-latency kernel take many minutes under TCG.
	set -- "$@" --subcommands run -w chase_llc -m plain,ldar --precision full -r 1000 \
		--test-timeout 5
	;;
a64fx)
	jobid=1703$$ device=lava-qemu-a64fx subs="run"
	set -- "$@" --cpu a64fx --subcommands run -w copy8 -m plain,ldar,ldapr,hwtso \
		--test-timeout 300
	;;
*)
	jobid=1701$$ device=lava-qemu-n1 subs="litmus run"
	set -- "$@" --subcommands run,litmus -w copy8 -m plain,ldar,ldapr,hwtso -t SB \
		-e task-clock,cycles,instructions --test-timeout 300
	;;
esac
set -- "$@" --device-name "$device"
"$TSOB" lava job "$@" -o "$e/job.yaml" || fail "tsobench lava job exited $?"
tsob_lava_device qemu-tsobench "$e/device.yaml" "$e/job.yaml"

t1=$(date +%s.%N)
tsob_lava_run "$jobid" "$e/job.yaml" "$e/device.yaml" "$e/lava-out" "$e/job.log"
rc=$?
t2=$(date +%s.%N)
# lava-run exits 1 for a job LAVA failed (a failed test case still gives 0).
[ $rc = 0 ] || [ "$MODE.$rc" = timeout.1 ] ||
	{ tail -n 20 "$e/job.log" | cut -c1-300; fail "lava-run exited $rc"; }

db=$e/history.db
crc=0
"$TSOB" lava collect "$e/job.log" --db "$db" -o "$e/out" >"$e/collect.txt" 2>"$e/collect.err" ||
	crc=$?
t3=$(date +%s.%N)
cat "$e/collect.txt" "$e/collect.err"

if [ "$MODE" = timeout ]; then
	[ $crc = 2 ] || fail "collect of a timed-out job exited $crc, not 2"
	[ "$(wc -l <"$e/collect.err")" = 1 ] || fail "more than one line of error"
	grep -q "job.log: LAVA failed the job: .*timed out" "$e/collect.err" ||
		fail "collect did not report the timeout"
	n=$("$TSOB" history list --db "$db" | grep -c "$jobid")
	[ "$n" = 0 ] || fail "a timed-out job has $n runs in the history"
	echo PASS
	exit 0
fi
[ $crc = 0 ] || fail "collect exited $crc"

# The history against the log: cells and counters, results and medians.
$PY - "$e/job.log" "$db" "$jobid" "$e/out/$jobid" "$device" "$subs" "$MODE" <<'PYEOF' ||
import json, os, sqlite3, sys, yaml
log, db, jobid, outdir, device, subs, mode = sys.argv[1:]
cases = {}
for line in open(log):
    rec = yaml.load(line, Loader=yaml.CSafeLoader)  # one YAML mapping a line
    m = rec.get("msg")
    if rec.get("lvl") == "results" and isinstance(m, dict) and m.get("definition") != "lava":
        cases[m["case"]] = (m["result"], m.get("measurement"))
con = sqlite3.connect(db)
runs = con.execute("SELECT id, command, device FROM runs WHERE job_id = ?", (jobid,)).fetchall()
assert sorted(r[1] for r in runs) == subs.split(), runs
assert all(r[2] == device for r in runs), runs
RESULT = {"ok": "pass", "unavailable": "skip"}
seen, n = set(), 0
for cell_id, kernel, strategy, threads, status, ops in con.execute(
        "SELECT c.id, c.kernel, c.strategy, c.threads, c.status, c.ops FROM cells c"
        " JOIN runs r ON r.id = c.run_id WHERE r.job_id = ?", (jobid,)):
    name = "run.%s.%s.t%d" % (kernel, strategy, threads)
    result, meas = cases[name]
    assert result == RESULT.get(status, "fail"), (name, result, status)
    seen.add(name)
    n += 1
    wall = con.execute("SELECT p.value FROM points p JOIN series s ON s.id = p.series_id"
                       " WHERE p.run_id = (SELECT run_id FROM cells WHERE id = ?)"
                       " AND s.kernel = ? AND s.strategy = ? AND s.threads = ?"
                       " AND s.metric = 'wall_ns'", (cell_id, kernel, strategy, threads)).fetchall()
    if result == "pass":
        assert len(wall) == 1 and abs(wall[0][0] / ops - float(meas)) <= 1e-6 * float(meas), \
            (name, wall, ops, meas)
    for ctr, avail in con.execute("SELECT name, available FROM counters WHERE cell_id = ?",
                                  (cell_id,)):
        cname = name + "." + ctr
        assert cases[cname][0] == ("pass" if avail else "skip"), (cname, cases[cname], avail)
        seen.add(cname)
        n += 1
# The litmus file's tests, read from the restored file.
litmus = outdir + "/litmus.json"
for t in json.load(open(litmus))["litmus"]["tests"] if os.path.exists(litmus) else []:
    name = "litmus.%s.%s" % (t["test"], t["strategy"])
    want = {"ok": "pass", "weak": "pass", "unavailable": "skip"}.get(t["status"], "fail")
    assert cases[name][0] == want, (name, cases[name], t["status"])
    seen.add(name)
rest = sorted(set(cases) - seen)
assert rest == [s + ".status" for s in subs.split()], rest
# neoverse-n1 has LRCPC and no TSO; the A64FX is always TSO, without LRCPC.
want = {"run": ("pass", "pass", "skip"), "a64fx": ("pass", "skip", "pass")}[mode]
got = tuple(cases["run.copy8.%s.t1" % s][0] for s in ("ldar", "ldapr", "hwtso"))
assert got == want, ("ldar, ldapr, hwtso", got, want)
print("history: %d runs, %d cells and counters match the log's %d test cases" %
      (len(runs), n, len(cases)))
PYEOF
	fail "the history does not hold the log's test cases"

fails=0
no() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
# Each file: the bytes the guest wrote (the sha256 it computed before sending),
# and the guest's own finding that it ran emulated.
for s in $subs; do
	f=$s.json
	want=$(sed -n "s/.*@@TSOB-LAVA-BEGIN name=$f size=[0-9]* sha256=\([0-9a-f]*\) .*/\1/p" "$e/job.log")
	got=$(sha256sum "$e/out/$jobid/$f" 2>/dev/null | cut -d ' ' -f 1)
	[ -n "$want" ] && [ "$want" = "$got" ] || no "$f: sha256 ${got:-missing}, the guest sent ${want:-none}"
	$PY -c 'import json, sys; c = json.load(open(sys.argv[1]))["context"]
assert (c["execution"], c["emulated"], c["execution_decided_by"]) == ("emulated", True, "detected"), c
' "$e/out/$jobid/$f" || no "$f does not say the guest found itself emulated"
done
if [ "$MODE" = a64fx ]; then
	grep -q -- '- -machine virt,gic-version=3,virtualization=on$' "$e/device.yaml" ||
		no "the A64FX is not entered at EL2 (virt,gic-version=3,virtualization=on)"
else
	grep -q "\"SKIP run.copy8.hwtso.t1: .*TSO" "$e/job.log" || no "no reason for the hwtso skip"
fi
grep -q "^job $jobid on $device (host tsob-lava, aarch64, tsobench .*): LAVA result pass" \
	"$e/collect.txt" || no "collect's summary: $(head -n 1 "$e/collect.txt")"
"$TSOB" history list --db "$db" >"$e/list.txt" || no "history list exited $?"
nsubs=$(echo $subs | wc -w)
[ "$(grep -c " $device *$jobid " "$e/list.txt")" = "$nsubs" ] ||
	no "history list does not show the device and job of both runs: $(cat "$e/list.txt")"
"$TSOB" history show 1 --db "$db" | grep -qx "device $device, job $jobid" ||
	no "history show does not name the device and job"
# Collected again: the same files, already in the history, nothing added.
"$TSOB" lava collect "$e/job.log" --db "$db" -o "$e/out" >"$e/again.txt" 2>&1 ||
	no "collecting the same log again exited $?"
[ "$(grep -c 'already in the history as run' "$e/again.txt")" = "$nsubs" ] ||
	no "a second collect did not find both files in the history: $(cat "$e/again.txt")"

printf 'time: build-kernel and ramdisk %.1f s, lava-run %.1f s, collect %.2f s, whole %.1f s\n' \
	"$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t3 - $t2" | bc)" \
	"$(echo "$(date +%s.%N) - $t0" | bc)"
[ $fails = 0 ] || fail "$fails check(s) failed"
rm -f "$e/SKIPPED"
echo PASS
