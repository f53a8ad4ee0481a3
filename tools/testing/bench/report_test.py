#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks of report.py's statistics on made-up runs (make check, unit step).

Prints KTAP. The verdicts are what the speed bars are read from, so a wrong
interval or a mislabelled A/A side would mislead every later benchmark.
"""
import json
import math
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402

results = []


def check(name, cond):
    results.append((name, bool(cond)))


def fio(iops, lat_us):
    d = {"iops": iops, "bw_bytes": iops * 4096, "lat_ns": {"mean": lat_us * 1e3},
         "total_ios": int(iops * 4),
         "clat_ns": {"max": 1e6, "percentile": {"99.000000": 2e3 * lat_us}}}
    return {"jobs": [{"read": d, "write": dict(d, clat_ns={"max": 0, "percentile": {}})}]}


def bench_lines(pairs, gain, noise, seed):
    """BENCH lines: 'host' with B better by GAIN, 'aa-host' and 'rdma-aa-host' identical."""
    rnd = random.Random(seed)
    out = ['BENCHINFO {"boot": 1, "cpus": 2, "runtime": 4, "pairs": %d}' % pairs]
    for cmp_, b in (("host", "ours"), ("aa-host", "again"), ("rdma-aa-host", "again")):
        for pair in range(1, pairs + 1):
            for side in ("intree", b):
                k = rnd.gauss(1.0, noise) * (gain if side == "ours" else 1.0)
                run = {"cmp": cmp_, "side": side, "pair": pair, "digest": 0, "queues": 1,
                       "wl": "rr4k_qd1", "busy_jiffies": 400, "hz": 100, "fio": fio(2000 * k, 500 / k)}
                out.append("BENCH " + json.dumps(run))
    return out


def run_report(lines):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "bench.log")
        with open(src, "w") as fh:
            fh.write("\n".join(lines) + "\n")
        saved = sys.argv, sys.stdout
        try:
            sys.argv = ["report.py", src, d]
            sys.stdout = open(os.devnull, "w")
            rc = report.main()
        finally:
            sys.stdout.close()
            sys.argv, sys.stdout = saved
        with open(os.path.join(d, "bench.json")) as fh:
            return rc, json.load(fh)


# The interval of identical ratios is a point; under three pairs there is none.
ci = report.ratio_ci([1.1, 1.1, 1.1])
check("ci_constant_ratios", ci and all(abs(v - 1.1) < 1e-9 for v in ci))
check("ci_needs_three_pairs", report.ratio_ci([1.2, 0.9]) is None)
# Hand-computed: logs of (1.0, 1.2, 1.1), t(2) = 4.303.
logs = [0.0, math.log(1.2), math.log(1.1)]
m = sum(logs) / 3
sd = math.sqrt(sum((x - m) ** 2 for x in logs) / 2)
ci = report.ratio_ci([1.0, 1.2, 1.1])
check("ci_paired_t", abs(ci[1] - math.exp(m - 4.303 * sd / math.sqrt(3))) < 1e-9 and
      abs(ci[2] - math.exp(m + 4.303 * sd / math.sqrt(3))) < 1e-9)
check("verdicts", report.verdict((1.1, 1.02, 1.2)) == "ahead" and
      report.verdict((0.9, 0.85, 0.98)) == "behind" and
      report.verdict((1.0, 0.95, 1.05)) == "parity" and report.verdict(None) == "-")

# With one vCPU the I/O completes inside io_submit and fio's clat is the reap
# alone: p99 is read from the total latency when fio recorded it.
d = fio(2000, 500)["jobs"][0]
d["read"]["lat_ns"]["percentile"] = {"99.000000": 480e3}
check("p99_prefers_total_latency", report.p99_us(d, "read") == 480)
del d["read"]["lat_ns"]["percentile"]
check("p99_falls_back_to_clat", report.p99_us(d, "read") == 1000)
# CPU per I/O: the busy share of the /proc/stat window times the CPU time of
# fio's measured runtime, over its I/Os (ramp I/Os are not counted).
run = {"wl": "rr4k_qd1", "busy_jiffies": 300, "kernel_jiffies": 240, "total_jiffies": 400, "cpus": 2,
       "hz": 100, "fio": {"jobs": [dict(fio(2000, 500)["jobs"][0], job_runtime=2000)]}}
run["fio"]["jobs"][0]["read"]["total_ios"] = 10000
check("cpu_per_io_busy_share", abs(report.cpu_figure(run, "cpu_us_per_io") - 300) < 1e-9 and
      abs(report.cpu_figure(run, "kernel_us_per_io") - 240) < 1e-9 and
      abs(report.cpu_figure(run, "iops_per_cpu_s") - 1e6 / 300) < 1e-9)
del run["total_jiffies"]
check("cpu_per_io_old_logs", abs(report.cpu_figure(run, "cpu_us_per_io") - 300) < 1e-9)

# Under icount a difference is called only beyond the A/A bar (1 %).
check("verdict_margin", report.verdict((0.9997, 0.9995, 0.9999), 0.01) == "parity" and
      report.verdict((0.97, 0.965, 0.975), 0.01) == "behind" and
      report.verdict((1.03, 1.02, 1.04), 0.01) == "ahead")

rc, rep = run_report(bench_lines(pairs=12, gain=1.25, noise=0.02, seed=7))
rows = {(r["compare"], r["figure"]): r for r in rep["rows"]}
check("report_runs", rc == 0)
check("aa_sides_paired", rows[("aa-host", "iops")]["pairs"] == 12 and
      rows[("rdma-aa-host", "iops")]["pairs"] == 12)
check("clear_gain_is_ahead", rows[("host", "iops")]["verdict"] == "ahead" and
      rows[("host", "lat_mean_us")]["verdict"] == "ahead")
check("identical_code_is_parity", rows[("aa-host", "iops")]["verdict"] == "parity" and
      rows[("rdma-aa-host", "iops")]["verdict"] == "parity")
check("noise_floor_reported", 0 < rep["summary"]["noise_floor_aa-host"]["median"] < 0.1)
rc, rep = run_report(bench_lines(pairs=12, gain=0.8, noise=0.02, seed=8))
rows = {(r["compare"], r["figure"]): r for r in rep["rows"]}
check("clear_loss_is_behind", rows[("host", "iops")]["verdict"] == "behind" and
      rep["summary"]["median_below_1_host"] == 3)

# Failover lines alone make a report; the ratio is in-tree over ours per pair.
fo = ['BENCHINFO {"boot": 1, "cpus": 2, "runtime": 4, "pairs": 3}']
for pair in (1, 2, 3):
    for host, ms in (("intree", 6000 + 100 * pair), ("ours", 1200)):
        fo.append("FAILOVER " + json.dumps({"host": host, "pair": pair, "cut": "netem", "kato": 5,
                                             "failover_ms": ms, "worst_lat_ms": ms + 5,
                                             "detect_ms": None if host == "intree" else 1000}))
rc, rep = run_report(fo)
s = rep["summary"].get("failover_failover_ms", {})
check("failover_ratio_intree_over_ours", rc == 0 and s.get("ours") == 1200 and
      abs(s.get("ratio_median", 0) - 6200 / 1200) < 1e-9 and
      rep["summary"]["failover_detect_ms"]["intree"] is None)

# With an A/A host (ours again in the same boot) the table gains its column
# and the A/A ratio ours-again/ours per pair; in-tree/ours is unchanged.
fo = ['BENCHINFO {"boot": 1, "cpus": 2, "runtime": 4, "pairs": 3}']
for pair in (1, 2, 3):
    for host, ms in (("intree", 6000), ("ours", 1000 + 100 * pair), ("ours-again", 1100 + 100 * pair)):
        fo.append("FAILOVER " + json.dumps({"host": host, "pair": pair, "cut": "netem", "kato": 5,
                                             "failover_ms": ms, "worst_lat_ms": ms + 5, "within_cut": 1,
                                             "detect_ms": None if host == "intree" else 900}))
rc, rep = run_report(fo)
s = rep["summary"].get("failover_failover_ms", {})
check("failover_aa_ratio_ours_again_over_ours", rc == 0 and s.get("ours_again") == 1300 and
      abs(s.get("aa_ratio_median", 0) - 1300 / 1200) < 1e-9 and
      abs(s["aa_ratio_range"][0] - 1400 / 1300) < 1e-9 and abs(s["aa_ratio_range"][1] - 1200 / 1100) < 1e-9)
check("failover_aa_leaves_claimed_ratio", abs(s.get("ratio_median", 0) - 6000 / 1200) < 1e-9 and
      rep["summary"]["failover_detect_ms"]["aa_ratio_median"] == 1.0)
check("failover_aa_counts_late_runs", rep["summary"]["failover_resumed_after_restore"] ==
      {"intree": 0, "ours": 0, "ours-again": 0})
# Without A/A lines no A/A figures are made up.
rc, rep = run_report([x for x in fo if '"ours-again"' not in x])
check("failover_no_aa_without_lines", rc == 0 and
      "aa_ratio_median" not in rep["summary"]["failover_failover_ms"])

print("KTAP version 1")
print(f"1..{len(results)}")
for i, (name, ok) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
sys.exit(0 if all(ok for _, ok in results) else 1)
