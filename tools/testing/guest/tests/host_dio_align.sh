#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# O_DIRECT from 4-byte aligned buffers, as the in-tree host takes them: the
# disk says dma_alignment 3, and data written from and read into buffers
# at odd dword offsets (one block to 256 KiB, and vectors with gaps) comes
# back intact (nvmeof-dio-align). With digests on too (DIGESTS=1).
. /usr/lib/nvmeof/lib.sh

command -v nvmeof-dio-align >/dev/null || fail "nvmeof-dio-align not in the guest"
stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

opts=
[ "${DIGESTS:-0}" = 1 ] && opts="-g -G"
host_connect "$TEST_SUBNQN" $opts
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
n=$(basename "$ns")
align=$(cat /sys/block/$n/queue/dma_alignment)
log "dma_alignment $align, virt_boundary_mask $(cat /sys/block/$n/queue/virt_boundary_mask)"
[ "$align" = 3 ] || fail "dma_alignment is $align, the in-tree host's is 3"
run nvmeof-dio-align "$ns"
