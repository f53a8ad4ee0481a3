#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves DH-HMAC-CHAP with FFDHE groups and bidirectional authentication,
# ours against ours: ffdhe2048 and ffdhe4096 connect and log the group;
# with a controller key the host checks the controller too and a wrong
# controller key is refused by the host (Failure2 on the wire, no controller
# left); a wrong host key with a DH group is refused by the target; fio
# verifies data over a bidirectionally authenticated ffdhe2048 connection.
. /usr/lib/nvmeof/lib.sh

auth_setup

connect() {
	nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" \
		-n "$TEST_SUBNQN" --nr-io-queues=2 "$@" 2>&1
}
disconnect() { nvme disconnect -n "$TEST_SUBNQN" >/dev/null; }

HKEY=$(auth_key 1)
CKEY=$(auth_key 1)

good() { # HASH GROUP EXPECT_SUFFIX connect-options...
	local hash=$1 group=$2 suffix=$3 mark n t0
	shift 3
	mark=$(dmesg | wc -l)
	t0=$(uptime_ms)
	out=$(connect "$@") || { dmesg | tail -20; fail "$hash/$group$suffix: connect failed: $out"; }
	log "$hash/$group$suffix: connected in $(( $(uptime_ms) - t0 )) ms (2 I/O queues)"
	ctrl_of "$TEST_SUBNQN" >/dev/null || fail "$hash/$group: no live controller"
	n=$(dmesg | tail -n +$((mark + 1)) | grep -c "qid 0: authenticated ($hash, $group$suffix)")
	[ "$n" -eq 1 ] || { dmesg | tail -20; fail "$hash/$group$suffix: authentication not logged once ($n)"; }
	ns=$(ns_dev "$TEST_SUBNQN") || fail "$hash/$group: no namespace"
	run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
}
refused() { # what log-line connect-options...
	local what=$1 line=$2 mark lines
	shift 2
	mark=$(dmesg | wc -l)
	out=$(connect "$@") && { disconnect; fail "$what: connect succeeded"; }
	log "$what: refused: $out"
	sleep 1
	lines=$(dmesg | tail -n +$((mark + 1)))
	echo "$lines"
	echo "$lines" | grep -q "DHHC" && fail "$what: the kernel log shows a secret"
	echo "$lines" | grep -q "$line" || fail "$what: no '$line' in the log"
	no_ctrl_left || fail "$what: a controller is left"
}

# Unidirectional, two groups.
tgt_auth_host "$HOSTNQN" "$HKEY" "hmac(sha256)" ffdhe2048
good "hmac(sha256)" ffdhe2048 "" --dhchap-secret="$HKEY"
disconnect
tgt_auth_host "$HOSTNQN" "$HKEY" "hmac(sha512)" ffdhe4096
good "hmac(sha512)" ffdhe4096 "" --dhchap-secret="$HKEY"
disconnect
refused "wrong host key, ffdhe4096" "authentication failed (reason 0x1)" \
	--dhchap-secret="$(auth_key 1)"

# Bidirectional: null group, then ffdhe2048 with fio verify.
tgt_auth_host "$HOSTNQN" "$HKEY" "hmac(sha384)" null "$CKEY"
good "hmac(sha384)" null ", bidirectional" --dhchap-secret="$HKEY" --dhchap-ctrl-secret="$CKEY"
disconnect
# The host asks the controller to prove itself with a key it does not have.
refused "wrong controller key" "controller's response (R2) is wrong" \
	--dhchap-secret="$HKEY" --dhchap-ctrl-secret="$(auth_key 1)"
# The target side of it: Failure2 reached the target.
dmesg | grep -q "ended authentication (reason 0x1)" || fail "target did not see the host's AUTH_Failure2"

tgt_auth_host "$HOSTNQN" "$HKEY" "hmac(sha256)" ffdhe2048 "$CKEY"
good "hmac(sha256)" ffdhe2048 ", bidirectional" --dhchap-secret="$HKEY" --dhchap-ctrl-secret="$CKEY"
fio_verify "$ns" --size=16m
disconnect
# The host asks for bidirectional, the target has no controller key.
tgt_auth_host "$HOSTNQN" "$HKEY" "hmac(sha256)" null ""
refused "no controller key on the target" "asks for bidirectional authentication" \
	--dhchap-secret="$HKEY" --dhchap-ctrl-secret="$CKEY"
