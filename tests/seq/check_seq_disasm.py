#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that each compiled sequence holds exactly its copies and nothing else.

Disassembles libtsob_seq.a (aarch64 or x86-64) and, for every row recorded in
the objects' .tsob_seq.info section (workloads/seq/gen.h), checks its four
functions tsob_seq_<row>_u<U> (U = 8, 16, 32, 64): the loop body between the
row's markers (.tsob_seq.begin/.end) is exactly U copies of the row's
instructions, in order, nothing before, between or after them. Each copy is
matched operand by operand: the row's operands (%x[p], %w[f], %[p], %k[v])
stand for registers, bound afresh in each copy and one-to-one (so `ldr
%x[p], [%x[p]]` proves a chain and `ldr %x[v], [%x[p]]` independent loads);
immediates must be equal, branch targets are not compared.

Rows emitted by the guest-access layer (the x86-op rows) are also held to
that layer's rule, on aarch64: each copy is exactly one recorded guest access
(.tsob_guest.<kind>, see tsob/access.h) of the row's kind, and its
instructions are what tests/workloads/check_disasm.py prescribes for the
row's strategy, given the value register, base register and displacement.

A row without branches must execute every instruction of a copy: its count
(instructions per copy, the figure the icount test compares with the PMU)
must equal the copy's length.

Usage: check_seq_disasm.py [--objdump PATH] LIB.a
       check_seq_disasm.py --selftest [--objdump PATH] LIB.a
--selftest doctors the real listing in the ways the check must catch, and
fails if any doctored listing passes (or the genuine one fails).
Exit: 0 pass, 1 difference found, 2 bad input, 77 cannot apply here.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "workloads"))
import check_disasm  # noqa: E402  (the access layer's rules: expected_block, parse_blocks)

SKIP = 77
UNROLLS = (8, 16, 32, 64)

MEMBER_RE = re.compile(r"^(\S+):\s+file format (\S+)")
SECTION_RE = re.compile(r"^Disassembly of section (\S+):")
FUNC_RE = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
INSN_RE = re.compile(r"^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$")
RELSEC_RE = re.compile(r"^RELOCATION RECORDS FOR \[(\S+)\]:")
REL_RE = re.compile(r"^[0-9a-f]+\s+R_\w+\s+(\S+?)(?:\+0x([0-9a-f]+))?$")
CONTENTS_RE = re.compile(r"^Contents of section (\S+):")
HEX_RE = re.compile(r"^ [0-9a-f]+ ((?:[0-9a-f]{2,8} ?){1,4})")
FN_NAME_RE = re.compile(r"^tsob_seq_(\w+)_u(\d+)$")
BRANCH_RE = re.compile(r"^(b|bl|b\.\w+|cbn?z|tbn?z|j[a-z]+|call)$")
TOKEN_RE = re.compile(r"%[a-z]?\[\w+\]|%\w+|[A-Za-z_][\w.]*|0x[0-9a-f]+|\d+|[^\s\w]")
X86_REGS = {}
for _n in ("ax", "bx", "cx", "dx", "si", "di", "bp", "sp"):
    X86_REGS["r" + _n], X86_REGS["e" + _n] = (_n, "q"), (_n, "k")
for _i in range(8, 16):
    X86_REGS[f"r{_i}"], X86_REGS[f"r{_i}d"] = (f"r{_i}", "q"), (f"r{_i}", "k")


# One error type for both checks: check_disasm's helpers raise it too.
CheckError = check_disasm.CheckError


def split_members(text):
    """objdump output of an archive -> {member: [lines]}, and the file format."""
    members, cur, fmt = {}, None, None
    for line in text.splitlines():
        m = MEMBER_RE.match(line)
        if m:
            cur, fmt = m.group(1), m.group(2)
            members[cur] = []
        elif cur is not None:
            members[cur].append(line)
    return members, fmt


