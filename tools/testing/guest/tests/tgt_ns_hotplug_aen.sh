#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves namespace-attribute AENs: namespace 2 added and then removed on the
# target shows up and goes away on a connected host without a manual rescan,
# while fio verify on namespace 1 runs on unaffected.
. /usr/lib/nvmeof/lib.sh

# The nsid-2 head disk of NQN, or nothing.
ns2_present() {
	local b
	for b in /sys/class/nvme-subsystem/nvme-subsys*/nvme*n*; do
		[ -e "$b/nsid" ] || continue
		[ "$(cat "$(dirname "$b")/subsysnqn")" = "$TEST_SUBNQN" ] || continue
		[ "$(cat "$b/nsid")" = 2 ] && return 0
	done
	return 1
}

stacks_load
backend_nullblk 1
NS1_DEV=$BACKEND_DEV
backend_brd 64
NS2_DEV=$BACKEND_DEV
tgt_export "$NS1_DEV"

host_connect "$TEST_SUBNQN"
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns1=$(ns_dev "$TEST_SUBNQN" 1) || fail "no block device for namespace 1"
ns2_present && fail "namespace 2 visible before it exists"

( fio_verify "$ns1" --size=16m ) >/tmp/fio-ns1.txt 2>&1 &
fio_pid=$!
on_exit "kill $fio_pid"

tgt_ns "$TEST_SUBNQN" 2 "$NS2_DEV"
ns2=$(ns_dev "$TEST_SUBNQN" 2) || fail "namespace 2 did not appear on the host (no AEN?)"
log "namespace 2 appeared as $ns2"
run dd if=/dev/zero of="$ns2" bs=4k count=8 oflag=direct
run nvme get-log /dev/$ctrl --log-id=4 --log-len=4096

echo 0 >"$CFS/subsystems/$TEST_SUBNQN/namespaces/2/enable" || fail "disable namespace 2"
for i in $(seq 1 100); do
	ns2_present || break
	sleep 0.2
done
ns2_present && fail "namespace 2 still on the host 20 s after removal (no AEN?)"
log "namespace 2 gone"
rmdir "$CFS/subsystems/$TEST_SUBNQN/namespaces/2" || fail "rmdir namespace 2"

wait $fio_pid
rc=$?
cat /tmp/fio-ns1.txt
[ $rc = 0 ] || fail "fio verify on namespace 1 failed during the hotplug"
[ "$(cat /sys/class/nvme/$ctrl/state)" = live ] || fail "controller not live after the hotplug"
run nvme disconnect -n "$TEST_SUBNQN"
