#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make profile: boots one guest with perf in it and runs
# guest/tests/bench_profile.sh (the in-tree host, then ours, each profiled
# under the same fio load against the in-tree target). A diagnostic, not a
# benchmark: the output is perf's tables, in out/profile/profile.ktap.
#   PROFILE_WL (rr4k_qd32|rr4k_qd1|sr128k_qd8), PROFILE_SECONDS (8),
#   PROFILE_DIGEST=1, PROFILE_TOP (40), PROFILE_CALLGRAPH=1,
#   PROFILE_SIDES (intree,ours; ours:param=value:... loads ours with parameters),
#   PROFILE_QUEUES (1) I/O queues, PROFILE_MINPCT (0.3) smallest symbol share listed
#   PROFILE_FREQ (499) samples per second, PROFILE_CALLERS (sym,sym) their callers,
#   PROFILE_GRAPH (func,func) their inclusive cost per call (function_graph)
#   PROFILE_CLOCK (wall|icount, as make bench's BENCH_CLOCK; wall here),
#   PROFILE_SMP vCPUs, PROFILE_ICOUNT_SHIFT (1),
#   PROFILE_ROLE (host|target: which side PROFILE_SIDES swaps), PROFILE_TRANSPORT (tcp|rdma)
#   PROFILE_INSN=1: no perf; exact instructions per I/O by module and function
#   from a QEMU plugin (bench/insn/), PROFILE_INSN_IOS (20000) I/Os per side,
#   icount unless PROFILE_CLOCK says otherwise; the tables in out/profile/insn.txt
set -o pipefail
. "$(dirname "$0")/../qemu/config.sh"
cd "$PROJECT_ROOT" || exit 1
. "$TESTING_DIR/bench/clock.sh"
insn=${PROFILE_INSN:-0}
default_clock=wall
[ "$insn" = 1 ] && default_clock=icount
bench_clock "${PROFILE_CLOCK:-$default_clock}" "${PROFILE_SMP:-}" "${PROFILE_ICOUNT_SHIFT:-1}" || exit 1
[ "$insn" = 1 ] || command -v perf >/dev/null || {
	echo "profile: perf is missing; installing linux-perf"
	apt-get install -y -q linux-perf >/dev/null || exit 1
}
out=$OUT_DIR/profile
mkdir -p "$out"
make -s modules KDIR="${GUEST_KDIR:-/lib/modules/$REF_KVER/build}" >"$out/build.log" 2>&1 ||
	{ tail -20 "$out/build.log"; echo "profile: build failed"; exit 1; }
extra_bins=perf
if [ "$insn" = 1 ]; then
	# The plugin runs in QEMU on this machine; the marker in the guest.
	extra_bins=
	gcc -O2 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden -o "$out/nvmeof-insn.so" \
		"$TESTING_DIR/bench/insn/insn_count.c" -lpthread &&
	mkdir -p "$OUT_DIR/guest-bin" &&
	gcc -O2 -Wall -Werror -static -o "$OUT_DIR/guest-bin/nvmeof-insn-mark" \
		"$TESTING_DIR/bench/insn/insn_mark.c" || { echo "profile: the insn plugin did not build"; exit 1; }
	rm -f "$out/insn.counts" "$out/insn.syms"
	QEMU_EXTRA="$QEMU_EXTRA -plugin $out/nvmeof-insn.so,out=$out/insn.counts -serial file:$out/insn.syms"
	export QEMU_EXTRA
fi
EXTRA_BINS=$extra_bins "$TESTING_DIR/qemu/mkinitramfs.sh" "$out/initramfs.cpio" "$PROJECT_ROOT"/*.ko || exit 1
plan=$out/profile.plan
cat >"$plan" <<PLAN
profile bench_profile.sh 1200 PROFILE_WL=${PROFILE_WL:-rr4k_qd32} PROFILE_SECONDS=${PROFILE_SECONDS:-8} PROFILE_DIGEST=${PROFILE_DIGEST:-0} PROFILE_TOP=${PROFILE_TOP:-40} PROFILE_CALLGRAPH=${PROFILE_CALLGRAPH:-0} PROFILE_SIDES=${PROFILE_SIDES:-intree,ours} PROFILE_QUEUES=${PROFILE_QUEUES:-1} PROFILE_MINPCT=${PROFILE_MINPCT:-0.3} PROFILE_FREQ=${PROFILE_FREQ:-499} PROFILE_CALLERS=${PROFILE_CALLERS:-} PROFILE_GRAPH=${PROFILE_GRAPH:-} PROFILE_GRAPH_SECONDS=${PROFILE_GRAPH_SECONDS:-2} PROFILE_ROLE=${PROFILE_ROLE:-host} PROFILE_TRANSPORT=${PROFILE_TRANSPORT:-tcp} PROFILE_INSN=$insn PROFILE_INSN_IOS=${PROFILE_INSN_IOS:-20000}
PLAN
"$TESTING_DIR/qemu/run-guest.sh" profile "$plan" 1500 "$out/initramfs.cpio" >"$out/profile.ktap"
grep -E '^ *# ' "$out/profile.ktap" | sed 's/^ *# //'
grep -E '^(not )?ok ' "$out/profile.ktap"
if [ "$insn" = 1 ]; then
	python3 "$TESTING_DIR/bench/insn_report.py" "$out/insn.counts" "$out/insn.syms" \
		"$out/profile.ktap" "${PROFILE_TOP:-40}" >"$out/insn.txt" || exit 1
	cat "$out/insn.txt"
fi
