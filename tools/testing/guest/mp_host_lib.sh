# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the host_mp_* tests: one subsystem exported on two ports of one
# target (two paths), ANA states through configfs, and our host's per-path
# counters. Sourced after lib.sh.
#   path 1: port 1, 127.0.0.1:4420 (lo)
#   path 2: port 2, 127.0.0.1:4421, or with MP_WIRE=1 the target's address
#           of lib.sh's wire (WIRE_TGT_ADDR:4421 through hw0/tw0, where
#           netem can slow this path alone)

MP_NQN=$TEST_SUBNQN
MP_ADDR1=127.0.0.1
MP_SVC1=4420
MP_ADDR2=127.0.0.1
MP_SVC2=4421
MP_HOSTADDR2=
STATS=/sys/kernel/debug/nvmeof/host

# null_blk devices nullb0..nullb<N-1>, memory backed (fio can verify).
mp_backends() { # N
	run modprobe null_blk nr_devices="$1" memory_backed=1 gb=1 bs=512
	on_exit "modprobe -r null_blk"
}

# Target with the subsystem, namespace 1 on nullb0, and both ports linked.
mp_target() {
	if [ "$NVMEOF_TRANSPORT" = rdma ]; then
		rxe_setup
		MP_ADDR1=$VETH_TGT_ADDR
		MP_ADDR2=$VETH_TGT_ADDR
	elif [ "${MP_WIRE:-0}" = 1 ]; then
		wire_setup
		MP_ADDR2=$WIRE_TGT_ADDR
		MP_HOSTADDR2=$WIRE_HOST_ADDR
		# wire_setup makes every host connect bind to the wire; path 1 does not.
		HOST_TRADDR=
		TGT_ADDR=$MP_ADDR1
	fi
	target_load
	on_exit target_unload
	tgt_subsys "$MP_NQN"
	tgt_ns "$MP_NQN" 1 /dev/nullb0
	tgt_port 1 "$NVMEOF_TRANSPORT" "$MP_ADDR1" "$MP_SVC1" ipv4
	tgt_port 2 "$NVMEOF_TRANSPORT" "$MP_ADDR2" "$MP_SVC2" ipv4
	tgt_link 1 "$MP_NQN"
	tgt_link 2 "$MP_NQN"
}

# Connects path 1 or 2; extra nvme connect options follow.
mp_connect() { # PATH [options...]
	local p=$1 addr svc w=
	shift
	if [ "$p" = 1 ]; then
		addr=$MP_ADDR1 svc=$MP_SVC1
	else
		addr=$MP_ADDR2 svc=$MP_SVC2 w=$MP_HOSTADDR2
	fi
	run nvme connect -t "$NVMEOF_TRANSPORT" -a "$addr" -s "$svc" -n "$MP_NQN" \
		${w:+-w "$w"} "$@"
	on_exit "nvme disconnect -n '$MP_NQN'"
}

# The controller (nvmeN) of path 1 or 2, by its address's trsvcid.
mp_ctrl() { # PATH
	local svc=$MP_SVC1 c i
	[ "$1" = 2 ] && svc=$MP_SVC2
	for i in $(seq 1 "$(_polls 20)"); do
		for c in /sys/class/nvme/nvme*; do
			[ "$(cat "$c/subsysnqn" 2>/dev/null)" = "$MP_NQN" ] || continue
			grep -q "trsvcid=$svc" "$c/address" 2>/dev/null || continue
			[ "$(cat "$c/state")" = live ] && { basename "$c"; return 0; }
		done
		sleep 0.2
	done
	return 1
}

# The hidden path disk (nvmeXcYnZ) of controller CTRL for namespace NSID.
mp_path_disk() { # CTRL [NSID]
	local d
	for d in /sys/class/nvme/"$1"/nvme*c*n*; do
		[ -e "$d/nsid" ] && [ "$(cat "$d/nsid")" = "${2:-1}" ] && { basename "$d"; return 0; }
	done
	return 1
}

# A field of the per-path counters of controller CTRL, namespace NSID.
mp_stat() { # CTRL FIELD [NSID]
	local disk
	disk=$(mp_path_disk "$1" "${3:-1}") || { echo 0; return; }
	awk -v f="$2" '$1 == f { print $2 }' "$STATS/$1/$disk"
}

# Sets the ANA state of group GRP on port PORT (configfs, as in-tree).
mp_ana() { # PORT GRP STATE
	echo "$3" >"$CFS/ports/$1/ana_groups/$2/ana_state" || fail "ana_state $3 on port $1 group $2"
}

# Waits until path disk DISK's ana_state reads STATE (the notice arrived).
mp_wait_ana() { # CTRL STATE [NSID]
	local i disk s
	for i in $(seq 1 "$(_polls 20)"); do
		disk=$(mp_path_disk "$1" "${3:-1}") &&
			s=$(cat "/sys/block/$disk/ana_state" 2>/dev/null) && [ "$s" = "$2" ] && return 0
		sleep 0.2
	done
	fail "$1: path ana_state '$s', not $2, after 20 s x$WAIT_SCALE"
}

# The head disk of namespace NSID, or nothing.
mp_head() { # [NSID]
	local b
	for b in /sys/class/nvme-subsystem/nvme-subsys*/nvme*n*; do
		[ -e "$b/nsid" ] || continue
		[ "$(cat "$(dirname "$b")/subsysnqn")" = "$MP_NQN" ] || continue
		[ "$(cat "$b/nsid")" = "${1:-1}" ] && { echo "/dev/$(basename "$b")"; return 0; }
	done
	return 1
}

# Sets the subsystem's I/O policy on the host.
mp_iopolicy() { # POLICY
	local s
	for s in /sys/class/nvme-subsystem/nvme-subsys*; do
		[ "$(cat "$s/subsysnqn")" = "$MP_NQN" ] || continue
		echo "$1" >"$s/iopolicy" || fail "iopolicy $1"
		[ "$(cat "$s/iopolicy")" = "$1" ] || fail "iopolicy reads $(cat "$s/iopolicy"), not $1"
		return 0
	done
	fail "no subsystem $MP_NQN"
}