def parse_functions(lines):
    """-> {name: (section, [(addr, text)])}."""
    funcs, section, cur = {}, None, None
    for line in lines:
        m = SECTION_RE.match(line)
        if m:
            section = m.group(1)
            continue
        m = FUNC_RE.match(line)
        if m:
            cur = m.group(2)
            funcs[cur] = (section, [])
            continue
        m = INSN_RE.match(line)
        if m and cur is not None:
            funcs[cur][1].append((int(m.group(1), 16), m.group(2).strip()))
    return funcs


def parse_marks(lines):
    """-> {"begin"|"end": [(section, addr)]} from the marker relocations."""
    marks, which = {"begin": [], "end": []}, None
    for line in lines:
        m = RELSEC_RE.match(line)
        if m:
            sec = m.group(1)
            which = sec[len(".tsob_seq."):] if sec in (".tsob_seq.begin", ".tsob_seq.end") else None
            continue
        m = REL_RE.match(line.strip())
        if m and which:
            marks[which].append((m.group(1), int(m.group(2) or "0", 16)))
    return marks


def parse_info(lines):
    """objdump -s lines of one member -> [record dicts] from .tsob_seq.info."""
    data, inside = bytearray(), False
    for line in lines:
        m = CONTENTS_RE.match(line)
        if m:
            inside = m.group(1) == ".tsob_seq.info"
            continue
        m = HEX_RE.match(line)
        if m and inside:
            data += bytes.fromhex(m.group(1).replace(" ", ""))
    records = []
    for raw in data.split(b"\0"):
        if not raw:
            continue
        f = raw.decode().split("|")
        if len(f) != 7:
            raise CheckError(f"malformed .tsob_seq.info record: {raw!r}")
        records.append({"fnid": f[0], "name": f[1], "form": f[2], "count": int(f[3]),
                        "strategy": f[4], "access": f[5], "insns": f[6]})
    return records


def operand(tok, arch):
    """A token -> ("P", name, width) placeholder, ("R", id, width) register, int, or str."""
    m = re.fullmatch(r"%([a-z]?)\[(\w+)\]", tok)
    if m:
        return ("P", m.group(2), m.group(1) or "q")
    if arch == "aarch64":
        m = re.fullmatch(r"([xw])(\d+|zr)|(w?sp)", tok)
        if m:
            return ("R", m.group(2) or "sp", m.group(1) or "x")
    elif tok.startswith("%") and tok[1:] in X86_REGS:
        return ("R",) + X86_REGS[tok[1:]]
    if re.fullmatch(r"0x[0-9a-f]+|\d+", tok):
        return int(tok, 0)
    return tok


def parse_insn(text, arch):
    """One instruction -> (mnemonic, [operand tokens])."""
    text = re.sub(r"\s*<[^>]*>", "", text)
    text = re.sub(r"\s*//.*$", "", text) if arch == "aarch64" else re.sub(r"\s+#.*$", "", text)
    words = text.split(None, 1)
    mnem, rest = words[0], (words[1] if len(words) > 1 else "")
    if mnem in ("lock", "rep", "repz", "repnz") and rest:
        more = rest.split(None, 1)
        mnem, rest = f"{mnem} {more[0]}", (more[1] if len(more) > 1 else "")
    if BRANCH_RE.match(mnem):
        rest = rest.rsplit(",", 1)[0] + ", LABEL" if "," in rest else "LABEL"
    return mnem, [operand(t, arch) for t in TOKEN_RE.findall(rest)]


def pattern_of(insns, arch):
    """A row's text -> [(mnemonic, tokens)]; labels ("1:") dropped."""
    out = []
    for part in insns.split(";"):
        part = re.sub(r"^\s*\d+:\s*", "", part).strip()
        if part:
            out.append(parse_insn(part, arch))
    return out


