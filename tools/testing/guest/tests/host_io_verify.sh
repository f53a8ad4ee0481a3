#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves data integrity through our host: fio crc32c verify over block sizes and depths on several I/O queues.
# Plan variables: DIGESTS=1, SQFLOW_OFF=1, FIO_BSSPLIT, IO_QUEUES (2), MODPARAMS (lib.sh).
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

digests=
[ "${DIGESTS:-0}" = 1 ] && digests="--hdr-digest --data-digest"
# nvmet answers reads with C2HData SUCCESS (no response capsule) when asked.
[ "${SQFLOW_OFF:-0}" = 1 ] && digests="$digests --disable-sqflow"
# IO_QUEUES=1 puts both CPUs' submissions on one queue (what send_any_cpu is for).
nq=${IO_QUEUES:-2}
host_connect "$TEST_SUBNQN" --nr-io-queues=$nq $digests
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
log "controller $ctrl, namespace $ns, $(cat /sys/class/nvme/$ctrl/queue_count) queues"
[ "$(cat /sys/class/nvme/$ctrl/queue_count)" = $((nq + 1)) ] || fail "expected $((nq + 1)) queues"
for e in ${MODPARAMS:-}; do
	m=${e%%:*} kv=${e#*:}
	f=/sys/module/${m//-/_}/parameters/${kv%%=*}
	[ "$(cat "$f")" = "${kv#*=}" ] || [ "$(cat "$f")" = Y -a "${kv#*=}" = 1 ] ||
		fail "$f reads $(cat "$f"), the plan asked for ${kv#*=}"
done
fio_verify "$ns" --bssplit=${FIO_BSSPLIT:-512/10:4k/40:16k/20:64k/30} --iodepth=64 --numjobs=2 --size=12m --offset_increment=12m
fio_verify "$ns" --rw=randrw --bs=4k --iodepth=1 --size=2m
fio_verify "$ns" --rw=write --bs=64k --iodepth=8 --size=8m
run nvme disconnect -n "$TEST_SUBNQN"
