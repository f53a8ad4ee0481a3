#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our host refuses DH-HMAC-CHAP secrets it cannot use instead of
# connecting unauthenticated: nvme connect --dhchap-secret (and
# --dhchap-ctrl-secret) fails with EOPNOTSUPP ("Operation not supported"),
# the kernel logs one line that names the option but not the secret, no
# controller is created; the same connect without the secret works and
# verifies data.
. /usr/lib/nvmeof/lib.sh

SECRET=DHHC-1:00:ia6zGodOr4SEG0Zzaw398rpY0wqipUWj4jWjUh4HWUz6aQ2n:

transport_setup
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1
tgt_export "$BACKEND_DEV"

refused() { # nvme connect options...
	local mark out rc lines n
	mark=$(dmesg | wc -l)
	out=$(nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" \
		-n "$TEST_SUBNQN" "$@" 2>&1)
	rc=$?
	log "nvme connect $*: rc $rc: $out"
	[ $rc -ne 0 ] || { nvme disconnect -n "$TEST_SUBNQN"; fail "connect with $* succeeded"; }
	echo "$out" | grep -qi "not supported" || fail "connect with $* failed, but not with EOPNOTSUPP"
	lines=$(dmesg | tail -n +$((mark + 1)))
	echo "$lines"
	n=$(echo "$lines" | grep -c "authentication")
	[ "$n" -eq 1 ] || fail "expected one kernel line on authentication, got $n"
	echo "$lines" | grep -q "DHHC" && fail "the kernel log shows the secret"
	no_ctrl_left || fail "a controller to $TEST_SUBNQN exists after the refusal"
}
refused --dhchap-secret="$SECRET"
refused --dhchap-secret="$SECRET" --dhchap-ctrl-secret="$SECRET"
# Straight at the device: the ctrl secret alone is refused as well.
err=$( { printf 'transport=%s,traddr=%s,trsvcid=%s,nqn=%s,dhchap_ctrl_secret=%s' \
	"$NVMEOF_TRANSPORT" "$TGT_ADDR" "$TGT_SVCID" "$TEST_SUBNQN" "$SECRET" \
	>/dev/nvme-fabrics; } 2>&1)
log "dhchap_ctrl_secret alone: $err"
echo "$err" | grep -qi "not supported" || fail "dhchap_ctrl_secret alone: '$err', not EOPNOTSUPP"

host_connect "$TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace after a plain connect"
fio_verify "$ns" --size=16m
