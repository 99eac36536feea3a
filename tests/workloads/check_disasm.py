#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that each kernel differs between strategies only where it should.

Disassembles libtsob_workloads.a (aarch64) and compares, for every kernel, each
strategy's object (<kernel>.<strategy>.c.o) function by function against the
plain one. Every guest access recorded its start and end address in a section
.tsob_guest.<kind> (see tsob/access.h); objdump -r gives them back.

Compared: the translated code, i.e. the functions holding guest accesses and
the functions they call. The harness around it (create, reset, verify, ...)
is plain C that may legitimately differ (verify tolerates ordering violations
only in plain code on arm64); the checksum tests cover it.

Rules:
  * the same translated functions, the same instructions in the same order outside guest
    accesses (registers included), the same control flow (branch targets
    compared as positions, not addresses); alignment NOPs are ignored;
  * the same guest accesses, in the same order, of the same kind;
  * each guest access is exactly the sequence its strategy prescribes, with the
    plain access's value register, base register and displacement; only the
    opcode, the address generation (ADD/SUB into the scratch) and the DMBs
    may differ.

Usage: check_disasm.py [--objdump PATH] LIB.a
       check_disasm.py --selftest [--objdump PATH] LIB.a
--selftest doctors real listings in the ways the check must catch, and fails
if any doctored listing passes (or the genuine one fails).
Exit: 0 pass, 1 difference found, 2 bad input, 77 cannot apply here.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import strategies  # noqa: E402  (tests/strategies.py: the one strategy table)

SKIP = 77
# The strategies with objects of their own, from the table; expected_block()
# holds a rule for each, and RULES says which: a table row without a rule here
# is an error, not a strategy the check silently skips.
STRATEGIES = strategies.object_strategies()
RULES = {"plain", "ldar", "ldapr", "ldapur", "dmb"}
if set(STRATEGIES) != RULES:
    sys.exit(f"check_disasm.py: rules for {sorted(RULES)}, table strategies {sorted(STRATEGIES)}: "
             "add the new strategy's expected sequences to expected_block()")
SIZE_SUFFIX = {"8": "b", "16": "h", "32": "", "64": ""}
RMW_KINDS = ("xadd32", "xadd64", "xchg32", "xchg64", "cmpxchg32", "cmpxchg64")

MEMBER_RE = re.compile(r"^(\S+):\s+file format (\S+)")
SECTION_RE = re.compile(r"^Disassembly of section (\S+):")
FUNC_RE = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
INSN_RE = re.compile(r"^\s+([0-9a-f]+):\s+[0-9a-f]{8}\s+(.*)$")
RELSEC_RE = re.compile(r"^RELOCATION RECORDS FOR \[(\S+)\]:")
REL_RE = re.compile(r"^([0-9a-f]+)\s+R_AARCH64_ABS64\s+(\S+?)(?:\+0x([0-9a-f]+))?$")
TARGET_RE = re.compile(r"\b([0-9a-f]+) <([^>+]+)(?:\+0x([0-9a-f]+))?>")


class CheckError(Exception):
    pass


def split_members(text):
    """objdump output of an archive -> {member: [lines]}."""
    members, cur = {}, None
    for line in text.splitlines():
        m = MEMBER_RE.match(line)
        if m:
            cur = m.group(1)
            members[cur] = []
        elif cur is not None:
            members[cur].append(line)
    return members


def parse_functions(lines):
    """-> {name: (section, [(addr, text)])}, alignment NOPs dropped."""
    funcs, section, cur = {}, None, None
    for line in lines:
        m = SECTION_RE.match(line)
        if m:
            section = m.group(1)
            continue
        m = FUNC_RE.match(line)
        if m:
            cur = m.group(2)
            if cur in funcs:
                raise CheckError(f"function {cur} appears twice")
            funcs[cur] = (section, [])
            continue
        m = INSN_RE.match(line)
        if m and cur is not None:
            text = re.sub(r"\s*//.*$", "", m.group(2)).strip()
            text = re.sub(r"\s+", " ", text)
            if text != "nop":
                funcs[cur][1].append((int(m.group(1), 16), text))
    return funcs


