#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a malformed or out-of-order PDU ends only its own connection: each
# hostile case gets a C2HTermReq with the right FES and a close, while the
# in-tree host's fio verify on another connection finishes with no errors.
. /usr/lib/nvmeof/lib.sh

HOSTILE_NQN=nqn.2014-08.org.nvmexpress:uuid:6e766d65-6f66-2d70-6475-2d636c696501
CASES="bad-hlen bad-plen unknown-type cmd-before-icreq cmd-before-connect bad-hdgst
plen-beyond-icd h2c-bad-ttag h2c-bad-offset h2c-out-of-range h2c-beyond-maxh2c flood
half-open idle"

command -v nvmeof-pdu-client >/dev/null || fail "nvmeof-pdu-client not in the guest"
transport_setup
target_load
on_exit target_unload
# The idle case waits for this: keep it short.
echo 3 >/sys/module/nvmeof_target_tcp/parameters/connect_timeout_s ||
	fail "connect_timeout_s is not writable"
on_exit "echo 15 > /sys/module/nvmeof_target_tcp/parameters/connect_timeout_s"
host_load
on_exit host_unload
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" -i 2
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"

# The bystander: verifying fio runs back to back until the attacks are over.
bystander_start "$ns" --bssplit=4k/40:16k/20:64k/30:256k/10 --iodepth=16 --numjobs=2 --size=8m --offset_increment=8m
sleep 2

# shellcheck disable=SC2086
nvmeof-pdu-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" -q "$HOSTILE_NQN" $CASES
client_rc=$?
bystander_stop
[ "$(cat /sys/class/nvme/$ctrl/state)" = live ] || fail "the bystander's controller is $(cat /sys/class/nvme/$ctrl/state)"
dmesg | grep -q "nvme $ctrl: .*\(reset\|error recovery\|reconnect\)" &&
	fail "the bystander's controller went through error recovery"
[ $client_rc -eq 0 ] || fail "hostile cases did not get the expected C2HTermReq"
run nvme disconnect -n "$TEST_SUBNQN"
