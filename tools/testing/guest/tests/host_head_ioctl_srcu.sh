#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a passthrough command on a head disk that waits on one path does not
# hold up the removal of another path of the same namespace (issue 26 item
# 9). Controller A reaches the target through nvmeof-evil-target, which
# stalls the Identify data on A's admin queue, so `nvme admin-passthru` on
# the head blocks; controller B connects directly. The namespace is then
# disabled on the target and B rescans: B's path goes away while the command
# on A is still blocked. Path removal waits for every srcu reader of the
# head, so a command that ran inside the read section would hold it until
# A's keep-alive gave up. The order of the two events decides, not a timing.
. /usr/lib/nvmeof/lib.sh

EVIL_PORT=4421
# Long enough that A's recovery cannot end the blocked command first.
A_KATO=40

command -v nvmeof-evil-target >/dev/null || fail "nvmeof-evil-target not in the guest"
[ "$NVMEOF_TRANSPORT" = tcp ] || skip "the relay speaks NVMe/TCP only"
stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"
evil_start -q stall

# A first, so that the head's first path (the one numa picks) is A's.
run nvme connect -t tcp -a "$TGT_ADDR" -s $EVIL_PORT -n "$TEST_SUBNQN" \
	--keep-alive-tmo=$A_KATO
on_exit "nvme disconnect -n '$TEST_SUBNQN'"
a=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller through the relay"
host_connect "$TEST_SUBNQN"
b=
for i in $(seq 1 "$(_polls 20)"); do
	for c in /sys/class/nvme/nvme*; do
		n=$(basename "$c")
		[ "$n" != "$a" ] && [ "$(cat "$c/subsysnqn" 2>/dev/null)" = "$TEST_SUBNQN" ] &&
			[ "$(cat "$c/state")" = live ] && b=$n
	done
	[ -n "$b" ] && break
	sleep 0.2
done
[ -n "$b" ] || fail "no second controller"
head=$(ns_dev "$TEST_SUBNQN") || fail "no head disk"
b_path() { ls -d /sys/class/nvme/"$b"/nvme*c*n* 2>/dev/null | head -1; }
for i in $(seq 1 "$(_polls 20)"); do [ -n "$(b_path)" ] && break; sleep 0.2; done
[ -n "$(b_path)" ] || fail "$b has no path disk: not one head with two paths"
log "A=$a (through the relay), B=$b, head $head, B's path $(basename "$(b_path)")"
fio_verify "$head" --size=4m

kill -USR1 "$evil_pid"
nvme admin-passthru "$head" --opcode=0x06 --cdw10=1 --data-len=4096 -r \
	--timeout=120000 >/tmp/passthru.log 2>&1 &
pt=$!
on_exit "kill $pt"
for i in $(seq 1 "$(_polls 10)"); do grep -q "stall fired" /tmp/evil.log && break; sleep 0.2; done
grep -q "stall fired on connection 0" /tmp/evil.log ||
	{ cat /tmp/evil.log; fail "the relay did not stall A's admin queue"; }
sleep 1
kill -0 $pt 2>/dev/null || { cat /tmp/passthru.log; fail "the passthrough did not block on A"; }

echo 0 >"$CFS/subsystems/$TEST_SUBNQN/namespaces/1/enable" || fail "disable namespace 1"
nvme ns-rescan "/dev/$b" || fail "ns-rescan $b"
gone=
for i in $(seq 1 "$(_polls $((A_KATO + 20)))"); do
	if [ -z "$(b_path)" ]; then
		gone=1
		break
	fi
	kill -0 $pt 2>/dev/null || break
	sleep 0.2
done
still=0
kill -0 $pt 2>/dev/null && still=1
[ -n "$gone" ] || fail "B's path outlived the blocked command (or $((A_KATO + 20))s): its removal waited for it"
[ $still = 1 ] || fail "B's path went only after the blocked command ended"
log "B's path removed while the command on A was still blocked"

# A's keep-alive ends the command: an error, not a hang.
wait $pt
rc=$?
cat /tmp/passthru.log
[ $rc -ne 0 ] || fail "the stalled Identify reported success"
evil_stop
