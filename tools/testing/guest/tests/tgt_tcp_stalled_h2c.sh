#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# One host cannot freeze our target: a hostile host (nvmeof-pdu-client
# stall-write, keep-alive off) sends a write and never the data its R2T
# asks for, which pins the namespace. Disabling that namespace waits for
# the write, but without the global configuration lock: meanwhile the
# in-tree host discovers, connects to another subsystem and verifies data
# there, and configfs writes (a port link, attributes, mkdir/rmdir) finish
# in seconds. The target closes the stalled queue after h2c_timeout_s, the
# disable completes then (not before, not much later), the namespace can be
# enabled again, and the hung-task detector (20 s here) stays quiet.
. /usr/lib/nvmeof/lib.sh

H2C_TIMEOUT=${H2C_TIMEOUT:-8}
STALL_NQN=$TEST_SUBNQN
OTHER_NQN=$TEST_SUBNQN-other
SCRATCH_NQN=$TEST_SUBNQN-scratch
EVIL_HOSTNQN=nqn.2014-08.org.nvmexpress:uuid:6e766d65-6f66-2d73-7461-6c6c2d683263
# Each operation during the stall must finish well within this (seconds).
QUICK=5

command -v nvmeof-pdu-client >/dev/null || fail "nvmeof-pdu-client not in the guest"
stacks_load
P=/sys/module/nvmeof_target_tcp/parameters/h2c_timeout_s
old=$(cat $P) || fail "no h2c_timeout_s parameter"
echo "$H2C_TIMEOUT" >$P || fail "h2c_timeout_s"
on_exit "echo $old > $P"
old_hung=$(cat /proc/sys/kernel/hung_task_timeout_secs)
echo 20 >/proc/sys/kernel/hung_task_timeout_secs || fail "hung_task_timeout_secs"
on_exit "echo $old_hung > /proc/sys/kernel/hung_task_timeout_secs"

backend_nullblk 1
stall_dev=$BACKEND_DEV
backend_brd 64
other_dev=$BACKEND_DEV
tgt_export "$stall_dev" "$STALL_NQN"
tgt_subsys "$OTHER_NQN"
tgt_ns "$OTHER_NQN" 1 "$other_dev"

# Milliseconds of wall time (busybox date has no %N; bash has EPOCHREALTIME).
now_ms() { local t=${EPOCHREALTIME/./}; echo $((10#$t / 1000)); }
# Runs "$@" and fails the test unless it succeeds within QUICK seconds.
quick() {
	local t0 t1 rc
	t0=$(now_ms)
	timeout -s KILL $((QUICK * 4)) "$@"
	rc=$?
	t1=$(now_ms)
	log "  ($((t1 - t0)) ms: $*)"
	[ $rc -eq 0 ] || fail "during the stall: '$*' failed ($rc)"
	[ $((t1 - t0)) -lt $((QUICK * 1000)) ] || fail "during the stall: '$*' took more than $QUICK s"
}

mark=$(dmesg | wc -l)
nvmeof-pdu-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$STALL_NQN" -q "$EVIL_HOSTNQN" \
	stall-write >/tmp/stall.log 2>&1 &
client=$!
on_exit "kill $client"
for i in $(seq 1 50); do grep -q withholding /tmp/stall.log && break; sleep 0.2; done
grep -q withholding /tmp/stall.log || { cat /tmp/stall.log; fail "the hostile host got no R2T"; }
cat /tmp/stall.log

rm -f /tmp/disable.end
t_disable=$(now_ms)
(echo 0 >"$CFS/subsystems/$STALL_NQN/namespaces/1/enable"; now_ms >/tmp/disable.t; mv /tmp/disable.t /tmp/disable.end) &
disabler=$!
sleep 1
[ -e /tmp/disable.end ] && fail "namespace disable finished at once: the stalled write did not pin it"
log "namespace disable is waiting for the stalled write; meanwhile:"

quick nvme discover -t tcp -a "$TGT_ADDR" -s "$TGT_SVCID"
quick ln -s "$CFS/subsystems/$OTHER_NQN" "$CFS/ports/1/subsystems/$OTHER_NQN"
on_exit "rm -f '$CFS/ports/1/subsystems/$OTHER_NQN'"
quick sh -c "echo stall-bystander > '$CFS/subsystems/$OTHER_NQN/attr_model'"
quick mkdir "$CFS/subsystems/$SCRATCH_NQN"
quick rmdir "$CFS/subsystems/$SCRATCH_NQN"
quick nvme connect -t tcp -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$OTHER_NQN" -i 1
on_exit "nvme disconnect -n '$OTHER_NQN'"
ctrl=$(ctrl_of "$OTHER_NQN") || fail "no live controller for $OTHER_NQN"
ns=$(ns_dev "$OTHER_NQN") || fail "no namespace block device for $OTHER_NQN"
[ "$(cat /sys/class/nvme/$ctrl/model | tr -d ' ')" = stall-bystander ] ||
	fail "model '$(cat /sys/class/nvme/$ctrl/model)', the configfs write did not apply"
fio_verify "$ns" --size=8m --iodepth=8

# The stalled queue ends after h2c_timeout_s, and the disable with it.
for i in $(seq 1 $(( (H2C_TIMEOUT + 20) * 5 ))); do [ -e /tmp/disable.end ] && break; sleep 0.2; done
[ -e /tmp/disable.end ] || fail "namespace disable still waiting $((H2C_TIMEOUT + 20)) s after it began"
wait $disabler
took_ms=$(( $(cat /tmp/disable.end) - t_disable ))
log "namespace disable took $took_ms ms (h2c_timeout_s $H2C_TIMEOUT)"
[ $took_ms -ge $(( (H2C_TIMEOUT - 2) * 1000 )) ] ||
	fail "namespace disable took $took_ms ms, less than the data timeout: what ended the write?"
[ $took_ms -le $(( (H2C_TIMEOUT + 10) * 1000 )) ] ||
	fail "namespace disable took $took_ms ms, far beyond h2c_timeout_s $H2C_TIMEOUT"
dmesg | tail -n +$((mark + 1)) | grep -E "nvmeof|namespace" | tail -8
dmesg | tail -n +$((mark + 1)) | grep -qE "command 0x[0-9a-f]+ got 0 of 4096 bytes of data .*closing the queue" ||
	fail "the target did not report the stalled write"

for i in $(seq 1 50); do kill -0 $client 2>/dev/null || break; sleep 0.2; done
wait $client
rc=$?
cat /tmp/stall.log
[ $rc -eq 0 ] || fail "nvmeof-pdu-client stall-write: exit status $rc"

run sh -c "echo 1 > '$CFS/subsystems/$STALL_NQN/namespaces/1/enable'"
[ "$(cat "$CFS/subsystems/$STALL_NQN/namespaces/1/enable")" = 1 ] || fail "namespace not enabled again"
fio_verify "$ns" --size=8m --iodepth=8 --offset=16m
run nvme disconnect -n "$OTHER_NQN"
