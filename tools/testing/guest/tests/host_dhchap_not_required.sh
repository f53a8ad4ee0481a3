#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our host treats a secret as the in-tree host does when the target
# does not ask for authentication (the in-tree target here, no dhchap_key
# for this host; Debian 12's has no NVME_TARGET_AUTH at all): a valid
# --dhchap-secret, alone or with --dhchap-ctrl-secret, connects without
# authenticating, says so in one kernel line, and verifies data; a
# malformed secret and a controller secret alone are still refused with
# EINVAL and one line that names the option, never the secret.
. /usr/lib/nvmeof/lib.sh

SECRET=DHHC-1:00:ia6zGodOr4SEG0Zzaw398rpY0wqipUWj4jWjUh4HWUz6aQ2n:
# SECRET with one base64 digit changed: the CRC no longer matches.
BAD_SECRET=DHHC-1:00:ja6zGodOr4SEG0Zzaw398rpY0wqipUWj4jWjUh4HWUz6aQ2n:

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

refused() { # WORD-IN-THE-LINE ERROR-TEXT nvme connect options...
	local word=$1 errtext=$2 mark out rc lines n
	shift 2
	mark=$(dmesg | wc -l)
	out=$(nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" \
		-n "$TEST_SUBNQN" "$@" 2>&1)
	rc=$?
	log "nvme connect $*: rc $rc: $out"
	[ $rc -ne 0 ] || { nvme disconnect -n "$TEST_SUBNQN"; fail "connect with $* succeeded"; }
	[ -z "$errtext" ] || echo "$out" | grep -qi "$errtext" ||
		fail "connect with $* failed, but not with '$errtext'"
	sleep 1
	lines=$(dmesg | tail -n +$((mark + 1)))
	echo "$lines"
	n=$(echo "$lines" | grep -c "$word")
	[ "$n" -eq 1 ] || fail "expected one kernel line with '$word', got $n"
	echo "$lines" | grep -q "DHHC" && fail "the kernel log shows the secret"
	no_ctrl_left || fail "a controller to $TEST_SUBNQN exists after the refusal"
}
# Connects as without a secret, as nvme-cli scripts expect of the in-tree host.
unasked() { # nvme connect options...
	local mark lines n
	mark=$(dmesg | wc -l)
	run nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" "$@"
	lines=$(dmesg | tail -n +$((mark + 1)))
	echo "$lines"
	n=$(echo "$lines" | grep -c "controller does not require authentication, not authenticating")
	[ "$n" -eq 1 ] || fail "expected one line saying authentication was not asked for, got $n"
	echo "$lines" | grep -q "qid 0: authenticated" && fail "authenticated although not asked"
	echo "$lines" | grep -q "DHHC" && fail "the kernel log shows the secret"
	ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace after connecting with $*"
	run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
	run nvme disconnect -n "$TEST_SUBNQN"
}
unasked --dhchap-secret="$SECRET"
unasked --dhchap-secret="$SECRET" --dhchap-ctrl-secret="$SECRET"
refused "DH-HMAC-CHAP secret" "invalid" --dhchap-secret="$BAD_SECRET"
# Straight at the device: the ctrl secret alone is refused as well.
err=$( { printf 'transport=%s,traddr=%s,trsvcid=%s,nqn=%s,dhchap_ctrl_secret=%s' \
	"$NVMEOF_TRANSPORT" "$TGT_ADDR" "$TGT_SVCID" "$TEST_SUBNQN" "$SECRET" \
	>/dev/nvme-fabrics; } 2>&1)
log "dhchap_ctrl_secret alone: $err"
echo "$err" | grep -qi "invalid argument" || fail "dhchap_ctrl_secret alone: '$err', not EINVAL"
no_ctrl_left || fail "a controller exists after dhchap_ctrl_secret alone"

host_connect "$TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace after a plain connect"
fio_verify "$ns" --size=16m
