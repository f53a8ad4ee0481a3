#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a bad capsule over NVMe/RDMA fails only its command (a capsule
# shorter than an SQE closes only its queue): a verbs client
# (nvmeof-rdma-client) sends commands before Connect, a second Connect,
# unsupported SGL descriptor types (Last Segment, vendor, NVMe/TCP's
# Transport SGL), keyed SGLs past MDTS, in-capsule SGLs past the data that
# arrived, unknown admin and I/O opcodes; each gets its status (the statuses
# our TCP target returns for the same cases) and the queue still works,
# while the in-tree host's fio verify on another controller finishes clean.
. /usr/lib/nvmeof/lib.sh

HOSTILE_NQN=nqn.2014-08.org.nvmexpress:uuid:6e766d65-6f66-2d72-646d-612d636c6901

command -v nvmeof-rdma-client >/dev/null || fail "nvmeof-rdma-client not in the guest"
transport_setup
# Userspace verbs and CM for the client.
run modprobe ib_uverbs
run modprobe rdma_ucm
on_exit "modprobe -r rdma_ucm ib_uverbs"
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" -i 2
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"

# The bystander: verifying fio runs back to back until the client is done.
bystander_start "$ns" --bssplit=4k/40:16k/20:64k/30:256k/10 --iodepth=16 --numjobs=2 --size=8m --offset_increment=8m
sleep $((2 * WAIT_SCALE))

# Its Writes go 512 MiB in, away from the bystander's first 16 MiB.
nvmeof-rdma-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" -q "$HOSTILE_NQN" -l 1048576
client_rc=$?
bystander_stop
[ "$(cat /sys/class/nvme/$ctrl/state)" = live ] || fail "the bystander's controller is $(cat /sys/class/nvme/$ctrl/state)"
dmesg | grep -q "nvme $ctrl: .*\(reset\|error recovery\|reconnect\)" &&
	fail "the bystander's controller went through error recovery"
[ $client_rc -eq 0 ] || fail "bad capsules did not get the expected statuses"
# The port still takes new connections.
run nvme disconnect -n "$TEST_SUBNQN"
host_connect "$TEST_SUBNQN" -i 1
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace after reconnecting"
fio_verify "$ns" --bs=4k --iodepth=4 --size=2m
run nvme disconnect -n "$TEST_SUBNQN"
