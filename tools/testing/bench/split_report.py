#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Report of make bench BENCH_SPLIT=1: per side, busy us per I/O.

Reads the host guest's "SPLIT {json}" lines. For each comparison and
workload, each pair gives the ratio in-tree / other of the target guest's
busy time per I/O (above 1: the other target is cheaper) and of the host
guest's; the report shows the median ratio and the pairs' min..max.
"""
import json
import statistics
import sys
from collections import defaultdict


def main(log, outdir):
    runs = []
    for line in open(log, errors="replace"):
        at = line.find("SPLIT {")
        if at >= 0:
            runs.append(json.loads(line[at + 6:]))
    if not runs:
        print("bench-split: no SPLIT lines in", log)
        return 1
    per = defaultdict(dict)  # (cmp, wl, pair) -> side -> run
    for r in runs:
        per[(r["cmp"], r["wl"], r["pair"])][r["side"]] = r
    rows = defaultdict(lambda: defaultdict(list))
    for (cmp, wl, _pair), sides in sorted(per.items()):
        other = "ours" if cmp == "target" else "again"
        if "intree" not in sides or other not in sides:
            continue
        a, b = sides["intree"], sides[other]
        for who in ("target", "host"):
            ua = a[who + "_ns"] / a["ios"] / 1000
            ub = b[who + "_ns"] / b["ios"] / 1000
            rows[(cmp, wl, who)]["a"].append(ua)
            rows[(cmp, wl, who)]["b"].append(ub)
            rows[(cmp, wl, who)]["ratio"].append(ua / ub)
    lines = ["| compare | workload | side | in-tree us/IO | other us/IO | ratio | spread | pairs |",
             "|---|---|---|---|---|---|---|---|"]
    for (cmp, wl, who), v in sorted(rows.items()):
        rs = v["ratio"]
        lines.append(f"| {cmp} | {wl} | {who} | {statistics.median(v['a']):.2f} | "
                     f"{statistics.median(v['b']):.2f} | {statistics.median(rs):.3f} | "
                     f"{min(rs):.3f}..{max(rs):.3f} | {len(rs)} |")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(f"{outdir}/split.md", "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
