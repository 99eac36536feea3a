#!/bin/sh
# emu.guest: `tsobench emu` (the static aarch64 build) runs tsob-x86 under
# Debian's arm64 qemu-x86_64-static inside the patched kernel's guest
# (qemu-system-aarch64 -icount shift=0), with an inherited instructions counter
# on the emulator process read at the marks around every repetition. The
# results must be complete, labelled emulated, every cell ok with the native
# run's checksums; with icount every instruction of the emulator is counted,
# so single-threaded repetitions agree within 1% (QEMU's own housekeeping
# varies a little), and instructions per x86 operation are exact and reported
# (QEMU TCG: tens of arm64 instructions per x86 operation).
# Hardware TSO for emulator rows, in the kernel itself: a row that needs it is
# available on the always-TSO a64fx (entered at EL2), granted through the v2
# prctl values, and unavailable on neoverse-n1, where both sets are refused.
#
# usage: tests/emu/guest.sh REPO WORKDIR TSOB_X86 TSOBENCH_AARCH64
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
repo=$1
work=$2/guest
prog=$3
tsobench=${4:-}
. "$repo/tests/qemu/prereq.sh"
if [ -z "$tsobench" ] || [ ! -x "$tsobench" ]; then
	echo "SKIP: no static aarch64 tsobench ('$tsobench'): build the aarch64 preset"
	exit 77
fi
file -L "$tsobench" | grep -q 'ARM aarch64.*statically linked' ||
	{ echo "FAIL: $tsobench is not a static aarch64 program"; exit 1; }
tsob_emu_static_x86 "$prog"
qemu=$(tsob_emu_qemu_arm64 "$repo")
rm -rf "$work"
mkdir -p "$work"
kdir=$("$repo/kernel-patch/build-kernel.sh")

# A row that needs hardware TSO, for the emulator that is there.
cat >"$work/hwtso.conf" <<'EOF'
[emulator q]
program /bin/qemu-x86_64-static
version {emulator} --version
checked QEMU 7.2 (Debian)
[config q-hwtso]
emulator q
run {emulator} {prog} {args}
stands-for QEMU where hardware TSO is granted
tso yes
hwtso use
EOF
# Two runs: single-threaded kernels (copy8, xadd on one thread), and xadd on two.
emu="/bin/tsobench emu -c qemu --conf /etc/emulators.conf --prog /bin/tsob-x86 --quick -r 3 -e instructions,task-clock -q"
cat >"$work/cmds" <<EOF
run $emu -w copy8,xadd --threads 1 -o /emu-1.json
run $emu -w xadd --threads 2 -o /emu-2.json
run /bin/tsobench emu --list --conf /etc/hwtso.conf
send /emu-1.json
send /emu-2.json
EOF
files="$tsobench:/bin/tsobench $qemu:/bin/qemu-x86_64-static $prog:/bin/tsob-x86
	$repo/workloads/x86/emulators.conf:/etc/emulators.conf $work/hwtso.conf:/etc/hwtso.conf"
# shellcheck disable=SC2086 # $files: one HOST:GUEST word each
"$repo/kernel-patch/mkinitramfs.sh" "$kdir" "$work/cmds" "$work/initrd.gz" $files
"$repo/kernel-patch/boot.sh" --cpu neoverse-n1 --kernel "$kdir/Image" --initrd "$work/initrd.gz" \
	--timeout 300 --log "$work/console.log" --outdir "$work/out" >/dev/null ||
	{ tail -30 "$work/console.log"; echo "FAIL: the guest run failed"; exit 1; }
for n in 1 2 3; do
	grep -q "^@@TSOB-RUN-END $n status=0" "$work/console.log" || {
		grep -a '^@@TSOB-RUN-END\|tsobench' "$work/console.log" | tail
		echo "FAIL: tsobench emu (command $n) did not exit 0"
		exit 1
	}
done

