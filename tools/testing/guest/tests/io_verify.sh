#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves data integrity end to end: discover, connect, fio crc32c verify with
# mixed block sizes and depths, disconnect, for the chosen target/host pair.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_discover | tee /tmp/disc.txt
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc.txt || fail "discovery log lacks $TEST_SUBNQN"
host_connect "$TEST_SUBNQN" ${CONNECT_OPTS:-}
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
log "controller $ctrl, namespace $ns, $(cat /sys/class/nvme/$ctrl/queue_count) queues"
run nvme list
[ "$NVMEOF_TRANSPORT" = rdma ] && rdma_check_qps
fio_verify "$ns" --bssplit=${FIO_BSSPLIT:-512/10:4k/50:64k/30:1m/10} --iodepth=${FIO_QD:-32} --numjobs=2 --size=24m --offset_increment=24m
fio_verify "$ns" --rw=randrw --bs=4k --iodepth=1 --size=4m
run nvme disconnect -n "$TEST_SUBNQN"
