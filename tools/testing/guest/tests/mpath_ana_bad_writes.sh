#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves that bogus ANA configfs writes (an unknown ana_state, group IDs 0,
# over the maximum or not numbers, an ana_grpid out of range or garbage)
# fail with the in-tree errno, log one kernel line, and change nothing: the
# attribute reads the same, no group appears, and a connected host gets no
# ANA change notice and reads the same ANA log (change count included). A
# namespace moved to a group no port has made is accepted, as in-tree (nvmetcli
# restores namespaces before ports), and reported inaccessible. The same
# script runs against the in-tree target.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

mp_net_setup lo
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk
mp_export "$BACKEND_DEV"
mp_ana_groups 2
mp_set_ana 2 2 non-optimized
mp_connect
c0=/dev/${MP_CTRL[0]} c1=/dev/${MP_CTRL[1]}

TR=/sys/kernel/tracing
if [ ! -d $TR/events ]; then
	run mount -t tracefs nodev $TR
	on_exit "umount $TR"
fi
echo 1 >$TR/events/nvme/nvme_async_event/enable || fail "enable nvme_async_event"
on_exit "echo 0 > $TR/events/nvme/nvme_async_event/enable"
echo 1 >$TR/tracing_on
on_exit "echo 0 > $TR/tracing_on"

snapshot() { # FILE: the ANA part of the tree, and both controllers' ANA logs
	(cd $CFS/ports && find . -path '*ana_groups*' | sort | while read -r f; do
		[ -f "$f" ] && echo "$f=$(cat "$f")" || echo "$f"; done) >"$1"
	nvme get-log "$c0" --log-id=12 --log-len=4096 --raw-binary --rae | od -An -tx1 >>"$1" ||
		fail "ANA log of $c0"
	nvme get-log "$c1" --log-id=12 --log-len=4096 --raw-binary --rae | od -An -tx1 >>"$1" ||
		fail "ANA log of $c1"
	cat $CFS/subsystems/$MP_NQN/namespaces/1/ana_grpid >>"$1"
}
nlines() { dmesg | wc -l; }
# expect_fail ERRTEXT CMD...: CMD fails with strerror ERRTEXT, the kernel logs
# at most one line (the in-tree target prints the value with its newline: two).
n=0 maxlines=1
[ "$NVMEOF_TARGET" = intree ] && maxlines=2
expect_fail() {
	local want=$1 before after err
	shift
	before=$(nlines)
	err=$( ("$@") 2>&1 ) && fail "accepted: $*"
	after=$(nlines)
	echo "$err" | grep -q "$want" || fail "$*: want '$want', got '$err'"
	[ $((after - before)) -le $maxlines ] ||
		{ dmesg | tail -n $((after - before)); fail "$*: $((after - before)) kernel lines"; }
	log "ok: $* -> $want"
	n=$((n + 1))
}
bad_write() { # FILE VALUE ERRTEXT
	expect_fail "$3" sh -c "echo '$2' > '$1'"
}

sleep 1
snapshot /tmp/ana-before
: >$TR/trace
G1=$CFS/ports/1/ana_groups/1 G2=$CFS/ports/2/ana_groups/2
NS=$CFS/subsystems/$MP_NQN/namespaces/1
for v in bogus "" Optimized optimized-x "optimized non-optimized" 1 inaccessible2; do
	bad_write $G1/ana_state "$v" "Invalid argument"
	bad_write $G2/ana_state "$v" "Invalid argument"
done
head -c 64 /dev/urandom >/tmp/garbage
expect_fail "Invalid argument" dd if=/tmp/garbage of=$G1/ana_state bs=64 count=1
expect_fail "Invalid argument" dd if=/tmp/garbage of=$NS/ana_grpid bs=64 count=1
for g in 0 129 200 4294967296 -1 abc 2x; do
	expect_fail "Invalid argument\|Numerical result out of range" mkdir $CFS/ports/1/ana_groups/$g
done
expect_fail "File exists" mkdir $CFS/ports/1/ana_groups/2
expect_fail "Operation not permitted" rmdir $G1
for v in 0 129 1000 -1 abc "" 1x; do
	bad_write $NS/ana_grpid "$v" "Invalid argument"
done
bad_write $NS/ana_grpid 4294967296 "Numerical result out of range"
sleep 2
snapshot /tmp/ana-after
diff -u /tmp/ana-before /tmp/ana-after || fail "rejected writes changed the ANA tree or log"
grep -q 'NVME_AEN=0x0c0302' $TR/trace && { cat $TR/trace; fail "a rejected write sent an ANA AEN"; }
log "$n bogus writes rejected, nothing changed, no AEN"

# Accepted as in-tree: a group no port has made; it is reported, inaccessible on both ports.
run sh -c "echo 5 > $NS/ana_grpid"
[ "$(cat $NS/ana_grpid)" = 5 ] || fail "ana_grpid 5 did not stick"
mp_wait_path_state 0 inaccessible
mp_wait_path_state 1 inaccessible
[ "$(mp_path_grpid 0)" = 5 ] || fail "host shows ana_grpid $(mp_path_grpid 0)"
run sh -c "echo 1 > $NS/ana_grpid"
mp_wait_path_state 0 optimized
mp_wait_path_state 1 optimized
run dd if="$(mp_head)" of=/dev/null bs=4k count=64 iflag=direct
