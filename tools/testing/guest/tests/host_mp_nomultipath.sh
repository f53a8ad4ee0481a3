#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves multipath=0 gives one visible disk per controller as in-tree with
# nvme_core.multipath=0: two paths to one namespace are /dev/nvme<ctrl>n1
# each, no head disk, no hidden path disks, no ANA attributes; nvme list
# shows the same devices for both hosts, and fio verifies on each disk.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

mp_backends 1
mp_net_setup
target_load
on_exit target_unload
mp_export /dev/nullb0

# Both paths connected; prints the layout.
layout() { # SIDE
	local c1 c2
	mp_connect >/dev/null
	c1=${MP_CTRL[0]} c2=${MP_CTRL[1]}
	for i in $(seq 1 "$(_polls 20)"); do
		[ -b /dev/${c1}n1 ] && [ -b /dev/${c2}n1 ] && break
		sleep 0.2
	done
	echo "block: $(ls /sys/block | grep ^nvme | sort | tr '\n' ' ')"
	echo "dev: $(ls /dev | grep -E '^nvme[0-9]+n[0-9]+$' | sort | tr '\n' ' ')"
	echo "subsys: $(ls /sys/class/nvme-subsystem/nvme-subsys*/ | grep -E '^nvme[0-9]+n' | tr '\n' ' ')"
	echo "ana: $(ls /sys/block/nvme*/ana_state 2>/dev/null | wc -l)"
	nvme list | awk 'NR > 2 { print $1, $NF }'
}

on_exit "NVMEOF_HOST=ours host_unload; NVMEOF_HOST=intree host_unload"
NVMEOF_HOST=intree
run modprobe nvme-core multipath=N
host_load
layout intree >/tmp/mp0.intree
nvme disconnect -n "$MP_NQN" >/dev/null || fail "intree: disconnect"
host_unload
NVMEOF_HOST=ours
MODPARAMS="nvmeof-host:multipath=0"
host_load
[ "$(cat /sys/module/nvmeof_host/parameters/multipath)" = N ] || fail "multipath=0 not taken"
layout ours >/tmp/mp0.ours
cat /tmp/mp0.ours
diff -u /tmp/mp0.intree /tmp/mp0.ours || fail "layout differs from the in-tree host with multipath=0"
c1=${MP_CTRL[0]} c2=${MP_CTRL[1]}
grep -q "^dev: ${c1}n1 ${c2}n1 $" /tmp/mp0.ours || grep -q "^dev: ${c2}n1 ${c1}n1 $" /tmp/mp0.ours ||
	fail "not one disk per controller: $(grep ^dev: /tmp/mp0.ours)"
grep -q "^subsys: $" /tmp/mp0.ours || fail "a head disk exists with multipath=0"
grep -q "^ana: 0$" /tmp/mp0.ours || fail "ANA attributes with multipath=0"
fio_verify /dev/${c1}n1 --size=8m
fio_verify /dev/${c2}n1 --size=8m --offset=16m
run nvme id-ns /dev/${c1}n1
nvme disconnect -n "$MP_NQN" >/dev/null || fail "ours: disconnect"