def parse_blocks(lines):
    """-> {(section, start): (end, kind)} from .tsob_guest.<kind> relocations."""
    entries, section = {}, None
    for line in lines:
        m = RELSEC_RE.match(line)
        if m:
            section = m.group(1)
            continue
        if not section or not section.startswith(".tsob_guest."):
            continue
        m = REL_RE.match(line.strip())
        if m:
            kind = section[len(".tsob_guest."):]
            entries.setdefault(kind, []).append(
                (int(m.group(1), 16), m.group(2), int(m.group(3) or "0", 16)))
    blocks = {}
    for kind, rels in entries.items():
        rels.sort()
        if len(rels) % 2:
            raise CheckError(f"odd number of marker relocations for {kind}")
        for (_, s1, a1), (_, s2, a2) in zip(rels[0::2], rels[1::2]):
            if s1 != s2 or a2 <= a1:
                raise CheckError(f"malformed marker for {kind} at {s1}+{a1:#x}")
            blocks[(s1, a1)] = (a2, kind)
    return blocks


def tokenize(fname, section, insns, blocks):
    """A function -> tokens: ("I", text) or ("G", kind, [texts]); branch
    targets inside the function become token positions."""
    tokens, pos_of, i = [], {}, 0
    while i < len(insns):
        addr, text = insns[i]
        pos_of[addr] = len(tokens)
        blk = blocks.get((section, addr))
        if blk:
            end, kind = blk
            body = []
            while i < len(insns) and insns[i][0] < end:
                body.append(insns[i])
                i += 1
            tokens.append(["G", kind, body, addr])
        else:
            tokens.append(["I", text, addr])
            i += 1
    addrs = sorted(pos_of)

    def position(target):
        for a in addrs:  # a NOP-aligned target resolves to the next instruction
            if a >= target:
                return pos_of[a]
        return len(tokens)

    def norm(text, base=None):
        def repl(m):
            target, sym = int(m.group(1), 16), m.group(2)
            if sym != fname:
                return f"<{sym}+{m.group(3) or '0'}>"
            if base is not None and base[0] <= target < base[1]:
                return f"<blk+{target - base[0]:#x}>"
            return f"<@{position(target)}>"
        return TARGET_RE.sub(repl, text)

    out = []
    for t in tokens:
        if t[0] == "I":
            out.append(("I", norm(t[1])))
        else:
            body = t[2]
            span = (body[0][0], body[-1][0] + 4)
            out.append(("G", t[1], [norm(x, span) for _, x in body]))
    return out


LD_PLAIN = re.compile(r"^(?:ldr|ldur)([bh]?) ([wxq]\d+), \[(x\d+)(?:, #(-?\d+))?\]$")
ST_PLAIN = re.compile(r"^(?:str|stur)([bh]?) ([wxq]\d+), \[(x\d+)(?:, #(-?\d+))?\]$")


def plain_access(kind, body):
    """Value register, base register, displacement of a plain access."""
    if len(body) != 1:
        raise CheckError(f"plain {kind}: expected one instruction, got {body}")
    pat = ST_PLAIN if kind.startswith(("st", "stk_st")) else LD_PLAIN
    m = pat.match(body[0])
    if not m:
        raise CheckError(f"plain {kind}: not a plain access: {body[0]}")
    width = re.sub(r"\D", "", kind) or "128"
    want_sfx = SIZE_SUFFIX.get(width, "")
    want_reg = {"8": "w", "16": "w", "32": "w", "64": "x", "128": "q"}[width]
    if m.group(1) != want_sfx or m.group(2)[0] != want_reg:
        raise CheckError(f"plain {kind}: wrong width: {body[0]}")
    return m.group(2), m.group(3), int(m.group(4) or "0")


