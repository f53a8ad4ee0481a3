#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves allowed_hosts is enforced: the listed host discovers and connects,
# another host NQN sees no entry in discovery and its Connect is refused.
. /usr/lib/nvmeof/lib.sh

OTHER_HOSTID=0f6d2a8c-55b1-4c1e-8e3a-2b9d6c4e7f10
OTHER_HOSTNQN=nqn.2014-08.org.nvmexpress:uuid:$OTHER_HOSTID

stacks_load
backend_nullblk 1
tgt_subsys "$TEST_SUBNQN" 0
tgt_ns "$TEST_SUBNQN" 1 "$BACKEND_DEV"
tgt_port 1
tgt_link 1 "$TEST_SUBNQN"
tgt_allow_host "$TEST_SUBNQN" "$HOSTNQN"

host_discover | tee /tmp/disc-allowed.txt
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc-allowed.txt || fail "allowed host does not discover $TEST_SUBNQN"
host_discover --hostnqn="$OTHER_HOSTNQN" --hostid="$OTHER_HOSTID" | tee /tmp/disc-other.txt
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc-other.txt && fail "other host discovers $TEST_SUBNQN"
grep -qi "current discovery subsystem" /tmp/disc-other.txt || fail "other host's discovery failed"

mark=$(dmesg | wc -l)
nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" \
	--hostnqn="$OTHER_HOSTNQN" --hostid="$OTHER_HOSTID" &&
	{ nvme disconnect -n "$TEST_SUBNQN"; fail "host $OTHER_HOSTNQN was allowed to connect"; }
dmesg | tail -n +$((mark + 1)) | grep -q "nvmeof_target: host $OTHER_HOSTNQN is not allowed" ||
	fail "no target message for the refused host"
ctrl_of "$TEST_SUBNQN" >/dev/null 2>&1 && fail "a controller exists after the refused connect"

host_connect "$TEST_SUBNQN"
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "allowed host has no live controller"
[ "$(cat /sys/class/nvme/$ctrl/hostnqn)" = "$HOSTNQN" ] || fail "controller has the wrong hostnqn"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
run nvme disconnect -n "$TEST_SUBNQN"
