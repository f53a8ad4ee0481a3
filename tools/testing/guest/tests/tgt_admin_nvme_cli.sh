#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our target's discovery, Identify, Get Log Page and Features answers
# satisfy nvme-cli through the in-tree host: each command succeeds and prints
# the fields we serve; a log page offset past the end is refused.
. /usr/lib/nvmeof/lib.sh

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

host_discover | tee /tmp/disc.txt
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc.txt || fail "discovery log lacks $TEST_SUBNQN"
grep -qi "subtype: *current discovery subsystem" /tmp/disc.txt ||
	fail "discovery log lacks the current discovery subsystem entry"
grep -q "trsvcid: *$TGT_SVCID" /tmp/disc.txt || fail "discovery log lacks trsvcid $TGT_SVCID"

# A referral to another discovery service shows up in the log.
ref=$CFS/ports/1/referrals/ref1
run mkdir "$ref"
on_exit "rmdir '$ref'"
echo tcp >"$ref/addr_trtype" && echo ipv4 >"$ref/addr_adrfam" &&
	echo 127.0.0.2 >"$ref/addr_traddr" && echo 8009 >"$ref/addr_trsvcid" &&
	echo 2 >"$ref/addr_portid" || fail "configure referral"
echo 1 >"$ref/enable" || fail "enable referral"
on_exit "echo 0 > '$ref/enable'"
host_discover | tee /tmp/disc-ref.txt
grep -qi "subtype: *discovery subsystem referral" /tmp/disc-ref.txt || fail "referral not in the discovery log"
grep -q "traddr: *127.0.0.2" /tmp/disc-ref.txt || fail "referral address not in the discovery log"

host_connect "$TEST_SUBNQN"
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller for $TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
cntlid=$(cat /sys/class/nvme/$ctrl/cntlid)
dmesg | grep -q "nvmeof_target: ctrl $cntlid for hostnqn $HOSTNQN on subsys $TEST_SUBNQN" ||
	fail "no controller-created kernel message for ctrl $cntlid"

nvme list | tee /tmp/list.txt
grep -q "$ns .*Linux" /tmp/list.txt || fail "nvme list does not show $ns with model Linux"

nvme id-ctrl /dev/$ctrl | tee /tmp/idctrl.txt
[ "${PIPESTATUS[0]}" = 0 ] || fail "nvme id-ctrl failed"
grep -qE "^subnqn *: *$TEST_SUBNQN\$" /tmp/idctrl.txt || fail "id-ctrl subnqn"
grep -qE "^mn *: *Linux" /tmp/idctrl.txt || fail "id-ctrl mn"
# FR is attr_firmware, by default the kernel release (8 bytes), as in-tree.
fw=$(cat "$CFS/subsystems/$TEST_SUBNQN/attr_firmware") || fail "no attr_firmware"
kfw=$(uname -r)
[ "$fw" = "${kfw:0:8}" ] || fail "attr_firmware '$fw' is not the kernel release ${kfw:0:8}"
grep -qxF "$fw" <<<"$(sed -n 's/^fr *: *\(.*[^ ]\) *$/\1/p' /tmp/idctrl.txt)" || fail "id-ctrl fr is not $fw"
grep -qE "^cntlid *: *(0x0*)?$(printf %x "$cntlid")\$" /tmp/idctrl.txt || fail "id-ctrl cntlid"
grep -qE "^kas *: *10\$" /tmp/idctrl.txt || fail "id-ctrl kas"
grep -qE "^cmic *: *0xb\$" /tmp/idctrl.txt || fail "id-ctrl cmic (multi-port, multi-ctrl, ANA)"
grep -qE "^aerl *: *3\$" /tmp/idctrl.txt || fail "id-ctrl aerl"
grep -qE "^oncs *: *0xc\$" /tmp/idctrl.txt || fail "id-ctrl oncs (DSM, write zeroes)"

nvme id-ns "$ns" | tee /tmp/idns.txt
[ "${PIPESTATUS[0]}" = 0 ] || fail "nvme id-ns failed"
# 1 GiB of 512-byte blocks.
grep -qE "^nsze *: *0x200000\$" /tmp/idns.txt || fail "id-ns nsze"
grep -qE "^anagrpid *: *1\$" /tmp/idns.txt || fail "id-ns anagrpid"
run nvme ns-descs "$ns"

run dd if="$ns" of=/dev/null bs=64k count=16 iflag=direct
nvme smart-log /dev/$ctrl | tee /tmp/smart.txt
[ "${PIPESTATUS[0]}" = 0 ] || fail "nvme smart-log failed"
reads=$(awk -F: '/^host_read_commands/ { gsub(/[ ,]/, "", $2); print $2 }' /tmp/smart.txt)
[ "${reads:-0}" -gt 0 ] || fail "smart-log counts no host reads after a read"

run nvme error-log /dev/$ctrl -e 4
run nvme fw-log /dev/$ctrl
run nvme ana-log /dev/$ctrl
run nvme get-log /dev/$ctrl --log-id=5 --log-len=4096
run nvme get-log /dev/$ctrl --log-id=4 --log-len=4096
run nvme get-log /dev/$ctrl --log-id=2 --log-len=512 --lpo=256
nvme get-log /dev/$ctrl --log-id=2 --log-len=512 --lpo=4096 &&
	fail "a SMART log offset beyond the log was accepted"

nvme get-feature /dev/$ctrl -f 7 | tee /tmp/feat.txt
grep -q "Current value" /tmp/feat.txt || fail "get-feature number of queues"
run nvme get-feature /dev/$ctrl -f 0xf
run nvme get-feature /dev/$ctrl -f 0xb
run nvme get-feature /dev/$ctrl -f 6
nvme get-feature /dev/$ctrl -f 0x7e && fail "an unknown feature was accepted"

nvme list-subsys | tee /tmp/subsys.txt
grep -q "$TEST_SUBNQN" /tmp/subsys.txt || fail "list-subsys lacks $TEST_SUBNQN"
grep -qE "tcp .*live" /tmp/subsys.txt || fail "list-subsys shows no live tcp path"

nvme disconnect -n "$TEST_SUBNQN" | tee /tmp/disc-out.txt
grep -q "disconnected 1 controller" /tmp/disc-out.txt || fail "nvme disconnect"
for i in $(seq 1 50); do
	dmesg | grep -q "nvmeof_target: ctrl $cntlid released" && break
	sleep 0.2
done
dmesg | grep -q "nvmeof_target: ctrl $cntlid released" || fail "ctrl $cntlid not released on the target"
