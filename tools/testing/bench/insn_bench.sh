#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench BENCH_INSN=1: ours against in-tree in exact instructions per I/O
# (make profile PROFILE_INSN=1, the nvmeof-insn plugin), one boot per row.
# Each boot runs the sides intree,intree,ours,ours,intree: the first is a
# warm-up (the first side of a boot reads off by the page allocator's state
# after boot), the two in-tree sides around ours are the in-tree A/A and
# catch drift within the boot. Per row: instructions per I/O of the whole
# guest (host, target and fio; the side not compared is in-tree in both),
# the ratio in-tree / ours (above 1: ours is cheaper) with the range of the
# four cross ratios, and each stack's A/A; then the same without page
# clearing (a rep stos the emulator counts per byte, whose page count per
# run moves with the page allocator's state: most of the in-tree A/A).
#   BENCH_INSN_ROWS (role:transport:workload:digest, space separated;
#   default: host and target, TCP, the four workloads, digests off)
#   BENCH_INSN_IOS (20000) I/Os of each side's longer run
set -o pipefail
. "$(dirname "$0")/../qemu/config.sh"
cd "$PROJECT_ROOT" || exit 1
out=$OUT_DIR/bench-insn
mkdir -p "$out"
rows=${BENCH_INSN_ROWS:-}
if [ -z "$rows" ]; then
	for role in host target; do
		for wl in rr4k_qd1 rr4k_qd32 rw4k_qd32 sr128k_qd8; do
			rows="$rows $role:tcp:$wl:0"
		done
	done
fi
table=$out/insn.md
{
	echo "| side | transport | workload | digest | in-tree | ours | ratio | range | A/A in-tree | A/A ours | without page clearing: ratio | range | A/A in-tree | A/A ours |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$table"
failed=0
for row in $rows; do
	IFS=: read -r role tr wl dg <<<"$row"
	log=$out/$role-$tr-$wl-$dg.log
	if ! PROFILE_INSN=1 PROFILE_ROLE="$role" PROFILE_TRANSPORT="$tr" PROFILE_WL="$wl" \
		PROFILE_DIGEST="$dg" PROFILE_SIDES=intree,intree,ours,ours,intree \
		PROFILE_INSN_IOS="${BENCH_INSN_IOS:-20000}" PROFILE_CLOCK=icount \
		"$TESTING_DIR/bench/profile.sh" >"$log" 2>&1; then
		echo "not ok $row (see $log)"
		failed=1
		continue
	fi
	# "=== insn 3:ours: 56965.4 instructions per I/O (...)"
	if ! awk -v row="$role $tr $wl $dg" '
		# ratio of means, the range of the four cross ratios, both A/As
		function cmp(a,   it, o, lo, hi, i, j, q) {
			it = (a[2] + a[5]) / 2; o = (a[3] + a[4]) / 2
			lo = 1e9; hi = 0
			for (i = 2; i <= 5; i += 3)
				for (j = 3; j <= 4; j++) {
					q = a[i] / a[j]; if (q < lo) lo = q; if (q > hi) hi = q
				}
			return sprintf("%.4f | %.4f..%.4f | %.4f | %.4f", it / o, lo, hi, a[2] / a[5], a[3] / a[4])
		}
		$1 == "===" && $2 == "insn" && $3 ~ /^[0-9]+:[a-z]+:$/ && $5 == "instructions" {
			n = $3; sub(/:.*/, "", n); v[n] = $4
		}
		$1 == "insn-noclear" && $2 ~ /^[0-9]+:[a-z]+:$/ { n = $2; sub(/:.*/, "", n); w[n] = $3 }
		END {
			for (k = 2; k <= 5; k++) if (!(k in v) || !(k in w)) exit 1
			split(row, r, " ")
			printf "| %s | %s | %s | %s | %.1f | %.1f | %s | %s |\n", r[1], r[2], r[3], r[4],
				(v[2] + v[5]) / 2, (v[3] + v[4]) / 2, cmp(v), cmp(w)
		}' "$log" >>"$table"; then
		echo "not ok $row: no counts in $log"
		failed=1
		continue
	fi
	echo "ok $row: $(tail -1 "$table")"
done
cat "$table"
exit $failed
