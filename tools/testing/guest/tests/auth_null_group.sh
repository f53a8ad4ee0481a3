#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves unidirectional DH-HMAC-CHAP with the null group, ours against ours:
# each hash (hmac(sha256|sha384|sha512)) with keys of each transform connects,
# authenticates the admin and every I/O queue and reads data; a wrong host
# key, no key, and a malformed key are refused with no controller left and
# no secret in the log; a raw client that does not authenticate gets only
# Authentication Required; connect time with and without authentication.
. /usr/lib/nvmeof/lib.sh

auth_setup

connect() { # options...; prints nvme's output, returns its status
	nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" \
		-n "$TEST_SUBNQN" --nr-io-queues=4 "$@" 2>&1
}
disconnect() { nvme disconnect -n "$TEST_SUBNQN" >/dev/null; }

# Without a key on the host entry nothing changes.
out=$(connect) || fail "plain connect failed: $out"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace after a plain connect"
disconnect

# Connects with KEY against a target asking for KEY with HASH; checks that
# the admin queue says it authenticated with HASH and that data moves.
good() { # HASH KEY
	local mark c n ctrl
	tgt_auth_host "$HOSTNQN" "$2" "$1" null
	mark=$(dmesg | wc -l)
	t0=$(uptime_ms)
	out=$(connect --dhchap-secret="$2") || fail "connect with $1 failed: $out"
	log "$1 ${2:0:9}...: connected in $(( $(uptime_ms) - t0 )) ms"
	ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "$1: no live controller"
	n=$(dmesg | tail -n +$((mark + 1)) | grep -c "qid 0: authenticated ($1, null)")
	[ "$n" -eq 1 ] || { dmesg | tail -20; fail "$1: admin queue authentication not logged once ($n)"; }
	[ "$(cat /sys/class/nvme/$ctrl/dhchap_secret)" = "$2" ] || fail "sysfs dhchap_secret differs"
	[ "$(cat /sys/class/nvme/$ctrl/dhchap_ctrl_secret)" = none ] || fail "dhchap_ctrl_secret not none"
	ns=$(ns_dev "$TEST_SUBNQN") || fail "$1: no namespace"
	run dd if="$ns" of=/dev/null bs=4k count=64 iflag=direct
	disconnect
}
good "hmac(sha256)" "$(auth_key 0)"
good "hmac(sha256)" "$(auth_key 1)"
good "hmac(sha384)" "$(auth_key 2)"
good "hmac(sha512)" "$(auth_key 3)"

# Connect time, warm, without and with authentication; an empty
# dhchap_key write removes the key.
echo >"$CFS/hosts/$HOSTNQN/dhchap_key" || fail "removing dhchap_key"
[ -z "$(cat "$CFS/hosts/$HOSTNQN/dhchap_key")" ] || fail "dhchap_key still shows a key"
t0=$(uptime_ms)
out=$(connect) || fail "plain connect failed: $out"
t_plain=$(( $(uptime_ms) - t0 ))
queues=$(dmesg | grep -o "[0-9]*/[0-9]*/[0-9]* default/read/poll I/O queues" | tail -1)
disconnect
# The rest against hmac(sha256) with KEY.
KEY=$(auth_key 1)
tgt_auth_host "$HOSTNQN" "$KEY" "hmac(sha256)" null
t0=$(uptime_ms)
out=$(connect --dhchap-secret="$KEY") || fail "connect failed: $out"
t_auth=$(( $(uptime_ms) - t0 ))
log "connect time ($queues): ${t_plain} ms plain, ${t_auth} ms with DH-HMAC-CHAP (null group)"
disconnect

refused() { # what target-line options...
	local what=$1 tline=$2 mark lines
	shift 2
	mark=$(dmesg | wc -l)
	out=$(connect "$@") && { disconnect; fail "$what: connect succeeded: $out"; }
	log "$what: refused: $out"
	sleep 1
	lines=$(dmesg | tail -n +$((mark + 1)))
	echo "$lines"
	echo "$lines" | grep -q "DHHC" && fail "$what: the kernel log shows a secret"
	[ -z "$tline" ] || echo "$lines" | grep -q "$tline" || fail "$what: no '$tline' in the log"
	no_ctrl_left || fail "$what: a controller is left"
}
# Same length and transform, different key: the target's R1 check fails.
refused "wrong key" "authentication failed (reason 0x1)" --dhchap-secret="$(auth_key 1)"
refused "no key" "controller requires authentication, no dhchap_secret" 
refused "malformed key" "invalid DH-HMAC-CHAP secret" \
	--dhchap-secret="DHHC-1:01:${KEY:10:10}AAAA${KEY:24}"
refused "controller key alone" "dhchap_secret missing" --dhchap-ctrl-secret="$KEY"
# Discovery with the host's secret (as connect-all passes it): the target
# does not ask discovery hosts to authenticate, and our host then does not.
out=$(host_discover --dhchap-secret="$KEY" 2>&1) || fail "discovery with a secret failed: $out"
echo "$out" | grep -q "subnqn: *$TEST_SUBNQN" || fail "discovery with a secret lists nothing: $out"

# A queue that has not authenticated runs nothing else (raw client; it
# speaks NVMe/TCP only).
if [ "$NVMEOF_TRANSPORT" = tcp ]; then
	command -v nvmeof-admin-client >/dev/null || fail "nvmeof-admin-client not in the guest"
	run nvmeof-admin-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" -q "$HOSTNQN" -A
fi
# Our host with the right key still connects after all that.
out=$(connect --dhchap-secret="$KEY") || fail "connect after the refusals failed: $out"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace"
run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
disconnect