def expected_block(strategy, kind, v, b, off):
    """Regexes, one per instruction, that the strategy's access must match."""
    if kind in RMW_KINDS or kind.startswith("stk_"):
        return None  # identical to plain in every strategy
    width = re.sub(r"\D", "", kind) or "128"
    sfx = SIZE_SUFFIX.get(width, "")
    V, B = re.escape(v), re.escape(b)
    disp = "" if off == 0 else rf", #{off}"
    plain_ld = rf"(?:ldr|ldur){sfx} {V}, \[{B}{disp}\]"
    plain_st = rf"(?:str|stur){sfx} {V}, \[{B}{disp}\]"
    is_store = kind.startswith("st")
    plain = plain_st if is_store else plain_ld
    if strategy == "plain":
        return [plain]
    fenced = kind in ("ld32u", "ld64u", "st32u", "st64u", "ldv", "stv")
    if is_store and (fenced or strategy == "dmb"):
        return [r"dmb ish", plain]
    if not is_store and strategy == "dmb":
        return [r"dmb ishld", plain]
    if fenced:  # loads under ldar/ldapr/ldapur: LDR then DMB ISHLD
        return [plain, r"dmb ishld"]
    if strategy == "ldapur":
        insn = ("stlur" if is_store else "ldapur") + sfx
        return [rf"{insn} {V}, \[{B}{disp}\]"]
    insn = ("stlr" if is_store else {"ldar": "ldar", "ldapr": "ldapr"}[strategy]) + sfx
    if off == 0:
        return [rf"{insn} {V}, \[{B}\]"]
    addr = rf"add (x\d+), {B}, #{off:#x}" if off > 0 else rf"sub (x\d+), {B}, #{-off:#x}"
    return [addr, rf"{insn} {V}, \[\1\]"]


def check_block(strategy, kind, plain_body, body, where):
    if kind in RMW_KINDS:
        joined = "\n".join(plain_body)
        for need in ("ldaxr", "stlxr", {"xadd": "ldaddal", "xchg": "swpal", "cmpx": "casal"}[kind[:4]]):
            if need not in joined:
                raise CheckError(f"{where}: plain {kind} lacks {need}")
    if kind in RMW_KINDS or kind.startswith("stk_"):
        if body != plain_body:
            raise CheckError(f"{where}: {kind} must equal plain\n  plain: {plain_body}\n"
                             f"  {strategy}: {body}")
        return
    v, b, off = plain_access(kind, plain_body)
    want = expected_block(strategy, kind, v, b, off)
    got = "\n".join(body)
    if not re.fullmatch("\n".join(want), got):
        raise CheckError(f"{where}: {kind} under {strategy} should be {want}, is {body}")


def translated(funcs, blocks):
    """Names of the functions holding guest accesses, and of those they call."""
    names = {f for f, (sec, ins) in funcs.items() if any((sec, a) in blocks for a, _ in ins)}
    todo = list(names)
    while todo:
        sec, ins = funcs[todo.pop()]
        for _, text in ins:
            m = re.match(r"^bl? [0-9a-f]+ <([^>+]+)>$", text)
            if m and m.group(1) in funcs and m.group(1) not in names:
                names.add(m.group(1))
                todo.append(m.group(1))
    return names


def compare_objects(kernel, strategy, pfuncs, pblocks, sfuncs, sblocks, stats):
    pnames, snames = translated(pfuncs, pblocks), translated(sfuncs, sblocks)
    if pnames != snames:
        raise CheckError(f"{kernel}.{strategy}: translated functions differ from plain: "
                         f"{sorted(pnames ^ snames)}")
    for fname in sorted(pnames):
        psec, pins = pfuncs[fname]
        ssec, sins = sfuncs[fname]
        pt = tokenize(fname, psec, pins, pblocks)
        st = tokenize(fname, ssec, sins, sblocks)
        where = f"{kernel}.{strategy} {fname}"
        for i, (a, b) in enumerate(zip(pt, st)):
            if a[0] != b[0] or (a[0] == "G" and a[1] != b[1]):
                raise CheckError(f"{where}: token {i} differs: plain {a[:2]} vs {b[:2]}")
            if a[0] == "I":
                if a[1] != b[1]:
                    raise CheckError(f"{where}: instruction {i} differs: plain '{a[1]}' vs "
                                     f"'{b[1]}'")
            else:
                check_block(strategy, a[1], a[2], b[2], f"{where} access {i}")
                stats[a[1]] = stats.get(a[1], 0) + 1
        if len(pt) != len(st):
            raise CheckError(f"{where}: {len(pt)} tokens in plain, {len(st)} in {strategy}")


def load(objdump, lib):
    def run(*args):
        r = subprocess.run([objdump, *args, lib], capture_output=True, text=True)
        if r.returncode != 0:
            raise CheckError(f"{objdump} {' '.join(args)} failed: {r.stderr.strip()}")
        return r.stdout
    return run("-d", "-w"), run("-r")


