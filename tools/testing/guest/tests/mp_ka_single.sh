#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Keep-alive path health with a single path: fio verify (crc32c, QD16) runs
# while the only path is cut (CUT=netem or linkdown). A cut shorter than
# KATO degrades the path before KATO, I/O waits (no error, the controller
# stays live, no reconnect) and resumes once keep-alives are answered; a
# cut longer than KATO ends the association, the host reconnects once the
# link is back (within ctrl_loss_tmo) and I/O resumes, again without error.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/tests/mp_ka_lib.sh

KATO=${KATO:-10}
CUT=${CUT:-netem}
SHORT_S=${SHORT_S:-5}
LONG_S=${LONG_S:-$((KATO + 5))}

[ "$NVMEOF_TRANSPORT" = tcp ] || skip "the wire is TCP"
[ "$NVMEOF_HOST" = ours ] || skip "keep-alive path health is our host's"
wire_setup
wire_routes
run modprobe sch_netem
on_exit "modprobe -r sch_netem"
on_exit "path_restore a"
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1
tgt_export "$BACKEND_DEV"

on_exit "nvme disconnect -n '$TEST_SUBNQN'"
path_connect a "$TEST_SUBNQN" -k "$KATO" --reconnect-delay=1 --ctrl-loss-tmo=60
c=$(path_ctrl a "$TEST_SUBNQN") || fail "no controller"
wait_state "$c" live
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
log "$c: kato $(ctrl_attr "$c" kato) ka_misses $(ctrl_attr "$c" ka_misses) ka_interval_ms $(ctrl_attr "$c" ka_interval_ms)"

bystander_start "$ns" --iodepth=16
sleep 2
wait_io_on "$c" 10

# 1: shorter than KATO. The state is sampled all through: it must stay live.
d0=$(ctrl_attr "$c" ka_degrades)
t0=$(now_ms)
path_cut a
ms=$(wait_degrade "$c" "$d0" "$t0" "$KATO") || fail "${ms#FAIL: }"
log "$c degraded $ms ms after the cut, ka_detect_ms $(ctrl_attr "$c" ka_detect_ms)"
[ "$(ctrl_attr "$c" ka_detect_ms)" -lt $((KATO * 1000)) ] || fail "ka_detect_ms is not below KATO"
n0=$(path_ios "$c")
states=""
while [ $(($(now_ms) - t0)) -lt $((SHORT_S * 1000)) ]; do
	states="$states $(ctrl_attr "$c" state)"
	sleep 0.2
done
n1=$(path_ios "$c")
log "completions while degraded and cut: $((n1 - n0))"
path_restore a
while [ "$(ctrl_attr "$c" path_health)" != ok ] && [ $(($(now_ms) - t0)) -lt $((KATO * 1000 * WAIT_SCALE)) ]; do
	states="$states $(ctrl_attr "$c" state)"
	sleep 0.2
done
echo "$states" | tr ' ' '\n' | sort | uniq -c
[ "$(ctrl_attr "$c" path_health)" = ok ] || fail "$c not healthy again within KATO of the cut"
bad=$(echo "$states" | tr ' ' '\n' | grep -v '^$' | grep -v '^live$' | head -1)
[ -z "$bad" ] || fail "$c was $bad during a cut shorter than KATO"
log "$c healthy again $(($(now_ms) - t0)) ms after the cut, never left live"
wait_io_on "$c" 10
dmesg | grep -q "$c: starting error recovery" && fail "error recovery ran for a cut shorter than KATO"

# 2: longer than KATO: the keep-alive timeout ends the association, the
# reconnect after the restore brings the path back and the I/O with it.
r0=$(dmesg | grep -c "$c: Successfully reconnected")
path_cut a
sleep "$LONG_S"
state=$(ctrl_attr "$c" state)
log "after $LONG_S s cut: $c is $state"
[ "$state" = live ] && fail "$c still live $LONG_S s into a cut, KATO $KATO s"
path_restore a
wait_healthy "$c" 60
r1=$(dmesg | grep -c "$c: Successfully reconnected")
[ "$r1" -gt "$r0" ] || fail "no reconnect logged for $c"
wait_io_on "$c" 10

bystander_stop
dmesg | grep -E "$c: .*(path degraded|path restored|error recovery|reconnected)" | tail -8
dmesg | grep -qE 'I/O error|Buffer I/O' && fail "the kernel logged an I/O error: $(dmesg | grep -E 'I/O error' | tail -3)"
true
