#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Shared receive queues on our RDMA target: with use_srq=1 the queues of a
# controller take their commands from per-completion-vector SRQs (debugfs
# nvmeof/target/rdma_srqs lists each SRQ, the queues attached and the
# commands it delivered), queues on one vector share one, every queue
# attaches, fio verifies through them, and the SRQs go with the last
# queue; with use_srq=0 no SRQ exists and fio verifies over per-queue
# receives. Plan variables: INLINE=<bytes> (the port's in-capsule data
# size); SRQ_FAULT=1 instead fails SRQ creation through the target's fault
# point (debugfs nvmeof/target/fail_rdma_srq, debug kernel only): every
# queue, then only the first, falls back to its own receive queue and fio
# still verifies; with the fault off again every queue is on an SRQ.
. /usr/lib/nvmeof/lib.sh

[ "$NVMEOF_TARGET" = ours ] || skip "SRQs are a feature of our target"
FAULT=/sys/kernel/debug/nvmeof/target/fail_rdma_srq
stacks_load
backend_nullblk 1

P=/sys/module/nvmeof_target_rdma/parameters
F=/sys/kernel/debug/nvmeof/target/rdma_srqs
[ -r $F ] || fail "no $F"
if [ "${SRQ_FAULT:-0}" = 1 ] && [ ! -d $FAULT ]; then
	[ -d /sys/kernel/debug/failslab ] &&
		fail "the kernel has fault injection (failslab) but $FAULT is missing"
	skip "no fault injection in this kernel ($FAULT): make check-debug runs this"
fi
[ "$(cat $P/use_srq)" = Y ] || fail "use_srq should default to on, reads $(cat $P/use_srq)"
[ "$(cat $P/srq_size)" = 1024 ] || fail "srq_size should default to 1024, reads $(cat $P/srq_size)"
tgt_subsys "$TEST_SUBNQN"
tgt_ns "$TEST_SUBNQN" 1 "$BACKEND_DEV"
tgt_port 1
if [ -n "${INLINE:-}" ]; then
	echo "$INLINE" >"$CFS/ports/1/param_inline_data_size" || fail "param_inline_data_size $INLINE"
fi
tgt_link 1 "$TEST_SUBNQN"
on_exit "nvme disconnect -n '$TEST_SUBNQN'"

# SRQ rows of the target's device: "device inline_bytes vector entries queues commands".
srq_rows() { awk 'NR > 1 && $1 == "rxe0"' $F; }
srq_sum() { srq_rows | awk -v c="$1" '{ s += $c } END { print s + 0 }'; }
# Waits (released queues go asynchronously) until no SRQ is left.
wait_no_srqs() {
	local i
	for i in $(seq 1 "$(_polls 20)"); do
		[ -z "$(srq_rows)" ] && return 0
		sleep 0.2
	done
	cat $F
	fail "SRQs still there after every queue went: $1"
}

connect() {
	run nvme connect -t rdma -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" -i 2
	ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
	ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
	queues=$(cat /sys/class/nvme/$ctrl/queue_count)
	log "controller $ctrl, namespace $ns, $queues queues"
	[ "$queues" -ge 3 ] || fail "expected the admin queue and 2 I/O queues, got $queues"
}
# Deep, two jobs on different CPUs, sizes on both sides of the in-capsule limit.
io() {
	fio_verify "$ns" --bssplit=512/10:4k/40:16k/20:64k/20:256k/10 --iodepth=16 \
		--numjobs=2 --size=8m --offset_increment=8m
}

# Fails the next $1 SRQ creations (-1: all of them, 0: none).
srq_fault() {
	echo 0 >$FAULT/verbose
	echo 1 >$FAULT/interval
	echo "$1" >$FAULT/times || fail "cannot set $FAULT/times"
	echo $(($1 == 0 ? 0 : 100)) >$FAULT/probability || fail "cannot set $FAULT/probability"
}

if [ "${SRQ_FAULT:-0}" = 1 ]; then
	echo 1 >$P/use_srq || fail "cannot set use_srq"
	on_exit "srq_fault 0"
	wait_no_srqs "before the first connect"
	# Every SRQ creation fails: each queue receives on its own.
	srq_fault -1
	fallback="rxe0: no shared receive queue (-12), queue [0-9]* receives on its own"
	before=$(dmesg | grep -c "$fallback")
	connect
	cat $F
	[ -z "$(srq_rows)" ] || fail "SRQ creation fails, yet SRQs exist"
	[ "$(dmesg | grep -c "$fallback")" -gt "$before" ] || fail "no fallback message in dmesg"
	io
	run nvme disconnect -n "$TEST_SUBNQN"
	# Only the first creation fails: that queue falls back, the next
	# creates the SRQs and the rest share them.
	srq_fault 1
	connect
	cat $F
	attached=$(srq_sum 5)
	[ "$attached" -eq $((queues - 1)) ] ||
		fail "one queue should receive on its own, $attached of $queues are on SRQs"
	io
	run nvme disconnect -n "$TEST_SUBNQN"
	wait_no_srqs "after the mixed controller went"
	# Fault off: back to every queue on an SRQ.
	srq_fault 0
	connect
	[ "$(srq_sum 5)" -eq "$queues" ] || fail "fault off, yet not every queue is on an SRQ"
	io
	run nvme disconnect -n "$TEST_SUBNQN"
	wait_no_srqs "after the last disconnect"
	exit 0
fi

# --- use_srq=1 ---
echo 1 >$P/use_srq || fail "cannot set use_srq"
wait_no_srqs "before the first connect"
connect
cat $F
rows=$(srq_rows | wc -l)
[ "$rows" -ge 1 ] || fail "use_srq=1 but no SRQ on rxe0"
attached=$(srq_sum 5)
[ "$attached" -eq "$queues" ] || fail "$attached queues on SRQs, the controller has $queues"
# Fewer SRQs than queues: some completion vector has two queues on one SRQ.
if [ "$rows" -lt "$queues" ]; then
	shared=$(srq_rows | awk '$5 >= 2' | wc -l)
	[ "$shared" -ge 1 ] || fail "no SRQ is shared although $queues queues sit on $rows SRQs"
fi
# Every attached queue received at least its Connect through its SRQ.
srq_rows | awk '$5 > 0 && $6 == 0 { exit 1 }' || fail "an SRQ with queues delivered no command"
before=$(srq_sum 6)
io
after=$(srq_sum 6)
log "commands through SRQs: $before before fio, $after after"
# 2 jobs x 8 MiB written and read back, at most 256 KiB per command.
[ $((after - before)) -ge 128 ] || fail "fio's commands did not come through the SRQs ($before -> $after)"
dmesg | grep -q "rxe0: [0-9]* shared receive queues of" || fail "no SRQ creation in dmesg"
run nvme disconnect -n "$TEST_SUBNQN"
wait_no_srqs "after disconnect"
dmesg | grep -q "rxe0: shared receive queues destroyed" || fail "no SRQ teardown in dmesg"

# --- use_srq=0: per-queue receive queues ---
echo 0 >$P/use_srq || fail "cannot clear use_srq"
connect
cat $F
[ -z "$(srq_rows)" ] || fail "use_srq=0 but SRQs exist"
io
[ -z "$(srq_rows)" ] || fail "use_srq=0 but SRQs appeared during I/O"
run nvme disconnect -n "$TEST_SUBNQN"
echo 1 >$P/use_srq
