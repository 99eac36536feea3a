#!/bin/sh
# qemu.truth: a guest as a user would start it by hand (no label passed in),
# without -icount: every field must say what really happened.
#  - the run is labelled emulated by detection itself (QEMU TCG), not by init;
#  - the PMU is reported present, counting cycles, though not instructions;
#  - with perf_user_access=1 the cycle counter is read from user space
#    (read_path user), with perf_user_access=0 by read(2) (read_path syscall,
#    though the mmap page still offers rdpmc), and task-clock always by read(2);
#  - the date is the host's (not 1970) and the host is named after the guest.
#
# usage: tests/qemu/truth.sh REPO WORKDIR TSOBENCH
set -eu
. "$(dirname "$0")/prereq.sh"

repo=$1
work=$2/truth
tsobench=${3:-}
if [ -z "$tsobench" ] || [ ! -x "$tsobench" ]; then
	echo "SKIP: no static aarch64 tsobench (TSOB_AARCH64_TSOBENCH: '${tsobench}')"
	exit 77
fi
rm -rf "$work"
mkdir -p "$work"
kdir=$("$repo/kernel-patch/build-kernel.sh")
run="/bin/tsobench run -w copy8 -m plain -r 3 --warmup 1 --quick -e cycles,instructions,task-clock"
cat >"$work/cmds" <<EOF
run $run -o /user.json
write /proc/sys/kernel/perf_user_access 0
run $run -o /syscall.json
send /user.json
send /syscall.json
EOF
"$repo/kernel-patch/mkinitramfs.sh" "$kdir" "$work/cmds" "$work/initrd.gz" "$tsobench:/bin/tsobench"
"$repo/kernel-patch/boot.sh" --cpu neoverse-n1 --no-icount --kernel "$kdir/Image" \
	--initrd "$work/initrd.gz" --timeout 300 --log "$work/console.log" --outdir "$work/out" \
	>/dev/null || { tail -30 "$work/console.log"; echo "FAIL: the guest run failed"; exit 1; }

/usr/bin/python3 - "$work/out/user.json" "$work/out/syscall.json" "$(date -u +%Y)" <<'PY'
import json, sys

user, syscall = (json.load(open(p)) for p in sys.argv[1:3])
year = sys.argv[3]
bad = []
for name, doc in (("user", user), ("syscall", syscall)):
    ctx = doc["context"]
    if ctx["execution"] != "emulated" or not ctx["emulated"]:
        bad.append(f"{name}: execution {ctx['execution']!r}, emulated {ctx['emulated']}")
    if ctx.get("execution_decided_by") != "detected" or "TCG" not in ctx.get("execution_detail", ""):
        bad.append(f"{name}: decided by {ctx.get('execution_decided_by')!r}: {ctx.get('execution_detail')!r}")
    if not ctx["date"].startswith(year):
        bad.append(f"{name}: date {ctx['date']}, want the host's year {year}")
    if not ctx["host"].startswith("qemu-neoverse-n1-on-"):
        bad.append(f"{name}: host {ctx['host']!r}")
    pmu = ctx["pmu"]
    if pmu["present"] is not True or pmu.get("events", {}).get("cycles") is not True:
        bad.append(f"{name}: PMU {pmu}: cycles count without icount")
    if pmu.get("events", {}).get("instructions") is True:
        bad.append(f"{name}: instructions reported countable without icount")
    cell = next(c for c in doc["cells"] if c["status"] == "ok")
    tc = cell["counters"]["task-clock"]
    if tc.get("read_path") != "syscall":
        bad.append(f"{name}: task-clock read_path {tc.get('read_path')}")
ucyc = next(c for c in user["cells"] if c["status"] == "ok")["counters"]["cycles"]
scyc = next(c for c in syscall["cells"] if c["status"] == "ok")["counters"]["cycles"]
if ucyc.get("read_path") != "user" or ucyc.get("user_read") is not True:
    bad.append(f"perf_user_access=1: cycles read_path {ucyc.get('read_path')}, user_reads {ucyc.get('user_reads')}")
if scyc.get("read_path") != "syscall" or scyc.get("user_read") is not False:
    bad.append(f"perf_user_access=0: cycles read_path {scyc.get('read_path')}")
if scyc.get("user_read_offered") is not True:
    bad.append("perf_user_access=0: the page should still offer rdpmc (6.12 behaviour)")
if not all(x > 0 for x in scyc["time_enabled"]):
    bad.append(f"read(2) samples with time_enabled 0: {scyc['time_enabled']}")
for b in bad:
    print("FAIL:", b)
print("execution:", user["context"].get("execution_detail"), "|",
      "; ".join(user["context"].get("execution_signals", [])))
print("cycles read paths: perf_user_access=1:", ucyc.get("read_path"), "perf_user_access=0:",
      scyc.get("read_path"))
sys.exit(1 if bad else 0)
PY
echo PASS
