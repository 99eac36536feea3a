#!/bin/sh
# qemu.multiplex: more events than the guest PMU has counters, on a run long
# enough for perf to rotate them. Every counter must come back marked scaled,
# with time_running < time_enabled, and the extrapolated values must still
# agree: under -icount shift=0 one instruction is one cycle, so the scaled
# INST_RETIRED and CPU_CYCLES of the same run differ by a few percent at most.
#
# usage: tests/qemu/multiplex.sh REPO WORKDIR TSOBENCH
set -eu
. "$(dirname "$0")/prereq.sh"

repo=$1
work=$2/multiplex
tsobench=${3:-}
if [ -z "$tsobench" ] || [ ! -x "$tsobench" ]; then
	echo "SKIP: no static aarch64 tsobench (TSOB_AARCH64_TSOBENCH: '${tsobench}')"
	exit 77
fi
rm -rf "$work"
mkdir -p "$work"
ev=INST_RETIRED,CPU_CYCLES,BR_RETIRED,L1D_CACHE,LD_SPEC,ST_SPEC,DMB_SPEC,INST_SPEC,MEM_ACCESS,L1I_CACHE_ACCESS
ev=$(echo "$ev" | sed 's/\([A-Z0-9_]*\)/arm_n1::\1/g')
"$repo/kernel-patch/run-in-qemu.sh" --cpu neoverse-n1 --tsobench "$tsobench" --results "$work" \
	--timeout 600 -- run -w copy8 -m plain -r 3 --warmup 1 --size 4000000 -e "$ev" -o /r.json \
	>"$work/out" 2>&1 || { tail -20 "$work/out"; echo "FAIL: run-in-qemu.sh"; exit 1; }
/usr/bin/python3 - "$work/qemu-neoverse-n1.json" <<'PY'
import json, sys

doc = json.load(open(sys.argv[1]))
cells = [c for c in doc["cells"] if c["status"] == "ok"]
assert cells, "no measured cell"
c = cells[0]
ctr = c["counters"]
assert len(ctr) == 10, sorted(ctr)
for name, v in ctr.items():
    assert v["available"], (name, v.get("reason"))
    assert v["scaled"], f"{name}: not marked scaled"
    assert any(r < e for r, e in zip(v["time_running"], v["time_enabled"])), name
inst = ctr["arm_n1::INST_RETIRED"]["stats"]["median"]
cyc = ctr["arm_n1::CPU_CYCLES"]["stats"]["median"]
assert inst > 1e6, inst
assert abs(inst - cyc) / cyc < 0.05, (inst, cyc)
share = [r / e for r, e in zip(ctr["arm_n1::INST_RETIRED"]["time_running"],
                                ctr["arm_n1::INST_RETIRED"]["time_enabled"])]
print(f"10 events multiplexed: INST_RETIRED ran {min(share):.0%}-{max(share):.0%} of the time; "
      f"scaled {inst:.0f} instructions vs {cyc:.0f} cycles")
PY
