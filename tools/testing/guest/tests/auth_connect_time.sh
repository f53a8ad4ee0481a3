#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Reports what DH-HMAC-CHAP adds to connect time (a measurement, not a timed
# pass/fail): the median of 5 connects with 4 I/O queues (2 default, 2
# write: the guest has 2 CPUs) to a subsystem that does not ask for
# authentication, and to one that does with the null group and with
# ffdhe2048 (hmac(sha256)), as ratios to the plain connect. Run for ours
# against ours and against the in-tree side of the running kernel (skips
# where it has no in-band authentication). Fails only if a connect fails.
. /usr/lib/nvmeof/lib.sh

if [ "$NVMEOF_HOST" = intree ] && ! modinfo -F depends nvme-core 2>/dev/null | grep -qw nvme-auth; then
	skip "in-tree host of $(uname -r) built without NVME_HOST_AUTH (nvme-core does not use nvme-auth)"
fi
auth_setup
if [ "$NVMEOF_TARGET" = intree ] && [ ! -e "$CFS/hosts/$HOSTNQN/dhchap_key" ]; then
	skip "in-tree target of $(uname -r) built without NVME_TARGET_AUTH (no hosts/*/dhchap_key)"
fi
# The plain subsystem: any host, this one not linked, so nobody asks.
PLAIN=$TEST_SUBNQN-plain
backend_brd 64
tgt_subsys "$PLAIN" 1
tgt_ns "$PLAIN" 1 "$BACKEND_DEV"
tgt_link 1 "$PLAIN"
KEY=$(auth_key 1)

# Median of 5 connect+disconnect rounds, connect part only, in ms.
median_connect() { # NQN [options...]
	local nqn=$1 t0 t times=()
	shift
	for _ in 1 2 3 4 5; do
		t0=$(uptime_ms)
		out=$(nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$nqn" \
			--nr-io-queues=2 --nr-write-queues=2 "$@" 2>&1) ||
			fail "connect to $nqn $*: $out"
		t=$(( $(uptime_ms) - t0 ))
		nvme disconnect -n "$nqn" >/dev/null || fail "disconnect $nqn"
		times+=("$t")
	done
	printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
ratio() { echo "$(( $1 * 100 / $2 / 100 )).$(printf '%02d' $(( $1 * 100 / $2 % 100 )))"; }

mark=$(dmesg | wc -l)
t_plain=$(median_connect "$PLAIN" --dhchap-secret="$KEY")
tgt_auth_host "$HOSTNQN" "$KEY" "hmac(sha256)" null
t_null=$(median_connect "$TEST_SUBNQN" --dhchap-secret="$KEY")
tgt_auth_host "$HOSTNQN" "$KEY" "hmac(sha256)" ffdhe2048
t_dh=$(median_connect "$TEST_SUBNQN" --dhchap-secret="$KEY")
queues=$(dmesg | tail -n +$((mark + 1)) | grep -oE "creating [0-9]+ I/O queues|[0-9]+/[0-9]+/[0-9]+ default/read/poll( I/O)? queues" | sort | uniq -c | tr '\n' ';')
[ "$t_plain" -gt 0 ] || t_plain=10	# /proc/uptime steps are 10 ms
log "queues: $queues"
log "connect time ($NVMEOF_HOST host, $NVMEOF_TARGET target, $NVMEOF_TRANSPORT, 4 I/O queues, median of 5):" \
	"plain ${t_plain} ms, null group ${t_null} ms (x$(ratio "$t_null" "$t_plain")), ffdhe2048 ${t_dh} ms (x$(ratio "$t_dh" "$t_plain"))"
