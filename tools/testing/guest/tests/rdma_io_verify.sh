#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Data integrity over NVMe/RDMA on soft-RoCE (rxe on a veth pair) for the
# chosen target/host pair: discover, connect with 2 I/O queues, fio crc32c
# verify with 512 B..1 MiB blocks at queue depths 1..32 (in-capsule writes,
# RDMA READ for host writes, RDMA WRITE for host reads), disconnect.
# Plan variables: INLINE=<bytes> (the port's param_inline_data_size),
# USE_IPV6=1 (listen and connect on IPv6 addresses of the veth pair).
. /usr/lib/nvmeof/lib.sh

transport_setup
if [ "${USE_IPV6:-0}" = 1 ]; then
	run ip addr add 2001:db8::1/64 dev v0 nodad
	run ip addr add 2001:db8::2/64 dev v1 nodad
	TGT_ADDR=2001:db8::1
	TGT_ADRFAM=ipv6
fi
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1

tgt_subsys "$TEST_SUBNQN"
tgt_ns "$TEST_SUBNQN" 1 "$BACKEND_DEV"
tgt_port 1
if [ -n "${INLINE:-}" ]; then
	echo "$INLINE" >"$CFS/ports/1/param_inline_data_size" || fail "param_inline_data_size $INLINE"
fi
tgt_link 1 "$TEST_SUBNQN"

host_discover | tee /tmp/disc.txt
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc.txt || fail "discovery log lacks $TEST_SUBNQN"
grep -q "trtype: *rdma" /tmp/disc.txt || fail "discovery log lacks trtype rdma"

host_connect "$TEST_SUBNQN" -i 2
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
queues=$(cat /sys/class/nvme/$ctrl/queue_count)
log "controller $ctrl ($(cat /sys/class/nvme/$ctrl/address)), namespace $ns, $queues queues"
[ "$queues" -eq 3 ] || fail "expected the admin queue and 2 I/O queues, got $queues queues"
rdma_check_qps
# siw registers 256 pages per MR: the host must size commands to that
# (1020 KiB at any offset, as the in-tree host does), not refuse the device.
if [ "$RDMA_DEV" = siw ]; then
	kb=$(cat /sys/block/$(basename "$ns")/queue/max_hw_sectors_kb)
	log "max_hw_sectors_kb $kb"
	[ "$kb" -eq 1020 ] || fail "max_hw_sectors_kb $kb over siw, expected 1020"
fi

# Deep and mixed: small writes ride in the capsule, larger ones are RDMA READs.
fio_verify "$ns" --bssplit=512/10:4k/30:16k/15:64k/20:256k/15:1m/10 --iodepth=32 \
	--numjobs=2 --size=8m --offset_increment=8m
# One command at a time, sizes straddling the in-capsule limit.
fio_verify "$ns" --bssplit=512/20:4k/20:8k/20:16k/20:128k/20 --iodepth=1 --size=4m
# Mixed reads and writes at a middle depth.
fio_verify "$ns" --rw=randrw --bs=4k --iodepth=8 --size=4m --offset=32m
run nvme disconnect -n "$TEST_SUBNQN"
