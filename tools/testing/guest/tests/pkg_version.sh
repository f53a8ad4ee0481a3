#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the one version: every nvmeof module's modinfo version is
# EXPECT_VERSION (default: the VERSION the image was built with), and core,
# host and target print "version X loaded" when they load.
. /usr/lib/nvmeof/lib.sh
want=${EXPECT_VERSION:-$(cat /usr/share/nvmeof/VERSION)}
[ -n "$want" ] || fail "no expected version"
n=0
for m in nvmeof-core nvmeof-host nvmeof-host-tcp nvmeof-target nvmeof-target-tcp \
	nvmeof-core-rdma nvmeof-host-rdma nvmeof-target-rdma; do
	v=$(modinfo -F version "$m") || fail "modinfo $m"
	[ "$v" = "$want" ] || fail "$m: version '$v', want '$want' ($(modinfo -F filename "$m"))"
	log "$m $v $(modinfo -F filename "$m")"
	n=$((n + 1))
done
lsmod | grep -q '^nvmeof_' && fail "nvmeof modules already loaded: their load messages are gone"
dmesg -C
run modprobe nvmeof-target
on_exit "modprobe -r nvmeof-target"
run modprobe nvmeof-host
on_exit "modprobe -r nvmeof-host"
for m in nvmeof_core nvmeof_host nvmeof_target; do
	dmesg | grep -q "^.*$m: version $want loaded" || fail "no '$m: version $want loaded' in: $(dmesg | grep nvmeof | head -5)"
	[ "$(cat /sys/module/$m/version)" = "$want" ] || fail "/sys/module/$m/version"
done
log "$n modules at $want; core, host, target printed it at load"
