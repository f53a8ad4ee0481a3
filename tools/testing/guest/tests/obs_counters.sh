#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the per-queue counters on both sides: a fio verify through our host
# to our target moves submitted/completed/bytes by exactly what fio did, the
# histogram sums to the completions, nothing stays in flight, a write resets a
# queue, and nvmeof_core.stats=0 stops the counting.
. /usr/lib/nvmeof/lib.sh
NVMEOF_TARGET=ours NVMEOF_HOST=ours
DBG=/sys/kernel/debug/nvmeof

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"
host_connect "$TEST_SUBNQN" --nr-io-queues=2
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
cntlid=$(cat /sys/class/nvme/$ctrl/cntlid)
H=$DBG/host/$ctrl T=$DBG/target/ctrl$cntlid
for d in $H $T; do
	ls $d/q0 $d/q1 $d/q2 >/dev/null || fail "$d lacks q0..q2: $(ls $d)"
done
# One block command per fio I/O: no merging anywhere on the host.
for q in /sys/block/nvme*/queue/nomerges; do echo 2 >"$q"; done

sum() { # DIR FIELD: the field summed over the I/O queues
	awk -v f="$2" '$1 == f { s += $2 } END { printf "%d\n", s }' "$1"/q[1-9]*
}
hist() { # FILE: the histogram's total
	awk '$1 == "latency_us" { for (i = 2; i <= NF; i++) { split($i, kv, ":"); s += kv[2] } }
		END { printf "%d\n", s }' "$1"
}
maxq() { awk '$1 == "max_inflight" && $2 > m { m = $2 } END { print m + 0 }' "$1"/q[1-9]*; }
field() { awk -v f="$2" '$1 == f { print $2 }' "$1"; }
reset_all() { local f; for f in $H/q* $T/q*; do echo 1 >"$f" || fail "reset $f"; done; }

sleep 1
reset_all
for d in $H $T; do
	for f in submitted completed bytes_in bytes_out; do
		[ "$(sum $d $f)" = 0 ] || fail "$d $f not zero after reset"
	done
done

# 16 MiB of 4 KiB random writes, then fio reads every block back and checks it.
fio_verify "$ns" --size=16m --iodepth=16
ios=8192 bytes=16777216
for d in $H $T; do
	cat $d/q1
	c=$(sum $d completed) s=$(sum $d submitted)
	log "$d: submitted $s completed $c errors $(sum $d errors) in $(sum $d bytes_in) out $(sum $d bytes_out)"
	[ "$c" -ge $ios ] || fail "$d: $c completed, fio did $ios I/Os"
	[ "$s" = "$c" ] || fail "$d: submitted $s != completed $c with nothing in flight"
	[ "$(sum $d errors)" = 0 ] || fail "$d: errors counted"
	[ "$(sum $d bytes_in)" = $bytes ] || fail "$d: bytes_in $(sum $d bytes_in), fio wrote $bytes"
	[ "$(sum $d bytes_out)" = $bytes ] || fail "$d: bytes_out $(sum $d bytes_out), fio read $bytes"
	[ "$(sum $d inflight)" = 0 ] || fail "$d: commands still in flight"
	for f in $d/q[1-9]*; do
		[ "$(hist $f)" = "$(field $f completed)" ] ||
			fail "$f: histogram holds $(hist $f), completed $(field $f completed)"
		m=$(field $f max_inflight)
		[ "$m" -le 128 ] || fail "$f: max_inflight $m above the queue size"
	done
	[ "$(maxq $d)" -ge 1 ] || fail "$d: max_inflight never reached 1"
done

# 16 reads submitted in one io_submit are all in flight on the host before
# the first is sent (the plug releases them together).
reset_all
run fio --name=batch --filename="$ns" --direct=1 --ioengine=libaio --rw=read --bs=4k \
	--iodepth=16 --iodepth_batch_submit=16 --iodepth_batch_complete_min=16 --size=2m
log "max_inflight: host $(maxq $H), target $(maxq $T)"
[ "$(maxq $H)" -ge 2 ] || fail "host max_inflight $(maxq $H) with 16 reads submitted at once"
[ "$(sum $T completed)" -ge 512 ] || fail "target counted $(sum $T completed) of 512 reads"

# A write resets one queue and leaves the others alone.
before=$(field $H/q2 completed)
echo 1 >$H/q1
[ "$(field $H/q1 completed)" = 0 ] || fail "host q1 not reset"
[ "$(hist $H/q1)" = 0 ] || fail "host q1 histogram not reset"
[ "$(field $H/q1 bytes_in)" = 0 ] || fail "host q1 bytes not reset"
[ "$(field $H/q2 completed)" = "$before" ] || fail "resetting q1 touched q2"

# Switched off, nothing is counted; switched on again, counting resumes.
p=/sys/module/nvmeof_core/parameters/stats
reset_all
echo 0 >$p
on_exit "echo 1 > $p"
run fio --name=off --filename="$ns" --direct=1 --ioengine=libaio --rw=read --bs=4k --size=1m
for d in $H $T; do
	[ "$(sum $d completed)" = 0 ] || fail "$d counted $(sum $d completed) with stats off"
done
echo 1 >$p
run fio --name=on --filename="$ns" --direct=1 --ioengine=libaio --rw=read --bs=4k --size=1m
for d in $H $T; do
	[ "$(sum $d completed)" -ge 256 ] || fail "$d counted $(sum $d completed) of 256 reads with stats on"
	[ "$(sum $d bytes_out)" = 1048576 ] || fail "$d: bytes_out $(sum $d bytes_out) for 1 MiB read"
done
# The fast-path timer make bench uses reads a per-command cost, on and off.
c=/sys/kernel/debug/nvmeof/stats_cost
cat $c
[ "$(awk '$1 == "enabled" { print $2 }' $c)" = 1 ] || fail "stats_cost: switch not reported on"
[ "$(awk '$1 == "ns_per_command" { print $2 }' $c)" -gt 0 ] || fail "stats_cost: no time measured"
echo 0 >$p
[ "$(awk '$1 == "enabled" { print $2 }' $c)" = 0 ] || fail "stats_cost: switch not reported off"
echo 1 >$p
run nvme disconnect -n "$TEST_SUBNQN"
for i in $(seq 1 50); do [ -d $H ] || [ -d $T ] || break; sleep 0.2; done
[ -d $H ] && fail "$H still there after disconnect"
[ -d $T ] && fail "$T still there after disconnect"
true