def match_copy(pattern, body, where):
    """Instruction by instruction; placeholders bind one-to-one. -> the binding."""
    bind, taken = {}, {}
    for i, ((pm, pt), (bm, bt)) in enumerate(zip(pattern, body)):
        ok = pm == bm and len(pt) == len(bt)
        for a, b in zip(pt, bt) if ok else ():
            if isinstance(a, tuple) and a[0] == "P":
                if not (isinstance(b, tuple) and b[0] == "R" and b[2] == a[2]):
                    ok = False
                elif bind.setdefault(a[1], b[1]) != b[1] or taken.setdefault(b[1], a[1]) != a[1]:
                    ok = False
            elif a != b:
                ok = False
        if not ok:
            raise CheckError(f"{where}: instruction {i}: expected {pm} {pt}, got {bm} {bt}")
    return bind


def reg_name(arch, rid):
    return f"x{rid}" if arch == "aarch64" and rid.isdigit() else rid


def check_access(rec, insns, blocks, section, bind, arch, where):
    """An x86-op copy: one guest access of the record's kind, as its strategy prescribes."""
    kind, vph, bph, off = rec["access"].split(",")
    inside = [(a, t) for a, t in insns if (section, a) in blocks]
    if len(inside) != 1:
        raise CheckError(f"{where}: {len(inside)} recorded guest accesses in a copy, expected 1")
    start = inside[0][0]
    end, got_kind = blocks[(section, start)]
    if got_kind != kind:
        raise CheckError(f"{where}: guest access of kind {got_kind}, the row says {kind}")
    want = check_disasm.expected_block(rec["strategy"], kind, reg_name(arch, bind.get(vph, "?")),
                                       reg_name(arch, bind.get(bph, "?")), int(off))
    if want is None:
        return
    body = [re.sub(r"\s+", " ", re.sub(r"\s*//.*$", "", t)).strip()
            for a, t in insns if start <= a < end]
    if not re.fullmatch("\n".join(want), "\n".join(body)):
        raise CheckError(f"{where}: {kind} under {rec['strategy']} should be {want}, is {body}")


def check_function(rec, unroll, fname, funcs, marks, blocks, arch):
    section, insns = funcs[fname]
    lo = insns[0][0] if insns else 0
    hi = insns[-1][0] + 1 if insns else 0
    begins = [a for s, a in marks["begin"] if s == section and lo <= a < hi]
    ends = [a for s, a in marks["end"] if s == section and lo <= a <= hi]
    if len(begins) != 1 or len(ends) != 1:
        raise CheckError(f"{fname}: {len(begins)} begin and {len(ends)} end markers, expected 1 each")
    body = [(a, t) for a, t in insns if begins[0] <= a < ends[0]]
    pattern = pattern_of(rec["insns"], arch)
    if len(body) != unroll * len(pattern):
        raise CheckError(f"{fname}: {len(body)} instructions in the loop body, expected "
                         f"{unroll} copies x {len(pattern)}")
    for c in range(unroll):
        chunk = body[c * len(pattern):(c + 1) * len(pattern)]
        where = f"{fname} copy {c}"
        bind = match_copy(pattern, [parse_insn(t, arch) for _, t in chunk], where)
        if rec["access"] != "-" and arch == "aarch64":
            check_access(rec, chunk, blocks, section, bind, arch, where)


