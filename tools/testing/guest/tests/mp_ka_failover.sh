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
. /usr/lib/nvmeof/tests/mp_ka_lib.sh

KATO=${KATO:-5}
CUT=${CUT:-netem}
# The active path stays cut past its degrade and failover; the standby
# path only briefly, so that its outstanding keep-alive is answered on
# TCP's next retransmission, well before KATO.
CUT_S=${CUT_S:-8}
STANDBY_CUT_S=${STANDBY_CUT_S:-2}

[ "$NVMEOF_TRANSPORT" = tcp ] || skip "the wires are TCP"
[ "$NVMEOF_HOST" = ours ] || skip "keep-alive path health is our host's"
wire_setup
wire_b_setup
run modprobe sch_netem
on_exit "modprobe -r sch_netem"
on_exit "path_restore a; path_restore b"
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1
tgt_subsys "$TEST_SUBNQN"
tgt_ns "$TEST_SUBNQN" 1 "$BACKEND_DEV"
tgt_port 1 tcp $WIRE_TGT_ADDR $TGT_SVCID ipv4
tgt_link 1 "$TEST_SUBNQN"
tgt_port 2 tcp $WIRE_B_TGT_ADDR $TGT_SVCID ipv4
tgt_link 2 "$TEST_SUBNQN"

on_exit "nvme disconnect -n '$TEST_SUBNQN'"
path_connect a "$TEST_SUBNQN" -k "$KATO" --reconnect-delay=1 --ctrl-loss-tmo=60
path_connect b "$TEST_SUBNQN" -k "$KATO" --reconnect-delay=1 --ctrl-loss-tmo=60
ca=$(path_ctrl a "$TEST_SUBNQN") || fail "no controller on path a"
cb=$(path_ctrl b "$TEST_SUBNQN") || fail "no controller on path b"
wait_state "$ca" live
wait_state "$cb" live
ns=$(ns_dev "$TEST_SUBNQN") || fail "no head disk"
nheads=$(ls -d /sys/class/nvme-subsystem/nvme-subsys*/nvme*n1 2>/dev/null | grep -vc 'c[0-9]*n')
[ "$nheads" = 1 ] || fail "$nheads head disks for one namespace over two paths"
for c in $ca $cb; do
	log "$c: $(ctrl_attr "$c" address) kato $(ctrl_attr "$c" kato) ka_misses $(ctrl_attr "$c" ka_misses)" \
		"ka_interval_ms $(ctrl_attr "$c" ka_interval_ms) path_health $(ctrl_attr "$c" path_health)"
	[ "$(ctrl_attr "$c" ka_misses)" = 3 ] || fail "$c: ka_misses default is not 3"
	[ "$(ctrl_attr "$c" path_health)" = ok ] || fail "$c: path not healthy before any cut"
	# The degrade must come well inside KATO for the test to mean anything.
	iv=$(ctrl_attr "$c" ka_interval_ms)
	[ $((4 * iv)) -lt $((KATO * 1000)) ] || fail "$c: probe interval $iv ms is too long for KATO $KATO s"
done

bystander_start "$ns" --iodepth=16
sleep 2
path_of() { if [ "$1" = "$ca" ]; then echo a; else echo b; fi; }

# 1: the active path. Its degrade fails the I/O it had in flight over to
# the other path at once; it then reconnects once the link is back.
act=$(active_ctrl "$ca" "$cb")
other=$ca
[ "$act" = "$ca" ] && other=$cb
p=$(path_of "$act")
log "active path: $p ($act); standby: $other"
d0=$(ctrl_attr "$act" ka_degrades)
t0=$(now_ms)
path_cut "$p"
ms=$(wait_degrade "$act" "$d0" "$t0" "$KATO") || fail "${ms#FAIL: }"
log "$act degraded $ms ms after the cut (ka_detect_ms $(ctrl_attr "$act" ka_detect_ms), state $(ctrl_attr "$act" state))"
[ "$ms" -lt $((KATO * 1000 * WAIT_SCALE)) ] || fail "degraded only after $ms ms, KATO is $KATO s"
[ "$(ctrl_attr "$act" ka_detect_ms)" -lt $((KATO * 1000)) ] ||
	fail "ka_detect_ms $(ctrl_attr "$act" ka_detect_ms) is not below KATO"
wait_io_on "$other" 10
log "I/O completes through $other $(($(now_ms) - t0)) ms after the cut"
left=$((CUT_S * 1000 - ($(now_ms) - t0)))
[ $left -gt 0 ] && sleep "$(awk -v m=$left 'BEGIN { print m / 1000 }')"
path_restore "$p"
wait_healthy "$act" 60
log "$act live and healthy $(($(now_ms) - t0)) ms after the cut"

# 2: the standby path, idle: it degrades, nothing needs to move, and the
# keep-alive answered after the restore brings it back without a reconnect.
act=$(active_ctrl "$ca" "$cb")
sb=$ca
[ "$act" = "$ca" ] && sb=$cb
p=$(path_of "$sb")
log "active path now $act; cutting standby path $p ($sb)"
d0=$(ctrl_attr "$sb" ka_degrades)
e0=$(dmesg | grep -c "$sb: starting error recovery")
t0=$(now_ms)
path_cut "$p"
ms=$(wait_degrade "$sb" "$d0" "$t0" "$KATO") || fail "${ms#FAIL: }"
log "$sb degraded $ms ms after the cut, state $(ctrl_attr "$sb" state)"
left=$((STANDBY_CUT_S * 1000 - ($(now_ms) - t0)))
[ $left -gt 0 ] && sleep "$(awk -v m=$left 'BEGIN { print m / 1000 }')"
path_restore "$p"
wait_healthy "$sb" 60
log "$sb healthy again $(($(now_ms) - t0)) ms after the cut, state $(ctrl_attr "$sb" state)"
e1=$(dmesg | grep -c "$sb: starting error recovery")
# Under netem the keep-alive sent before the cut is answered on TCP's next
# retransmission after the restore, inside KATO: the association survives.
# A link down may make the stack give up on that segment for longer, so
# there a reconnect is allowed too.
if [ "$CUT" = netem ] && [ "$e1" != "$e0" ]; then
	fail "$sb went through error recovery for an idle ${STANDBY_CUT_S} s cut"
fi
log "$sb: $((e1 - e0)) error recoveries during its cut"
wait_io_on "$act" 10

bystander_stop
dmesg | grep -E 'path degraded|path restored|failing I/O over' | tail -8
dmesg | grep -qE 'I/O error|Buffer I/O' && fail "the kernel logged an I/O error: $(dmesg | grep -E 'I/O error' | tail -3)"
dmesg | grep -q 'path degraded' || fail "no degrade line in dmesg"
[ "$(ctrl_attr "$ca" ka_degrades)" -ge 1 ] && [ "$(ctrl_attr "$cb" ka_degrades)" -ge 1 ] ||
	fail "ka_degrades: $ca $(ctrl_attr "$ca" ka_degrades), $cb $(ctrl_attr "$cb" ka_degrades)"

# Nothing left behind: after the disconnect the target's side closes too.
run nvme disconnect -n "$TEST_SUBNQN"
port=$(printf ':%04X' "$TGT_SVCID")
for i in $(seq 1 "$(_polls 30)"); do
	n=$(awk -v p="$port" '$4 == "01" && (substr($2, length($2) - 4) == p || substr($3, length($3) - 4) == p)' \
		/proc/net/tcp | wc -l)
	[ "$n" = 0 ] && break
	sleep 0.2
done
[ "$n" = 0 ] || fail "$n TCP connections to port $TGT_SVCID still established after the disconnect"
log "no connection left"
