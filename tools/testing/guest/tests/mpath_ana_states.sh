#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves that one subsystem exported on two target ports shows as one head
# disk with two paths, each with the ANA state its own port sets in configfs
# (nvme list-subsys and the path disks' sysfs), that every ana_state change
# and a namespace moved between groups reach the host by AEN (several in a
# row, not only the first), and that I/O on a path whose group is
# inaccessible, persistent-loss or change fails with the ANA status codes
# while admin commands still work there.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

mp_net_setup
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk

mp_export "$BACKEND_DEV"
mp_set_ana 1 1 optimized
mp_set_ana 2 1 non-optimized
mp_connect
head=$(mp_head)
log "head disk $head"
n=$(ls -d /sys/class/nvme-subsystem/nvme-subsys*/nvme*n* 2>/dev/null | while read -r b; do
	[ "$(cat "$(dirname "$b")/subsysnqn")" = "$MP_NQN" ] && echo "$b"; done | wc -l)
[ "$n" = 1 ] || fail "$n head disks for $MP_NQN, want 1"
for i in 0 1; do
	p=$(mp_path_disk $i) || fail "path $i (${MP_CTRL[i]}) has no path disk"
	[ -b "/dev/$p" ] && fail "path disk $p has a device node (should be hidden)"
	[ "$(mp_path_grpid $i)" = 1 ] || fail "path $i ana_grpid $(mp_path_grpid $i), want 1"
done
mp_list_subsys
mp_expect_listed 0 "live optimized"
mp_expect_listed 1 "live non-optimized"

# Changes in a row on port 2, each must reach the host by its own AEN; port 1 stays.
for st in inaccessible optimized change non-optimized persistent-loss optimized inaccessible non-optimized; do
	mp_set_ana 2 1 $st
	mp_wait_path_state 1 $st
	[ "$(mp_path_state 0)" = optimized ] || fail "path 0 changed to $(mp_path_state 0) with port 2's group"
done
mp_list_subsys
mp_expect_listed 1 "live non-optimized"
# And on port 1, while port 2 stays.
for st in non-optimized inaccessible optimized; do
	mp_set_ana 1 1 $st
	mp_wait_path_state 0 $st
	[ "$(mp_path_state 1)" = non-optimized ] || fail "path 1 changed to $(mp_path_state 1) with port 1's group"
done

# A namespace moved to group 2 (optimized on port 2, inaccessible on port 1)
# and back: the host follows both moves.
mp_ana_groups 2
mp_set_ana 1 2 inaccessible
mp_set_ana 2 2 optimized
mp_ns_grpid 1 2
mp_wait_path_state 0 inaccessible
mp_wait_path_state 1 optimized
[ "$(mp_path_grpid 0)" = 2 ] && [ "$(mp_path_grpid 1)" = 2 ] ||
	fail "ana_grpid after the move: $(mp_path_grpid 0) $(mp_path_grpid 1), want 2 2"
mp_ns_grpid 1 1
mp_wait_path_state 0 optimized
mp_wait_path_state 1 non-optimized
[ "$(mp_path_grpid 0)" = 1 ] || fail "ana_grpid after moving back: $(mp_path_grpid 0), want 1"
run dd if="$head" of=/dev/null bs=4k count=256 iflag=direct

# I/O status through each state, sent down path 1 alone (its controller's
# character device), against an admin command on the same path.
ctrl1=/dev/${MP_CTRL[1]}
io_status() { # prints nvme-cli's status text of a 1-block read through path 1
	nvme io-passthru "$ctrl1" --namespace-id=1 --opcode=2 --data-len=512 --read \
		--cdw10=0 --cdw12=0 -b 2>&1 >/dev/null | tr -d '\0'
	echo " rc=${PIPESTATUS[0]}"
}
out=$(io_status)
case $out in *" rc=0") ;; *) fail "read through non-optimized path 1: $out" ;; esac
for pair in inaccessible:0x302 persistent-loss:0x301 change:0x303; do
	st=${pair%%:*} want=${pair#*:}
	mp_set_ana 2 1 $st
	mp_wait_path_state 1 $st
	out=$(io_status)
	log "read through $st path: $out"
	# The code in parentheses, less the More and DNR bits (status field >> 1).
	got=$(echo "$out" | grep -oE '\(0x[0-9a-fA-F]+\)' | tail -1 | tr -d '()')
	[ -n "$got" ] && [ $((got & 0x7ff)) = $((want)) ] ||
		fail "read through a $st path: '$out', want status $want"
	nvme id-ns "$ctrl1" --namespace-id=1 >/tmp/idns.txt || fail "Identify Namespace on a $st path failed"
	grep -qE '^anagrpid *: *1$' /tmp/idns.txt || fail "Identify Namespace anagrpid on a $st path"
	case $st in
	inaccessible | persistent-loss)
		grep -qE '^nuse *: *0$' /tmp/idns.txt || fail "nuse on a $st path: $(grep nuse /tmp/idns.txt)" ;;
	esac
	run nvme ana-log "$ctrl1"
done
mp_set_ana 2 1 optimized
mp_wait_path_state 1 optimized
out=$(io_status)
case $out in *" rc=0") ;; *) fail "read through path 1 after it came back: $out" ;; esac
mp_expect_listed 0 "live optimized"
mp_expect_listed 1 "live optimized"
fio_verify "$head" --size=8m