def check(dis_text, rel_text, infos, verbose=True):
    """infos: {member: [records]}. Returns the number of rows; raises CheckError."""
    dis, fmt = split_members(dis_text)
    rel, _ = split_members(rel_text)
    arch = "aarch64" if fmt and "aarch64" in fmt else "x86_64"
    names, rows = set(), 0
    for member, records in sorted(infos.items()):
        funcs = parse_functions(dis.get(member, []))
        marks = parse_marks(rel.get(member, []))
        blocks = check_disasm.parse_blocks(rel.get(member, [])) if arch == "aarch64" else {}
        by_fnid = {}
        for f in funcs:
            m = FN_NAME_RE.match(f)
            if m:
                by_fnid.setdefault(m.group(1), set()).add(int(m.group(2)))
        for rec in records:
            if rec["name"] in names:
                raise CheckError(f"row {rec['name']} recorded twice")
            names.add(rec["name"])
            if by_fnid.pop(rec["fnid"], set()) != set(UNROLLS):
                raise CheckError(f"{member}: {rec['name']}: functions for u = {UNROLLS} missing")
            pattern = pattern_of(rec["insns"], arch)
            if not any(BRANCH_RE.match(m) for m, _ in pattern) and rec["count"] != len(pattern):
                raise CheckError(f"{rec['name']}: count {rec['count']}, but a copy has "
                                 f"{len(pattern)} instructions and no branch")
            for u in UNROLLS:
                check_function(rec, u, f"tsob_seq_{rec['fnid']}_u{u}", funcs, marks, blocks, arch)
            rows += 1
            if verbose:
                print(f"ok   {rec['name']}: {len(pattern)} instructions x u = {UNROLLS}")
        if by_fnid:
            raise CheckError(f"{member}: functions without a row record: {sorted(by_fnid)}")
    if not rows:
        raise CheckError("no .tsob_seq.info records in the library")
    return rows


def load(objdump, lib):
    def run(*args):
        r = subprocess.run([objdump, *args, lib], capture_output=True, text=True)
        if r.returncode != 0:
            raise CheckError(f"{objdump} {' '.join(args)} failed: {r.stderr.strip()}")
        return r.stdout
    dis, rel = run("-d", "-w"), run("-r")
    members, _ = split_members(run("-s", "-j", ".tsob_seq.info"))
    infos = {m: parse_info(lines) for m, lines in members.items()}
    return dis, rel, {m: r for m, r in infos.items() if r}


def doctor_info(infos, name, field, fn):
    """A copy of @infos with record @name's @field replaced by fn(old)."""
    out = {m: [dict(r) for r in recs] for m, recs in infos.items()}
    for recs in out.values():
        for r in recs:
            if r["name"] == name:
                r[field] = fn(r[field])
                return out
    raise CheckError(f"selftest: no row {name}")


