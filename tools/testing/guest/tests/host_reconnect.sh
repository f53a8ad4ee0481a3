#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves reconnect: the target port goes away during fio and comes back within ctrl_loss_tmo; fio completes verified.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" --reconnect-delay=1 --ctrl-loss-tmo=30
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
# Rate-limited so the write phase (4096 blocks at 400/s, about 10 s) is still
# running when the port goes away at 3 s and comes back at 7 s. A slow
# (debug) kernel writes far below that rate: less data and more time, or
# the runtime cap ends fio before its verify pass.
fio --name=w --filename="$ns" --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
	--iodepth=8 --size=$((16 / WAIT_SCALE))m --verify=crc32c --verify_fatal=1 --do_verify=1 \
	--rate_iops=400,400 --runtime=$((120 * WAIT_SCALE)) >/tmp/fio.out 2>&1 &
fio_pid=$!
sleep 3
run rm -f "$CFS/ports/1/subsystems/$TEST_SUBNQN"
sleep 4
state=$(cat /sys/class/nvme/$ctrl/state)
log "state while the port is gone: $state"
kill -0 $fio_pid 2>/dev/null || fail "fio ended before the outage was over: it proves nothing"
[ "$state" != live ] || fail "controller still live with its port gone"
run ln -s "$CFS/subsystems/$TEST_SUBNQN" "$CFS/ports/1/subsystems/$TEST_SUBNQN"
wait $fio_pid
rc=$?
grep -E 'err=|READ:|WRITE:|verify' /tmp/fio.out | head
[ $rc -eq 0 ] || { cat /tmp/fio.out | tail -20; fail "fio failed across the reconnect ($rc)"; }
grep -q 'READ:' /tmp/fio.out || fail "fio verified nothing"
wait_state "$ctrl" live
dmesg | grep -q "Successfully reconnected" || fail "no reconnect logged"
run nvme disconnect -n "$TEST_SUBNQN"
