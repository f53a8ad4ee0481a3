#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves ACL changes reach live controllers on our target: an I/O-queue
# Connect after its host was removed from allowed_hosts is refused (Connect
# Invalid Host, hostile client); by default (as in-tree) a connected
# host keeps its controller when its link goes; with acl_drop_live=1
# removing the link, or clearing attr_allow_any_host, fails that host's
# controller at once, its reconnects are refused, and once allowed again the
# in-tree host gets back to a live controller and verifies data.
. /usr/lib/nvmeof/lib.sh

H1=nqn.2014-08.org.nvmexpress:uuid:6e766d65-6f66-2d61-636c-2d686f737431
H2=nqn.2014-08.org.nvmexpress:uuid:6e766d65-6f66-2d61-636c-2d686f737432
NQN=$TEST_SUBNQN
NQN2=$TEST_SUBNQN-any
P=/sys/module/nvmeof_target/parameters/acl_drop_live

command -v nvmeof-pdu-client >/dev/null || fail "nvmeof-pdu-client not in the guest"
stacks_load
[ "$(cat $P)" = N ] || fail "acl_drop_live defaults to $(cat $P), not N"
backend_nullblk 1
dev1=$BACKEND_DEV
backend_brd 64
dev2=$BACKEND_DEV
tgt_subsys "$NQN" 0
tgt_ns "$NQN" 1 "$dev1"
tgt_port 1
tgt_link 1 "$NQN"
tgt_allow_host "$NQN" "$H1"
tgt_allow_host "$NQN" "$H2"
tgt_subsys "$NQN2" 1
tgt_ns "$NQN2" 1 "$dev2"
tgt_link 1 "$NQN2"

log "=== an I/O-queue Connect re-checks the ACL"
rm -f /tmp/acl.go
mkfifo /tmp/acl.go
nvmeof-pdu-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$NQN" -q "$H2" io-connect-after-acl \
	</tmp/acl.go >/tmp/acl.log 2>&1 &
pid=$!
exec 3>/tmp/acl.go
for i in $(seq 1 50); do grep -q "admin queue up" /tmp/acl.log && break; sleep 0.2; done
grep -q "admin queue up" /tmp/acl.log || { cat /tmp/acl.log; fail "the hostile client's admin queue never came up"; }
mark=$(dmesg | wc -l)
run rm "$CFS/subsystems/$NQN/allowed_hosts/$H2"
echo go >&3
exec 3>&-
wait $pid
rc=$?
cat /tmp/acl.log
[ $rc -eq 0 ] || fail "an I/O queue connected for a host no longer allowed"
dmesg | tail -n +$((mark + 1)) | grep -q "no longer allowed in $NQN, I/O queue 1 refused" ||
	fail "no kernel line for the refused I/O-queue Connect"

# Prints the state of the controller nvmeN, or "gone".
state_of() { cat "/sys/class/nvme/$1/state" 2>/dev/null || echo gone; }
# Waits up to SECS for nvmeN to leave "live"; fails if it never does.
wait_not_live() { # CTRL SECS
	local i
	for i in $(seq 1 "$(_polls "$2")"); do
		[ "$(state_of "$1")" != live ] && return 0
		sleep 0.2
	done
	fail "$1 still live ${2}s after its host lost access"
}
# Brings the in-tree host back to a live controller to NQN: it reconnects
# by itself, or (where 6.1 gives up on a refusal with DNR) a new connect.
back_live() { # NQN CTRL
	local i
	for i in $(seq 1 "$(_polls 15)"); do
		[ "$(state_of "$2")" = live ] && return 0
		[ "$(state_of "$2")" = gone ] && break
		sleep 0.2
	done
	if [ "$(state_of "$2")" != live ]; then
		log "$2 is $(state_of "$2"): connecting again"
		nvme disconnect -n "$1" >/dev/null 2>&1
		run nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$1" -q "$H1" -c 1 -l 60
	fi
	ctrl_of "$1" >/dev/null || fail "no live controller to $1 after access came back"
}

log "=== default: a live controller keeps its queues"
host_connect "$NQN" -q "$H1" -c 1 -l 60
c1=$(ctrl_of "$NQN") || fail "no controller to $NQN"
ns1=$(ns_dev "$NQN") || fail "no namespace of $NQN"
fio_verify "$ns1" --size=8m
run rm "$CFS/subsystems/$NQN/allowed_hosts/$H1"
sleep 2
[ "$(state_of "$c1")" = live ] || fail "default policy: $c1 is $(state_of "$c1") after its link went"
fio_verify "$ns1" --size=8m --offset=8m
run ln -s "$CFS/hosts/$H1" "$CFS/subsystems/$NQN/allowed_hosts/$H1"

log "=== acl_drop_live=1: removing the link drops the controller"
echo 1 >$P || fail "acl_drop_live=1"
on_exit "echo 0 > $P"
mark=$(dmesg | wc -l)
run rm "$CFS/subsystems/$NQN/allowed_hosts/$H1"
wait_not_live "$c1" 5
dmesg | tail -n +$((mark + 1)) | grep -q "host $H1 no longer allowed, dropping ctrl" ||
	fail "no kernel line for the dropped controller"
sleep 3
[ "$(state_of "$c1")" != live ] || fail "$c1 reconnected while its host is not allowed"
dmesg | tail -n +$((mark + 1)) | grep -q "host $H1 is not allowed to connect to subsystem $NQN" ||
	log "(no reconnect attempt seen yet)"
run ln -s "$CFS/hosts/$H1" "$CFS/subsystems/$NQN/allowed_hosts/$H1"
back_live "$NQN" "$c1"
ns1=$(ns_dev "$NQN") || fail "no namespace of $NQN after reconnect"
fio_verify "$ns1" --size=8m --offset=16m

log "=== acl_drop_live=1: clearing attr_allow_any_host drops the controller"
host_connect "$NQN2" -q "$H1" -c 1 -l 60
c2=$(ctrl_of "$NQN2") || fail "no controller to $NQN2"
mark=$(dmesg | wc -l)
echo 0 >"$CFS/subsystems/$NQN2/attr_allow_any_host" || fail "attr_allow_any_host 0"
wait_not_live "$c2" 5
dmesg | tail -n +$((mark + 1)) | grep -q "subsystem $NQN2: host $H1 no longer allowed, dropping ctrl" ||
	fail "no kernel line for the controller dropped by attr_allow_any_host 0"
[ "$(state_of "$c1")" = live ] || fail "$c1 of another subsystem went down too"
echo 1 >"$CFS/subsystems/$NQN2/attr_allow_any_host" || fail "attr_allow_any_host 1"
back_live "$NQN2" "$c2"
ns2=$(ns_dev "$NQN2") || fail "no namespace of $NQN2 after reconnect"
fio_verify "$ns2" --size=8m
