#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the head disk survives path churn under I/O: fio verify on the
# head while path 1's controller is deleted and connected again (three
# times), while a namespace is added and removed, and while path 2's
# controller is deleted; no I/O error, no hang, the head stays, and the last
# path going removes it.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

mp_backends 2
mp_net_setup
target_load
on_exit target_unload
mp_export /dev/nullb0
host_load
on_exit host_unload
mp_connect
c1=${MP_CTRL[0]} c2=${MP_CTRL[1]}
head=$(mp_head 1) || fail "no head disk"
mp_iopolicy round-robin

fio --name=churn --filename="$head" --direct=1 --ioengine=libaio --rw=randwrite --bs=4k \
	--iodepth=16 --size=$((48 / WAIT_SCALE))m --verify=crc32c --verify_fatal=1 --do_verify=1 \
	--rate_iops=1000,1000 --runtime=$((120 * WAIT_SCALE)) >/tmp/fio.out 2>&1 &
fio_pid=$!
on_exit "kill $fio_pid"
sleep 2
# Three rounds: a returning path once took I/O before its capacity was set
# (EIO, "attempt to access beyond end of device" on the path disk).
for round in 1 2 3; do
	run nvme disconnect -d "$c1"
	sleep 1
	[ -b "$head" ] || fail "head disk gone with one path left (round $round)"
	mp_connect_path 0
	c1=${MP_CTRL[0]}
	sleep 1
done
tgt_ns "$MP_NQN" 2 /dev/nullb1
for i in $(seq 1 "$(_polls 20)"); do mp_head_now 2 >/dev/null && break; sleep 0.2; done
mp_head_now 2 >/dev/null || fail "namespace 2 did not appear"
echo 0 >"$CFS/subsystems/$MP_NQN/namespaces/2/enable" || fail "disable namespace 2"
for i in $(seq 1 "$(_polls 20)"); do mp_head_now 2 >/dev/null || break; sleep 0.2; done
mp_head_now 2 >/dev/null && fail "namespace 2 did not go"
sleep 1
run nvme disconnect -d "$c2"
if ! kill -0 $fio_pid 2>/dev/null; then
	cat /tmp/fio.out
	fail "fio ended before the churn did: it proves nothing"
fi
wait $fio_pid
rc=$?
grep -E 'err=|READ:|WRITE:|verify' /tmp/fio.out | head
[ $rc = 0 ] || { tail -20 /tmp/fio.out; fail "fio failed across the path churn ($rc)"; }
grep -q 'READ:' /tmp/fio.out || fail "fio verified nothing"
[ -b "$head" ] || fail "head disk gone"
run nvme disconnect -d "$c1"
for i in $(seq 1 "$(_polls 20)"); do [ -b "$head" ] || break; sleep 0.2; done
[ -b "$head" ] && fail "head disk still there with no path"
true
