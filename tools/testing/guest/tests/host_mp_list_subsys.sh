#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves nvme-cli sees our multipath as it sees the in-tree host's: the same
# target (port 1 optimized, port 2 non-optimized), each host in turn, both
# paths connected; nvme list-subsys (all, and of the head) and nvme list -v
# print the same text, and ours shows "live non-optimized" for path 2. Then
# port 1 goes inaccessible and both hosts show that too.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

mp_backends 1
mp_net_setup
target_load
on_exit target_unload
mp_export /dev/nullb0
mp_set_ana 2 1 non-optimized

# Both paths of SIDE connected; prints what nvme-cli says.
capture() { # SIDE STATE1
	local head
	mp_connect >/dev/null
	head=$(mp_head 1) || fail "$1: no head disk"
	mp_wait_path_state 0 "$2"
	mp_wait_path_state 1 non-optimized
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
	mp_set_ana 1 1 inaccessible
	mp_wait_path_state 0 inaccessible
	nvme list-subsys "$(mp_head 1)" >>/tmp/ls.$side 2>&1
	mp_set_ana 1 1 optimized
	nvme disconnect -n "$MP_NQN" >/dev/null || fail "$side: disconnect"
	NVMEOF_HOST=$side host_unload
done
cat /tmp/ls.ours
diff -u /tmp/ls.intree /tmp/ls.ours || fail "nvme-cli output differs between the in-tree host and ours"
grep -q "live non-optimized" /tmp/ls.ours || fail "ours never printed live non-optimized"
grep -q "live inaccessible" /tmp/ls.ours || fail "ours never printed live inaccessible"