def check(dis_text, rel_text, verbose=True):
    """Returns (kernels checked, accesses per kind); raises CheckError."""
    dis, rel = split_members(dis_text), split_members(rel_text)
    objs = {}
    for member in dis:
        parts = member.split(".")
        if len(parts) == 4 and parts[1] in STRATEGIES and parts[2:] == ["c", "o"]:
            objs.setdefault(parts[0], {})[parts[1]] = member
    if not objs:
        raise CheckError("no <kernel>.<strategy>.c.o objects in the library")
    stats = {}
    for kernel, per in sorted(objs.items()):
        missing = [s for s in STRATEGIES if s not in per]
        if missing:
            raise CheckError(f"{kernel}: no object for {missing}")
        pm = per["plain"]
        pfuncs, pblocks = parse_functions(dis[pm]), parse_blocks(rel.get(pm, []))
        if not pblocks:
            raise CheckError(f"{kernel}: no guest accesses recorded")
        for s in STRATEGIES[1:]:
            sm = per[s]
            compare_objects(kernel, s, pfuncs, pblocks, parse_functions(dis[sm]),
                            parse_blocks(rel.get(sm, [])), stats)
        if verbose:
            names = sorted(translated(pfuncs, pblocks))
            print(f"ok   {kernel}: {len(pblocks)} guest accesses in {', '.join(names)}; "
                  f"{len(STRATEGIES) - 1} strategies vs plain")
    return len(objs), stats


def member_slice(text, member):
    """(start, end) character range of @member's part of an objdump listing."""
    start = text.index(f"\n{member}:")
    nxt = re.compile(r"\n\S+\.c\.o:\s+file format").search(text, start + 1)
    return start, (nxt.start() if nxt else len(text))


def doctor(text, member, pattern, repl, count=1):
    a, b = member_slice(text, member)
    part, n = re.subn(pattern, repl, text[a:b], count=count, flags=re.M)
    if n == 0:
        raise CheckError(f"selftest: pattern {pattern!r} not found in {member}")
    return text[:a] + part + text[b:]


def swap_first_two(text, member, pattern):
    """Swaps the mnemonic+operands of the first two lines matching @pattern."""
    a, b = member_slice(text, member)
    part = text[a:b]
    ms = list(re.finditer(pattern, part, flags=re.M))
    if len(ms) < 2:
        raise CheckError(f"selftest: fewer than two {pattern!r} in {member}")
    m1, m2 = ms[0], ms[1]
    part = (part[:m1.start(1)] + m2.group(1) + part[m1.end(1):m2.start(1)] + m1.group(1)
            + part[m2.end(1):])
    return text[:a] + part + text[b:]


