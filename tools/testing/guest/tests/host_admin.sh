#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves nvme-cli's admin commands work through our host: discover, connect, sysfs ABI, list, id-ctrl, id-ns, smart-log, list-subsys, disconnect.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_discover | tee /tmp/disc.txt
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc.txt || fail "discovery log lacks $TEST_SUBNQN"
ls /sys/class/nvme | grep -q . && fail "discovery controller not removed"

host_connect "$TEST_SUBNQN" ${CONNECT_OPTS:-}
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
c=/sys/class/nvme/$ctrl
for a in transport address subsysnqn state cntlid model serial firmware_rev hostnqn \
	hostid queue_count sqsize kato numa_node cntrltype dctype ctrl_loss_tmo \
	reconnect_delay fast_io_fail_tmo; do
	[ -r "$c/$a" ] || fail "attribute $a missing"
	log "$a: $(cat "$c/$a")"
done
[ "$(cat $c/transport)" = tcp ] || fail "transport"
[ "$(cat $c/state)" = live ] || fail "state"
[ "$(cat $c/hostnqn)" = "$HOSTNQN" ] || fail "hostnqn"
[ "$(cat $c/hostid)" = "$HOSTID" ] || fail "hostid"
grep -q "traddr=$TGT_ADDR,trsvcid=$TGT_SVCID" $c/address || fail "address: $(cat $c/address)"
[ -e /sys/class/nvme-fabrics/ctl/$ctrl ] || fail "controller not under nvme-fabrics/ctl"
s=$(ls -d /sys/class/nvme-subsystem/nvme-subsys*) || fail "no subsystem"
[ -e "$s/$ctrl" ] || fail "subsystem link to $ctrl missing"
for a in subsysnqn model serial firmware_rev subsystype iopolicy; do
	log "subsys $a: $(cat "$s/$a")"
done
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
n=$(basename "$ns")
ls $c | grep -qE "^nvme[0-9]+c[0-9]+n1$" || fail "no hidden path disk under $c"
for a in nsid wwid; do log "$n $a: $(cat /sys/block/$n/$a)"; done
[ "$(cat /sys/block/$n/nsid)" = 1 ] || fail "nsid"
[ "$(cat /sys/block/$n/size)" = $((1024 * 1024 * 2)) ] || fail "size $(cat /sys/block/$n/size)"

run nvme list
nvme list | grep -q "$n" || fail "nvme list lacks $n"
run nvme list-subsys
nvme list-subsys | grep -q "tcp traddr=$TGT_ADDR" || fail "list-subsys lacks the path"
run nvme id-ctrl /dev/$ctrl
nvme id-ctrl /dev/$ctrl | grep -q "^subnqn *: $TEST_SUBNQN" || fail "id-ctrl subnqn"
run nvme id-ns "$ns"
nvme id-ns "$ns" | grep -q "^nsze *: 0x200000" || fail "id-ns nsze"
run nvme smart-log /dev/$ctrl
run nvme get-feature /dev/$ctrl -f 7

# The generic char device of the namespace head, as in-tree: /dev/ng<subsys>n<head>.
g=ng${n#nvme}
[ -c /dev/$g ] || fail "no generic char device /dev/$g"
[ -e /sys/class/nvme-generic/$g ] || fail "$g not in class nvme-generic"
nvme list | grep -q "/dev/$g" || fail "nvme list does not show /dev/$g"
run nvme id-ns /dev/$g
nvme id-ns /dev/$g | grep -q "^nsze *: 0x200000" || fail "id-ns through /dev/$g"

# Neither nvmet nor ours offers NSSR (CAP.NSSRS = 0): the ioctl says so, nothing resets.
out=$(nvme subsystem-reset /dev/$ctrl 2>&1) && fail "subsystem-reset succeeded without NSSRS"
log "subsystem-reset: $out"
echo "$out" | grep -qi "not supported" || fail "subsystem-reset: unexpected error"
[ "$(cat $c/state)" = live ] || fail "controller not live after a refused subsystem-reset"
run nvme disconnect -n "$TEST_SUBNQN"
sleep 0.5
ls /sys/class/nvme | grep -q . && fail "controller left after disconnect"

# connect-all: discovery, then a connect with disable_sqflow (nvmet's treq asks for it).
run nvme connect-all -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID"
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "connect-all made no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace after connect-all"
run dd if="$ns" of=/dev/null bs=64k count=16 iflag=direct
run nvme disconnect-all
sleep 0.5
ls /sys/class/nvme | grep -q . && fail "controller left after disconnect"
ls /sys/class/nvme-subsystem | grep -q . && fail "subsystem left after disconnect"
true
