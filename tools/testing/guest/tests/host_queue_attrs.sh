#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Our disks are set up like the in-tree host's: the same namespace through
# each host in turn, every attribute under /sys/block/<disk>/queue/ of the
# head disk and of its path device compared. A difference here is a
# difference in what the block layer does per I/O (a scheduler, entropy
# sampling, merging, completion affinity), or in what tools see. Over TCP
# or RDMA (NVMEOF_TRANSPORT), against the in-tree target.
# Three attributes are checked against Identify as well, on our host, since
# the in-tree host of one kernel may not match it: optimal_io_size is
# bs * (1 + NOWS) only when NSFEAT marks NOWS valid and NOWS is non-zero
# (6.1's in-tree host also for NOWS 0), the atomic write unit the path disk
# advertises is the one of NAWUPF/AWUPF (only where the block layer has
# atomic writes, 6.11+), and a head disk whose iostats reads 1 counts its I/O
# in /sys/block/<head>/stat with nothing left in flight (6.12's in-tree head
# starts at 1, 6.1's at 0; ours is turned on there to prove it counts).
#   IO_QUEUES (1): nvme connect -i; one queue is where blk-mq picks an I/O
#   scheduler by default unless the driver says otherwise.
. /usr/lib/nvmeof/lib.sh

IO_QUEUES=${IO_QUEUES:-1}
# May differ by design (Documentation/host.md, "Disk limits"): what one
# command may carry, the gaps TCP need not split at, how many commands a
# queue takes.
MAY_DIFFER="max_hw_sectors_kb max_sectors_kb max_segments max_segment_size nr_requests
	virt_boundary_mask write_zeroes_max_bytes"

transport_setup
target_load
on_exit target_unload
backend_nullblk 1
tgt_export "$BACKEND_DEV"

# Prints "<disk>/<attribute> <value>" for the head disk and its hidden
# path device (the only controller's, nvme<s>c<c>n1).
dump() { # SIDE
	local head path d a
	head=$(ns_dev "$TEST_SUBNQN") || fail "$1: no namespace"
	path=$(ls /sys/block | grep -E "^nvme[0-9]+c[0-9]+n1$" | head -1)
	[ -n "$path" ] || fail "$1: no path device for $head"
	for d in "head:${head#/dev/}" "path:$path"; do
		for a in /sys/block/"${d#*:}"/queue/*; do
			[ -f "$a" ] && [ -r "$a" ] && echo "${d%%:*}/${a##*/} $(cat "$a" 2>/dev/null)"
		done
	done
}

# One field of nvme-cli's Identify output as a number.
id_field() { # DEV id-ns|id-ctrl FIELD
	local v
	v=$(nvme "$2" "$1" | sed -n "s/^$3 *: *\([0-9a-fx]*\).*/\1/p" | head -1)
	[ -n "$v" ] || fail "no $3 in nvme $2 $1"
	echo $((v))
}

# What Identify says the attributes above must be, as "<disk>/<attribute> <value>".
expected() { # HEAD_DEV
	local bs nsfeat nows nabo nawupf nabspf awupf atomic=0 boundary=0 unit=0 io_opt=0
	bs=$(cat /sys/block/"${1#/dev/}"/queue/logical_block_size)
	nsfeat=$(id_field "$1" id-ns nsfeat)
	nows=$(id_field "$1" id-ns nows)
	nabo=$(id_field "$1" id-ns nabo)
	nawupf=$(id_field "$1" id-ns nawupf)
	nabspf=$(id_field "$1" id-ns nabspf)
	awupf=$(id_field "$1" id-ctrl awupf)
	if [ $((nsfeat & 0x10)) != 0 ] && [ "$nows" != 0 ]; then
		io_opt=$((bs * (1 + nows)))
	fi
	if [ "$nabo" = 0 ]; then
		if [ $((nsfeat & 0x2)) != 0 ] && [ "$nawupf" != 0 ]; then
			atomic=$((bs * (1 + nawupf)))
			[ "$nabspf" != 0 ] && boundary=$((bs * (1 + nabspf)))
		else
			atomic=$((bs * (1 + awupf)))
		fi
		unit=1
		while [ $((unit * 2)) -le "$atomic" ]; do unit=$((unit * 2)); done
	fi
	echo "head/optimal_io_size $io_opt"
	echo "path/optimal_io_size $io_opt"
	# The block layer turns a boundary that is no power of two into no atomic writes.
	if [ "$boundary" != 0 ] && [ $((boundary & (boundary - 1))) != 0 ]; then
		atomic=0 unit=0
	fi
	echo "path/atomic_write_max_bytes $atomic"
	echo "path/atomic_write_unit_max_bytes $unit"
	[ "$atomic" = 0 ] && bs=0
	echo "path/atomic_write_unit_min_bytes $bs"
	echo "path/atomic_write_boundary_bytes $boundary"
	echo "head/atomic_write_max_bytes 0"
}