def cases(dis, rel, infos, arch):
    """(name, mutate) pairs; mutate() returns a doctored (dis, rel, infos)."""
    doctor = check_disasm.doctor
    line = r"^(\s+[0-9a-f]+:\t[0-9a-f ]+\t)"
    no_begin = (r"(RELOCATION RECORDS FOR \[\.tsob_seq\.begin\]:\nOFFSET\s+TYPE\s+VALUE\n)"
                r"\S+.*\n", r"\1")
    common = [
        ("a begin marker lost", lambda: (dis, doctor(rel, "own.c.o", *no_begin), infos)),
        ("table count drifted", lambda: (dis, rel, doctor_info(
            infos, "ldr_lat" if arch == "aarch64" else "mov_load_lat", "count", lambda c: c + 1))),
    ]
    if arch == "aarch64":
        return common + [
            ("a copy dropped", lambda: (doctor(dis, "own.c.o", line + r"ldar\t.*\n", ""), rel,
                                        infos)),
            ("acquire load weakened", lambda: (doctor(dis, "own.c.o", line + r"ldar\t", r"\1ldr\t"),
                                               rel, infos)),
            ("chain broken", lambda: (doctor(
                dis, "own.c.o", line + r"ldr\tx(\d+), \[x\2\]",
                lambda m: f"{m.group(1)}ldr\tx{(int(m.group(2)) + 1) % 29}, [x{m.group(2)}]"),
                rel, infos)),
            ("DMB ISH weakened to ISHLD", lambda: (doctor(dis, "own.c.o", line + r"dmb\tish$",
                                                          r"\1dmb\tishld"), rel, infos)),
            ("instruction inserted in a body", lambda: (doctor(
                dis, "own.c.o", line + r"(ldapr\t.*)$", r"\1\2\n\1add\tx0, x0, x0"), rel, infos)),
            ("LSE atomic made plain", lambda: (doctor(dis, "own.c.o", line + r"ldaddal\t",
                                                      r"\1ldadd\t"), rel, infos)),
            ("table text drifted", lambda: (dis, rel, doctor_info(
                infos, "ldar_lat", "insns", lambda t: t.replace("ldar", "ldapr")))),
            ("x86-op row held to another strategy", lambda: (dis, rel, doctor_info(
                infos, "x86_mov_load_lat.ldar", "strategy", lambda s: "ldapr"))),
            ("x86-op row of another access kind", lambda: (dis, rel, doctor_info(
                infos, "x86_mov_store.dmb", "access", lambda a: a.replace("st64", "ld64")))),
            ("access-layer store weakened", lambda: (doctor(
                dis, "access.ldapur.c.o", line + r"stlur\t", r"\1stur\t"), rel, infos)),
        ]
    return common + [
        ("a copy dropped", lambda: (doctor(dis, "own.c.o", line + r"mov\s+\((%\w+)\),\2\n", ""),
                                    rel, infos)),
        ("chain broken", lambda: (doctor(dis, "own.c.o", line + r"(mov\s+\((%\w+)\),)\3$",
                                         r"\1\2%r15"), rel, infos)),
        ("MFENCE turned into LFENCE", lambda: (doctor(dis, "own.c.o", line + r"mfence",
                                                      r"\1lfence"), rel, infos)),
        ("LOCK prefix dropped", lambda: (doctor(dis, "own.c.o", line + r"lock add\s", r"\1add "),
                                         rel, infos)),
        ("instruction inserted in a body", lambda: (doctor(
            dis, "own.c.o", line + r"(xchg\s+%r\w+,\(.*)$", r"\1\2\n\1add    %rax,%rax"), rel, infos)),
        ("table text drifted", lambda: (dis, rel, doctor_info(
            infos, "xchg", "insns", lambda t: "lock " + t))),
        ("x86-op row text drifted", lambda: (dis, rel, doctor_info(
            infos, "x86_lock_xadd", "insns", lambda t: t.split("; ")[1]))),
    ]


def selftest(dis, rel, infos):
    n = check(dis, rel, infos, verbose=False)
    print(f"ok   genuine listing passes ({n} rows)")
    arch = "aarch64" if "elf64-littleaarch64" in dis[:2000] else "x86_64"
    failed = 0
    for name, mutate in cases(dis, rel, infos, arch):
        try:
            d, r, i = mutate()
        except CheckError as e:
            print(f"FAIL {name}: could not doctor the listing: {e}")
            failed += 1
            continue
        if (d, r, i) == (dis, rel, infos):
            print(f"FAIL {name}: doctoring changed nothing")
            failed += 1
            continue
        try:
            check(d, r, i, verbose=False)
        except CheckError as e:
            print(f"ok   caught: {name}: {str(e).splitlines()[0][:110]}")
        else:
            print(f"FAIL {name}: the doctored listing passed")
            failed += 1
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objdump", default="objdump")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("lib")
    args = ap.parse_args()
    if not shutil.which(args.objdump):
        print(f"skip: {args.objdump} not found (binutils, or binutils-aarch64-linux-gnu)")
        return SKIP
    if not os.path.isfile(args.lib):
        print(f"error: no such library: {args.lib}")
        return 2
    try:
        dis, rel, infos = load(args.objdump, args.lib)
        if args.selftest:
            failed = selftest(dis, rel, infos)
            print("selftest:", "FAILED" if failed else "passed")
            return 1 if failed else 0
        n = check(dis, rel, infos)
    except CheckError as e:
        print(f"FAIL {e}")
        return 1
    except (OSError, ValueError, UnicodeDecodeError) as e:
        print(f"error: {e}")
        return 2
    print(f"pass: {n} rows, each with exactly u copies of its instructions for u = {UNROLLS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
