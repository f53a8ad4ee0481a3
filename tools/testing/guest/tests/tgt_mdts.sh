#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our target advertises the transfer limit it enforces: Identify
# Controller MDTS is 4 MiB in CAP.MPSMIN pages, the in-tree host sizes its
# disk by it (max_hw_sectors_kb: exactly 4096 over TCP, at most that over
# RDMA, where the host's own registration limit may be lower), and with
# max_sectors_kb raised to that maximum, O_DIRECT transfers of exactly that
# size go through as single commands and verify (fio crc32c), none fails
# with EIO.
. /usr/lib/nvmeof/lib.sh

# The limit both our transports enforce (target/tcp.c, target/rdma.c).
MAX_XFER_KB=4096

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"
host_connect "$TEST_SUBNQN" -i 1
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"

# MDTS is a power of two in units of the minimum page size (CAP.MPSMIN),
# 4 KiB on our target (the in-tree host reads CAP and sizes the same way).
mdts=$(nvme id-ctrl "/dev/$ctrl" | sed -n 's/^mdts *: *//p')
log "mdts $mdts"
[ -n "$mdts" ] || fail "no mdts in nvme id-ctrl"
[ "$mdts" -gt 0 ] || fail "MDTS 0 (no limit) while the transport refuses more than $MAX_XFER_KB KiB"
adv_kb=$((4 << mdts))
log "advertised limit $adv_kb KiB"
[ "$adv_kb" -eq "$MAX_XFER_KB" ] || fail "MDTS says $adv_kb KiB, the transport takes $MAX_XFER_KB KiB"
mark=$(dmesg | wc -l)

head_disk=$(basename "$ns")
path_disk=
for p in /sys/class/nvme/$ctrl/nvme*c*n*; do
	[ -e "$p/queue" ] && path_disk=$(basename "$p")
done
[ -n "$path_disk" ] || fail "no path disk under $ctrl"
hw_kb=$(cat "/sys/block/$path_disk/queue/max_hw_sectors_kb")
head_hw_kb=$(cat "/sys/block/$head_disk/queue/max_hw_sectors_kb")
log "max_hw_sectors_kb: path $path_disk $hw_kb, head $head_disk $head_hw_kb"
case $NVMEOF_TRANSPORT in
tcp)
	[ "$hw_kb" -eq "$adv_kb" ] || fail "max_hw_sectors_kb $hw_kb, MDTS says $adv_kb"
	;;
*)
	[ "$hw_kb" -le "$adv_kb" ] || fail "max_hw_sectors_kb $hw_kb above MDTS ($adv_kb)"
	;;
esac
[ "$head_hw_kb" -eq "$hw_kb" ] || fail "head disk max_hw_sectors_kb $head_hw_kb, path $hw_kb"

for d in "$path_disk" "$head_disk"; do
	old=$(cat "/sys/block/$d/queue/max_sectors_kb")
	echo "$hw_kb" >"/sys/block/$d/queue/max_sectors_kb" || fail "max_sectors_kb $hw_kb on $d"
	on_exit "echo $old > /sys/block/$d/queue/max_sectors_kb"
done

stat_writes() { awk '{ print $5, $7 }' "/sys/block/$path_disk/stat"; }
read -r w0 s0 < <(stat_writes)
fio_verify "$ns" --rw=write --bs="${hw_kb}k" --iodepth=4 --size=64m
read -r w1 s1 < <(stat_writes)
writes=$((w1 - w0))
kb=$(( (s1 - s0) / 2 ))
[ "$writes" -gt 0 ] || fail "no writes reached $path_disk"
log "$writes writes, $kb KiB on $path_disk: $((kb / writes)) KiB each"
[ $((kb / writes)) -ge "$hw_kb" ] || fail "writes were split below $hw_kb KiB: the test did not send transfers at the limit"
# Random offsets, reads and writes mixed, at the limit.
fio_verify "$ns" --rw=randrw --bs="${hw_kb}k" --iodepth=2 --size=32m --offset=64m
dmesg | tail -n +$((mark + 1)) | grep -E "I/O error|nvme" | tail -5
dmesg | tail -n +$((mark + 1)) | grep -qE "I/O error, dev nvme" && fail "the kernel logged an I/O error"
run nvme disconnect -n "$TEST_SUBNQN"
