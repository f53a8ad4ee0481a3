#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves ANA errors move I/O to the other path instead of looping on one:
# two paths, the first (the one in use) made inaccessible while dd writes
# through the head disk; dd completes, the data reads back, the second
# path carried the rest, the first shows inaccessible and took no I/O
# after the change was known.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

mp_backends 1
mp_net_setup
target_load
on_exit target_unload
mp_export /dev/nullb0
host_load
on_exit host_unload
mp_connect
c1=${MP_CTRL[0]} c2=${MP_CTRL[1]}
head=$(mp_head 1) || fail "no head disk"
mp_wait_path_state 0 optimized
mp_wait_path_state 1 optimized
# numa: one path carries everything, the first one found.
mp_iopolicy numa
run dd if=/dev/urandom of=/tmp/pattern bs=1M count=16
run dd if=/tmp/pattern of="$head" bs=64k count=16 oflag=direct
s1=$(mp_stat 0 submitted)
s2=$(mp_stat 1 submitted)
log "before: $c1 submitted $s1, $c2 submitted $s2"
[ "$s1" -gt 0 ] && [ "$s2" = 0 ] || fail "numa did not keep to path 1 ($s1/$s2)"

# Path 1's controller stops asking for ANA change notices (Set Features
# Asynchronous Event Configuration: namespace attribute notices only), so
# the host learns of the change only from the ANA status of its I/O: the
# case that used to requeue to the same path forever.
run nvme set-feature /dev/$c1 -f 0x0b -v 0x100
timeout $((60 * WAIT_SCALE)) dd if=/tmp/pattern of="$head" bs=4k count=4096 oflag=direct \
	2>/tmp/dd.err &
dd_pid=$!
sleep 0.5
mp_set_ana 1 1 inaccessible
wait $dd_pid
rc=$?
cat /tmp/dd.err
[ $rc = 0 ] || fail "dd through the head failed or hung with path 1 inaccessible ($rc)"
mp_wait_path_state 0 inaccessible
mp_wait_path_state 1 optimized

a1=$(mp_stat 0 submitted)
run dd if=/tmp/pattern of="$head" bs=64k count=256 oflag=direct
run dd if="$head" of=/tmp/readback bs=64k count=256 iflag=direct
cmp /tmp/pattern /tmp/readback || fail "data read back through path 2 differs"
b1=$(mp_stat 0 submitted)
b2=$(mp_stat 1 submitted)
log "after: $c1 submitted $b1 errors $(mp_stat 0 errors) failovers $(mp_stat 0 failovers)"
log "after: $c2 submitted $b2 errors $(mp_stat 1 errors)"
[ "$b1" = "$a1" ] || fail "inaccessible path 1 still took I/O ($a1 -> $b1)"
[ "$b2" -ge 512 ] || fail "path 2 carried only $b2 I/Os"
[ "$(mp_stat 0 failovers)" -ge 1 ] || fail "no I/O on path 1 failed over: the ANA status path was not exercised"
[ "$(mp_stat 1 errors)" = 0 ] || fail "errors on path 2"
# Bounded: an I/O bounced off path 1 at most once per ANATT, never in a loop.
f1=$(mp_stat 0 failovers)
[ "$f1" -le 64 ] || fail "path 1 failed over $f1 I/Os: a requeue loop"
mp_stats_line 0 | grep -q time_ms_inaccessible || fail "no time-in-state counters"

# Back to optimized: the notice (asked for again) brings path 1 back.
run nvme set-feature /dev/$c1 -f 0x0b -v 0x900
mp_set_ana 1 1 optimized
mp_wait_path_state 0 optimized
run dd if="$head" of=/tmp/readback bs=64k count=256 iflag=direct
cmp /tmp/pattern /tmp/readback || fail "data read back differs"
[ "$(mp_stat 0 submitted)" -gt "$b1" ] || fail "path 1 not used again once optimized"
# nvmeof-stats shows both paths, path 1 with time spent inaccessible.
nvmeof-stats host >/tmp/stats.txt || fail "nvmeof-stats failed"
cat /tmp/stats.txt
p1=$(mp_path_disk 0)
grep -qE "^ +$p1 +1 +1 +optimized " /tmp/stats.txt || fail "nvmeof-stats has no row for $p1"
awk -v p="$p1" '$1 == p && $10 > 0 { ok = 1 } END { exit !ok }' /tmp/stats.txt ||
	fail "nvmeof-stats shows no time inaccessible for $p1"
grep -qE "^ +$(mp_path_disk 1) " /tmp/stats.txt || fail "nvmeof-stats has no row for path 2"
