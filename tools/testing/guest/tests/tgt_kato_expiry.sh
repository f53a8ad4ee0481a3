#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves keep-alive expiry: when a host's traffic stops (100% loss on lo) the
# target deletes its controller after KATO, and the host reconnects once the
# traffic flows again.
. /usr/lib/nvmeof/lib.sh

stacks_load
run modprobe sch_netem
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" --keep-alive-tmo=5 --reconnect-delay=2 --ctrl-loss-tmo=120
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
cntlid=$(cat /sys/class/nvme/$ctrl/cntlid)
log "controller $ctrl, target cntlid $cntlid, kato $(cat /sys/class/nvme/$ctrl/kato 2>/dev/null)"
mark=$(dmesg | wc -l)

run tc qdisc add dev lo root netem loss 100%
on_exit "tc qdisc del dev lo root"
expired=
for i in $(seq 1 150); do
	if dmesg | tail -n +$((mark + 1)) | grep -qE "nvmeof_target: ctrl $cntlid keep-alive timer \([0-9]+ ms\) expired"; then
		expired=1
		break
	fi
	sleep 0.2
done
[ -n "$expired" ] || { dmesg | tail -20; fail "target kept ctrl $cntlid for 30 s without traffic"; }
log "expired after about $((i / 5)) s"
for i in $(seq 1 150); do
	dmesg | tail -n +$((mark + 1)) | grep -q "nvmeof_target: ctrl $cntlid released" && break
	sleep 0.2
done
dmesg | tail -n +$((mark + 1)) | grep -q "nvmeof_target: ctrl $cntlid released" ||
	fail "ctrl $cntlid expired but was not released within 30 s"
run tc qdisc del dev lo root

# The host notices too, and reconnects to a new controller.
for i in 1 2 3; do
	new=$(ctrl_of "$TEST_SUBNQN") && break
done
[ -n "$new" ] || fail "host did not reconnect after the traffic came back"
log "reconnected: $new, cntlid $(cat /sys/class/nvme/$new/cntlid)"
run nvme disconnect -n "$TEST_SUBNQN"
