#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a port that never comes back fails I/O cleanly after ctrl_loss_tmo and the controller goes away.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" --reconnect-delay=1 --ctrl-loss-tmo=4
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
run rm -f "$CFS/ports/1/subsystems/$TEST_SUBNQN"
# Reads issued now wait for the reconnect attempts, then fail.
start=$(date +%s)
dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct && fail "I/O succeeded with the port gone"
log "I/O failed after $(( $(date +%s) - start )) s"
for i in $(seq 1 60); do
	[ -e /sys/class/nvme/$ctrl ] || break
	sleep 0.5
done
[ -e /sys/class/nvme/$ctrl ] && fail "controller still there: $(cat /sys/class/nvme/$ctrl/state)"
[ -e "$ns" ] && fail "$ns still there"
run ln -s "$CFS/subsystems/$TEST_SUBNQN" "$CFS/ports/1/subsystems/$TEST_SUBNQN"
true
