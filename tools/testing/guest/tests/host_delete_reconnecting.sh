#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a controller that is reconnecting can be deleted cleanly and promptly, failing its queued I/O.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" --reconnect-delay=2 --ctrl-loss-tmo=600
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
run rm -f "$CFS/ports/1/subsystems/$TEST_SUBNQN"
on_exit "ln -s '$CFS/subsystems/$TEST_SUBNQN' '$CFS/ports/1/subsystems/$TEST_SUBNQN'"
for i in $(seq 1 40); do
	[ "$(cat /sys/class/nvme/$ctrl/state)" = connecting ] && break
	sleep 0.25
done
[ "$(cat /sys/class/nvme/$ctrl/state)" = connecting ] || fail "not reconnecting: $(cat /sys/class/nvme/$ctrl/state)"
# A read queued on the head while no path is live.
dd if="$ns" of=/dev/null bs=4k count=1 iflag=direct 2>/tmp/dd.err &
dd_pid=$!
sleep 1
start=$(date +%s)
run nvme disconnect -n "$TEST_SUBNQN"
wait $dd_pid && fail "queued read succeeded without a path"
log "delete took $(( $(date +%s) - start )) s; dd: $(cat /tmp/dd.err)"
[ -e /sys/class/nvme/$ctrl ] && fail "controller still there"
true
