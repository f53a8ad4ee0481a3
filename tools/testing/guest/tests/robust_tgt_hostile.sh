#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Hostile hosts against our target, beyond tgt_tcp_malformed_pdu.sh: Connects
# with bad data, H2CData going back in offset, oversized in-capsule data on an
# I/O queue, a connection that stops after ICReq, and a storm of 600
# connections. While they run, the in-tree host's fio verify keeps passing;
# afterwards the target holds no connection but the bystander's, and unloads.
. /usr/lib/nvmeof/lib.sh

HOSTILE_NQN=nqn.2014-08.org.nvmexpress:uuid:6e766d65-6f66-2d70-6475-2d636c696502
CASES="connect-nqn-unterminated connect-garbage connect-short-data connect-wrong-cntlid
h2c-rewind icd-over-ioccsz idle-after-icreq"
# idle-after-icreq waits 20 s for the target to drop it: connect_timeout_s
# 3 for those. The storm has each of its 200 sockets per round wait for its
# turn to send Connect (one in ten) after all ICReqs went out; on a slow
# kernel that takes longer than 3 s, so it runs with the target's default,
# scaled like every other wait.

# Connections the target holds: established or closed by the peer but not
# yet by the target (CLOSE_WAIT), on the target's port.
tgt_conns() {
	local port
	port=$(printf '%04X' "$TGT_SVCID")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p=":$port" 'substr($2, length($2) - 4) == p && ($4 == "01" || $4 == "08")' | wc -l
}
# Waits up to $2 s for the target to hold at most $1 connections.
wait_tgt_conns() {
	local i
	for i in $(seq 1 $(( $2 * 2 ))); do
		[ "$(tgt_conns)" -le "$1" ] && return 0
		sleep 0.5
	done
	return 1
}

command -v nvmeof-pdu-client >/dev/null || fail "nvmeof-pdu-client not in the guest"
transport_setup
target_load
on_exit target_unload
default_timeout=$(cat /sys/module/nvmeof_target_tcp/parameters/connect_timeout_s)
echo 3 >/sys/module/nvmeof_target_tcp/parameters/connect_timeout_s ||
	fail "connect_timeout_s is not writable"
on_exit "echo $default_timeout > /sys/module/nvmeof_target_tcp/parameters/connect_timeout_s"
host_load
on_exit host_unload
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_connect "$TEST_SUBNQN" -i 2
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
base=$(tgt_conns)
log "the bystander holds $base connections to the target"
[ "$base" -ge 3 ] || fail "expected at least 3 target connections, counted $base"

bystander_start "$ns" --bssplit=4k/50:64k/50 --iodepth=16 --numjobs=2 --size=4m --offset_increment=4m
sleep 2

# shellcheck disable=SC2086
nvmeof-pdu-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" -q "$HOSTILE_NQN" $CASES
client_rc=$?
echo $((default_timeout * WAIT_SCALE)) >/sys/module/nvmeof_target_tcp/parameters/connect_timeout_s ||
	fail "connect_timeout_s is not writable"
log "the storm runs with connect_timeout_s $((default_timeout * WAIT_SCALE))"
nvmeof-pdu-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" -q "$HOSTILE_NQN" storm ||
	client_rc=1
bystander_stop
[ $client_rc -eq 0 ] || fail "a hostile case was not handled as expected"
[ "$(cat /sys/class/nvme/$ctrl/state)" = live ] ||
	fail "the bystander's controller is $(cat /sys/class/nvme/$ctrl/state)"

# Every hostile connection is gone: only the bystander's remain.
wait_tgt_conns "$base" $((30 * WAIT_SCALE)) || fail "the target still holds $(tgt_conns) connections, expected $base"
run nvme disconnect -n "$TEST_SUBNQN"
wait_tgt_conns 0 $((30 * WAIT_SCALE)) || fail "the target still holds $(tgt_conns) connections after disconnect"
