#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the file backend keeps data intact, direct (namespace 1) and buffered
# (namespace 2), from files on ext4, under in-tree host fio verify; deallocate
# and write zeroes read back as zeroes.
. /usr/lib/nvmeof/lib.sh

MNT=/mnt/nvmeof-file
NQN=$TEST_SUBNQN

stacks_load
# ext4 on a RAM disk: tmpfs has no O_DIRECT.
backend_brd 160
run mkfs.ext4 -q -F "$BACKEND_DEV"
run mkdir -p $MNT
run mount -t ext4 "$BACKEND_DEV" $MNT
on_exit "umount $MNT"
run dd if=/dev/zero of=$MNT/direct.img bs=1M count=0 seek=48
run dd if=/dev/zero of=$MNT/buffered.img bs=1M count=0 seek=48

tgt_subsys "$NQN"
tgt_ns "$NQN" 1 $MNT/direct.img
d=$CFS/subsystems/$NQN/namespaces/2
run mkdir $d
on_exit "rmdir $d"
echo 1 >$d/buffered_io || fail "buffered_io"
echo -n $MNT/buffered.img >$d/device_path || fail "device_path"
echo 1 >$d/enable || fail "enable namespace 2"
on_exit "echo 0 > $d/enable"
[ "$(cat $d/buffered_io)" = 1 ] || fail "buffered_io did not stick"
tgt_port 1
tgt_link 1 "$NQN"

host_connect "$NQN"
ns1=$(ns_dev "$NQN" 1) || fail "no block device for namespace 1"
ns2=$(ns_dev "$NQN" 2) || fail "no block device for namespace 2"
log "direct: $ns1 ($(blockdev --getss $ns1 2>/dev/null)-byte blocks), buffered: $ns2"

for ns in $ns1 $ns2; do
	fio_verify $ns --size=16m
	fio_verify $ns --rw=randrw --bssplit=4k/50:64k/30:128k/20 --iodepth=8 --size=16m
done

# What the host wrote is in the file, at the same offset.
run dd if=/dev/urandom of=/tmp/pattern bs=4k count=16
for pair in "$ns1 $MNT/direct.img" "$ns2 $MNT/buffered.img"; do
	set -- $pair
	run dd if=/tmp/pattern of=$1 bs=4k seek=256 oflag=direct conv=fsync
	cmp /tmp/pattern <(dd if=$2 bs=4k skip=256 count=16 2>/dev/null) ||
		fail "$2 does not hold what the host wrote to $1"
done

# Deallocate (DSM) and Write Zeroes: the range reads back as zeroes.
run dd if=/dev/zero of=/tmp/zeroes bs=4k count=16
if command -v blkdiscard >/dev/null; then
	for ns in $ns1 $ns2; do
		run blkdiscard -o 1048576 -l 65536 $ns
		cmp /tmp/zeroes <(dd if=$ns bs=4k skip=256 count=16 iflag=direct 2>/dev/null) ||
			fail "deallocated range of $ns does not read back as zeroes"
		run dd if=/tmp/pattern of=$ns bs=4k seek=256 oflag=direct conv=fsync
		run blkdiscard -z -o 1048576 -l 65536 $ns
		cmp /tmp/zeroes <(dd if=$ns bs=4k skip=256 count=16 iflag=direct 2>/dev/null) ||
			fail "write-zeroes range of $ns does not read back as zeroes"
	done
fi

# One DSM with two ranges (nvme-cli passthrough), then a range that runs
# past the end: the target refuses it with LBA Out of Range and nothing else.
bs=$(blockdev --getss $ns1)
nsze=$(($(blockdev --getsize64 $ns1) / bs))
half=$((32768 / bs))
run dd if=/tmp/pattern of=$ns1 bs=4k seek=256 oflag=direct conv=fsync
run nvme dsm $ns1 --ad --slbs=$((1048576 / bs)),$((1048576 / bs + half)) --blocks=$half,$half
cmp /tmp/zeroes <(dd if=$ns1 bs=4k skip=256 count=16 iflag=direct 2>/dev/null) ||
	fail "a two-range DSM did not deallocate both ranges of $ns1"
out=$(nvme dsm $ns1 --ad --slbs=$((nsze - 4)) --blocks=8 2>&1) &&
	fail "a DSM range past the end of $ns1 was accepted: $out"
echo "$out" | grep -qi "LBA Out of Range" || fail "DSM past the end: want LBA Out of Range, got: $out"
log "DSM past the end: $out"

# revalidate_size: the file grows, the host sees the new capacity.
old=$(blockdev --getsize64 $ns1)
run dd if=/dev/zero of=$MNT/direct.img bs=1M count=0 seek=64
run sh -c "echo 1 > $CFS/subsystems/$NQN/namespaces/1/revalidate_size"
for i in $(seq 1 50); do
	[ "$(blockdev --getsize64 $ns1)" != "$old" ] && break
	sleep 0.2
done
new=$(blockdev --getsize64 $ns1)
[ "$new" = $((64 * 1024 * 1024)) ] || fail "host sees $new bytes after revalidate_size (was $old)"
log "revalidate_size: $old -> $new bytes"
run nvme disconnect -n "$NQN"
