#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves nvmeof-host refuses to load (EBUSY, one message) while the in-tree nvme_core owns the nvme classes.
. /usr/lib/nvmeof/lib.sh

modinfo nvmeof-host >/dev/null 2>&1 || skip "nvmeof-host not built"
run modprobe nvme-core
on_exit "modprobe -r nvme-core"
before=$(dmesg | wc -l)
out=$(modprobe nvmeof-host 2>&1) && { modprobe -r nvmeof-host; fail "loaded next to nvme_core"; }
log "modprobe: $out"
echo "$out" | grep -q "busy" || fail "not EBUSY: $out"
dmesg | tail -n +$((before + 1)) | tee /tmp/msg
grep -q "in-tree nvme_core is loaded" /tmp/msg || fail "no clear message"
grep -q '^nvmeof_host ' /proc/modules && fail "nvmeof_host stayed loaded"
[ -d /sys/class/nvme-fabrics ] && fail "nvme-fabrics class half-registered"
true
