#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench BENCH_SPLIT=1: the target in one icount guest, the in-tree host
# and fio in another, joined by QEMU's -netdev socket (virtio-net), so each
# side's busy time is its own: CPU per I/O of the target alone, ours against
# the in-tree one, with an A/A row. Both guests boot with idle=poll: a vCPU
# that halts lets icount move its clock while it waits (to its next timer
# with sleep=off, by real time with sleep=on, and then in part after the
# guest has woken, as busy time), so a guest that never halts keeps its
# clock a count of instructions, and the NOHZ idle time is its polling.
#   BENCH_RUNTIME (2), BENCH_PAIRS (2), BENCH_WLS (comma separated),
#   BENCH_ICOUNT_SHIFT (1), BENCH_TIMEOUT (5400)
set -o pipefail
. "$(dirname "$0")/../qemu/config.sh"
cd "$PROJECT_ROOT" || exit 1
out=$OUT_DIR/bench-split
mkdir -p "$out"
make -s modules KDIR="${GUEST_KDIR:-/lib/modules/$REF_KVER/build}" >"$out/build.log" 2>&1 ||
	{ tail -20 "$out/build.log"; echo "bench-split: build failed"; exit 1; }
"$TESTING_DIR/qemu/mkinitramfs.sh" "$out/initramfs.cpio" "$PROJECT_ROOT"/*.ko || exit 1
tmo=${BENCH_TIMEOUT:-5400}
shift=${BENCH_ICOUNT_SHIFT:-1}
echo "bench_split_target bench_split_target.sh $tmo SPLIT_WAIT=$tmo" >"$out/target.plan"
echo "bench_split_host bench_split_host.sh $tmo BENCH_RUNTIME=${BENCH_RUNTIME:-2} BENCH_PAIRS=${BENCH_PAIRS:-2} BENCH_WLS=${BENCH_WLS:-rr4k_qd1,rr4k_qd32,rw4k_qd32,sr128k_qd8}" >"$out/host.plan"
# A free port on loopback for the link (the listening guest starts first).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
icount="-icount shift=$shift,sleep=off"
echo "bench-split: booting the target guest and the host guest (icount, one vCPU each)"
GUEST_CMDLINE="idle=poll ${GUEST_CMDLINE:-}" GUEST_SMP=1 QEMU_EXTRA="$icount -netdev socket,id=n0,listen=127.0.0.1:$port -device virtio-net-pci,netdev=n0,mac=52:54:00:77:00:01,host_mtu=65520" \
	"$TESTING_DIR/qemu/run-guest.sh" split-target "$out/target.plan" "$tmo" "$out/initramfs.cpio" >"$out/target.ktap" &
tpid=$!
for _ in $(seq 1 50); do
	ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " && break
	sleep 0.2
done
GUEST_CMDLINE="idle=poll ${GUEST_CMDLINE:-}" GUEST_SMP=1 QEMU_EXTRA="$icount -netdev socket,id=n0,connect=127.0.0.1:$port -device virtio-net-pci,netdev=n0,mac=52:54:00:77:00:02,host_mtu=65520" \
	"$TESTING_DIR/qemu/run-guest.sh" split-host "$out/host.plan" "$tmo" "$out/initramfs.cpio" >"$out/host.ktap"
# The target guest stops when the host guest says so; a host guest that died
# before it could must not leave the target waiting out its timeout.
for _ in $(seq 1 300); do
	kill -0 $tpid 2>/dev/null || break
	sleep 1
done
if kill -0 $tpid 2>/dev/null; then
	echo "bench-split: the target guest did not stop after the host guest; stopping it"
	pkill -f -- "$OUT_DIR/guest/split-target/" 2>/dev/null
fi
wait $tpid
grep -E '^(not )?ok ' "$out/target.ktap" "$out/host.ktap"
python3 "$TESTING_DIR/bench/split_report.py" "$OUT_DIR/guest/split-host/ktap.log" "$out"
