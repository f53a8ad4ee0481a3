#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks of split_report.py on made-up runs (make check, unit step). Prints KTAP."""
import contextlib
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import split_report  # noqa: E402

results = []


def check(name, cond):
    results.append((name, bool(cond)))


def line(cmp_, side, pair, ios, host_us, target_us):
    return ('# SPLIT {"cmp":"%s","side":"%s","pair":%d,"wl":"rw4k_qd32","ios":%d,'
            '"host_ns":%d,"target_ns":%d}\n' % (cmp_, side, pair, ios, host_us * ios * 1000,
                                                target_us * ios * 1000))


with tempfile.TemporaryDirectory() as d:
    log = os.path.join(d, "ktap.log")
    with open(log, "w") as f:
        # Ours costs 50 us per I/O on the target against 60: ratio 1.2; the
        # I/O counts differ, which per-I/O figures must not see.
        f.write(line("target", "intree", 1, 1000, 100, 60))
        f.write(line("target", "ours", 1, 2000, 100, 50))
        f.write(line("target", "ours", 2, 1500, 110, 50))
        f.write(line("target", "intree", 2, 1200, 100, 60))
        f.write(line("aa-target", "intree", 1, 1000, 100, 60))
        f.write(line("aa-target", "again", 1, 1100, 100, 60))
        # A pair with one side missing is left out, not counted as a ratio.
        f.write(line("aa-target", "intree", 2, 1000, 100, 60))
    with contextlib.redirect_stdout(io.StringIO()):
        rc = split_report.main(log, d)
    text = open(os.path.join(d, "split.md")).read()
    check("report written", rc == 0)
    check("target ratio is in-tree over ours per I/O",
          "| target | rw4k_qd32 | target | 60.00 | 50.00 | 1.200 | 1.200..1.200 | 2 |" in text)
    check("host side reported on its own",
          "| target | rw4k_qd32 | host | 100.00 | 105.00 | 0.955 | 0.909..1.000 | 2 |" in text)
    check("incomplete pair left out",
          "| aa-target | rw4k_qd32 | target | 60.00 | 60.00 | 1.000 | 1.000..1.000 | 1 |" in text)
    empty = os.path.join(d, "empty.log")
    open(empty, "w").close()
    with contextlib.redirect_stdout(io.StringIO()):
        rc = split_report.main(empty, d)
    check("no runs is an error", rc == 1)

print("KTAP version 1")
print("1..%d" % len(results))
for i, (name, ok) in enumerate(results, 1):
    print("%sok %d %s" % ("" if ok else "not ", i, name))
sys.exit(0 if all(ok for _, ok in results) else 1)
