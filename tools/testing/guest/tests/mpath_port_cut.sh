#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves that one head disk over two paths loses no I/O and no data when
# the active path's target port goes away, comes back, and then the other
# path's port goes away, all while fio verifies at QD 16: the I/O moves to
# the remaining path each time (per-path I/O counts), the cut path's
# controller reconnects once its port is back, and fio ends without error.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

mp_net_setup
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk

mp_export "$BACKEND_DEV"
mp_connect --reconnect-delay=1 --ctrl-loss-tmo=60
head=$(mp_head)
mp_wait_path_state 0 optimized
mp_wait_path_state 1 optimized

# I/O counts of both paths over SECS seconds: sets D0 and D1.
sample() {
	local a0 a1
	a0=$(mp_path_ios 0) a1=$(mp_path_ios 1)
	sleep "$1"
	D0=$(($(mp_path_ios 0) - a0)) D1=$(($(mp_path_ios 1) - a1))
}
# Cuts path CUT and checks the I/O runs on the other one.
cut() { # CUT
	local cut=$1 other=$((1 - $1)) d
	mp_port_cut "$cut"
	sleep 1
	sample 2
	mp_log "path $cut cut: path 0 did $D0 I/Os, path 1 $D1"
	mp_fio_must_run "before the I/O was seen on path $other"
	[ "$cut" = 0 ] && d=$D1 || d=$D0
	[ "$d" -gt 0 ] || fail "no I/O on path $other while path $cut was cut"
	[ "$cut" = 0 ] && d=$D0 || d=$D1
	[ "$d" = 0 ] || fail "$d I/Os completed on cut path $cut"
}
# Restores path I and waits for its controller to be live again.
restore() { # I
	local i
	mp_port_restore "$1"
	for i in $(seq 1 "$(_polls 30)"); do
		mp_refresh_ctrl "$1"
		[ -n "${MP_CTRL[$1]}" ] && [ "$(cat "/sys/class/nvme/${MP_CTRL[$1]}/state")" = live ] &&
			[ "$(mp_path_state "$1")" = optimized ] && break
		sleep 0.2
	done
	[ "$(mp_path_state "$1")" = optimized ] ||
		fail "path $1 did not come back: ${MP_CTRL[$1]:-no controller} $(mp_path_state "$1")"
	mp_log "path $1 back on ${MP_CTRL[$1]}"
}

mp_fio_start "$head" --size=${FIO_SIZE:-48m} --iodepth=16
mp_wait_io
sample 1
mp_log "both paths: path 0 did $D0 I/Os, path 1 $D1"
[ $((D0 + D1)) -gt 0 ] || fail "no I/O on either path"
active=0
[ "$D1" -gt "$D0" ] && active=1
log "active path: $active"
cut $active
restore $active
cut $((1 - active))
restore $((1 - active))
mp_fio_running || log "fio finished during the last restore"
mp_fio_wait
if [ "$MP_MODE" = wire ]; then
	# Each path carried its share over its own veth, not over lo.
	for i in 0 1; do
		b=$(mp_wire_bytes $i tx)
		mp_log "path $i sent $b bytes on mh$i"
		[ "$b" -gt $((1 << 20)) ] || fail "path $i sent only $b bytes on mh$i"
	done
fi
mp_list_subsys
mp_expect_listed 0 "live optimized"
mp_expect_listed 1 "live optimized"
fio_verify "$head" --size=4m