# The same row on the always-TSO a64fx (boot.sh enters it at EL2, as firmware does).
echo "run /bin/tsobench emu --list --conf /etc/hwtso.conf" >"$work/cmds-a64fx"
# shellcheck disable=SC2086
"$repo/kernel-patch/mkinitramfs.sh" "$kdir" "$work/cmds-a64fx" "$work/initrd-a64fx.gz" $files
"$repo/kernel-patch/boot.sh" --cpu a64fx --kernel "$kdir/Image" --initrd "$work/initrd-a64fx.gz" \
	--timeout 300 --log "$work/console-a64fx.log" --outdir "$work/out-a64fx" >/dev/null ||
	{ tail -30 "$work/console-a64fx.log"; echo "FAIL: the a64fx guest run failed"; exit 1; }
# The row's line of --list, and the next one, where it says how or why not.
row() { tr -d '\r' <"$1" | sed -n '/^q-hwtso /{N;s/\n */ | /;p;}'; }
case $(row "$work/console.log") in
*unavailable:*"needs hardware TSO"*refused*) echo "neoverse-n1: $(row "$work/console.log")" ;;
*) echo "FAIL: neoverse-n1 (no TSO): '$(row "$work/console.log")'"; exit 1 ;;
esac
case $(row "$work/console-a64fx.log") in
*" available:"*"granted here (v2 values"*) echo "a64fx: $(row "$work/console-a64fx.log")" ;;
*) echo "FAIL: a64fx (always TSO): '$(row "$work/console-a64fx.log")'"; exit 1 ;;
esac

# The native run, where x86-64 runs natively.
: >"$work/native"
case $(uname -m) in
x86_64)
	for c in copy8:1 xadd:1 xadd:2; do
		"$prog" "${c%:*}" quick "${c#*:}" 0 1 | sed -n "s/^tsob-x86 v1 rep=0 .* checksum=\(0x[0-9a-f]*\) .*/$c \1/p"
	done >"$work/native"
	;;
esac

/usr/bin/python3 - "$work/out" "$work/native" "$repo/results/schema/tsobench-results.schema.json" <<'PY'
import json
import sys

import jsonschema

out, native, schema = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
want = dict(l.split() for l in open(native))
bad = []
cells = []
for f in ("emu-1.json", "emu-2.json"):
    doc = json.load(open(f"{out}/{f}"))
    bad += [f"{f}: schema: {e.json_path}: {e.message}"
            for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    if not doc["complete"] or doc["context"]["emulated"] is not True:
        bad.append(f"{f}: complete {doc['complete']}, emulated {doc['context']['emulated']}")
    cells += doc["cells"]
for c in cells:
    key = f"{c['kernel']}:{c['threads']}"
    if c["status"] != "ok":
        bad.append(f"{key}: {c['status']}: {c['reason']}")
        continue
    x, ins = c["emulator"], c["counters"]["instructions"]
    if want and c["checksum"]["got"] != want[key]:
        bad.append(f"{key}: checksum {c['checksum']['got']} in the guest, {want[key]} natively")
    if not ins["available"]:
        bad.append(f"{key}: instructions not counted: {ins['reason']}")
        continue
    reps, per_op = ins["values"], [v / c["ops"] for v in ins["values"]]
    print(f"{key}: {x['version']}; start-up {x['startup_ns'] / 1e6:.1f} ms (emulated); "
          f"repetitions {ins['raw_values']} instructions, marks {ins['calib']}, whole process "
          f"{ins['total']}: {', '.join(f'{p:.2f}' for p in per_op)} arm64 instructions per "
          f"x86 operation{' (checksum as natively)' if want else ''}")
    if c["threads"] == 1:
        # icount: every instruction counted, so the same code on the same data
        # counts (nearly) the same: QEMU's own housekeeping varies a little.
        if max(reps) > min(reps) * 1.01:
            bad.append(f"{key}: repetitions differ by more than 1%: {reps}")
        if not 10 <= per_op[-1] < 100:
            bad.append(f"{key}: {per_op[-1]:.2f} instructions per operation, not tens")
    if not ins["total"] or ins["total"] <= sum(ins["raw_values"]):
        bad.append(f"{key}: the whole process counted {ins['total']}, less than its repetitions")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
echo PASS
