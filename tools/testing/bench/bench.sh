#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench: boots a guest that runs guest/tests/bench_run.sh (ours and the
# in-tree stack side by side, A B, B A, ...), then writes the report.
#   BENCH_RUNTIME (5) seconds per run, BENCH_PAIRS (3) per boot, BENCH_QUICK=1
#   for a smoke run, BENCH_STATS_REPS (3) counters off/on samples per pair,
#   BENCH_CMP (target,host,stats,failover,mpath) which comparisons (failover
#   and mpath run guest/tests/mp_ka_bench.sh, the rest bench_run.sh),
#   BENCH_KATO (5) and BENCH_CUT (netem|linkdown) of the failover runs,
#   BENCH_RDMA=0 leaves RDMA out,
#   BENCH_HOST_PARAMS our TCP host's module parameters (comma-separated),
#   BENCH_BOOTS (1) guest boots, their pairs pooled in one report,
#   BENCH_DIGESTS / BENCH_QUEUES override the workload set's digest settings
#   and queue counts (comma-separated, e.g. BENCH_QUICK=1 BENCH_DIGESTS=0,1)
#   BENCH_CLOCK (icount) how the guest's clock runs: icount (QEMU counts
#   instructions, -icount shift=BENCH_ICOUNT_SHIFT (1),sleep=off, one vCPU:
#   the figures are the guest's work) or wall (the host's clock, two vCPUs:
#   the figures include how fast the emulator happened to run)
#   BENCH_SMP vCPUs (icount 1, wall 2); BENCH_ICOUNT_SHIFT ns per instruction
#   as a power of two
#   BENCH_SPLIT=1 runs bench/split.sh instead: the target in a guest of its
#   own, so its CPU per I/O is measured apart from the host's
#   BENCH_INSN=1 runs bench/insn_bench.sh instead: exact instructions per I/O
#   from the nvmeof-insn QEMU plugin, ours against in-tree per row
set -o pipefail
. "$(dirname "$0")/../qemu/config.sh"
[ "${BENCH_SPLIT:-0}" = 1 ] && exec "$TESTING_DIR/bench/split.sh"
[ "${BENCH_INSN:-0}" = 1 ] && exec "$TESTING_DIR/bench/insn_bench.sh"
cd "$PROJECT_ROOT" || exit 1
out=$OUT_DIR/bench
mkdir -p "$out"
make -s modules KDIR="${GUEST_KDIR:-/lib/modules/$REF_KVER/build}" >"$out/build.log" 2>&1 ||
	{ tail -20 "$out/build.log"; echo "bench: build failed"; exit 1; }
"$TESTING_DIR/qemu/mkinitramfs.sh" "$out/initramfs.cpio" "$PROJECT_ROOT"/*.ko || exit 1
boots=${BENCH_BOOTS:-1}
clock=${BENCH_CLOCK:-icount}
. "$TESTING_DIR/bench/clock.sh"
bench_clock "$clock" "${BENCH_SMP:-}" "${BENCH_ICOUNT_SHIFT:-1}" || exit 1
shift_arg=""
if [ "$clock" = icount ]; then
	shift_arg="BENCH_ICOUNT_SHIFT=${BENCH_ICOUNT_SHIFT:-1}"
	# One vCPU gets one I/O queue whatever connect asks for.
	[ "$GUEST_SMP" = 1 ] && BENCH_QUEUES=${BENCH_QUEUES:-1}
fi
# The multipath comparisons run in their own guest script, after the rest.
cmp_main="" cmp_mp=""
for c in $(echo "${BENCH_CMP:-target,host,stats,failover,mpath}" | tr ',' ' '); do
	case $c in
	failover|mpath) cmp_mp=${cmp_mp:+$cmp_mp,}$c ;;
	*) cmp_main=${cmp_main:+$cmp_main,}$c ;;
	esac
done
pairs=${BENCH_PAIRS:-3}
: >"$out/bench.log"
for boot in $(seq 1 "$boots"); do
	name=bench
	[ "$boots" -gt 1 ] && name=bench$boot
	plan=$out/$name.plan
	: >"$plan"
	[ -n "$cmp_main" ] && cat >>"$plan" <<PLAN
bench bench_run.sh ${BENCH_TIMEOUT:-5400} BENCH_RUNTIME=${BENCH_RUNTIME:-5} BENCH_PAIRS=$pairs BENCH_PAIR_BASE=$(((boot - 1) * pairs)) BENCH_QUICK=${BENCH_QUICK:-0} BENCH_STATS_REPS=${BENCH_STATS_REPS:-3} BENCH_CMP=$cmp_main BENCH_RDMA=${BENCH_RDMA:-1} ${BENCH_DIGESTS:+BENCH_DIGESTS=$BENCH_DIGESTS} ${BENCH_QUEUES:+BENCH_QUEUES=$BENCH_QUEUES} MODPARAMS=${BENCH_HOST_PARAMS:+nvmeof-host-tcp:$BENCH_HOST_PARAMS} BENCH_CLOCK=$clock $shift_arg
PLAN
	[ -n "$cmp_mp" ] && cat >>"$plan" <<PLAN
bench_mpath mp_ka_bench.sh ${BENCH_TIMEOUT:-5400} BENCH_RUNTIME=${BENCH_RUNTIME:-5} BENCH_PAIRS=$pairs BENCH_PAIR_BASE=$(((boot - 1) * pairs)) BENCH_CMP=$cmp_mp BENCH_KATO=${BENCH_KATO:-5} BENCH_CUT=${BENCH_CUT:-netem} MODPARAMS=${BENCH_HOST_PARAMS:+nvmeof-host-tcp:$BENCH_HOST_PARAMS}
PLAN
	echo "bench: booting guest $boot of $boots ($GUEST_SMP vCPU, $clock clock; this takes a while under emulation)"
	"$TESTING_DIR/qemu/run-guest.sh" $name "$plan" "${BENCH_TIMEOUT:-5400}" "$out/initramfs.cpio" >"$out/$name.ktap"
	grep -E '^(not )?ok ' "$out/$name.ktap"
	# Each boot varies on its own (where modules and buffers land under the
	# emulator); pooling pairs from several boots averages that out.
	cat "$OUT_DIR/guest/$name/ktap.log" >>"$out/bench.log"
done
python3 "$TESTING_DIR/bench/report.py" "$out/bench.log" "$out"
