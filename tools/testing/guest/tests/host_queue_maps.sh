#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# nr_write_queues/nr_poll_queues give default, read and poll queue maps; polled and split I/O verifies.
. /usr/lib/nvmeof/lib.sh

transport_setup
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" --nr-io-queues=1 --nr-write-queues=1 --nr-poll-queues=1
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
[ "$(cat /sys/class/nvme/$ctrl/queue_count)" = 4 ] ||
	fail "queue_count $(cat /sys/class/nvme/$ctrl/queue_count), expected 4 (admin + write + read + poll)"
# The per-controller path disk carries the tag set (the head is bio-based).
path=$(cd /sys/class/nvme/$ctrl && ls -d nvme*c*n* | head -1)
[ -n "$path" ] || fail "no path device under $ctrl"
dbg=/sys/kernel/debug/block/$path
types=$(cat $dbg/hctx*/type | sort | tr '\n' ' ')
log "path $path hctx types: $types"
[ "$types" = "default poll read " ] || fail "hardware queue types '$types', expected default, read, poll"
[ "$(cat /sys/block/$(basename $ns)/queue/io_poll)" = 1 ] || fail "head disk $ns does not offer polling"

# Writes (default map) and reads (read map), interrupt driven.
fio_verify "$ns" --rw=randwrite --bs=4k --iodepth=8 --size=4m
# Polled: io_uring with hipri goes to the poll queue, completions found by polling.
fio_verify "$ns" --ioengine=io_uring --hipri=1 --rw=randwrite --bs=16k --iodepth=4 --size=4m

run nvme disconnect -n "$TEST_SUBNQN"
