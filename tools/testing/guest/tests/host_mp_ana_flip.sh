#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves ANA flips during I/O lose nothing: fio verify at QD 16 on the head
# while group 1 flips optimized <-> inaccessible on port 1, then on port 2
# (one port optimized at any time); zero errors, zero verify errors, and
# while a port is inaccessible its path takes no I/O and the other does.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mp_host_lib.sh

POLICY=${POLICY:-round-robin}
mp_backends 1
mp_target
host_load
on_exit host_unload
mp_connect 1
mp_connect 2
c1=$(mp_ctrl 1) || fail "path 1 not live"
c2=$(mp_ctrl 2) || fail "path 2 not live"
head=$(mp_head 1) || fail "no head disk"
mp_iopolicy "$POLICY"

fio --name=flip --filename="$head" --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
	--iodepth=16 --size=$((64 / WAIT_SCALE))m --verify=crc32c --verify_fatal=1 --do_verify=1 \
	--rate_iops=1000,1000 --runtime=$((120 * WAIT_SCALE)) >/tmp/fio.out 2>&1 &
fio_pid=$!
on_exit "kill $fio_pid"

# Port P inaccessible for a while: its path idle, the other busy.
check_moved() { # PORT
	local off=$1 on=$((3 - $1)) coff con a_off a_on
	coff=$(eval echo \$c$off) con=$(eval echo \$c$on)
	mp_ana "$off" 1 inaccessible
	mp_wait_ana "$coff" inaccessible
	sleep 0.3
	a_off=$(mp_stat "$coff" submitted)
	a_on=$(mp_stat "$con" submitted)
	sleep 1
	kill -0 $fio_pid 2>/dev/null || fail "fio ended before the flips did: it proves nothing"
	log "port $off inaccessible: $coff +$(($(mp_stat "$coff" submitted) - a_off)), $con +$(($(mp_stat "$con" submitted) - a_on))"
	[ "$(mp_stat "$coff" submitted)" = "$a_off" ] || fail "inaccessible path $coff took I/O"
	[ "$(mp_stat "$con" submitted)" -gt "$a_on" ] || fail "optimized path $con took no I/O"
	mp_ana "$off" 1 optimized
	mp_wait_ana "$coff" optimized
	sleep 0.5
}

sleep 1
for round in 1 2 3; do
	check_moved 1
	check_moved 2
done
wait $fio_pid
rc=$?
grep -E 'err=|READ:|WRITE:|verify' /tmp/fio.out | head
[ $rc = 0 ] || { tail -20 /tmp/fio.out; fail "fio failed across the ANA flips ($rc)"; }
grep -q 'READ:' /tmp/fio.out || fail "fio verified nothing"
grep -qE 'err= *[1-9]' /tmp/fio.out && fail "fio reported errors"
for c in $c1 $c2; do
	log "$c: $(tr '\n' ' ' <"$STATS/$c/$(mp_path_disk "$c")")"
done
true
