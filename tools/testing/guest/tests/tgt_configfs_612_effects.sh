#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the five configfs attributes of the in-tree 6.12 nvmet act on the
# wire as in-tree, seen by the in-tree host: attr_firmware and attr_ieee_oui
# in Identify Controller (then frozen), param_max_queue_size in MQES/MAXCMD
# and the host's I/O queue size (nvme connect -Q larger is clamped down),
# addr_tsas none on a TCP port, discovery_nqn renames the discovery
# subsystem (nvme discover --nqn) while the well-known name keeps working.
# Run with NVMEOF_TARGET=intree as the reference (6.12 only: 6.1's nvmet has
# none of them).
. /usr/lib/nvmeof/lib.sh

DNQN=nqn.2014-08.org.nvmexpress:nvmeof-test-unique-discovery
WELL_KNOWN=nqn.2014-08.org.nvmexpress.discovery
FW=fw-9.1b
OUI=0x123456
QS=64

transport_setup
target_load
on_exit target_unload
[ -e $CFS/discovery_nqn ] || skip "this $NVMEOF_TARGET target has no discovery_nqn (in-tree before 6.12)"
host_load
on_exit host_unload
backend_nullblk 1

S=$CFS/subsystems/$TEST_SUBNQN
tgt_subsys "$TEST_SUBNQN"
[ "$(cat $S/attr_ieee_oui)" = 0x000000 ] || fail "default attr_ieee_oui '$(cat $S/attr_ieee_oui)'"
kfw=$(uname -r)
[ "$(cat $S/attr_firmware)" = "${kfw:0:8}" ] ||
	fail "default attr_firmware '$(cat $S/attr_firmware)', want '${kfw:0:8}' (the kernel release)"
echo "$FW" >$S/attr_firmware || fail "attr_firmware $FW"
echo "$OUI" >$S/attr_ieee_oui || fail "attr_ieee_oui $OUI"
tgt_ns "$TEST_SUBNQN" 1 "$BACKEND_DEV"
tgt_port 1
P=$CFS/ports/1
[ "$(cat $P/addr_tsas)" = none ] || fail "addr_tsas of a tcp port: '$(cat $P/addr_tsas)'"
[ "$(cat $P/param_max_queue_size)" = -1 ] || fail "default param_max_queue_size"
echo none >$P/addr_tsas || fail "addr_tsas none"
echo $QS >$P/param_max_queue_size || fail "param_max_queue_size $QS"
tgt_link 1 "$TEST_SUBNQN"
[ "$(cat $P/param_max_queue_size)" = $QS ] || fail "param_max_queue_size after enable: '$(cat $P/param_max_queue_size)'"
echo 128 >$P/param_max_queue_size 2>/dev/null && fail "param_max_queue_size written while the port is enabled"

# The host asks for twice the port's limit: it must come down to the limit.
host_connect "$TEST_SUBNQN" -Q $((QS * 2))
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
sq=$(cat /sys/class/nvme/$ctrl/sqsize)
log "host $ctrl: sqsize $sq after -Q $((QS * 2)) against param_max_queue_size $QS"
[ "$sq" -le $QS ] || fail "host I/O queue size $sq above param_max_queue_size $QS"
nvme id-ctrl /dev/$ctrl | tee /tmp/idctrl.txt >/dev/null
[ "${PIPESTATUS[0]}" = 0 ] || fail "nvme id-ctrl failed"
grep -E "^(fr|ieee|maxcmd) " /tmp/idctrl.txt
grep -qE "^fr +: $FW *\$" /tmp/idctrl.txt || fail "id-ctrl fr is not $FW"
grep -qE "^ieee +: 123456\$" /tmp/idctrl.txt || fail "id-ctrl ieee is not 123456"
grep -qE "^maxcmd +: $QS\$" /tmp/idctrl.txt || fail "id-ctrl maxcmd is not $QS"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
dd if="$ns" of=/dev/null bs=4k count=256 iflag=direct 2>/dev/null || fail "read through $ns"
# A host has seen them: both are frozen now, as the serial is.
echo fw-x >$S/attr_firmware 2>/dev/null && fail "attr_firmware changed after Identify"
echo 0x1 >$S/attr_ieee_oui 2>/dev/null && fail "attr_ieee_oui changed after Identify"
[ "$(cat $S/attr_firmware)" = "$FW" ] || fail "attr_firmware changed by a refused write"
if [ "$NVMEOF_TARGET" = ours ]; then
	# Our firmware slot log names the same revision (in-tree's is all zero).
	nvme fw-log /dev/$ctrl | tee /tmp/fwlog.txt
	grep -q "$FW" /tmp/fwlog.txt || fail "fw-log does not show $FW"
fi
run nvme disconnect -n "$TEST_SUBNQN"

# The discovery subsystem under its own name; the well-known one still answers.
[ "$(cat $CFS/discovery_nqn)" = $WELL_KNOWN ] || fail "default discovery_nqn"
# printf: in-tree's store answers the length without the newline, and echo
# would then write the newline again and fail.
printf %s "$DNQN" >$CFS/discovery_nqn || fail "discovery_nqn $DNQN"
on_exit "printf %s $WELL_KNOWN > $CFS/discovery_nqn"
[ "$(cat $CFS/discovery_nqn)" = "$DNQN" ] || fail "discovery_nqn did not stick"
mkdir $CFS/subsystems/$DNQN 2>/dev/null && { rmdir $CFS/subsystems/$DNQN; fail "mkdir of the discovery NQN"; }
host_discover --nqn="$DNQN" | tee /tmp/disc-unique.txt
[ "${PIPESTATUS[0]}" = 0 ] || fail "nvme discover --nqn=$DNQN failed"
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc-unique.txt || fail "discovery through $DNQN lacks $TEST_SUBNQN"
grep -q "subnqn: *$DNQN" /tmp/disc-unique.txt || fail "the log's own entry does not name $DNQN"
host_discover | tee /tmp/disc-wk.txt
[ "${PIPESTATUS[0]}" = 0 ] || fail "nvme discover with the well-known NQN failed after the rename"
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc-wk.txt || fail "discovery through $WELL_KNOWN lacks $TEST_SUBNQN"
printf %s $WELL_KNOWN >$CFS/discovery_nqn || fail "discovery_nqn back to $WELL_KNOWN"
host_discover --nqn="$DNQN" >/tmp/disc-old.txt 2>&1 && fail "discovery through the old name $DNQN after the rename back"
true
