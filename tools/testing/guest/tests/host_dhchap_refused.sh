#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our host never falls back to an unauthenticated connection: against
# an in-tree target that does not ask for authentication a valid
# --dhchap-secret fails the connect with one kernel line; a malformed secret
# and a controller secret alone are refused with EINVAL and one line that
# names the option, never the secret; no controller is left; the same
# connect without a secret works and verifies data. Debian 12's nvmet has no
# NVME_TARGET_AUTH: the host finds no Authentication commands ("does not
# support in-band authentication"). Debian 13's has it but holds no key for
# this host, so it does not ask (no AUTHREQ in the Connect response) and
# answers our host's own Negotiate with failure 1 ("controller rejected it").
. /usr/lib/nvmeof/lib.sh

SECRET=DHHC-1:00:ia6zGodOr4SEG0Zzaw398rpY0wqipUWj4jWjUh4HWUz6aQ2n:
# SECRET with one base64 digit changed: the CRC no longer matches.
BAD_SECRET=DHHC-1:00:ja6zGodOr4SEG0Zzaw398rpY0wqipUWj4jWjUh4HWUz6aQ2n:

transport_setup
target_load
on_exit target_unload
host_load
on_exit host_unload
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
if modinfo -F depends nvmet | tr , '\n' | grep -qx nvme-auth; then
	line="authentication failed: controller rejected it"
else
	line="does not support in-band authentication"
fi
refused "$line" "" --dhchap-secret="$SECRET"
refused "$line" "" --dhchap-secret="$SECRET" --dhchap-ctrl-secret="$SECRET"
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
