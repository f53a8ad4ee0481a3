#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves key rotation: after the target's dhchap_key changes, the host's
# reconnects fail authentication (it still has the old key) and the
# controller stays down; writing the new key to the controller's sysfs
# dhchap_secret lets the next reconnect authenticate and I/O resume. A
# malformed sysfs write is refused and changes nothing. Then live: a new
# target key and a sysfs write re-authenticate all 3 queues without a
# reconnect; a key the target lacks fails re-authentication and takes the
# controller down until the right key is written.
. /usr/lib/nvmeof/lib.sh

auth_setup

OLD=$(auth_key 1)
NEW=$(auth_key 2)
tgt_auth_host "$HOSTNQN" "$OLD" "hmac(sha256)" ffdhe2048
host_connect "$TEST_SUBNQN" --dhchap-secret="$OLD" --nr-io-queues=2 \
	--reconnect-delay=1 --ctrl-loss-tmo=120
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace"
run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
S=/sys/class/nvme/$ctrl

# A malformed secret is refused and the old one stays.
echo "DHHC-1:01:notbase64!:" >"$S/dhchap_secret" 2>/dev/null && fail "sysfs took a malformed secret"
[ "$(cat "$S/dhchap_secret")" = "$OLD" ] || fail "a refused write changed dhchap_secret"

# The target's key changes and the association goes down and comes back.
run tgt_auth_host "$HOSTNQN" "$NEW" "hmac(sha256)" ffdhe2048
mark=$(dmesg | wc -l)
run rm -f "$CFS/ports/1/subsystems/$TEST_SUBNQN"
sleep 2
run ln -s "$CFS/subsystems/$TEST_SUBNQN" "$CFS/ports/1/subsystems/$TEST_SUBNQN"
# With the old key every reconnect must fail authentication.
sleep $((8 * WAIT_SCALE))
state=$(cat "$S/state")
log "state with the old key: $state"
[ "$state" != live ] || fail "reconnected with the old key"
n=$(dmesg | tail -n +$((mark + 1)) | grep -c "controller rejected it (reason 0x1)")
[ "$n" -ge 1 ] || { dmesg | tail -20; fail "no authentication failure logged for the old key"; }
log "$n reconnects refused with the old key"

# The new key through sysfs: the next reconnect authenticates.
mark=$(dmesg | wc -l)
echo "$NEW" >"$S/dhchap_secret" || fail "sysfs refused the new secret"
[ "$(cat "$S/dhchap_secret")" = "$NEW" ] || fail "sysfs does not show the new secret"
wait_state "$ctrl" live 60
dmesg | tail -n +$((mark + 1)) | grep -q "qid 0: authenticated (hmac(sha256), ffdhe2048)" ||
	fail "reconnect with the new key not authenticated"
run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct

# Live rotation, as in-tree: the target's key changes, then a sysfs write
# re-authenticates every queue of the live controller; no reconnect.
NEWER=$(auth_key 3)
run tgt_auth_host "$HOSTNQN" "$NEWER" "hmac(sha384)" ffdhe2048
mark=$(dmesg | wc -l)
echo "$NEWER" >"$S/dhchap_secret" || fail "sysfs refused the newer secret"
for i in $(seq 1 "$(_polls 30)"); do
	dmesg | tail -n +$((mark + 1)) | grep -q "re-authenticated 3 queues" && break
	sleep 0.2
done
lines=$(dmesg | tail -n +$((mark + 1)))
echo "$lines"
echo "$lines" | grep -q "re-authenticated 3 queues" || fail "no live re-authentication of the 3 queues"
echo "$lines" | grep -q "qid 0: authenticated (hmac(sha384), ffdhe2048)" ||
	fail "re-authentication did not use the new hash"
echo "$lines" | grep -qE "error recovery|reconnect" && fail "the live rotation reconnected"
[ "$(cat "$S/state")" = live ] || fail "controller not live after the live rotation"
fio_verify "$ns" --size=8m

# A valid secret the target does not have: re-authentication fails, the
# target stops taking I/O on the queue and the host recovers, but cannot
# reconnect until the right key is back.
mark=$(dmesg | wc -l)
echo "$(auth_key 1)" >"$S/dhchap_secret" || fail "sysfs refused a valid secret"
sleep $((6 * WAIT_SCALE))
dmesg | tail -n +$((mark + 1)) | grep -q "re-authentication failed on qid 0" ||
	{ dmesg | tail -20; fail "a wrong key re-authenticated"; }
state=$(cat "$S/state")
[ "$state" != live ] || fail "still live with a key the target does not have"
echo "$NEWER" >"$S/dhchap_secret" || fail "sysfs refused the newer secret again"
wait_state "$ctrl" live 60
run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
run nvme disconnect -n "$TEST_SUBNQN"
