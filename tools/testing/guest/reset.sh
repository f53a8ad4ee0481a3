#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Returns the guest to a clean state after a test that was killed before its
# own cleanup ran: disconnect hosts, dismantle the configfs target tree,
# remove test network devices and backends. Best effort, never fails.
nvme disconnect-all >/dev/null 2>&1
CFS=/sys/kernel/config/nvmet
if [ -d "$CFS" ]; then
	for l in "$CFS"/ports/*/subsystems/* "$CFS"/subsystems/*/allowed_hosts/*; do
		[ -L "$l" ] && rm -f "$l"
	done
	for d in "$CFS"/ports/*/referrals/* "$CFS"/ports/*/ana_groups/*; do
		[ -d "$d" ] && [ "$(basename "$d")" != 1 ] && rmdir "$d" 2>/dev/null
	done
	for ns in "$CFS"/subsystems/*/namespaces/*; do
		[ -d "$ns" ] || continue
		echo 0 >"$ns/enable" 2>/dev/null
		rmdir "$ns" 2>/dev/null
	done
	for d in "$CFS"/ports/* "$CFS"/subsystems/* "$CFS"/hosts/*; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
fi
for l in $(rdma link show 2>/dev/null | awk '{print $2}' | cut -d/ -f1); do
	rdma link delete "$l" 2>/dev/null
done
tc qdisc del dev lo root 2>/dev/null
ip link del v0 2>/dev/null
umount /mnt/* 2>/dev/null
losetup -D 2>/dev/null
true
