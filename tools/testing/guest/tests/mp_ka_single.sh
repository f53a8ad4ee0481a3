#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Keep-alive path health with a single path: fio verify (crc32c, QD16) runs
# while the only path is cut (CUT=netem or linkdown). A cut shorter than
# KATO degrades the path before KATO, I/O waits (no error, the controller
# stays live, no reconnect) and resumes once keep-alives are answered; a
# cut longer than KATO ends the association, the host reconnects once the
# link is back (within ctrl_loss_tmo) and I/O resumes, again without error.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

KATO=${KATO:-10}
CUT=${CUT:-netem}
SHORT_S=${SHORT_S:-5}
LONG_S=${LONG_S:-$((KATO + 5))}

[ "$NVMEOF_TRANSPORT" = tcp ] || skip "the wire is TCP"
[ "$NVMEOF_HOST" = ours ] || skip "keep-alive path health is our host's"
mp_net_setup wire
run modprobe sch_netem
on_exit "modprobe -r sch_netem"
on_exit "_mp_uncut 0"
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1
# Only path 0 is used: the subsystem on its port alone.
tgt_subsys "$MP_NQN"
tgt_ns "$MP_NQN" 1 "$BACKEND_DEV"
tgt_port "${MP_PORT[0]}" tcp "${MP_ADDR[0]}" "${MP_SVCID[0]}" ipv4
tgt_link "${MP_PORT[0]}" "$MP_NQN"

mp_connect_path 0 -k "$KATO" --reconnect-delay=1 --ctrl-loss-tmo=60
c=${MP_CTRL[0]}
ns=$(mp_head) || fail "no namespace block device"
log "$c: kato $(mp_ctrl_attr 0 kato) ka_misses $(mp_ctrl_attr 0 ka_misses) ka_interval_ms $(mp_ctrl_attr 0 ka_interval_ms)"

bystander_start "$ns" --iodepth=16
sleep 2
mp_wait_io_on 0 10

# 1: shorter than KATO. The state is sampled all through: it must stay live.
d0=$(mp_ctrl_attr 0 ka_degrades)
t0=$(mp_now_ms)
mp_cut 0
ms=$(mp_wait_degrade 0 "$d0" "$t0" "$KATO") || fail "${ms#FAIL: }"
log "$c degraded $ms ms after the cut, ka_detect_ms $(mp_ctrl_attr 0 ka_detect_ms)"
[ "$(mp_ctrl_attr 0 ka_detect_ms)" -lt $((KATO * 1000)) ] || fail "ka_detect_ms is not below KATO"
n0=$(mp_path_ios 0)
states=""
while [ $(($(mp_now_ms) - t0)) -lt $((SHORT_S * 1000)) ]; do
	states="$states $(mp_ctrl_attr 0 state)"
	sleep 0.2
done
n1=$(mp_path_ios 0)
log "completions while degraded and cut: $((n1 - n0))"
mp_restore 0
while [ "$(mp_ctrl_attr 0 path_health)" != ok ] && [ $(($(mp_now_ms) - t0)) -lt $((KATO * 1000 * WAIT_SCALE)) ]; do
	states="$states $(mp_ctrl_attr 0 state)"
	sleep 0.2
done
echo "$states" | tr ' ' '\n' | sort | uniq -c
[ "$(mp_ctrl_attr 0 path_health)" = ok ] || fail "$c not healthy again within KATO of the cut"
bad=$(echo "$states" | tr ' ' '\n' | grep -v '^$' | grep -v '^live$' | head -1)
[ -z "$bad" ] || fail "$c was $bad during a cut shorter than KATO"
log "$c healthy again $(($(mp_now_ms) - t0)) ms after the cut, never left live"
mp_wait_io_on 0 10
dmesg | grep -q "$c: starting error recovery" && fail "error recovery ran for a cut shorter than KATO"

# 2: longer than KATO: the keep-alive timeout ends the association, the
# reconnect after the restore brings the path back and the I/O with it.
r0=$(dmesg | grep -c "$c: Successfully reconnected")
mp_cut 0
sleep "$LONG_S"
state=$(mp_ctrl_attr 0 state)
log "after $LONG_S s cut: $c is $state"
[ "$state" = live ] && fail "$c still live $LONG_S s into a cut, KATO $KATO s"
mp_restore 0
mp_wait_healthy 0 60
r1=$(dmesg | grep -c "$c: Successfully reconnected")
[ "$r1" -gt "$r0" ] || fail "no reconnect logged for $c"
mp_wait_io_on 0 10

bystander_stop
dmesg | grep -E "$c: .*(path degraded|path restored|error recovery|reconnected)" | tail -8
dmesg | grep -qE 'I/O error|Buffer I/O' && fail "the kernel logged an I/O error: $(dmesg | grep -E 'I/O error' | tail -3)"
true
