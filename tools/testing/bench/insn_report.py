#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make profile PROFILE_INSN=1: the guest's executed instructions per I/O,
by module and by function, for each side and each side against the first.

usage: insn_report.py COUNTS SYMS KTAP [TOP]

COUNTS  the nvmeof-insn plugin's output: "mark SEQ" then "VADDR NINSNS RUNS"
        lines, the blocks that ran since the mark before
SYMS    what the guest wrote to its third serial port after each side's
        window: "syms SIDE", /proc/kallsyms's text symbols, "end"
KTAP    the guest's log, with one "insn window SIDE ios N" per side

Each window is a fio run between two runs of the marker, so the k-th
window is the dump at mark 2k. A side with two windows (a short and a
long run) is charged the difference per extra I/O, without fio's start. Counts are exact (block length times runs); a block
is charged to the symbol at or below its first instruction.
"""
import bisect
import re
import sys

USER_TOP = 1 << 47  # below this, a vaddr is user space
# Page clearing: a rep stos counted per byte (4096 a page), and how many pages
# a run clears moves with the page allocator's state, not with the code.
CLEARS = ("clear_page_erms", "clear_page_rep", "clear_page_orig")


def parse_counts(lines):
    """{seq: [(vaddr, insns)]}: each mark's blocks, insns = length * runs."""
    dumps, cur = {}, None
    for line in lines:
        f = line.split()
        if not f:
            continue
        if f[0] == "mark":
            cur = dumps.setdefault(int(f[1]), [])
        elif f[0] == "exit":
            cur = None
        elif cur is not None and len(f) == 3:
            cur.append((int(f[0], 16), int(f[1]) * int(f[2])))
    return dumps


def parse_syms(lines):
    """{side: (sorted addrs, names)} from "syms SIDE" ... "end" sections."""
    out, side, rows = {}, None, []
    for line in lines:
        line = line.rstrip("\r\n")
        if line.startswith("syms "):
            side, rows = line[5:].strip(), []
        elif line == "end" and side is not None:
            rows.sort()
            out[side] = ([a for a, _ in rows], [n for _, n in rows])
            side = None
        elif side is not None:
            f = line.split()
            if len(f) >= 3 and f[1] in ("t", "T"):
                name = f[2] + (" " + f[3] if len(f) > 3 else "")
                rows.append((int(f[0], 16), name))
    return out


def parse_windows(lines):
    """[(side, ios)] in the order the guest ran them."""
    wins = []
    for line in lines:
        m = re.search(r"insn window (\S+) ios ([0-9.]+)", line)
        if m:
            wins.append((m.group(1), float(m.group(2))))
    return wins


def module_of(name):
    m = re.search(r"\[(\S+)\]$", name)
    return m.group(1) if m else "vmlinux"


def attribute(blocks, syms):
    """{symbol: insns}, user space as one row, unknown kernel text as another."""
    addrs, names = syms
    per = {}
    for vaddr, n in blocks:
        if vaddr < USER_TOP:
            key = "(user space)"
        else:
            i = bisect.bisect_right(addrs, vaddr) - 1
            key = names[i] if i >= 0 else "(unknown kernel)"
        per[key] = per.get(key, 0) + n
    return per


def by_module(per):
    mods = {}
    for name, n in per.items():
        mod = "user" if name == "(user space)" else module_of(name)
        mods[mod] = mods.get(mod, 0) + n
    return mods


def side_costs(counts, syms, wins):
    """[(side, ios, {symbol: insns per I/O}, fixed insns or None)] per side.

    A side with two windows of different I/O counts is charged the
    difference between them per extra I/O: what fio's start and end cost
    (the same in both windows) cancels out and is reported apart.
    """
    seen, order, missing = {}, [], []
    for k, (side, ios) in enumerate(wins, 1):
        blocks = counts.get(2 * k)
        if blocks is None or side not in syms or ios <= 0:
            missing.append(f"insn: {side}: no window (mark {2 * k}, symbols, I/Os)")
            continue
        if side not in seen:
            seen[side] = []
            order.append(side)
        seen[side].append((ios, attribute(blocks, syms[side])))
    out = []
    for side in order:
        w = seen[side]
        (ios0, per0), (ios1, per1) = w[0], w[-1]
        if len(w) > 1 and ios1 != ios0:
            d = ios1 - ios0
            per = {n: (per1.get(n, 0) - per0.get(n, 0)) / d for n in set(per0) | set(per1)}
            fixed = sum(per0.values()) - ios0 * sum(per.values())
            out.append((side, d, per, fixed))
        else:
            out.append((side, ios1, {n: v / ios1 for n, v in per1.items()}, None))
    return out, missing


def report(counts, syms, wins, top=40):
    sides, out = side_costs(counts, syms, wins)
    for side, ios, per, fixed in sides:
        total = sum(per.values())
        user = per.get("(user space)", 0)
        how = (f"the difference of two runs, {ios:.0f} I/Os apart; fio's start and end"
               f" {fixed:.0f} apart" if fixed is not None else f"{ios:.0f} I/Os")
        out.append(f"=== insn {side}: {total:.1f} instructions per I/O"
                   f" (kernel {total - user:.1f}, user {user:.1f}; {how})")
        clears = sum(per.get(n, 0) for n in CLEARS)
        out.append(f"insn-noclear {side}: {total - clears:.1f} instructions per I/O"
                   f" without page clearing ({clears:.1f})")
        out.append("--- by module, instructions per I/O")
        for mod, n in sorted(by_module(per).items(), key=lambda x: -x[1]):
            out.append(f"{mod:<28} {n:12.1f}")
        out.append("--- functions, instructions per I/O")
        for name, n in sorted(per.items(), key=lambda x: -x[1])[:top]:
            out.append(f"{name:<48} {n:12.1f}")
    if len(sides) < 2:
        return out
    base_side, _, base, _ = sides[0]
    base_mod = by_module(base)
    for side, _, per, _ in sides[1:]:
        mods = by_module(per)
        total = sum(per.values()) - sum(base.values())
        out.append(f"=== insn {side} - {base_side}: {total:+.1f} instructions per I/O")
        out.append("--- by module")
        for mod in sorted(set(mods) | set(base_mod)):
            a, b = base_mod.get(mod, 0), mods.get(mod, 0)
            out.append(f"{mod:<28} {a:12.1f} {b:12.1f} {b - a:+10.1f}")
        out.append("--- functions of both (vmlinux), largest differences")
        rows = []
        for name in set(per) | set(base):
            if module_of(name) != "vmlinux":
                continue
            a, b = base.get(name, 0), per.get(name, 0)
            if a != b:
                rows.append((b - a, name, a, b))
        rows.sort(key=lambda r: -abs(r[0]))
        for d, name, a, b in rows[:top]:
            out.append(f"{name:<48} {a:10.1f} {b:10.1f} {d:+9.1f}")
    return out


def main(argv):
    if len(argv) < 4:
        print(__doc__)
        return 2
    with open(argv[1]) as f:
        counts = parse_counts(f)
    with open(argv[2], errors="replace") as f:
        syms = parse_syms(f)
    with open(argv[3], errors="replace") as f:
        wins = parse_windows(f)
    top = int(argv[4]) if len(argv) > 4 else 40
    print("\n".join(report(counts, syms, wins, top)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
