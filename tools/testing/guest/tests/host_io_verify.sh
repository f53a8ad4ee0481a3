#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves data integrity through our host: fio crc32c verify over block sizes and depths on several I/O queues.
. /usr/lib/nvmeof/lib.sh

transport_setup
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1
tgt_export "$BACKEND_DEV"

digests=
[ "${DIGESTS:-0}" = 1 ] && digests="--hdr-digest --data-digest"
# nvmet answers reads with C2HData SUCCESS (no response capsule) when asked.
[ "${SQFLOW_OFF:-0}" = 1 ] && digests="$digests --disable-sqflow"
host_connect "$TEST_SUBNQN" --nr-io-queues=2 $digests
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
log "controller $ctrl, namespace $ns, $(cat /sys/class/nvme/$ctrl/queue_count) queues"
[ "$(cat /sys/class/nvme/$ctrl/queue_count)" = 3 ] || fail "expected 3 queues"
fio_verify "$ns" --bssplit=${FIO_BSSPLIT:-512/10:4k/40:16k/20:64k/30} --iodepth=64 --numjobs=2 --size=12m --offset_increment=12m
fio_verify "$ns" --rw=randrw --bs=4k --iodepth=1 --size=2m
fio_verify "$ns" --rw=write --bs=64k --iodepth=8 --size=8m
run nvme disconnect -n "$TEST_SUBNQN"