# The head counts reads of its own while iostats is 1 and ends with nothing
# in flight; 6.1's in-tree head never counts, so its iostats starts at 0.
check_head_iostats() { # HEAD_DEV
	local d=/sys/block/${1#/dev/} before after was
	was=$(cat "$d/queue/iostats")
	[ "$was" = 1 ] || echo 1 >"$d/queue/iostats" || fail "ours: iostats 1 refused"
	before=$(awk '{ print $1 }' "$d/stat")
	dd if="$1" of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null || fail "ours: read $1"
	after=$(awk '{ print $1 }' "$d/stat")
	log "ours: head $1 iostats $was, reads counted $before -> $after"
	[ "$after" -ge $((before + 64)) ] || fail "ours: head counted $((after - before)) of 64 reads"
	[ "$(cat "$d/inflight" | tr -s ' ' | sed 's/^ //')" = "0 0" ] ||
		fail "ours: head inflight '$(cat "$d/inflight")' after the reads"
	echo 0 >"$d/queue/iostats"
	dd if="$1" of=/dev/null bs=4k count=8 iflag=direct 2>/dev/null || fail "ours: read $1"
	[ "$(awk '{ print $1 }' "$d/stat")" = "$after" ] || fail "ours: head counted reads with iostats 0"
	echo "$was" >"$d/queue/iostats"
}

on_exit "NVMEOF_HOST=ours host_unload; NVMEOF_HOST=intree host_unload"
for side in intree ours; do
	NVMEOF_HOST=$side host_load
	nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" \
		-i "$IO_QUEUES" >/dev/null || fail "$side: connect failed"
	dump $side | sort >/tmp/qattr.$side
	if [ "$side" = ours ]; then
		head=$(ns_dev "$TEST_SUBNQN") || fail "ours: no namespace"
		expected "$head" >/tmp/qattr.expected
		check_head_iostats "$head"
	fi
	nvme disconnect -n "$TEST_SUBNQN" >/dev/null || fail "$side: disconnect failed"
	NVMEOF_HOST=$side host_unload
done

bad=0
# Ours against Identify, where the kernel has the attribute at all.
while read -r key want; do
	ours=$(awk -v k="$key" '$1 == k { print $2; exit }' /tmp/qattr.ours)
	if ! grep -q "^$key " /tmp/qattr.intree && [ -z "$ours" ]; then
		log "not on this kernel: $key"
		continue
	fi
	if [ "$ours" = "$want" ]; then
		log "as Identify says: $key $want"
	else
		log "DIFFERS from Identify: $key ours '$ours', expected '$want'"
		bad=$((bad + 1))
	fi
done </tmp/qattr.expected
while read -r key val; do
	ours=$(awk -v k="$key" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' /tmp/qattr.ours)
	grep -q "^$key " /tmp/qattr.ours || ours="(missing)"
	[ "$val" = "$ours" ] && continue
	want=$(awk -v k="$key" '$1 == k { print $2; exit }' /tmp/qattr.expected)
	if [ -n "$want" ] && [ "$ours" = "$want" ]; then
		log "in-tree differs from Identify: $key in-tree '$val', ours '$ours' (checked above)"
		continue
	fi
	if printf '%s\n' $MAY_DIFFER | grep -qx "${key#*/}"; then
		log "differs by design: $key in-tree '$val', ours '$ours'"
	else
		log "DIFFERS: $key in-tree '$val', ours '$ours'"
		bad=$((bad + 1))
	fi
done </tmp/qattr.intree
log "$(wc -l </tmp/qattr.intree) attributes compared"
[ "$bad" = 0 ] || fail "$bad queue attributes differ from the in-tree host's"
