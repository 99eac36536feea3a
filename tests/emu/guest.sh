#!/bin/sh
# emu.guest: Debian's arm64 qemu-x86_64-static runs tsob-x86 inside the patched
# kernel's guest (qemu-system-aarch64 -icount shift=0), driven by the static
# aarch64 tsob-emu-cell through tsob_emu_cell_run, with an inherited
# instructions counter on the emulator process read at the marks around every
# repetition. Checksums equal the native run's (and the host's reference);
# with icount every instruction of the emulator is counted, so single-threaded
# repetitions agree within 1% (QEMU's own housekeeping varies a little);
# instructions per x86 operation are reported (QEMU TCG: tens).
#
# usage: tests/emu/guest.sh REPO WORKDIR TSOB_X86 TSOB_EMU_CELL_AARCH64
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
repo=$1
work=$2/guest
prog=$3
cell=${4:-}
. "$repo/tests/qemu/prereq.sh"
if [ -z "$cell" ] || [ ! -x "$cell" ]; then
	echo "SKIP: no static aarch64 tsob-emu-cell ('$cell'): build the aarch64 preset"
	exit 77
fi
file -L "$cell" | grep -q 'ARM aarch64.*statically linked' ||
	{ echo "FAIL: $cell is not a static aarch64 program"; exit 1; }
tsob_emu_static_x86 "$prog"
qemu=$(tsob_emu_qemu_arm64 "$repo")
rm -rf "$work"
mkdir -p "$work"
kdir=$("$repo/kernel-patch/build-kernel.sh")

# kernel threads: what each cell runs, here and natively.
cells="copy8:1 xadd:1 xadd:2"
: >"$work/cmds"
for c in $cells; do
	k=${c%:*} t=${c#*:}
	echo "run /bin/tsob-emu-cell --conf /etc/emulators.conf --config qemu --count -o /$k-$t.txt /bin/tsob-x86 $k quick $t 1 3" >>"$work/cmds"
done
for c in $cells; do echo "send /${c%:*}-${c#*:}.txt" >>"$work/cmds"; done
"$repo/kernel-patch/mkinitramfs.sh" "$kdir" "$work/cmds" "$work/initrd.gz" \
	"$cell:/bin/tsob-emu-cell" "$qemu:/bin/qemu-x86_64-static" "$prog:/bin/tsob-x86" \
	"$repo/workloads/x86/emulators.conf:/etc/emulators.conf"
"$repo/kernel-patch/boot.sh" --cpu neoverse-n1 --kernel "$kdir/Image" --initrd "$work/initrd.gz" \
	--timeout 300 --log "$work/console.log" --outdir "$work/out" >/dev/null ||
	{ tail -30 "$work/console.log"; echo "FAIL: the guest run failed"; exit 1; }

# The native run, where x86-64 runs natively.
native=
case $(uname -m) in
x86_64)
	for c in $cells; do
		"$prog" "${c%:*}" quick "${c#*:}" 0 1 | sed -n "s/^tsob-x86 v1 rep=0 .* checksum=\(0x[0-9a-f]*\) .*/$c \1/p"
	done >"$work/native"
	native=$work/native
	;;
esac

/usr/bin/python3 - "$work/out" "$native" $cells <<'PY'
import sys

out, native, cells = sys.argv[1], sys.argv[2], sys.argv[3:]
want = dict(l.split() for l in open(native)) if native else {}
bad = []
for c in cells:
    k, t = c.split(":")
    lines = [l.rstrip("\n").split(" ", 1) for l in open(f"{out}/{k}-{t}.txt")]
    f = {l[0]: l[1] if len(l) > 1 else "" for l in lines}
    reps = [int(l[1].split()[4]) for l in lines if l[0] == "rep"]
    if f["status"] != "ok":
        bad.append(f"{c}: {f['status']}: {f['error']}")
        continue
    if want and f["checksum"] != want[c]:
        bad.append(f"{c}: checksum {f['checksum']} in the guest, {want[c]} natively")
    calib, ops = int(f["calib_instructions"]), int(f["ops"])
    per_op = [(r - calib) / ops for r in reps]
    print(f"{k} x{t}: {f['version']}; start-up {int(f['startup_ns']) / 1e6:.1f} ms (emulated); "
          f"repetitions {reps} instructions, marks {calib}: "
          f"{', '.join(f'{p:.2f}' for p in per_op)} arm64 instructions per x86 operation"
          f"{' (same as natively: ' + want[c] + ')' if want else ''}")
    if t == "1":
        # icount: every instruction counted, so the same code on the same data
        # counts (nearly) the same: QEMU's own housekeeping varies a little.
        if max(reps) > min(reps) * 1.01:
            bad.append(f"{c}: repetitions differ by more than 1%: {reps}")
        if not 10 <= per_op[-1] < 100:
            bad.append(f"{c}: {per_op[-1]:.2f} instructions per operation, not tens")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
echo PASS
