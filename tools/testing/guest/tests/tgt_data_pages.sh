#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Our target's data page cache (target/pages.c) under the in-tree host over
# TCP: I/O data survives page reuse, the cache is used, read pages parked
# while TCP held them are reused once it let go, cached and parked pages
# stay within page_cache_pages per CPU, the shrinker empties both under
# memory pressure (drop_caches), and data stays intact with the cache off
# and when it is too small for the commands in flight.
. /usr/lib/nvmeof/lib.sh

STATS=/sys/kernel/debug/nvmeof/target/data_pages
PARAM=/sys/module/nvmeof_target/parameters/page_cache_pages

stat_of() { awk -v k="$1" '$1 == k { print $2 }' "$STATS"; }

stacks_load
[ -r "$STATS" ] || fail "$STATS missing"
[ -w "$PARAM" ] || fail "$PARAM missing"
backend_brd 128
tgt_export "$BACKEND_DEV"
host_connect "$TEST_SUBNQN" -i 2
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"

# Reads and writes from one page to 128 KiB, deep enough to recycle pages.
fio_verify "$ns" --rw=randrw --bssplit=4k/50:16k/20:64k/20:128k/10 --iodepth=16 --size=32m
cat "$STATS"
hits=$(stat_of hits)
cached=$(stat_of cached)
max=$(( $(cat "$PARAM") * $(nproc) ))
[ "$hits" -gt 0 ] || fail "no command data page came from the cache (hits $hits)"
[ "$(stat_of released)" -gt 0 ] || fail "no read page parked while TCP held it was reused"
[ $((cached + $(stat_of held))) -le "$max" ] ||
	fail "cache holds $cached pages and $(stat_of held) parked, more than $max"

# Memory pressure: the shrinker gives every cached and parked page back.
# fio ended with reads, whose pages TCP zero-copy may still hold (parked):
# writes (copied into our pages) fill the cache first.
run dd if=/dev/urandom of="$ns" bs=64k count=32 seek=1024 oflag=direct status=none
cat "$STATS"
[ "$(stat_of cached)" -gt 0 ] || fail "nothing cached after writes, nothing for the shrinker to take"
echo 2 >/proc/sys/vm/drop_caches
cat "$STATS"
[ "$(stat_of cached)" -eq 0 ] || fail "drop_caches left $(stat_of cached) pages in the cache"
[ "$(stat_of held)" -eq 0 ] || fail "drop_caches left $(stat_of held) parked pages"
hits=$(stat_of hits)

# Cache off: nothing is kept, nothing is served, data intact.
echo 0 >"$PARAM"
fio_verify "$ns" --rw=randrw --bs=16k --iodepth=8 --size=16m --offset=64m
cat "$STATS"
[ "$(stat_of cached)" -eq 0 ] || fail "page_cache_pages=0 still cached $(stat_of cached) pages"
[ "$(stat_of held)" -eq 0 ] || fail "page_cache_pages=0 still parked $(stat_of held) pages"
[ "$(stat_of hits)" -eq "$hits" ] || fail "page_cache_pages=0 still served pages from the cache"

# A cache much smaller than the data in flight (1 MiB commands, 256 pages each).
echo 8 >"$PARAM"
fio_verify "$ns" --rw=randrw --bs=1m --iodepth=4 --size=32m
cat "$STATS"
[ $(( $(stat_of cached) + $(stat_of held) )) -le $(( 8 * $(nproc) )) ] ||
	fail "cache and parked pages outgrew page_cache_pages=8"
echo 256 >"$PARAM"
run nvme disconnect -n "$TEST_SUBNQN"
