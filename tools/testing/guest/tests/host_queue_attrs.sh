#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Our disks are set up like the in-tree host's: the same namespace through
# each host in turn, every attribute under /sys/block/<disk>/queue/ of the
# head disk and of its path device compared. A difference here is a
# difference in what the block layer does per I/O (a scheduler, entropy
# sampling, merging, completion affinity), or in what tools see. Over TCP
# or RDMA (NVMEOF_TRANSPORT), against the in-tree target.
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

on_exit "NVMEOF_HOST=ours host_unload; NVMEOF_HOST=intree host_unload"
for side in intree ours; do
	NVMEOF_HOST=$side host_load
	nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" \
		-i "$IO_QUEUES" >/dev/null || fail "$side: connect failed"
	dump $side | sort >/tmp/qattr.$side
	nvme disconnect -n "$TEST_SUBNQN" >/dev/null || fail "$side: disconnect failed"
	NVMEOF_HOST=$side host_unload
done

bad=0
while read -r key val; do
	ours=$(awk -v k="$key" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' /tmp/qattr.ours)
	grep -q "^$key " /tmp/qattr.ours || ours="(missing)"
	[ "$val" = "$ours" ] && continue
	if printf '%s\n' $MAY_DIFFER | grep -qx "${key#*/}"; then
		log "differs by design: $key in-tree '$val', ours '$ours'"
	else
		log "DIFFERS: $key in-tree '$val', ours '$ours'"
		bad=$((bad + 1))
	fi
done </tmp/qattr.intree
log "$(wc -l </tmp/qattr.intree) attributes compared"
[ "$bad" = 0 ] || fail "$bad queue attributes differ from the in-tree host's"