def selftest(dis, rel):
    n, _ = check(dis, rel, verbose=False)
    print(f"ok   genuine listing passes ({n} kernels)")
    insn = r"^(\s+[0-9a-f]+:\s+[0-9a-f]{8}\s+)"
    cases = [
        ("ordered load made plain", "copy8.ldar.c.o", dis, rel,
         lambda d: doctor(d, "copy8.ldar.c.o", insn + r"ldarb", r"\1ldrb")),
        ("ldapr load turned into ldar", "copy64.ldapr.c.o", dis, rel,
         lambda d: doctor(d, "copy64.ldapr.c.o", insn + r"ldapr\t", r"\1ldar\t")),
        ("DMB before a store dropped", "copy8.dmb.c.o", dis, rel,
         lambda d: doctor(d, "copy8.dmb.c.o", insn + r"dmb\tish$", r"\1nop")),
        ("DMB ISH weakened to ISHLD", "sort.dmb.c.o", dis, rel,
         lambda d: doctor(d, "sort.dmb.c.o", insn + r"dmb\tish$", r"\1dmb\tishld")),
        ("vector load lost its DMB", "vcopy.ldapur.c.o", dis, rel,
         lambda d: doctor(d, "vcopy.ldapur.c.o", insn + r"dmb\tishld$", r"\1nop")),
        ("extra instruction outside accesses", "stencil.ldapr.c.o", dis, rel,
         lambda d: doctor(d, "stencil.ldapr.c.o", r"^(\s+[0-9a-f]+:\s+[0-9a-f]{8}\s+mul\t.*)$",
                          "\\1\n   fff0:\t8b000000 \tadd\tx0, x0, x0")),
        ("operand changed outside accesses", "chase_llc.dmb.c.o", dis, rel,
         lambda d: doctor(d, "chase_llc.dmb.c.o", insn + r"(add\t\S+ \S+ )(x\d+)",
                          r"\1\2xzr")),
        ("branch target moved", "sort.ldar.c.o", dis, rel,
         lambda d: doctor(d, "sort.ldar.c.o",
                          r"(b\.\w+\t)([0-9a-f]+)( <sort_run\+0x)([0-9a-f]+)>",
                          lambda m: f"{m.group(1)}{int(m.group(2), 16) + 4:x}"
                                    f"{m.group(3)}{int(m.group(4), 16) + 4:x}>")),
        ("register changed", "hash.ldar.c.o", dis, rel,
         lambda d: doctor(d, "hash.ldar.c.o", insn + r"(ldar\t)x(\d+)",
                          lambda m: f"{m.group(1)}{m.group(2)}x{(int(m.group(3)) + 1) % 30}")),
        ("two accesses swapped", "interp.ldar.c.o", dis, rel,
         lambda d: swap_first_two(d, "interp.ldar.c.o", r"^\s+[0-9a-f]+:\s+[0-9a-f]{8}\s+"
                                  r"((?:ldarb|stlr)\t.*)$")),
        ("locked RMW differs from plain", "xadd.dmb.c.o", dis, rel,
         lambda d: doctor(d, "xadd.dmb.c.o", insn + r"ldaddal", r"\1ldadd")),
        ("stack access ordered in calls_fexstack", "calls_fexstack.ldar.c.o", dis, rel,
         lambda d: doctor(d, "calls_fexstack.ldar.c.o", insn + r"stur\t(x\d+), \[(x\d+), #-8\]",
                          r"\1stlr\t\2, [\3]")),
    ]
    failed = 0
    for name, member, d, r, mutate in cases:
        try:
            doctored = mutate(d)
        except CheckError as e:
            print(f"FAIL {name}: could not doctor the listing: {e}")
            failed += 1
            continue
        if doctored == d:
            print(f"FAIL {name}: doctoring changed nothing")
            failed += 1
            continue
        try:
            check(doctored, r, verbose=False)
        except CheckError as e:
            print(f"ok   caught: {name}: {str(e).splitlines()[0][:110]}")
        else:
            print(f"FAIL {name}: the doctored listing passed")
            failed += 1
    # A missing marker (an access the table does not know) must also be caught.
    try:
        check(dis, doctor(rel, "spsc.ldar.c.o", r"^0000000000000000 R_AARCH64_ABS64.*\n"
                          r"0000000000000008 R_AARCH64_ABS64.*\n", ""), verbose=False)
    except CheckError as e:
        print(f"ok   caught: unrecorded access: {str(e).splitlines()[0][:110]}")
    else:
        print("FAIL unrecorded access: the doctored relocations passed")
        failed += 1
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objdump", default="aarch64-linux-gnu-objdump")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("lib")
    args = ap.parse_args()
    if not shutil.which(args.objdump):
        print(f"skip: {args.objdump} not found (install binutils-aarch64-linux-gnu)")
        return SKIP
    try:
        fmt = subprocess.run([args.objdump, "-a", args.lib], capture_output=True, text=True)
        if fmt.returncode != 0:
            print(f"error: {args.objdump} -a {args.lib}: {fmt.stderr.strip()}")
            return 2
        if "elf64-littleaarch64" not in fmt.stdout:
            print(f"skip: {args.lib} is not an aarch64 library; the check is aarch64-only")
            return SKIP
        dis, rel = load(args.objdump, args.lib)
        if args.selftest:
            failed = selftest(dis, rel)
            print("selftest:", "FAILED" if failed else "passed")
            return 1 if failed else 0
        n, stats = check(dis, rel)
    except CheckError as e:
        print(f"FAIL {e}")
        return 1
    except (OSError, ValueError) as e:
        print(f"error: {e}")
        return 2
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(stats.items()))
    print(f"pass: {n} kernels x {len(STRATEGIES) - 1} strategies match plain; "
          f"accesses checked: {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
