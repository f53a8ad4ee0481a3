#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves namespace notices keep coming: on one connection, namespace 2 is
# added, then namespace 3, then namespace 2 removed, then 3; each shows up
# on (or goes from) both paths and the head without a manual rescan, which
# needs the host to read the Changed Namespace log each time (the target
# masks the next notice until then). fio verify on namespace 1 meanwhile.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

# Waits until namespace NSID has a head and COUNT paths (0: none of them).
wait_ns() { # NSID COUNT WHAT
	local i n h
	for i in $(seq 1 "$(_polls 20)"); do
		n=$(ls -d /sys/class/nvme/nvme*/nvme*c*n* 2>/dev/null | while read -r d; do
			[ "$(cat "$d/nsid")" = "$1" ] && echo "$d"; done | wc -l)
		h=$(mp_head_now "$1")
		if [ "$2" = 0 ]; then
			[ "$n" = 0 ] && [ -z "$h" ] && return 0
		else
			[ "$n" = "$2" ] && [ -n "$h" ] && [ -b "$h" ] && return 0
		fi
		sleep 0.2
	done
	fail "namespace $1: $n paths, head '${h:-none}', wanted $2 after $3 (no notice?)"
}

mp_backends 3
mp_net_setup
target_load
on_exit target_unload
mp_export /dev/nullb0
host_load
on_exit host_unload
mp_connect
c1=${MP_CTRL[0]}
wait_ns 1 2 "connect"
head=$(mp_head 1)

( fio_verify "$head" --size=16m ) >/tmp/fio-ns1.txt 2>&1 &
fio_pid=$!
on_exit "kill $fio_pid"

tgt_ns "$MP_NQN" 2 /dev/nullb1
wait_ns 2 2 "adding namespace 2"
log "namespace 2 appeared as $(mp_head 2)"
tgt_ns "$MP_NQN" 3 /dev/nullb2
wait_ns 3 2 "adding namespace 3"
log "namespace 3 appeared as $(mp_head 3)"
run dd if=/dev/zero of="$(mp_head 3)" bs=4k count=8 oflag=direct
echo 0 >"$CFS/subsystems/$MP_NQN/namespaces/2/enable" || fail "disable namespace 2"
wait_ns 2 0 "removing namespace 2"
log "namespace 2 gone"
[ -n "$(mp_head_now 3)" ] || fail "namespace 3 went with namespace 2"
echo 0 >"$CFS/subsystems/$MP_NQN/namespaces/3/enable" || fail "disable namespace 3"
wait_ns 3 0 "removing namespace 3"
log "namespace 3 gone"
# Once more on the same connection: still notified.
echo 1 >"$CFS/subsystems/$MP_NQN/namespaces/2/enable" || fail "enable namespace 2"
wait_ns 2 2 "adding namespace 2 again"

wait $fio_pid
rc=$?
cat /tmp/fio-ns1.txt
[ $rc = 0 ] || fail "fio verify on namespace 1 failed during the changes"
dmesg | grep -q "rescan" && log "(a rescan was logged)"
[ "$(cat /sys/class/nvme/$c1/state)" = live ] || fail "controller not live afterwards"
