#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the namespace is a real disk: partition table written and read back, discard, write zeroes, flush.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_brd 64
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
n=$(basename "$ns")
log "discard_max_bytes $(cat /sys/block/$n/queue/discard_max_bytes)" \
    "write_zeroes_max_bytes $(cat /sys/block/$n/queue/write_zeroes_max_bytes)"
echo 'label: dos
start=2048, size=20480, type=83
start=22528, size=20480, type=83' | sfdisk "$ns" || fail "sfdisk write"
run blockdev --rereadpt "$ns"
sfdisk -d "$ns" | tee /tmp/pt.txt
grep -q "start= *22528, size= *20480" /tmp/pt.txt || fail "partition table not read back"
[ -b "${ns}p1" ] && [ -b "${ns}p2" ] || fail "partition devices missing"

dd if=/dev/urandom of=/tmp/pat bs=64k count=16 2>/dev/null
run dd if=/tmp/pat of="${ns}p2" bs=64k oflag=direct 2>/dev/null
run blockdev --flushbufs "${ns}p2"
cmp <(dd if="${ns}p2" bs=64k count=16 iflag=direct 2>/dev/null) /tmp/pat || fail "data readback"
run blkdiscard -o 0 -l 1048576 "${ns}p2"
run blkdiscard -z -o 0 -l 1048576 "${ns}p2"
cmp <(dd if="${ns}p2" bs=64k count=16 iflag=direct 2>/dev/null) <(head -c 1048576 /dev/zero) ||
	fail "write zeroes did not zero"
run sync
run nvme flush "$ns" -n 1
run nvme disconnect -n "$TEST_SUBNQN"
