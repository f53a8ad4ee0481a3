#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our target's TCP transport moves data intact for the in-tree host:
# discover, connect with 2 I/O queues, fio crc32c verify over block sizes
# 512 B..1 MiB at queue depths 1..64, disconnect.
# Plan variables: BACKEND=nullblk|brd, USE_VETH=1 (veth pair), USE_IPV6=1
# (listen and connect on ::1), DIGESTS=1 (nvme connect -g -G), QUEUE_SIZE=N
# (nvme connect -Q N).
. /usr/lib/nvmeof/lib.sh

transport_setup
if [ "${USE_IPV6:-0}" = 1 ]; then
	run ip link set lo up
	TGT_ADDR=::1
	TGT_ADRFAM=ipv6
fi
target_load
on_exit target_unload
host_load
on_exit host_unload
case ${BACKEND:-nullblk} in
nullblk) backend_nullblk 1 ;;
brd) backend_brd 256 ;;
*) fail "BACKEND=$BACKEND: want nullblk or brd" ;;
esac
tgt_export "$BACKEND_DEV"

host_discover | tee /tmp/disc.txt
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc.txt || fail "discovery log lacks $TEST_SUBNQN"
grep -q "traddr: *$TGT_ADDR" /tmp/disc.txt || fail "discovery log lacks traddr $TGT_ADDR"

opts="-i 2"
[ "${DIGESTS:-0}" = 1 ] && opts="$opts -g -G"
[ -n "${QUEUE_SIZE:-}" ] && opts="$opts -Q $QUEUE_SIZE"
# shellcheck disable=SC2086
host_connect "$TEST_SUBNQN" $opts
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
queues=$(cat /sys/class/nvme/$ctrl/queue_count)
log "controller $ctrl ($(cat /sys/class/nvme/$ctrl/address)), namespace $ns, $queues queues"
[ "$queues" -eq 3 ] || fail "expected the admin queue and 2 I/O queues, got $queues queues"

# Deep and mixed: in-capsule writes (<= 16 KiB), R2T writes, C2HData reads up to 1 MiB.
fio_verify "$ns" --bssplit=512/10:4k/30:16k/15:64k/20:256k/15:1m/10 --iodepth=64 \
	--numjobs=2 --size=16m --offset_increment=16m
# Shallow: one command at a time, sizes straddling the in-capsule limit.
fio_verify "$ns" --bssplit=512/20:8k/20:16k/20:20k/20:128k/20 --iodepth=1 --size=4m
# Mixed reads and writes at a middle depth.
fio_verify "$ns" --rw=randrw --bs=4k --iodepth=8 --size=8m --offset=32m
run nvme disconnect -n "$TEST_SUBNQN"
