#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves nvme-cli sees our multipath as it sees the in-tree host's: the same
# target (port 1 optimized, port 2 non-optimized), each host in turn, both
# paths connected; nvme list-subsys (all, and of the head) and nvme list -v
# print the same text, and ours shows "live non-optimized" for path 2. Then
# port 1 goes inaccessible and both hosts show that too.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mp_host_lib.sh

mp_backends 1
mp_target
mp_ana 2 1 non-optimized

# Both paths of SIDE connected; prints what nvme-cli says.
capture() { # SIDE STATE1
	local c1 c2 head
	nvme connect -t "$NVMEOF_TRANSPORT" -a "$MP_ADDR1" -s "$MP_SVC1" -n "$MP_NQN" >/dev/null ||
		fail "$1: connect path 1"
	c1=$(mp_ctrl 1) || fail "$1: path 1 not live"
	nvme connect -t "$NVMEOF_TRANSPORT" -a "$MP_ADDR2" -s "$MP_SVC2" -n "$MP_NQN" >/dev/null ||
		fail "$1: connect path 2"
	c2=$(mp_ctrl 2) || fail "$1: path 2 not live"
	head=$(ns_dev "$MP_NQN" 1) || fail "$1: no head disk"
	mp_wait_ana "$c1" "$2"
	mp_wait_ana "$c2" non-optimized
	echo "== list-subsys"
	nvme list-subsys
	echo "== list-subsys $head"
	nvme list-subsys "$head"
	echo "== list -v"
	nvme list -v
	echo "== list-subsys -o json"
	nvme list-subsys -o json
}

on_exit "NVMEOF_HOST=ours host_unload; NVMEOF_HOST=intree host_unload"
for side in intree ours; do
	NVMEOF_HOST=$side host_load
	capture $side optimized >/tmp/ls.$side 2>&1
	mp_ana 1 1 inaccessible
	c1=$(mp_ctrl 1)
	mp_wait_ana "$c1" inaccessible
	nvme list-subsys >>/tmp/ls.$side 2>&1
	mp_ana 1 1 optimized
	nvme disconnect -n "$MP_NQN" >/dev/null || fail "$side: disconnect"
	NVMEOF_HOST=$side host_unload
done
cat /tmp/ls.ours
diff -u /tmp/ls.intree /tmp/ls.ours || fail "nvme-cli output differs between the in-tree host and ours"
grep -q "live non-optimized" /tmp/ls.ours || fail "ours never printed live non-optimized"
grep -q "live inaccessible" /tmp/ls.ours || fail "ours never printed live inaccessible"
