# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the host_ident_* tests (issue 26 item 4): what our host refuses
# to merge into a subsystem or a namespace head. The target exports the
# subsystem on two ports (mpath_lib.sh's paths 0 and 1), which must still
# join one head; nvmeof-evil-target on EVIL_PORT in front of path 0's port
# lies about the controller's or the namespace's identity. Sourced after
# lib.sh and mpath_lib.sh.

EVIL_PORT=4422

# The target, with namespace 1 on nullb0 exported on both paths' ports.
ident_target() {
	mp_net_setup lo
	target_load
	on_exit target_unload
	mp_export /dev/nullb0
}

# The common start of a test: the relay tool is there, one backend, the
# target as ident_target sets it up, and our host loaded.
ident_setup() {
	command -v nvmeof-evil-target >/dev/null || fail "nvmeof-evil-target not in the guest"
	mp_backends 1
	ident_target
	host_load
	on_exit host_unload
}

# True when controller CTRL has a path disk for namespace NSID.
ident_ctrl_has_path() { # CTRL [NSID]
	local d
	for d in /sys/class/nvme/"$1"/nvme*c*n*; do
		[ -e "$d/nsid" ] && [ "$(cat "$d/nsid")" = "${2:-1}" ] && return 0
	done
	return 1
}

# Kernel log lines since the last dmesg_mark.
dmesg_mark() { _dmesg_at=$(dmesg | wc -l); }
dmesg_since() { dmesg | tail -n +$((_dmesg_at + 1)); }
# Waits up to SECS (default 10) stock-kernel seconds for a line matching RE.
wait_dmesg() { # RE [SECS]
	local i
	for i in $(seq 1 "$(_polls "${2:-10}")"); do
		dmesg_since | grep -qE "$1" && return 0
		sleep 0.2
	done
	dmesg_since
	fail "no kernel line matching '$1'"
}

# The number of path disks of namespace NSID of MP_NQN, over all controllers.
ident_paths() { # [NSID]
	local d n=0
	for d in /sys/class/nvme/nvme*/nvme*c*n*; do
		[ -e "$d/nsid" ] || continue
		[ "$(cat "$d/nsid")" = "${1:-1}" ] || continue
		[ "$(cat "$(dirname "$d")/subsysnqn")" = "$MP_NQN" ] && n=$((n + 1))
	done
	echo $n
}

# The controller (nvmeN) of MP_NQN through the relay, or nothing.
ident_relay_ctrl() {
	local c
	for c in /sys/class/nvme/nvme*; do
		[ "$(cat "$c/subsysnqn" 2>/dev/null)" = "$MP_NQN" ] || continue
		grep -q "trsvcid=$EVIL_PORT" "$c/address" 2>/dev/null && { basename "$c"; return 0; }
	done
	return 1
}

# Connects MP_NQN through the relay; prints nvme-cli's output, returns its status.
ident_relay_connect() {
	nvme connect -t tcp -a "${MP_ADDR[0]}" -s $EVIL_PORT -n "$MP_NQN" 2>&1
}

# The legitimate case: one subsystem on two ports of one target joins one
# head with two paths, and data verifies through it.
ident_two_paths() {
	local head
	mp_connect
	head=$(ns_dev "$MP_NQN") || fail "no head disk"
	[ "$(ident_paths)" = 2 ] || fail "$(ident_paths) paths to namespace 1, not 2"
	fio_verify "$head" --size=4m
}
