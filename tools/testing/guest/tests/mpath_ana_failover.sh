#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves that flipping one port's ANA group between optimized and
# inaccessible, again and again while fio verifies at QD 16 on the head
# disk, costs no I/O error and no verify error: each time the group turns
# inaccessible the I/O moves to the other (non-optimized) path, as the
# per-path disks' I/O counts show, and comes back when it is optimized.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

FLIPS=${FLIPS:-4}
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
mp_wait_path_state 0 optimized
mp_wait_path_state 1 non-optimized

# I/O counts of both paths over SECS seconds: sets D0 and D1.
sample() {
	local a0 a1
	a0=$(mp_path_ios 0) a1=$(mp_path_ios 1)
	sleep "$1"
	D0=$(($(mp_path_ios 0) - a0)) D1=$(($(mp_path_ios 1) - a1))
}

mp_fio_start "$head" --size=${FIO_SIZE:-48m} --iodepth=16
mp_wait_io
flips=0 moved=0 back=0
while [ $flips -lt "$FLIPS" ] && mp_fio_running; do
	mp_set_ana 1 1 inaccessible
	mp_wait_path_state 0 inaccessible
	sleep 0.3
	sample 1
	mp_log "port 1 inaccessible: path 0 did $D0 I/Os, path 1 $D1"
	mp_fio_running || break
	[ "$D1" -gt 0 ] && [ $((D0 * 10)) -le "$D1" ] && moved=$((moved + 1))
	mp_set_ana 1 1 optimized
	mp_wait_path_state 0 optimized
	sleep 0.3
	sample 1
	mp_log "port 1 optimized: path 0 did $D0 I/Os, path 1 $D1"
	[ "$D0" -gt 0 ] && [ $((D1 * 10)) -le "$D0" ] && back=$((back + 1))
	flips=$((flips + 1))
done
log "$flips flips while fio ran; the I/O moved to path 1 in $moved of them, back to path 0 in $back"
[ $flips -ge "$FLIPS" ] || mp_fio_must_run "after $flips of $FLIPS flips"
mp_fio_wait
[ "$moved" -ge $((FLIPS - 1)) ] || fail "the I/O left the inaccessible path in only $moved of $FLIPS flips"
[ "$back" -ge $((FLIPS - 1)) ] || fail "the I/O came back to the optimized path in only $back of $FLIPS flips"
mp_expect_listed 0 "live optimized"
mp_expect_listed 1 "live non-optimized"
