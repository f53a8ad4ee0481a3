#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Turns the guest's BENCH lines into the make bench report.

For every comparison (our target vs in-tree target, our host vs in-tree host,
our stack with the per-queue counters off vs on),
workload, digest setting and queue count: each figure for both stacks (median
over the A/B pairs), the ratio per pair and its median and spread. Ratios are
oriented so that > 1.0 means ours is better: throughput ours/in-tree, latency
and CPU cost in-tree/ours (for "stats": on vs off, so 1 - ratio is the
counters' cost). Writes bench.md, bench.json and latency.png.

Each row also gets a 95 % confidence interval of the ratio (paired t on the
per-pair log ratios, i.e. of the geometric mean ratio) and a verdict: ahead
(interval above 1.0), behind (below) or parity (it contains 1.0). "aa-*" rows
run the in-tree host against itself ("again"): how wide their intervals are
is the smallest difference the run could have resolved.
"""
import json
import math
import statistics
import subprocess
import sys
from collections import defaultdict

def p99_us(d, r):
    """99th percentile of the total latency (fio --lat_percentiles=1), else of clat.

    fio's clat runs from io_submit()'s return: with one CPU the whole I/O can
    complete inside io_submit() (the transport's work preempts fio before it
    returns), so clat is the reap alone, a few microseconds whatever the
    stack costs. Older logs have only clat percentiles.
    """
    pct = d[r].get("lat_ns", {}).get("percentile") or d[r]["clat_ns"]["percentile"]
    return pct.get("99.000000", 0) / 1e3


FIGURES = {
    # name: (extractor, unit, higher_is_better)
    "iops": (lambda d, r: d[r]["iops"], "IOPS", True),
    "bw_mib": (lambda d, r: d[r]["bw_bytes"] / 2**20, "MiB/s", True),
    "lat_mean_us": (lambda d, r: d[r]["lat_ns"]["mean"] / 1e3, "us", False),
    "lat_p99_us": (p99_us, "us", False),
}
# Figures from the guest's /proc/stat, per I/O: name -> (unit, higher_is_better).
CPU_FIGURES = {
    "cpu_us_per_io": ("us CPU/IO", False),
    "kernel_us_per_io": ("us kernel CPU/IO", False),
    "iops_per_cpu_s": ("IO/CPU-s", True),
}
WL_FIGURES = {
    "rr4k_qd1": ["lat_mean_us", "lat_p99_us", "iops"],
    "rr4k_qd32": ["iops"],
    "rw4k_qd32": ["iops"],
    "sr128k_qd8": ["bw_mib"],
}

# Two-sided 95 % quantiles of Student's t, by degrees of freedom.
T95 = [None, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
       2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086]


def ratio_ci(ratios):
    """95 % interval of the geometric mean of RATIOS, or None under 3 pairs."""
    logs = [math.log(r) for r in ratios]
    n = len(logs)
    if n < 3:
        return None
    m = statistics.mean(logs)
    half = (T95[n - 1] if n - 1 < len(T95) else 1.96) * statistics.stdev(logs) / math.sqrt(n)
    return math.exp(m), math.exp(m - half), math.exp(m + half)


def is_aa(cmp_):
    """A/A rows: "aa-host" over TCP, "rdma-aa-host" over RDMA."""
    return "aa-" in cmp_


def verdict(ci, margin=0.0):
    """ahead / behind when the interval clears 1.0 by more than MARGIN, else parity.

    Under the icount clock the intervals are so narrow that identical code
    (A/A) differs "significantly" by a few hundredths of a percent, module
    load to module load; a difference is called only beyond the A/A bar.
    """
    if ci is None:
        return "-"
    return "ahead" if ci[1] > 1.0 + margin else "behind" if ci[2] < 1.0 - margin else "parity"


def load(path):
    runs, info = [], {}
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("# "):
                line = line[2:]
            if line.startswith("BENCHINFO "):
                rec = json.loads(line[len("BENCHINFO "):])
                # One "boot" record per guest boot (make bench BENCH_BOOTS).
                info["boots"] = info.get("boots", 0) + rec.pop("boot", 0)
                info.update(rec)
            elif line.startswith("FAILOVER "):
                try:
                    info.setdefault("failover", []).append(json.loads(line[len("FAILOVER "):]))
                except json.JSONDecodeError as e:
                    print(f"# skipping an unreadable FAILOVER line: {e}", file=sys.stderr)
            elif line.startswith("BENCH "):
                try:
                    runs.append(json.loads(line[len("BENCH "):]))
                except json.JSONDecodeError as e:
                    print(f"# skipping an unreadable BENCH line: {e}", file=sys.stderr)
    return runs, info


def job(run):
    j = run["fio"]["jobs"][0]
    rw = "write" if run["wl"].startswith("rw") else "read"
    return j, rw


def cpu_us_per_io(run, part="busy_jiffies"):
    """CPU time (all CPUs) per I/O completed, in us; PART is busy or kernel ticks.

    fio's ramp and start-up fall inside the /proc/stat window but their I/Os
    are not in total_ios, so where the run recorded the total ticks the cost
    is the busy share of the window times the CPU time of fio's measured
    runtime (job_runtime), over its I/Os. Older logs: ticks over I/Os.
    """
    j, rw = job(run)
    ios = j[rw]["total_ios"]
    if not ios or part not in run:
        return None
    if run.get("total_jiffies") and j.get("job_runtime"):
        share = run[part] / run["total_jiffies"]
        return share * run.get("cpus", 1) * j["job_runtime"] * 1e3 / ios
    return run[part] * (1e6 / run.get("hz", 100)) / ios


def cpu_figure(run, fig):
    if fig == "cpu_us_per_io":
        return cpu_us_per_io(run)
    if fig == "kernel_us_per_io":
        return cpu_us_per_io(run, "kernel_jiffies")
    v = cpu_us_per_io(run)
    return 1e6 / v if v else None


def main():
    src, outdir = sys.argv[1], sys.argv[2]
    runs, info = load(src)
    if not runs and not info.get("failover"):
        print("bench: no BENCH records found in " + src)
        return 1
    by = defaultdict(lambda: defaultdict(dict))  # key -> side -> pair -> run
    for r in runs:
        key = (r["cmp"], r["wl"], r["digest"], r["queues"])
        by[key][r["side"]][r["pair"]] = r

    # The A/A bar of the icount clock (issue 25): identical code within 1 %.
    margin = 0.01 if info.get("clock") == "icount" else 0.0
    rows = []
    for key in sorted(by):
        cmp_, wl, dg, q = key
        if cmp_ == "local":
            continue
        sides = by[key]
        figs = WL_FIGURES[wl] + list(CPU_FIGURES)
        for fig in figs:
            vals = {}
            # The B side of an A/A comparison is the in-tree stack again.
            for side, rec in (("intree", "intree"), ("ours", "again" if is_aa(cmp_) else "ours")):
                per_pair = {}
                for pair, r in sides.get(rec, {}).items():
                    if fig in CPU_FIGURES:
                        v = cpu_figure(r, fig)
                    else:
                        j, rw = job(r)
                        v = FIGURES[fig][0](j, rw)
                    if v is not None:
                        per_pair[pair] = v
                vals[side] = per_pair
            higher = fig in ("iops", "bw_mib") or CPU_FIGURES.get(fig, ("", False))[1]
            ratios, deltas = [], []
            for pair in sorted(set(vals["intree"]) & set(vals["ours"])):
                a, b = vals["intree"][pair], vals["ours"][pair]
                if a > 0 and b > 0:
                    ratios.append(b / a if higher else a / b)
                    deltas.append(b - a)
            ci = ratio_ci(ratios)
            local = by.get(("local", wl, 0, 0), {}).get("nullb0", {})
            local_v = None
            if fig in FIGURES and local:
                local_v = statistics.median(FIGURES[fig][0](*job(r)) for r in local.values())
            if not vals["intree"] and not vals["ours"]:
                continue
            rows.append({
                "compare": cmp_, "workload": wl, "digest": dg, "queues": q, "figure": fig,
                "unit": FIGURES[fig][1] if fig in FIGURES else CPU_FIGURES[fig][0],
                "intree": statistics.median(vals["intree"].values()) if vals["intree"] else None,
                "ours": statistics.median(vals["ours"].values()) if vals["ours"] else None,
                "ratio_median": statistics.median(ratios) if ratios else None,
                "ratio_min": min(ratios) if ratios else None,
                "ratio_max": max(ratios) if ratios else None,
                "ratio_geomean": ci[0] if ci else None,
                "ci95_low": ci[1] if ci else None,
                "ci95_high": ci[2] if ci else None,
                "verdict": verdict(ci, margin),
                "pairs": len(ratios),
                "local_nullb0": local_v,
                # ours - in-tree per pair (median): for CPU per I/O, what the
                # swapped side costs more (the other side is the same code).
                "delta_median": statistics.median(deltas) if deltas else None,
            })

    def f(v, n=2):
        return "-" if v is None else (f"{v:.{n}f}" if isinstance(v, float) else str(v))

    clock = info.get("clock", "wall")
    if clock == "icount":
        clock = (f"icount clock (`-icount shift={info.get('icount_shift')},sleep=off`: the guest's time is "
                 "its instruction count, so every figure counts guest work, not the emulator's speed)")
    else:
        clock = "wall clock (the guest's time is the host's: figures include the emulator's speed)"
    md = ["# nvmeof benchmark", "",
          f"Guest: {info.get('cpus', '?')} vCPUs under TCG, {clock}; {info.get('runtime', '?')} s per run; "
          f"{info.get('pairs', '?')} A/B pairs per boot, {info.get('boots') or 1} boot(s). Our target present: "
          f"{bool(info.get('ours_target'))}; our host present: {bool(info.get('ours_host'))}.",
          "Ratio > 1.0 means ours is better (throughput ours/in-tree; latency and CPU in-tree/ours).",
          "In `stats` rows the in-tree column is our stack with the counters off and ours with them on.",
          "In `aa-*` rows both columns are the in-tree stack (the noise floor: identical code, same procedure).",
          "In `mpath-*` rows both columns are our host: in-tree = one path, ours = two paths with iopolicy "
          "round-robin (`mpath-rr`) or queue-depth (`mpath-qd`).",
          "95 % CI: interval of the geometric mean ratio (paired t on log ratios); verdict ahead / behind "
          f"when it excludes 1.0{f' by more than {100 * margin:.0f} % (the A/A bar)' if margin else ''}, "
          "else parity.",
          "CPU figures from the guest's /proc/stat: `cpu_us_per_io` all busy CPU time per I/O (fio's "
          "included), `kernel_us_per_io` its system+irq+softirq part (split by the timer tick's samples: "
          "noisier), `iops_per_cpu_s` I/Os per busy CPU-second (the inverse of the first).",
          "Absolute numbers under emulation mean little; compare ratios.", "",
          "| compare | workload | digest | queues | figure | unit | in-tree | ours | ratio (median) | spread "
          "| 95 % CI | verdict | pairs | local nullb0 |",
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    # Three decimals: the icount clock resolves well under 1 %.
    for r in rows:
        spread = "-" if r["ratio_min"] is None else f"{r['ratio_min']:.3f}..{r['ratio_max']:.3f}"
        ci = "-" if r["ci95_low"] is None else f"{r['ci95_low']:.3f}..{r['ci95_high']:.3f}"
        md.append(f"| {r['compare']} | {r['workload']} | {'on' if r['digest'] else 'off'} | {r['queues']} | "
                  f"{r['figure']} | {r['unit']} | {f(r['intree'])} | {f(r['ours'])} | {f(r['ratio_median'], 3)} | "
                  f"{spread} | {ci} | {r['verdict']} | {r['pairs']} | {f(r['local_nullb0'])} |")
    summary = {}
    # Per comparison: how many figures (CPU cost aside) are ahead, at
    # parity, behind; for A/A rows, how far their intervals reach is the
    # noise floor.
    for cmp_ in sorted({r["compare"] for r in rows}):
        sel = [r for r in rows if r["compare"] == cmp_ and r["figure"] not in CPU_FIGURES
               and r["ci95_low"] is not None]
        # iops_per_cpu_s is the inverse of cpu_us_per_io, and the kernel's
        # share is sampled by the timer tick (under icount the tick and a
        # steady I/O loop can alias: 1-2 % off between identical runs), so
        # only cpu_us_per_io is counted.
        cpu_sel = [r for r in rows if r["compare"] == cmp_ and r["figure"] == "cpu_us_per_io"
                   and r["ci95_low"] is not None]
        if not sel:
            continue
        count = {v: sum(1 for r in sel if r["verdict"] == v) for v in ("ahead", "parity", "behind")}
        summary[f"verdict_{cmp_}"] = count
        below = sum(1 for r in sel if r["ratio_median"] < 1.0)
        summary[f"median_below_1_{cmp_}"] = below
        line = (f"`{cmp_}`: {count['ahead']} ahead, {count['parity']} at parity, {count['behind']} behind "
                f"(of {len(sel)} figures, 95 % intervals); {below} median ratios below 1.0")
        if cpu_sel:
            cpu_count = {v: sum(1 for r in cpu_sel if r["verdict"] == v) for v in ("ahead", "parity", "behind")}
            summary[f"cpu_verdict_{cmp_}"] = cpu_count
            line += (f"; CPU per I/O: {cpu_count['ahead']} ahead, {cpu_count['parity']} at parity, "
                     f"{cpu_count['behind']} behind (of {len(cpu_sel)})")
        if is_aa(cmp_):
            # How far from 1.0 each identical-code interval reaches.
            reach = sorted(max(1 / r["ci95_low"], r["ci95_high"]) - 1 for r in sel)
            summary[f"noise_floor_{cmp_}"] = {"median": statistics.median(reach), "max": reach[-1]}
            line += (f"; identical code, so anything but parity is a false alarm. Its intervals reach "
                     f"{100 * statistics.median(reach):.1f} % from 1.0 (median; widest "
                     f"{100 * reach[-1]:.1f} %): a difference smaller than that is not resolved by this run")
            if cpu_sel:
                reach = sorted(max(1 / r["ci95_low"], r["ci95_high"]) - 1 for r in cpu_sel)
                summary[f"noise_floor_cpu_{cmp_}"] = {"median": statistics.median(reach), "max": reach[-1]}
                line += (f"; CPU per I/O intervals reach {100 * statistics.median(reach):.1f} % "
                         f"(widest {100 * reach[-1]:.1f} %)")
            # The bar of issue 25: every interval of identical code within 1 %.
            worst = max(sel + cpu_sel, key=lambda r: max(1 / r["ci95_low"], r["ci95_high"]))
            reach = max(1 / worst["ci95_low"], worst["ci95_high"]) - 1
            summary[f"aa_bar_{cmp_}"] = reach <= 0.01
            line += (f"; the A/A bar (every interval within ±1 %) is {'met' if reach <= 0.01 else 'NOT met'} "
                     f"(widest: {worst['workload']} {worst['figure']}, digest "
                     f"{'on' if worst['digest'] else 'off'}, {100 * reach:.2f} %)")
        md += ["", line + "."]
    # The other side of a host or target comparison is the same code, so the
    # difference in CPU per I/O is the swapped side's own.
    deltas = [r for r in rows if r["figure"] in ("cpu_us_per_io", "kernel_us_per_io")
              and r["delta_median"] is not None and r["compare"] not in ("stats",)
              and not r["compare"].startswith("mpath")]
    if deltas:
        md += ["", "CPU per I/O, ours minus in-tree (median over pairs, us; the comparison's other side "
               "is identical code, so this is the swapped host's or target's own difference; "
               "`aa-*` rows: the same for identical code):", "",
               "| compare | workload | digest | queues | figure | in-tree | ours - in-tree | pairs |",
               "|---|---|---|---|---|---|---|---|"]
        for r in deltas:
            md.append(f"| {r['compare']} | {r['workload']} | {'on' if r['digest'] else 'off'} | {r['queues']} | "
                      f"{r['figure']} | {f(r['intree'])} | {r['delta_median']:+.2f} | {r['pairs']} |")
    stats_rows = [r for r in rows if r["compare"] == "stats" and r["ratio_median"] is not None
                  and r["figure"] not in CPU_FIGURES]
    if stats_rows:
        worst = min(r["ratio_median"] for r in stats_rows)
        overall = statistics.median(r["ratio_median"] for r in stats_rows)
        lo = min(r["ratio_min"] for r in stats_rows)
        hi = max(r["ratio_max"] for r in stats_rows)
        resolves = hi - lo < 0.04
        md += ["", f"Counters end to end (stats rows, in-tree = off, ours = on): median ratio {overall:.3f} "
               f"over {len(stats_rows)} figures (worst {worst:.3f}); single samples range "
               f"{lo:.2f}..{hi:.2f}, so this run " +
               ("can resolve a 2 % difference." if resolves else
                "cannot resolve a 2 % difference: the timing below is the figure for the budget.")]
        summary.update({"stats_ratio_median": overall, "stats_ratio_worst": worst,
                        "stats_ratio_sample_min": lo, "stats_ratio_sample_max": hi})
    if "stats_ns_on" in info:
        # Both sides count each command: twice the fast path per I/O.
        per_io_ns = 2 * max(info["stats_ns_on"] - info["stats_ns_off"], 0)
        summary.update({"stats_ns_on": info["stats_ns_on"], "stats_ns_off": info["stats_ns_off"],
                        "stats_ns_per_io": per_io_ns})
        md += ["", f"Counters fast path timed alone (`/sys/kernel/debug/nvmeof/stats_cost`): "
               f"{info['stats_ns_on']} ns per command on, {info['stats_ns_off']} ns off; "
               f"host and target both count, so {per_io_ns} ns per I/O."]
        for r in rows:
            if r["compare"] == "stats" and r["ours"] and r["figure"] in ("cpu_us_per_io", "lat_mean_us"):
                share = 100 * per_io_ns / 1e3 / r["ours"]
                key = f"stats_cost_pct_of_{r['figure']}_{r['workload']}"
                summary[key] = share
                md.append(f"That is {share:.3f} % of the {r['figure']} of {r['workload']} "
                          f"({r['ours']:.1f} us, counters on).")
        shares = [v for k, v in summary.items() if k.startswith("stats_cost_pct_of_cpu")]
        if shares:
            worst_share = max(shares)
            summary["stats_cost_pct_worst"] = worst_share
            md.append(f"Counters' cost: at most {worst_share:.3f} % of the CPU time per I/O "
                      f"({'within' if worst_share < 2 else 'OVER'} the 2 % budget).")
    # A run whose worst completion took longer than a TCP retransmission
    # timeout, or that saw retransmissions or drops: a stall, not a speed.
    stalls = []
    for r in runs:
        j, _ = job(r)
        worst = max(j[d]["clat_ns"]["max"] for d in ("read", "write")) / 1e6
        loss = [r.get(k) for k in ("tcp_retrans", "backlog_drops", "softnet_drops")]
        if worst > 100 or any(loss):
            loss = ["-" if v is None else v for v in loss]
            stalls.append(f"| {r['cmp']} | {r['wl']} | {'on' if r['digest'] else 'off'} | {r['queues']} | "
                          f"{r['pair']} | {r['side']} | {worst:.1f} | {loss[0]} | {loss[1]} | {loss[2]} |")
    if stalls:
        md += ["", "Runs with a completion slower than 100 ms or with TCP retransmissions or drops:", "",
               "| compare | workload | digest | queues | pair | side | max latency ms | retransmits | "
               "socket backlog drops | softnet drops |", "|---|---|---|---|---|---|---|---|---|---|"] + stalls
    summary["stalled_runs"] = len(stalls)
    md += mpath_shares(runs, summary)
    md += failover_section(info.get("failover", []), summary)
    text = "\n".join(md) + "\n"
    with open(f"{outdir}/bench.md", "w") as fh:
        fh.write(text)
    with open(f"{outdir}/bench.json", "w") as fh:
        json.dump({"info": info, "summary": summary, "rows": rows}, fh, indent=1)
    print(text)
    plot(by, outdir)
    return 0


def mpath_shares(runs, summary):
    """How each two-path run split its I/O between the paths (median share of path a)."""
    shares = defaultdict(list)
    for r in runs:
        if r["cmp"].startswith("mpath-") and r["side"] == "ours" and sum(r.get("paths_io", [])) > 0:
            a, b = r["paths_io"]
            shares[(r["cmp"], r["wl"])].append(a / (a + b))
    if not shares:
        return []
    out = ["", "Two-path runs: share of the I/O that path a carried (median over pairs; 0.5 is an even split):", ""]
    for (cmp_, wl), v in sorted(shares.items()):
        m = statistics.median(v)
        summary[f"path_a_share_{cmp_}_{wl}"] = m
        out.append(f"- `{cmp_}` `{wl}`: {m:.2f} ({len(v)} runs)")
    return out


def failover_section(recs, summary):
    """The failover figures: per host the median over pairs, per pair the ratio in-tree/ours, and
    the A/A ratio ours-again/ours (the same code twice in one boot: the spread of the measurement)."""
    if not recs:
        return []
    by = defaultdict(dict)  # host -> pair -> record
    for r in recs:
        by[r["host"]][r["pair"]] = r
    aa = "ours-again" in by
    out = ["", "## Failover", "",
           f"Active path cut ({recs[0].get('cut', '?')}) under fio 4 KiB random read QD16 on the head disk, "
           f"KATO {recs[0].get('kato', '?')} s, the in-tree target on two ports over two veth wires. "
           "`failover_ms`: from the cut to the end of the longest completion gap after it (I/O completing "
           "through the other path); `stall_ms`: that gap itself, from the last completion before it (the "
           "guest's clock alignment aside); `worst_lat_ms`: the slowest I/O completed after the cut; "
           "`detect_ms`: our host's `ka_detect_ms` (silence before the degrade). Ratio in-tree/ours, > 1.0: "
           "ours fails over faster."
           + (" A/A: our host run again in the same boot (`ours again`, reloaded, same code); its ratio "
              "ours-again/ours is 1.0 but for the noise of the measurement, so a claimed ratio inside "
              "the A/A spread shows nothing." if aa else ""), ""]
    if aa:
        out += ["| figure | in-tree | ours | ours again | ratio (median) | spread | A/A ratio (median) "
                "| A/A spread | pairs |", "|---|---|---|---|---|---|---|---|---|"]
    else:
        out += ["| figure | in-tree | ours | ratio (median) | spread | pairs |", "|---|---|---|---|---|---|"]
    for r in recs:
        r.setdefault("stall_ms", r.get("gap_ms"))

    def ratios_of(num, den, fig):
        v = []
        for pair in sorted(set(by.get(num, {})) & set(by.get(den, {}))):
            a, b = by[num][pair].get(fig), by[den][pair].get(fig)
            if a and b:
                v.append(a / b)
        return v

    def f(v):
        return "-" if v is None else f"{v:.0f}"

    def r2(v):
        return "-" if v is None else f"{v:.2f}"

    def spread_of(v):
        return f"{min(v):.2f}..{max(v):.2f}" if v else "-"

    for fig in ("failover_ms", "stall_ms", "worst_lat_ms", "detect_ms"):
        med = {}
        for host in ("intree", "ours", "ours-again"):
            v = [r[fig] for r in by.get(host, {}).values() if r.get(fig) is not None]
            med[host] = statistics.median(v) if v else None
        ratios = ratios_of("intree", "ours", fig)
        rm = statistics.median(ratios) if ratios else None
        summary[f"failover_{fig}"] = {"intree": med["intree"], "ours": med["ours"], "ratio_median": rm}
        row = f"| {fig} | {f(med['intree'])} | {f(med['ours'])} | "
        if aa:
            aar = ratios_of("ours-again", "ours", fig)
            am = statistics.median(aar) if aar else None
            summary[f"failover_{fig}"].update(
                ours_again=med["ours-again"], aa_ratio_median=am,
                aa_ratio_range=[min(aar), max(aar)] if aar else None)
            row += f"{f(med['ours-again'])} | {r2(rm)} | {spread_of(ratios)} | {r2(am)} | {spread_of(aar)} | "
        else:
            row += f"{r2(rm)} | {spread_of(ratios)} | "
        out.append(row + f"{len(ratios)} |")
    # A run whose I/O came back only with the cut path's restore never failed over.
    hosts = ("intree", "ours", "ours-again") if aa else ("intree", "ours")
    label = {"intree": "in-tree", "ours": "ours", "ours-again": "ours again"}
    late = {h: sum(1 for r in by.get(h, {}).values() if r.get("within_cut") == 0) for h in hosts}
    summary["failover_resumed_after_restore"] = late
    out += ["", "Runs whose I/O resumed only after the restore (no failover within the cut): "
            + ", ".join(f"{label[h]} {late[h]} of {len(by.get(h, {}))}" for h in hosts) + "."]
    return out


def plot(by, outdir):
    """Latency percentile curves of 4 KiB random read at QD1, one per stack."""
    series = []
    for (cmp_, wl, dg, q), sides in sorted(by.items()):
        if wl != "rr4k_qd1" or dg != 0 or q not in (0, 1) or cmp_ == "stats" or is_aa(cmp_):
            continue
        for side, pairs in sorted(sides.items()):
            r = pairs[sorted(pairs)[len(pairs) // 2]]
            pct = r["fio"]["jobs"][0]["read"]["clat_ns"]["percentile"]
            pts = sorted((float(p), v / 1e3) for p, v in pct.items())
            name = "nullb0 (local)" if cmp_ == "local" else f"{cmp_}: {side}"
            series.append((name, pts))
    if not series:
        return
    dat = f"{outdir}/latency.dat"
    with open(dat, "w") as fh:
        for name, pts in series:
            fh.write(f'"{name}"\n')
            for p, v in pts:
                fh.write(f"{p} {v}\n")
            fh.write("\n\n")
    script = (f'set terminal png size 900,540; set output "{outdir}/latency.png";'
              'set title "4 KiB random read, QD1: completion latency percentiles";'
              'set xlabel "percentile"; set ylabel "latency (us)"; set logscale y; set key left top;'
              'set grid; plot ' + ", ".join(
                  f'"{dat}" index {i} using 1:2 with linespoints title columnhead(1)'
                  for i in range(len(series))))
    try:
        subprocess.run(["gnuplot", "-e", script], check=True, capture_output=True)
        print(f"plot: {outdir}/latency.png")
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"bench: gnuplot failed ({e}); data in {dat}")


if __name__ == "__main__":
    sys.exit(main())
