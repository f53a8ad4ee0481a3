#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Keep-alive path health with two paths: fio verify (crc32c, QD16) runs on
# the head disk while the active path is cut (CUT=netem: 100 % loss both
# ways, the keep-alive miss case; CUT=linkdown: the host's veth down) and
# restored, then the standby path likewise: no I/O or verify error, the cut
# path degrades before KATO ends it (ka_degrades, ka_detect_ms), I/O moves
# to the other path, and the cut path comes back live and healthy; after
# the disconnect the target holds no connection.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

KATO=${KATO:-5}
CUT=${CUT:-netem}
# The active path stays cut past its degrade and failover; the standby
# path only briefly, so that its outstanding keep-alive is answered on
# TCP's next retransmission, well before KATO.
CUT_S=${CUT_S:-8}
STANDBY_CUT_S=${STANDBY_CUT_S:-2}

[ "$NVMEOF_TRANSPORT" = tcp ] || skip "the wires are TCP"
[ "$NVMEOF_HOST" = ours ] || skip "keep-alive path health is our host's"
mp_net_setup wire
run modprobe sch_netem
on_exit "modprobe -r sch_netem"
on_exit "_mp_uncut 0; _mp_uncut 1"
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1
mp_export "$BACKEND_DEV"

mp_connect -k "$KATO" --reconnect-delay=1 --ctrl-loss-tmo=60
ns=$(mp_head) || fail "no head disk"
nheads=$(ls -d /sys/class/nvme-subsystem/nvme-subsys*/nvme*n1 2>/dev/null | grep -vc 'c[0-9]*n')
[ "$nheads" = 1 ] || fail "$nheads head disks for one namespace over two paths"
for p in 0 1; do
	log "${MP_CTRL[p]}: $(mp_ctrl_attr $p address) kato $(mp_ctrl_attr $p kato) ka_misses $(mp_ctrl_attr $p ka_misses)" \
		"ka_interval_ms $(mp_ctrl_attr $p ka_interval_ms) path_health $(mp_ctrl_attr $p path_health)"
	[ "$(mp_ctrl_attr $p ka_misses)" = 3 ] || fail "path $p: ka_misses default is not 3"
	[ "$(mp_ctrl_attr $p path_health)" = ok ] || fail "path $p: path not healthy before any cut"
	# The degrade must come well inside KATO for the test to mean anything.
	iv=$(mp_ctrl_attr $p ka_interval_ms)
	[ $((4 * iv)) -lt $((KATO * 1000)) ] || fail "path $p: probe interval $iv ms is too long for KATO $KATO s"
done

bystander_start "$ns" --iodepth=16
sleep 2

# 1: the active path. Its degrade fails the I/O it had in flight over to
# the other path at once; it then reconnects once the link is back.
act=$(mp_active_path)
other=$((1 - act))
log "active path: $act (${MP_CTRL[act]}); standby: $other (${MP_CTRL[other]})"
d0=$(mp_ctrl_attr $act ka_degrades)
t0=$(mp_now_ms)
mp_cut $act
ms=$(mp_wait_degrade $act "$d0" "$t0" "$KATO") || fail "${ms#FAIL: }"
log "path $act degraded $ms ms after the cut (ka_detect_ms $(mp_ctrl_attr $act ka_detect_ms), state $(mp_ctrl_attr $act state))"
[ "$ms" -lt $((KATO * 1000 * WAIT_SCALE)) ] || fail "degraded only after $ms ms, KATO is $KATO s"
[ "$(mp_ctrl_attr $act ka_detect_ms)" -lt $((KATO * 1000)) ] ||
	fail "ka_detect_ms $(mp_ctrl_attr $act ka_detect_ms) is not below KATO"
mp_wait_io_on $other 10
log "I/O completes through path $other $(($(mp_now_ms) - t0)) ms after the cut"
left=$((CUT_S * 1000 - ($(mp_now_ms) - t0)))
[ $left -gt 0 ] && sleep "$(awk -v m=$left 'BEGIN { print m / 1000 }')"
mp_restore $act
mp_wait_healthy $act 60
log "path $act live and healthy $(($(mp_now_ms) - t0)) ms after the cut"

# 2: the standby path, idle: it degrades, nothing needs to move, and the
# keep-alive answered after the restore brings it back without a reconnect.
act=$(mp_active_path)
sb=$((1 - act))
log "active path now $act; cutting standby path $sb (${MP_CTRL[sb]})"
d0=$(mp_ctrl_attr $sb ka_degrades)
e0=$(dmesg | grep -c "${MP_CTRL[sb]}: starting error recovery")
t0=$(mp_now_ms)
mp_cut $sb
ms=$(mp_wait_degrade $sb "$d0" "$t0" "$KATO") || fail "${ms#FAIL: }"
log "path $sb degraded $ms ms after the cut, state $(mp_ctrl_attr $sb state)"
left=$((STANDBY_CUT_S * 1000 - ($(mp_now_ms) - t0)))
[ $left -gt 0 ] && sleep "$(awk -v m=$left 'BEGIN { print m / 1000 }')"
mp_restore $sb
restored_ms=$(($(mp_now_ms) - t0))
mp_wait_healthy $sb 60
log "path $sb healthy again $(($(mp_now_ms) - t0)) ms after the cut, state $(mp_ctrl_attr $sb state)"
e1=$(dmesg | grep -c "${MP_CTRL[sb]}: starting error recovery")
# Under netem the keep-alive sent before the cut is answered on TCP's next
# retransmission after the restore, inside KATO: the association survives.
# A link down may make the stack give up on that segment for longer, so
# there a reconnect is allowed too.
# A guest too slow to see the degrade before KATO ran out (the debug kernel
# on a loaded machine: 10 s once) restores the link after the keep-alive
# command timed out; the reconnect is then the right answer, not a failure.
if [ "$CUT" = netem ] && [ "$e1" != "$e0" ]; then
	if [ $restored_ms -lt $((KATO * 1000)) ]; then
		fail "path $sb went through error recovery for an idle ${STANDBY_CUT_S} s cut"
	fi
	log "path $sb restored $restored_ms ms after the cut, past KATO: a reconnect is expected"
fi
log "path $sb: $((e1 - e0)) error recoveries during its cut"
mp_wait_io_on $act 10

bystander_stop
dmesg | grep -E 'path degraded|path restored|failing I/O over' | tail -8
dmesg | grep -qE 'I/O error|Buffer I/O' && fail "the kernel logged an I/O error: $(dmesg | grep -E 'I/O error' | tail -3)"
dmesg | grep -q 'path degraded' || fail "no degrade line in dmesg"
[ "$(mp_ctrl_attr 0 ka_degrades)" -ge 1 ] && [ "$(mp_ctrl_attr 1 ka_degrades)" -ge 1 ] ||
	fail "ka_degrades: ${MP_CTRL[0]} $(mp_ctrl_attr 0 ka_degrades), ${MP_CTRL[1]} $(mp_ctrl_attr 1 ka_degrades)"

# Nothing left behind: after the disconnect the target's side closes too.
run nvme disconnect -n "$MP_NQN"
port=$(printf ':%04X' "${MP_SVCID[0]}")
for i in $(seq 1 "$(_polls 30)"); do
	n=$(awk -v p="$port" '$4 == "01" && (substr($2, length($2) - 4) == p || substr($3, length($3) - 4) == p)' \
		/proc/net/tcp | wc -l)
	[ "$n" = 0 ] && break
	sleep 0.2
done
[ "$n" = 0 ] || fail "$n TCP connections to port ${MP_SVCID[0]} still established after the disconnect"
log "no connection left"
