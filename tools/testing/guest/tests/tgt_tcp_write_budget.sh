#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a host cannot make our TCP target hold unbounded memory with
# writes whose data it withholds: of 31 writes of 4 MiB on one queue only
# max_r2t_bytes (16 MiB) worth get an R2T and a buffer, the target's free
# memory drops by about that much (not the 124 MiB asked for), and once one
# write's data is in and it completes, a waiting write gets its R2T. With
# the budget raised to 128 MiB the same client gets all 31 (the measurement
# sees the difference). Large writes from the in-tree host verify with the
# default budget and run at a comparable speed.
. /usr/lib/nvmeof/lib.sh

HOSTNQN=nqn.2014-08.org.nvmexpress:uuid:6e766d65-6f66-2d62-7564-6765742d6831
P=/sys/module/nvmeof_target_tcp/parameters/max_r2t_bytes

command -v nvmeof-pdu-client >/dev/null || fail "nvmeof-pdu-client not in the guest"
stacks_load
[ -e $P ] || fail "no max_r2t_bytes parameter"
def=$(cat $P)
[ "$def" -eq $((16 << 20)) ] || fail "max_r2t_bytes defaults to $def, not 16 MiB"
on_exit "echo $def > $P"
# No kept pages to blur the measurement.
echo 0 >/sys/module/nvmeof_target/parameters/page_cache_pages
on_exit "echo 256 > /sys/module/nvmeof_target/parameters/page_cache_pages"
backend_nullblk 1
tgt_export "$BACKEND_DEV"

memfree_kb() { awk '/^MemFree:/ { print $2 }' /proc/meminfo; }
# Runs pin-writes; sets R2TS and PINNED_KB (free memory lost while held).
pin_round() {
	local pid before i
	rm -f /tmp/pin.go
	mkfifo /tmp/pin.go
	sync
	echo 1 >/proc/sys/vm/drop_caches
	before=$(memfree_kb)
	nvmeof-pdu-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" -q "$HOSTNQN" pin-writes \
		</tmp/pin.go >/tmp/pin.log 2>&1 &
	pid=$!
	exec 3>/tmp/pin.go
	for i in $(seq 1 "$(_polls 20)"); do grep -q "holding" /tmp/pin.log && break; sleep 0.2; done
	grep -q "holding" /tmp/pin.log || { exec 3>&-; cat /tmp/pin.log; fail "pin-writes never held its writes"; }
	PINNED_KB=$((before - $(memfree_kb)))
	R2TS=$(sed -n 's/^R2Ts for \([0-9]*\) of.*/\1/p' /tmp/pin.log)
	echo go >&3
	exec 3>&-
	wait $pid
	PIN_RC=$?
	cat /tmp/pin.log
	log "R2Ts $R2TS, free memory down $((PINNED_KB / 1024)) MiB while held, client rc $PIN_RC"
}

pin_round
[ $PIN_RC -eq 0 ] || fail "pin-writes failed with the default budget"
[ "$R2TS" -eq 4 ] || fail "$R2TS R2Ts (4 MiB each) within a budget of 16 MiB, want 4"
[ "$PINNED_KB" -lt $((48 << 10)) ] || fail "the target holds $((PINNED_KB / 1024)) MiB for withheld writes"

echo $((128 << 20)) >$P || fail "max_r2t_bytes 128 MiB"
pin_round
[ $PIN_RC -eq 0 ] || fail "pin-writes failed with a 128 MiB budget"
[ "$R2TS" -eq 31 ] || fail "$R2TS R2Ts with a budget of 128 MiB, want all 31"
[ "$PINNED_KB" -ge $((100 << 10)) ] || fail "31 writes of 4 MiB took only $((PINNED_KB / 1024)) MiB: the measurement is blind"
echo "$def" >$P

host_connect "$TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace"
fio_bw() { # KiB/s of a verified large-write run
	local out
	out=$(fio --name=big --filename="$ns" --direct=1 --ioengine=libaio --rw=write --bs=1m \
		--iodepth=32 --size=96m --verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse 2>&1) || { echo "$out" | tail -5; return 1; }
	echo "$out" | awk -F';' '/^3;/ { print $48 }'
}
# The first pass also allocates the backend's pages: not compared.
fio_bw >/dev/null || fail "fio verify with large writes (first pass)"
bw16=$(fio_bw) || fail "fio verify with large writes (16 MiB budget)"
echo $((1 << 30)) >$P
bwall=$(fio_bw) || fail "fio verify with large writes (1 GiB budget)"
echo "$def" >$P
log "1 MiB writes, iodepth 32: $bw16 KiB/s with the 16 MiB budget, $bwall KiB/s with 1 GiB"
[ -n "$bw16" ] && [ -n "$bwall" ] || fail "no bandwidth from fio"
[ $((bw16 * 10)) -ge $((bwall * 5)) ] || fail "the budget halves large-write bandwidth ($bw16 vs $bwall KiB/s)"
fio_verify "$ns" --rw=randwrite --bs=4m --iodepth=8 --size=64m
