#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves what happens to /dev/nvme-fabrics when our static node (10:249) is
# left while the in-tree nvme-fabrics loads: devtmpfs keeps the old node, so
# the in-tree one is unreachable and its open loads (and fails) ours; then
# `nvmeof-dropin off` gives the node back to the in-tree module.
. /usr/lib/nvmeof/lib.sh

on_exit "nvmeof-dropin off"
run nvmeof-dropin on
# Switched off without touching the node: a boot with the drop-in on, then off.
run env NVMEOF_DROPIN_NODE=0 nvmeof-dropin off
[ "$(stat -c '%t:%T' /dev/nvme-fabrics)" = a:f9 ] || fail "no static node to start from"
on_exit "modprobe -r nvme-fabrics"
run modprobe nvme-fabrics
[ -d /sys/module/nvme_fabrics ] || fail "in-tree nvme_fabrics not loaded"
real=$(cat /sys/class/misc/nvme-fabrics/dev)
[ "$real" != 10:249 ] || fail "the in-tree nvme-fabrics took minor 249"
log "in-tree nvme-fabrics is $real, /dev/nvme-fabrics is still $(stat -c '%t:%T' /dev/nvme-fabrics) (hex)"
if cat /dev/nvme-fabrics >/tmp/opts 2>/tmp/err; then
	fail "opening the stale node worked: $(head -c 80 /tmp/opts)"
fi
log "open of the stale node failed as expected: $(cat /tmp/err)"
[ -d /sys/module/nvmeof_host ] && fail "nvmeof_host loaded beside the in-tree nvme_core"
dmesg | grep -q 'nvmeof_host: in-tree nvme_core is loaded' ||
	fail "no refusal from nvmeof_host in the kernel log: $(dmesg | tail -5)"
run nvmeof-dropin off
[ "$(stat -c '%t:%T' /dev/nvme-fabrics | awk -F: '{printf "%d:%d", "0x" $1, "0x" $2}')" = "$real" ] ||
	fail "nvmeof-dropin off did not repair /dev/nvme-fabrics ($(stat -c '%t:%T' /dev/nvme-fabrics) hex, want $real)"
opts=$(cat /dev/nvme-fabrics) || fail "the in-tree /dev/nvme-fabrics does not open after the repair"
case $opts in instance=-1*) ;; *) fail "in-tree options list: $opts" ;; esac
log "after nvmeof-dropin off the in-tree /dev/nvme-fabrics opens"
