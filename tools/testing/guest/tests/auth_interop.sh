#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our DH-HMAC-CHAP interoperates with the running kernel's in-tree
# implementation using the same keys, whichever side is ours (the in-tree
# host against our target, or our host against the in-tree target): every
# hash with the null group and ffdhe2048, unidirectional and bidirectional,
# plus ffdhe4096 with an untransformed key, connect and read data through
# the authenticated I/O queues; fio verifies over a bidirectional ffdhe2048
# connection; a wrong host key is refused by the target and a wrong
# controller key by the host, leaving no controller; a host given a secret
# for a subsystem that does not require authentication connects without it.
# Skips where the in-tree side has no in-band authentication (Debian 12).
. /usr/lib/nvmeof/lib.sh

case $NVMEOF_TARGET/$NVMEOF_HOST in
ours/intree) intree=host ;;
intree/ours) intree=target ;;
*) fail "auth_interop wants one side in-tree (NVMEOF_TARGET=$NVMEOF_TARGET NVMEOF_HOST=$NVMEOF_HOST)" ;;
esac
# The in-tree host authenticates through nvme-auth, which nvme-core needs
# only when built with NVME_HOST_AUTH.
if [ "$intree" = host ] && ! modinfo -F depends nvme-core 2>/dev/null | grep -qw nvme-auth; then
	skip "in-tree host of $(uname -r) built without NVME_HOST_AUTH (nvme-core does not use nvme-auth)"
fi

auth_setup
if [ "$intree" = target ] && [ ! -e "$CFS/hosts/$HOSTNQN/dhchap_key" ]; then
	skip "in-tree target of $(uname -r) built without NVME_TARGET_AUTH (no hosts/*/dhchap_key)"
fi
log "in-tree $intree: $(modinfo -F filename nvme-auth 2>/dev/null || echo 'no nvme-auth')"

connect() {
	nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" \
		-n "$TEST_SUBNQN" --nr-io-queues=2 "$@" 2>&1
}
disconnect() { nvme disconnect -n "$TEST_SUBNQN" >/dev/null; }

# What each host prints once per association when the admin queue authenticated.
auth_line() { # HASH GROUP BIDI(0|1)
	if [ "$intree" = host ]; then
		echo "qid 0: authenticated with hash $1 dhgroup $2"
	elif [ "$3" = 1 ]; then
		echo "qid 0: authenticated ($1, $2, bidirectional)"
	else
		echo "qid 0: authenticated ($1, $2)"
	fi
}

good() { # HASH GROUP HOST_KEY [CTRL_KEY]
	local hash=$1 group=$2 hkey=$3 ckey=${4:-} bidi=0 mark n t0 lines
	[ -n "$ckey" ] && bidi=1
	tgt_auth_host "$HOSTNQN" "$hkey" "$hash" "$group" "$ckey"
	mark=$(dmesg | wc -l)
	t0=$(uptime_ms)
	out=$(connect --dhchap-secret="$hkey" ${ckey:+--dhchap-ctrl-secret="$ckey"}) ||
		{ dmesg | tail -20; fail "$hash/$group bidi=$bidi: connect failed: $out"; }
	log "$hash/$group bidi=$bidi: connected in $(( $(uptime_ms) - t0 )) ms"
	ctrl_of "$TEST_SUBNQN" >/dev/null || fail "$hash/$group bidi=$bidi: no live controller"
	lines=$(dmesg | tail -n +$((mark + 1)))
	n=$(echo "$lines" | grep -cF "$(auth_line "$hash" "$group" $bidi)")
	[ "$n" -eq 1 ] || { echo "$lines"; fail "$hash/$group bidi=$bidi: '$(auth_line "$hash" "$group" $bidi)' logged $n times"; }
	if [ "$intree" = host ] && [ "$bidi" = 1 ]; then
		echo "$lines" | grep -q "qid 0: controller authenticated" ||
			{ echo "$lines"; fail "$hash/$group: the in-tree host did not authenticate our controller"; }
	fi
	echo "$lines" | grep -q "DHHC" && fail "$hash/$group: the kernel log shows a secret"
	# The I/O queues are authenticated too: the target serves no I/O before.
	ns=$(ns_dev "$TEST_SUBNQN") || fail "$hash/$group bidi=$bidi: no namespace"
	run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
}
refused() { # WHAT HOST_KEY [CTRL_KEY]
	local what=$1 hkey=$2 ckey=${3:-} mark lines t0
	mark=$(dmesg | wc -l)
	t0=$SECONDS
	out=$(connect --dhchap-secret="$hkey" ${ckey:+--dhchap-ctrl-secret="$ckey"}) &&
		{ disconnect; fail "$what: connect succeeded"; }
	log "$what: refused in $((SECONDS - t0)) s: $out"
	# Our host fails the refused connect when the target ends the
	# association, not after the 60 s command timeout.
	[ "$NVMEOF_HOST" = ours ] && [ $((SECONDS - t0)) -gt $((20 * ${NVMEOF_TIMEOUT_SCALE:-1})) ] &&
		fail "$what: the refused connect took $((SECONDS - t0)) s"
	sleep 1
	lines=$(dmesg | tail -n +$((mark + 1)))
	echo "$lines"
	echo "$lines" | grep -q "DHHC" && fail "$what: the kernel log shows a secret"
	echo "$lines" | grep -q "authenticat" || fail "$what: no authentication line in the log"
	no_ctrl_left || fail "$what: a controller is left"
}

n=0
for hash in "hmac(sha256)" "hmac(sha384)" "hmac(sha512)"; do
	n=$((n + 1))
	# A key transformed with the hash the exchange uses (nvme-cli's hh).
	HKEY=$(auth_key $n)
	CKEY=$(auth_key $n)
	for group in null ffdhe2048; do
		good "$hash" "$group" "$HKEY"
		disconnect
		good "$hash" "$group" "$HKEY" "$CKEY"
		disconnect
	done
done
# An untransformed key (hh 00) and a larger group.
HKEY=$(auth_key 0)
CKEY=$(auth_key 2)
good "hmac(sha256)" ffdhe4096 "$HKEY"
disconnect
good "hmac(sha256)" ffdhe2048 "$HKEY" "$CKEY"
fio_verify "$ns" --size=16m
disconnect

# The target holds HKEY and CKEY: another host key, another controller key.
refused "wrong host key" "$(auth_key 1)"
refused "wrong controller key" "$HKEY" "$(auth_key 1)"
if [ "$intree" = host ]; then
	dmesg | grep -q "authentication failed (reason 0x1)" ||
		fail "our target did not log the in-tree host's failed response"
else
	dmesg | grep -q "controller's response (R2) is wrong" ||
		fail "our host did not log the in-tree controller's wrong R2"
fi

# Any host allowed, this one not linked: neither target asks it to
# authenticate, and a host with a secret connects unauthenticated, as the
# in-tree host does.
run rm "$CFS/subsystems/$TEST_SUBNQN/allowed_hosts/$HOSTNQN"
echo 1 >"$CFS/subsystems/$TEST_SUBNQN/attr_allow_any_host" || fail "attr_allow_any_host"
mark=$(dmesg | wc -l)
out=$(connect --dhchap-secret="$HKEY") || fail "secret, no authentication required: connect failed: $out"
lines=$(dmesg | tail -n +$((mark + 1)))
echo "$lines"
echo "$lines" | grep -q "qid 0: authenticated" && fail "authenticated although the target did not ask"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace without authentication"
run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
disconnect
