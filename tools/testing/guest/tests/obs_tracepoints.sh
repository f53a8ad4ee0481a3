#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves every nvmeof tracepoint fires with its fields: command submit and
# complete on host and target during a fio verify, connect, an ANA state
# change (target, and the host's notice of it), keep-alive expiry on the
# target (100% loss on lo), the host's reconnect, and disconnect.
. /usr/lib/nvmeof/lib.sh
NVMEOF_TARGET=ours NVMEOF_HOST=ours

stacks_load
run modprobe sch_netem
TR=/sys/kernel/tracing
if [ ! -d $TR/events ]; then
	run mount -t tracefs nodev $TR
	on_exit "umount $TR"
fi
[ -d $TR/events/nvmeof ] || fail "no nvmeof trace events in $TR/events"
ls $TR/events/nvmeof
echo 0 >$TR/tracing_on
echo 8192 >$TR/buffer_size_kb
: >$TR/trace
echo 1 >$TR/events/nvmeof/enable || fail "cannot enable the nvmeof events"
on_exit "echo 0 > $TR/events/nvmeof/enable"
echo 1 >$TR/tracing_on
on_exit "echo 0 > $TR/tracing_on"

backend_nullblk 1
tgt_export "$BACKEND_DEV"
host_connect "$TEST_SUBNQN" --nr-io-queues=1 --keep-alive-tmo=5 --reconnect-delay=1 --ctrl-loss-tmo=120
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
inst=${ctrl#nvme}
cntlid=$(cat /sys/class/nvme/$ctrl/cntlid)
fio_verify "$ns" --size=1m --iodepth=4

# Waits up to SECONDS for a line of the trace matching REGEX.
wait_event() { # REGEX SECONDS
	local i
	for i in $(seq 1 $(($2 * 5))); do
		grep -qE "$1" $TR/trace && return 0
		sleep 0.2
	done
	return 1
}
expect() { # REGEX WHAT
	wait_event "$1" 1 || fail "no trace event: $2 (/$1/)"
	log "ok: $2: $(grep -E "$1" $TR/trace | head -1 | sed 's/^ *//')"
}

expect "nvmeof_connect: host ctrl=$inst qid=0 status=0x0000" "host admin queue connect"
expect "nvmeof_connect: host ctrl=$inst qid=1 status=0x0000" "host I/O queue connect"
expect "nvmeof_connect: target ctrl=$cntlid qid=1 status=0x0000" "target I/O queue connect"
expect "nvmeof_host_submit: ctrl=$inst qid=1 cid=[0-9]+ opcode=0x01 fctype=0x00 nsid=1 len=4096 status=0x0000" "host write submit"
expect "nvmeof_host_complete: ctrl=$inst qid=1 cid=[0-9]+ opcode=0x02 fctype=0x00 nsid=1 len=4096 status=0x0000" "host read complete"
expect "nvmeof_tgt_submit: ctrl=$cntlid qid=1 cid=[0-9]+ opcode=0x01 fctype=0x00 nsid=1 len=4096" "target write submit"
expect "nvmeof_tgt_complete: ctrl=$cntlid qid=1 cid=[0-9]+ opcode=0x02 fctype=0x00 nsid=1 len=4096 status=0x0000" "target read complete"
expect "nvmeof_host_submit: ctrl=$inst qid=0 cid=[0-9]+ opcode=0x7f fctype=0x01" "host fabrics command (Connect) on the admin queue"
# Every host completion matches a submission of the same cid (paired events).
n_sub=$(grep -c "nvmeof_host_submit: ctrl=$inst qid=1 .*opcode=0x0[12]" $TR/trace)
n_cmp=$(grep -c "nvmeof_host_complete: ctrl=$inst qid=1 .*opcode=0x0[12]" $TR/trace)
[ "$n_sub" -ge 512 ] && [ "$n_sub" = "$n_cmp" ] ||
	fail "host qid 1: $n_sub submits, $n_cmp completions, fio did 512 I/Os"

# ANA: the target's state change, then the host's notice of it (AEN).
grp=$CFS/ports/1/ana_groups/1/ana_state
[ -e $grp ] || fail "no $grp"
echo non-optimized >$grp || fail "cannot change the ANA state"
on_exit "echo optimized > $grp"
expect "nvmeof_ana_change: target port=1 grpid=1 state=0x02" "target ANA change"
wait_event "nvmeof_ana_change: host ctrl=$inst grpid=0 state=0xff" 10 || fail "host saw no ANA change notice"
expect "nvmeof_ana_change: host ctrl=$inst" "host ANA change notice"
echo optimized >$grp

# Keep-alive: with every packet lost the target expires the controller; once
# they flow again the host reconnects.
run tc qdisc add dev lo root netem loss 100%
on_exit "tc qdisc del dev lo root"
wait_event "nvmeof_kato_expired: target ctrl=$cntlid kato_ms=5000" 40 || fail "target did not expire ctrl $cntlid"
expect "nvmeof_kato_expired: target ctrl=$cntlid" "target keep-alive expiry"
expect "nvmeof_disconnect: target ctrl=$cntlid qid=[01]" "target queue teardown"
run tc qdisc del dev lo root
wait_event "nvmeof_reconnect: ctrl=$inst attempt=[0-9]+ result=0" 90 || fail "no successful reconnect traced"
expect "nvmeof_reconnect: ctrl=$inst attempt=[0-9]+ result=0" "host reconnect"
grep -E "nvmeof_kato_expired: host" $TR/trace | head -3
ctrl_of "$TEST_SUBNQN" >/dev/null || fail "not live after the reconnect"

run nvme disconnect -n "$TEST_SUBNQN"
expect "nvmeof_disconnect: host ctrl=$inst qid=65535" "host controller delete"
true
