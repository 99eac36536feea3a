#!/usr/bin/python3
"""QEMU's translation log (-d out_asm on an arm64 host) against what QEMU is
said to emit for an x86 guest: DMB ISHLD before every guest load and DMB ISH
before every guest store once the guest has a second thread, none before.

usage: barriers.py symbols PROG NAME...   print -dfilter ranges of those functions
       barriers.py check parallel|serial LOG
A guest access in QEMU's user-mode code is a load or store whose address is
a register plus a register (the guest address, plus guest_base or xzr);
QEMU's own state (env, x19) is addressed with an immediate offset.
"""
import re
import struct
import sys


def symbols(path, names):
    """(name, address, size) of the ELF64 functions whose names are in names."""
    data = open(path, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not a little-endian ELF64 file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    found = []
    for sh in sections:
        if sh[1] != 2:  # SHT_SYMTAB
            continue
        strtab = sections[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], 24):
            name_off, info, _, _, value, size = struct.unpack_from("<IBBHQQ", data, off)
            end = data.index(b"\0", strtab[4] + name_off)
            name = data[strtab[4] + name_off:end].decode()
            if (info & 0xF) == 2 and name in names and size:  # STT_FUNC
                found.append((name, value, size))
    return found


INSN = re.compile(r"^0x[0-9a-f]+:\s+[0-9a-f]{8}\s+(\S+)\s*(.*)$")
# [xN, xM] or [xN, wM, uxtw]: register-offset addressing, the guest's.
GUEST_ADDR = re.compile(r"\[x\d+, [xw](\d+|zr)(, [su]xtw)?\]")
LOAD = re.compile(r"^ld(r|ur)(b|h|sb|sh|sw)?$")
STORE = re.compile(r"^st(r|ur)(b|h)?$")


def check(mode, log):
    ld = st = bad = dmbs = 0
    examples, samples, segment = [], {}, []
    pending = None
    guest = None
    for line in open(log, errors="replace"):
        line = line.strip()
        if line.startswith("-- guest addr"):
            guest, pending, segment = line.split()[3], None, [line]
            continue
        segment.append(line)
        m = INSN.match(line)
        if not m:
            continue
        op, args = m.group(1), m.group(2)
        if op == "dmb":
            dmbs += 1
            pending = "ld" if args.strip() == "ishld" else "st" if args.strip() == "ish" else "?"
            continue
        kind = "ld" if LOAD.match(op) else "st" if STORE.match(op) else None
        if not kind or not GUEST_ADDR.search(args):
            continue
        ld += kind == "ld"
        st += kind == "st"
        if pending == kind and kind not in samples:
            samples[kind] = list(segment)
        want = kind if mode == "parallel" else None
        if pending != want:
            bad += 1
            if len(examples) < 5:
                examples.append(f"guest {guest}: {op} {args} after {pending or 'no barrier'}")
        pending = None
    print(f"{log}: {ld} guest loads, {st} guest stores, {dmbs} DMBs, {bad} accesses without "
          f"the barrier expected ({'DMB ISHLD/DMB ISH before each' if mode == 'parallel' else 'none'})")
    for e in examples:
        print("  ", e)
    for kind in sorted(samples):
        print(f"  a guest {'load' if kind == 'ld' else 'store'} as QEMU translated it:")
        for line in samples[kind]:
            print("    " + line)
    if ld == 0 or st == 0:
        print("FAIL: no guest loads or stores found: the log is not what this check reads")
        return 1
    if mode == "serial" and dmbs:
        print("FAIL: DMBs in a single-threaded guest")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "symbols":
        syms = symbols(sys.argv[2], set(sys.argv[3:]))
        if not syms:
            sys.exit(f"{sys.argv[2]}: none of {' '.join(sys.argv[3:])} in the symbol table")
        print(",".join(f"{hex(v)}+{hex(s)}" for _, v, s in syms))
    else:
        sys.exit(check(sys.argv[2], sys.argv[3]))
