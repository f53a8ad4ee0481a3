#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our target survives a hostile DH-HMAC-CHAP host (nvmeof-auth-client):
# bad transfer lengths, truncated and inconsistent messages, unknown hash and
# DH group ids, messages out of turn, another transaction's Reply, a Reply
# replayed after a good exchange and after a re-authentication each get the
# right AUTH_Failure1 reason or NVMe status, one kernel line, and nothing
# more than Authentication Required after; a host that stops mid-exchange
# (or stays after a failure) loses its controller after auth_timeout_s, well
# before KATO; no oops, and the target unloads with nothing left behind.
. /usr/lib/nvmeof/lib.sh

command -v nvmeof-auth-client >/dev/null || fail "nvmeof-auth-client not in the guest"
auth_setup
KEY=$(auth_key 0)
tgt_auth_host "$HOSTNQN" "$KEY" "hmac(sha256)" null
P=/sys/module/nvmeof_target/parameters/auth_timeout_s
old=$(cat $P) || fail "no $P"
on_exit "echo $old > $P"
echo 3 >$P || fail "auth_timeout_s"

mark=$(dmesg | wc -l)
run nvmeof-auth-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" -q "$HOSTNQN" \
	-k "$KEY" -T $((15 * WAIT_SCALE))
sleep 1
lines=$(dmesg | tail -n +$((mark + 1)))
echo "$lines" | grep -q "DHHC" && fail "the kernel log shows a secret"
echo "$lines" | grep -qE "BUG|WARNING|Oops|general protection|refcount_t" &&
	fail "kernel report during the hostile exchanges"
# One line per refused exchange (ratelimited at 10 per 5 s: at least that).
n=$(echo "$lines" | grep -c "authentication failed (reason")
log "target lines for failed exchanges: $n"
[ "$n" -ge 10 ] || fail "expected a line per failed exchange, got $n"
n=$(echo "$lines" | grep -c "not authenticated after 3 s, deleting the controller")
[ "$n" -eq 3 ] || fail "expected 3 controllers ended by auth_timeout_s, got $n"

# Every controller the client made is gone (the hostile ones, by the
# timeout or their disconnects), and our host still authenticates.
t=0
while [ "$(echo "$lines" | grep -c 'nvmeof_target: ctrl [0-9]* for hostnqn')" -ne \
	"$(dmesg | tail -n +$((mark + 1)) | grep -c 'nvmeof_target: ctrl [0-9]* released')" ]; do
	t=$((t + 1))
	[ $t -gt $((10 * WAIT_SCALE)) ] && { dmesg | tail -n +$((mark + 1)) | grep 'ctrl [0-9]* \(for\|released\)'; fail "controllers left after the hostile client"; }
	sleep 1
done
out=$(nvme connect -t tcp -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" \
	--dhchap-secret="$KEY" 2>&1) || fail "our host after the hostile client: $out"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace"
run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
run nvme disconnect -n "$TEST_SUBNQN"
