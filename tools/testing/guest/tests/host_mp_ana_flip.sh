#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves ANA flips during I/O lose nothing: fio verify at QD 16 on the head
# while group 1 flips optimized <-> inaccessible on port 1, then on port 2
# (one port optimized at any time); zero errors, zero verify errors, and
# while a port is inaccessible its path takes no I/O and the other does.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

POLICY=${POLICY:-round-robin}
mp_backends 1
mp_net_setup
target_load
on_exit target_unload
mp_export /dev/nullb0
host_load
on_exit host_unload
mp_connect
head=$(mp_head 1) || fail "no head disk"
mp_iopolicy "$POLICY"

fio --name=flip --filename="$head" --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
	--iodepth=16 --size=$((64 / WAIT_SCALE))m --verify=crc32c --verify_fatal=1 --do_verify=1 \
	--rate_iops=1000,1000 --runtime=$((120 * WAIT_SCALE)) >/tmp/fio.out 2>&1 &
fio_pid=$!
on_exit "kill $fio_pid"

# Path P's port inaccessible for a while: the path idle, the other busy.
check_moved() { # PATH
	local off=$1 on=$((1 - $1)) a_off a_on
	mp_set_ana "${MP_PORT[off]}" 1 inaccessible
	mp_wait_path_state "$off" inaccessible
	sleep 0.3
	a_off=$(mp_stat "$off" submitted)
	a_on=$(mp_stat "$on" submitted)
	sleep 1
	kill -0 $fio_pid 2>/dev/null || fail "fio ended before the flips did: it proves nothing"
	log "path $off inaccessible: ${MP_CTRL[off]} +$(($(mp_stat "$off" submitted) - a_off)), ${MP_CTRL[on]} +$(($(mp_stat "$on" submitted) - a_on))"
	[ "$(mp_stat "$off" submitted)" = "$a_off" ] || fail "inaccessible path $off took I/O"
	[ "$(mp_stat "$on" submitted)" -gt "$a_on" ] || fail "optimized path $on took no I/O"
	mp_set_ana "${MP_PORT[off]}" 1 optimized
	mp_wait_path_state "$off" optimized
	sleep 0.5
}

sleep 1
for round in 1 2 3; do
	check_moved 0
	check_moved 1
done
wait $fio_pid
rc=$?
grep -E 'err=|READ:|WRITE:|verify' /tmp/fio.out | head
[ $rc = 0 ] || { tail -20 /tmp/fio.out; fail "fio failed across the ANA flips ($rc)"; }
grep -q 'READ:' /tmp/fio.out || fail "fio verified nothing"
grep -qE 'err= *[1-9]' /tmp/fio.out && fail "fio reported errors"
for i in 0 1; do
	log "${MP_CTRL[i]}: $(mp_stats_line $i)"
done
true
