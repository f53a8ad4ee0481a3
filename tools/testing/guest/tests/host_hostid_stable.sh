#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our host uses one host ID per load when none is given (no
# /etc/nvme/hostid): controllers to two subsystems show the same non-zero
# hostid, a second connect to one of them fails with EALREADY (through
# nvme-cli and straight through /dev/nvme-fabrics) and creates nothing,
# duplicate_connect allows it with the same ID, and data verifies.
. /usr/lib/nvmeof/lib.sh

NQN_A=$TEST_SUBNQN
NQN_B=$TEST_SUBNQN-b

if [ -e /etc/nvme/hostid ]; then
	run mv /etc/nvme/hostid /etc/nvme/hostid.test-saved
	on_exit "mv /etc/nvme/hostid.test-saved /etc/nvme/hostid"
fi
stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV" "$NQN_A"
backend_brd 64
tgt_subsys "$NQN_B"
tgt_ns "$NQN_B" 1 "$BACKEND_DEV"
tgt_link 1 "$NQN_B"

nctrl() { # NQN: how many controllers connect to it
	local c n=0
	for c in /sys/class/nvme/nvme*; do
		[ "$(cat "$c/subsysnqn" 2>/dev/null)" = "$1" ] && n=$((n + 1))
	done
	echo $n
}
host_connect "$NQN_A"
host_connect "$NQN_B"
ca=$(ctrl_of "$NQN_A") || fail "no controller to $NQN_A"
cb=$(ctrl_of "$NQN_B") || fail "no controller to $NQN_B"
ida=$(cat "/sys/class/nvme/$ca/hostid")
idb=$(cat "/sys/class/nvme/$cb/hostid")
hnqn=$(cat "/sys/class/nvme/$ca/hostnqn")
log "$ca hostid $ida, $cb hostid $idb, hostnqn $hnqn"
[ "$ida" = "$idb" ] || fail "two connects without a host ID got two IDs: $ida, $idb"
[ "$ida" != 00000000-0000-0000-0000-000000000000 ] || fail "the default host ID is all zeroes"

out=$(nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$NQN_A" 2>&1)
rc=$?
log "second nvme connect: rc $rc: $out"
[ $rc -ne 0 ] || fail "a second connect to $NQN_A succeeded"
[ "$(nctrl "$NQN_A")" -eq 1 ] || fail "$(nctrl "$NQN_A") controllers to $NQN_A after a duplicate connect"

mark=$(dmesg | wc -l)
err=$( { printf 'transport=%s,traddr=%s,trsvcid=%s,nqn=%s,hostnqn=%s' "$NVMEOF_TRANSPORT" \
	"$TGT_ADDR" "$TGT_SVCID" "$NQN_A" "$hnqn" >/dev/nvme-fabrics; } 2>&1)
log "second connect through /dev/nvme-fabrics: $err"
echo "$err" | grep -q "already in progress" || fail "duplicate connect: '$err', not EALREADY"
dmesg | tail -n +$((mark + 1)) | grep -q "already exists" || fail "no kernel line for the duplicate"
[ "$(nctrl "$NQN_A")" -eq 1 ] || fail "a controller was created by the duplicate connect"

# duplicate_connect asks for a second controller: same host, same ID
# (nvme-cli 2.3 refuses -D itself when connected, so straight to the device).
printf 'transport=%s,traddr=%s,trsvcid=%s,nqn=%s,hostnqn=%s,duplicate_connect' "$NVMEOF_TRANSPORT" \
	"$TGT_ADDR" "$TGT_SVCID" "$NQN_A" "$hnqn" >/dev/nvme-fabrics || fail "duplicate_connect refused"
[ "$(nctrl "$NQN_A")" -eq 2 ] || fail "duplicate_connect did not make a second controller"
for c in /sys/class/nvme/nvme*; do
	[ "$(cat "$c/subsysnqn" 2>/dev/null)" = "$NQN_A" ] || continue
	[ "$(cat "$c/hostid")" = "$ida" ] || fail "$(basename "$c") has hostid $(cat "$c/hostid"), not $ida"
done
ns=$(ns_dev "$NQN_A") || fail "no namespace of $NQN_A"
fio_verify "$ns" --size=16m
