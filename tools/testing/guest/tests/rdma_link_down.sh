#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves RDMA device removal is survivable: both soft RDMA links (rxe or siw, RDMA_DEV) are deleted while
# fio writes with crc32c verify; every queue sees DEVICE_REMOVAL and tears
# down (no oops, no hang), the target's listener closes and listens again
# once the links return, the host reconnects and fio completes verified.
# With NVMEOF_HOST=intree (whose nvme-rdma deletes controllers on device
# removal) the test connects anew once the links return and verifies there.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" --reconnect-delay=1 --ctrl-loss-tmo=120
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
# Rate-limited (3072 writes at no more than 400/s, then as many verifying
# reads), so the links go down 2 s into the writes however fast the machine
# is: unthrottled, 12 MiB were written and verified in just over a second.
fio --name=w --filename="$ns" --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
	--iodepth=8 --size=12m --verify=crc32c --verify_fatal=1 --do_verify=1 \
	--rate_iops=400,400 --runtime=$((120 * WAIT_SCALE)) >/tmp/fio.out 2>&1 &
fio_pid=$!
sleep 2
kill -0 $fio_pid 2>/dev/null || { tail -20 /tmp/fio.out; fail "fio ended before the links went down"; }
# Removal waits for every CM id on the device to be destroyed: a hang here
# is a bug. A task stuck in the kernel ignores timeout's signal, so the
# command runs in the background and, if it has not returned in 60 s, the
# kernel stacks of every blocked task are printed (who waits on whom).
link_delete() { # LINK
	local pid i t
	echo "+ rdma link delete $1"
	rdma link delete "$1" &
	pid=$!
	for i in $(seq 1 "$(_polls 60)"); do
		kill -0 $pid 2>/dev/null || { wait $pid || fail "rdma link delete $1 failed ($?)"; return 0; }
		sleep 0.2
	done
	for t in /proc/[0-9]*; do
		grep -qE '^State:[[:space:]]+D' "$t/status" 2>/dev/null || continue
		log "blocked: ${t#/proc/} $(cat "$t/comm")"
		sed 's/^/    /' "$t/stack" 2>/dev/null
	done
	fail "rdma link delete $1 did not return in 60 s x$WAIT_SCALE"
}
link_delete ${RDMA_DEV}0
link_delete ${RDMA_DEV}1
sleep $((3 * WAIT_SCALE))
if [ "$NVMEOF_HOST" = intree ]; then
	# nvme-rdma deletes its controllers when their RDMA device goes away:
	# what is tested is our target, which must listen again and serve a
	# fresh connection once the links return.
	wait $fio_pid
	log "fio without the controller: exit status $?"
	[ -e /sys/class/nvme/$ctrl ] && log "state: $(cat /sys/class/nvme/$ctrl/state)"
	run rdma link add ${RDMA_DEV}0 type $RDMA_DEV netdev v0
	run rdma link add ${RDMA_DEV}1 type $RDMA_DEV netdev v1
	for i in $(seq 1 "$(_polls 30)"); do
		[ -e /sys/class/nvme/$ctrl ] || break
		sleep 0.2
	done
	for i in $(seq 1 $((30 * WAIT_SCALE))); do
		nvme connect -t rdma -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" && break
		sleep 1
	done
	ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no connection to the target after the links returned"
	ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device after the reconnect"
else
	state=$(cat /sys/class/nvme/$ctrl/state)
	log "state while the links are gone: $state"
	[ "$state" != live ] || fail "controller still live without an RDMA device"
	run rdma link add ${RDMA_DEV}0 type $RDMA_DEV netdev v0
	run rdma link add ${RDMA_DEV}1 type $RDMA_DEV netdev v1
	wait_state "$ctrl" live 60
	wait $fio_pid
	rc=$?
	grep -E 'err=|READ:|WRITE:|verify' /tmp/fio.out | head
	[ $rc -eq 0 ] || { tail -20 /tmp/fio.out; fail "fio failed across the device removal ($rc)"; }
	grep -q 'READ:' /tmp/fio.out || fail "fio verified nothing"
fi
if [ "$NVMEOF_TARGET" = ours ]; then
	dmesg | grep -q "RDMA device removed, listener closed" ||
		fail "our target's listener never saw the device removal"
	dmesg | grep -q "listening again" || fail "our target did not listen again"
fi
# The path works after the reconnect, not just the state name.
fio_verify "$ns" --rw=randrw --bs=4k --iodepth=4 --size=2m --offset=64m
run nvme disconnect -n "$TEST_SUBNQN"
