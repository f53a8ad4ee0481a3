#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves one block device can back two namespaces, as in-tree: both enable,
# the in-tree host sees both, fio verify passes through namespace 1 and
# namespace 2 reads back the same bytes; with bdev_exclusive=1 a second
# namespace on one device fails to enable with EBUSY and the first keeps
# serving.
. /usr/lib/nvmeof/lib.sh

stacks_load
P=/sys/module/nvmeof_target/parameters/bdev_exclusive
[ -e $P ] || fail "no bdev_exclusive parameter"
[ "$(cat $P)" = N ] || fail "bdev_exclusive defaults to $(cat $P), not N"

backend_nullblk 1
shared_dev=$BACKEND_DEV
backend_brd 64
excl_dev=$BACKEND_DEV
tgt_export "$shared_dev"
tgt_ns "$TEST_SUBNQN" 2 "$shared_dev"
log "namespaces 1 and 2 both enabled on $shared_dev"

host_connect "$TEST_SUBNQN" -i 2
ns1=$(ns_dev "$TEST_SUBNQN" 1) || fail "no block device for namespace 1"
ns2=$(ns_dev "$TEST_SUBNQN" 2) || fail "no block device for namespace 2"
fio_verify "$ns1" --size=32m
a=$(dd if="$ns1" bs=1M count=32 iflag=direct 2>/dev/null | md5sum)
b=$(dd if="$ns2" bs=1M count=32 iflag=direct 2>/dev/null | md5sum)
log "ns1 $a / ns2 $b"
[ "$a" = "$b" ] || fail "namespace 2 does not read what namespace 1 wrote to the same device"
z=$(dd if=/dev/zero bs=1M count=32 2>/dev/null | md5sum)
[ "$a" != "$z" ] || fail "namespace 1 reads back zeroes: fio wrote nothing"

# Opt-in exclusive open: the second namespace on one device is refused.
echo 1 >$P || fail "bdev_exclusive=1"
on_exit "echo 0 > $P"
tgt_ns "$TEST_SUBNQN" 3 "$excl_dev"
d=$CFS/subsystems/$TEST_SUBNQN/namespaces/4
run mkdir "$d"
on_exit "rmdir '$d'"
echo -n "$excl_dev" >"$d/device_path" || fail "device_path"
err=$( { echo 1 >"$d/enable"; } 2>&1) && fail "exclusive: namespace 4 enabled on $excl_dev held by namespace 3"
log "namespace 4: $err"
echo "$err" | grep -q "busy" || fail "exclusive: enable failed with '$err', not EBUSY"
[ "$(cat "$d/enable")" = 0 ] || fail "namespace 4 reports enabled after the refusal"
dmesg | tail -3 | grep -q "cannot open device_path" || fail "no kernel log line for the refusal"
ns3=$(ns_dev "$TEST_SUBNQN" 3) || fail "no block device for namespace 3"
fio_verify "$ns3" --size=16m
fio_verify "$ns1" --size=8m --offset=32m
