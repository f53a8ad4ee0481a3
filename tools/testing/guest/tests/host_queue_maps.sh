#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# nr_write_queues/nr_poll_queues give default, read and poll queue maps over
# TCP and RDMA; split and polled I/O verifies and lands on the queues of its map.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" --nr-io-queues=1 --nr-write-queues=1 --nr-poll-queues=1
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
[ "$(cat /sys/class/nvme/$ctrl/queue_count)" = 4 ] ||
	fail "queue_count $(cat /sys/class/nvme/$ctrl/queue_count), expected 4 (admin + write + read + poll)"
want_types="default poll read " poll=1
# The per-controller path disk carries the tag set (the head is bio-based).
path=$(cd /sys/class/nvme/$ctrl && ls -d nvme*c*n* | head -1)
[ -n "$path" ] || fail "no path device under $ctrl"
dbg=/sys/kernel/debug/block/$path
if [ -e "$dbg/hctx0/type" ]; then
	types=$(cat $dbg/hctx*/type | sort | tr '\n' ' ')
	log "path $path hctx types: $types"
	[ "$types" = "$want_types" ] || fail "hardware queue types '$types', expected '$want_types'"
else
	# The debug kernel is built without CONFIG_BLK_DEBUG_FS (the disk's
	# debugfs directory exists, its hctx directories do not); our per-queue
	# counters below still show each map at work.
	log "no block debugfs in this kernel: hctx types not read"
fi
[ "$(cat /sys/block/$(basename $ns)/queue/io_poll)" = $poll ] ||
	fail "head disk $ns io_poll $(cat /sys/block/$(basename $ns)/queue/io_poll), expected $poll"

Q=/sys/kernel/debug/nvmeof/host/$ctrl
done_on() { awk '$1 == "completed" { print $2 }' "$Q/q$1" 2>/dev/null || echo 0; }

# Per-queue counters show where the I/O went: q1 default (writes), q2 read,
# q3 poll (queues are numbered in map order).
# Writes (default map) and reads (read map), interrupt driven.
fio_verify "$ns" --rw=randwrite --bs=4k --iodepth=8 --size=4m
w1=$(done_on 1) r1=$(done_on 2) p1=$(done_on 3)
# Polled: io_uring with hipri goes to the poll queue, completions found by polling.
fio_verify "$ns" --ioengine=io_uring --hipri=1 --rw=randwrite --bs=16k --iodepth=4 --size=4m
p2=$(done_on 3)
log "completed: default $w1, read $r1, poll $p1 then $p2 after the polled run"
[ "${w1:-0}" -ge 1024 ] || fail "writes did not go to the default queue (q1 completed ${w1:-0})"
[ "${r1:-0}" -ge 1024 ] || fail "reads did not go to the read queue (q2 completed ${r1:-0})"
[ "$((${p2:-0} - ${p1:-0}))" -ge 512 ] || fail "polled I/O did not go to the poll queue (q3 ${p1:-0} -> ${p2:-0})"

# A reset while polled I/O is in flight: the teardown reaps the poll queue
# (no poller may touch its CQ once it is freed), the requests come back on
# the new queues, and every block still verifies.
rm -f /tmp/fio_poll.rc
# Rate-limited, so that it is still at it when the reset comes however
# fast the guest runs (4096 I/Os, writes then verify reads, at most 400/s);
# the reset comes once the poll queue shows fio under way, not after a
# fixed sleep (slow kernels start fio late).
( fio_verify "$ns" --ioengine=io_uring --hipri=1 --rw=randwrite --bs=4k --iodepth=4 \
	--size=8m --offset=32m --rate_iops=400 >/tmp/fio_poll.out 2>&1; echo $? >/tmp/fio_poll.rc ) &
pid=$!
for i in $(seq 1 "$(_polls 30)"); do
	[ "$(done_on 3)" -ge $((p2 + 200)) ] && break
	[ -e /tmp/fio_poll.rc ] && break
	sleep 0.2
done
[ -e /tmp/fio_poll.rc ] && { cat /tmp/fio_poll.out; fail "polled fio ended before the reset"; }
p3=$(done_on 3)
[ "$p3" -ge $((p2 + 200)) ] || fail "polled fio made no progress on the poll queue ($p2 -> $p3)"
run sh -c "echo 1 >/sys/class/nvme/$ctrl/reset_controller"
wait_state "$ctrl" live 30
wait $pid
cat /tmp/fio_poll.out
[ "$(cat /tmp/fio_poll.rc)" = 0 ] || fail "polled fio failed across a controller reset"
# The counters outlive the reconnect: what fio still had to do after the
# reset must show up on the poll queue again, not on another map.
p4=$(done_on 3)
log "poll queue completed $p3 before the reset, $p4 in all"
[ "${p4:-0}" -gt "${p3:-0}" ] || fail "no polled completion on the poll queue after the reset"

run nvme disconnect -n "$TEST_SUBNQN"
