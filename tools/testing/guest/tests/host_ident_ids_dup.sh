#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a namespace whose identifiers another namespace already has is
# refused: subsystem B's namespace 1 with the UUID and NGUID of subsystem
# A's namespace 1 (two subsystems claiming one namespace), and A's namespace
# 2 with the NGUID of A's namespace 1; each gets one kernel line and no disk.
# A's namespaces 1 and 3 (unique IDs) work, and B's controller stays live.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh
. /usr/lib/nvmeof/ident_lib.sh

NQN_B=$MP_NQN-b
UUID=5d3f7e2a-41c6-4b8e-9a1d-0c2b6e8f4a17
NGUID=7e1c9b4a2d5f4e608a3b1c2d3e4f5061

# Namespace NSID of NQN on DEVICE with the given identifiers, enabled.
ns_with_ids() { # NQN NSID DEVICE UUID NGUID
	local d=$CFS/subsystems/$1/namespaces/$2
	run mkdir "$d"
	on_exit "rmdir '$d'"
	echo -n "$3" >"$d/device_path" || fail "device_path $3"
	echo "$4" >"$d/device_uuid" || fail "device_uuid $4"
	echo "$5" >"$d/device_nguid" || fail "device_nguid $5"
	echo 1 >"$d/enable" || fail "enable $1 namespace $2"
	on_exit "echo 0 > '$d/enable'"
}
# The head disk of namespace NSID of NQN, or nothing (no waiting).
head_of() { # NQN NSID
	local b
	for b in /sys/class/nvme-subsystem/nvme-subsys*/nvme*n*; do
		[ -e "$b/nsid" ] || continue
		[ "$(cat "$(dirname "$b")/subsysnqn")" = "$1" ] || continue
		[ "$(cat "$b/nsid")" = "$2" ] && { echo "/dev/$(basename "$b")"; return 0; }
	done
	return 1
}

mp_backends 4
target_load
on_exit target_unload
tgt_subsys "$MP_NQN"
ns_with_ids "$MP_NQN" 1 /dev/nullb0 "$UUID" "$NGUID"
ns_with_ids "$MP_NQN" 2 /dev/nullb1 6a0e2c4f-8b1d-4f3a-9e5c-7d2b0a4c6e81 "$NGUID"
tgt_ns "$MP_NQN" 3 /dev/nullb2
tgt_subsys "$NQN_B"
ns_with_ids "$NQN_B" 1 /dev/nullb3 "$UUID" "$NGUID"
tgt_port 1
tgt_link 1 "$MP_NQN"
tgt_link 1 "$NQN_B"
host_load
on_exit host_unload

dmesg_mark
host_connect "$MP_NQN"
ns_dev "$MP_NQN" 1 >/dev/null || fail "no disk for A's namespace 1"
ns_dev "$MP_NQN" 3 >/dev/null || fail "no disk for A's namespace 3"
wait_dmesg "ignoring nsid 2: its IDs duplicate nsid 1 of this subsystem"
head_of "$MP_NQN" 2 && fail "A's namespace 2 has a disk with namespace 1's NGUID"

host_connect "$NQN_B"
cb=$(ctrl_of "$NQN_B") || fail "B's controller is not live"
wait_dmesg "ignoring nsid 1: its IDs duplicate nsid 1 of subsystem $MP_NQN"
sleep 1
head_of "$NQN_B" 1 && fail "B's namespace 1 has a disk with A's namespace 1's IDs"
[ "$(dmesg_since | grep -c "ignoring nsid")" = 2 ] || fail "not one line per refusal"
[ "$(cat "/sys/class/nvme/$cb/state")" = live ] || fail "B's controller is not live"
fio_verify "$(ns_dev "$MP_NQN" 1)" --size=4m
fio_verify "$(ns_dev "$MP_NQN" 3)" --size=4m
