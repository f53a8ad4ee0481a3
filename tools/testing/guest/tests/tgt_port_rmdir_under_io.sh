#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A port can be removed (unlink and rmdir at once) while its controllers
# still have I/O, a persistent discovery controller and admin commands in
# flight, three times over: the queues and controllers tear down after the
# directory is gone, and must not read the freed port (its ANA states,
# discovery entries and Identify data stay theirs until the last one goes;
# KASAN on the debug kernel checks that). Each time the port comes back at
# the same address, the in-tree host reconnects, and a final fio verify
# passes; every module unloads.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_subsys "$TEST_SUBNQN"
tgt_ns "$TEST_SUBNQN" 1 "$BACKEND_DEV"

port_up() {
	local d=$CFS/ports/1
	mkdir "$d" || fail "mkdir port"
	echo "$NVMEOF_TRANSPORT" >"$d/addr_trtype" && echo "$TGT_ADDR" >"$d/addr_traddr" &&
		echo "$TGT_SVCID" >"$d/addr_trsvcid" && echo "$TGT_ADRFAM" >"$d/addr_adrfam" ||
		fail "port address"
	ln -s "$CFS/subsystems/$TEST_SUBNQN" "$d/subsystems/$TEST_SUBNQN" || fail "port link"
}
port_down() {
	rm -f "$CFS/ports/1/subsystems/$TEST_SUBNQN" && rmdir "$CFS/ports/1" || fail "port removal"
}
port_up
on_exit "rm -f '$CFS/ports/1/subsystems/$TEST_SUBNQN'; rmdir '$CFS/ports/1'"

host_connect "$TEST_SUBNQN" -i 2 --ctrl-loss-tmo=60 --reconnect-delay=1
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
run nvme discover -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" -p
on_exit "nvme disconnect -n nqn.2014-08.org.nvmexpress.discovery"

for round in 1 2 3; do
	log "=== round $round"
	fio --name=inflight --filename="$ns" --direct=1 --ioengine=libaio --rw=randrw \
		--bssplit=4k/50:64k/30:1m/20 --iodepth=32 --time_based --runtime=6 \
		>/tmp/fio-inflight.log 2>&1 &
	fio_pid=$!
	# Admin traffic that reads the port: Identify, the ANA log.
	(for i in $(seq 1 40); do
		nvme id-ctrl "/dev/$ctrl" >/dev/null 2>&1
		nvme ana-log "/dev/$ctrl" >/dev/null 2>&1
	done) &
	admin_pid=$!
	sleep 1.5
	port_down
	sleep 1
	port_up
	wait $admin_pid
	wait $fio_pid
	log "fio ended with status $? (errors are allowed: the port went away under it)"
	wait_state "$ctrl" live 40
done
fio_verify "$ns" --size=16m --iodepth=16
run nvme disconnect -n "$TEST_SUBNQN"
