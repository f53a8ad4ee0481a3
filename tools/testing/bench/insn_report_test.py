#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""KTAP unit tests of insn_report.py: windows, attribution, differences."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import insn_report as ir  # noqa: E402

COUNTS = """mark 1
ffffffff81000000 10 999
mark 2
ffffffff81000000 10 100
ffffffff81000010 2 50
ffffffffc0000000 4 100
400000 5 20
mark 3
ffffffff81000000 10 7
mark 4
ffffffff81000000 10 120
ffffffffc0000100 3 100
ffffffffa0000000 1 9
exit 4
""".splitlines()

SYMS = """syms intree
ffffffff81000000 T core_a
ffffffff81000010 t core_b
ffffffff81000100 D data_x
ffffffffc0000000 t drv_fn\t[nvme_tcp]
end
syms ours
ffffffff81000000 T core_a
ffffffff81000010 t core_b
ffffffffc0000100 t our_fn\t[nvmeof_host_tcp]
end
""".splitlines()

KTAP = """    # insn window intree ios 100
    # insn window ours ios 50
""".splitlines()

tests = []


def test(fn):
    tests.append(fn)
    return fn


@test
def windows_are_the_even_marks():
    c = ir.parse_counts(COUNTS)
    assert sorted(c) == [1, 2, 3, 4], c
    assert c[2][0] == (0xffffffff81000000, 1000), c[2]
    assert ir.parse_windows(KTAP) == [("intree", 100.0), ("ours", 50.0)]


@test
def blocks_go_to_the_symbol_at_or_below():
    s = ir.parse_syms(SYMS)
    per = ir.attribute(ir.parse_counts(COUNTS)[2], s["intree"])
    assert per == {"core_a": 1000, "core_b": 100, "drv_fn [nvme_tcp]": 400,
                   "(user space)": 100}, per
    mods = ir.by_module(per)
    assert mods == {"vmlinux": 1100, "nvme_tcp": 400, "user": 100}, mods
    # data symbols are not text; below every symbol is unknown
    per = ir.attribute([(0xffffffff80000000, 3)], s["intree"])
    assert per == {"(unknown kernel)": 3}, per


@test
def report_per_io_and_difference():
    out = ir.report(ir.parse_counts(COUNTS), ir.parse_syms(SYMS), ir.parse_windows(KTAP))
    text = "\n".join(out)
    # intree: 1600 instructions over 100 I/Os; ours: 1200 + 300 + 9 over 50
    assert "=== insn intree: 16.0 instructions per I/O (kernel 15.0, user 1.0; 100 I/Os)" in text, text
    assert "=== insn ours: 30.2 instructions per I/O" in text, text
    assert "insn-noclear intree: 16.0 instructions per I/O without page clearing (0.0)" in text, text
    assert "=== insn ours - intree: +14.2 instructions per I/O" in text, text
    line = [x for x in out if x.startswith("core_a ")]
    assert line and line[-1].split()[1:] == ["10.0", "24.0", "+14.0"], line


@test
def two_windows_cancel_the_start():
    # one side, 10 then 30 I/Os: 370 then 570 instructions, so 10 per I/O
    # and 270 for fio's start and end
    counts = ir.parse_counts("""mark 1
mark 2
ffffffff81000000 10 37
mark 3
mark 4
ffffffff81000000 10 57
""".splitlines())
    wins = [("intree", 10.0), ("intree", 30.0)]
    (side, ios, per, fixed), = ir.side_costs(counts, ir.parse_syms(SYMS), wins)[0]
    assert (side, ios, fixed) == ("intree", 20.0, 270.0), (side, ios, fixed)
    assert per == {"core_a": 10.0}, per


@test
def page_clearing_is_counted_apart():
    syms = ir.parse_syms("""syms a
ffffffff81000000 T clear_page_erms
ffffffff81000100 T other
end
""".splitlines())
    counts = ir.parse_counts("""mark 1
mark 2
ffffffff81000000 1 4096
ffffffff81000100 4 25
""".splitlines())
    out = "\n".join(ir.report(counts, syms, [("a", 1.0)]))
    assert "=== insn a: 4196.0 instructions per I/O" in out, out
    assert "insn-noclear a: 100.0 instructions per I/O without page clearing (4096.0)" in out, out


@test
def a_missing_window_is_said_not_invented():
    out = ir.report(ir.parse_counts(COUNTS[:9]), ir.parse_syms(SYMS), ir.parse_windows(KTAP))
    assert any("ours: no window" in x for x in out), out
    assert not any(x.startswith("=== insn ours - ") for x in out), out


def main():
    print("KTAP version 1")
    print(f"1..{len(tests)}")
    failed = 0
    for i, fn in enumerate(tests, 1):
        try:
            fn()
            print(f"ok {i} {fn.__name__}")
        except AssertionError as e:
            failed += 1
            print(f"# {e}")
            print(f"not ok {i} {fn.__name__}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
