#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves all-zero namespace identifiers are "none reported", as in-tree:
# through nvmeof-evil-target ids-zero, the namespaces of two subsystems
# that both report no EUI-64, NGUID or UUID are not mistaken for one
# namespace (both get a disk, fio verifies each), and the host warns once
# per namespace that it has no identifier.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh
. /usr/lib/nvmeof/ident_lib.sh

NQN_B=$MP_NQN-b

command -v nvmeof-evil-target >/dev/null || fail "nvmeof-evil-target not in the guest"
mp_backends 2
target_load
on_exit target_unload
tgt_subsys "$MP_NQN"
tgt_ns "$MP_NQN" 1 /dev/nullb0
tgt_subsys "$NQN_B"
tgt_ns "$NQN_B" 1 /dev/nullb1
tgt_port 1
tgt_link 1 "$MP_NQN"
tgt_link 1 "$NQN_B"
host_load
on_exit host_unload

evil_start -A ids-zero
dmesg_mark
for nqn in "$MP_NQN" "$NQN_B"; do
	run nvme connect -t tcp -a "$TGT_ADDR" -s $EVIL_PORT -n "$nqn"
	on_exit "nvme disconnect -n '$nqn'"
done
a=$(ns_dev "$MP_NQN") || fail "no disk for A's namespace 1"
b=$(ns_dev "$NQN_B") || fail "no disk for B's namespace 1"
grep -q "ids-zero: Identify CNS 3 rewritten" /tmp/evil.log || { evil_stop; fail "the relay never emptied the descriptors"; }
wait_dmesg "nsid 1 reports no EUI-64, NGUID or UUID"
dmesg_since | grep -q "ignoring nsid" && fail "all-zero IDs taken for duplicates"
[ "$(dmesg_since | grep -c "reports no EUI-64")" = 2 ] || fail "not one warning per namespace"
for f in /sys/block/"$(basename "$a")"/uuid /sys/block/"$(basename "$b")"/uuid; do
	[ -e "$f" ] && log "$f: $(cat "$f")"
done
fio_verify "$a" --size=4m
fio_verify "$b" --size=4m
evil_stop
