# SPDX-License-Identifier: GPL-2.0-only
# Two-path helpers for the multipath tests, sourced after lib.sh: one
# subsystem exported on two target ports (two addresses), a host connected
# through both, ANA states per port and group, the head disk and its path
# disks, per-path state and counters from sysfs, and the ways to cut a path
# (port removal, link down, netem). They drive the in-tree stack and ours
# alike (NVMEOF_TARGET / NVMEOF_HOST / NVMEOF_TRANSPORT as in lib.sh).
#
# Paths are numbered 0 and 1. Path I is target port MP_PORT[I] listening on
# MP_ADDR[I]:MP_SVCID[I]; the host binds to MP_HOST_ADDR[I] where a wire
# gives it one. The network comes from mp_net_setup MODE:
#   lo    two loopback addresses (127.0.0.1, 127.0.0.2), TCP only; a path is
#         cut by removing its port (mp_port_cut)
#   wire  TCP over two veth wires through a router namespace, one per path,
#         so a path can also be cut by link down (mp_link_down) or netem
#         (mp_netem); the host's end of path I is mh$I, the target's mt$I
#   rdma  soft RDMA (lib.sh rxe_setup) with a second target address on v0
# Usage:
#   . /usr/lib/nvmeof/lib.sh; . /usr/lib/nvmeof/mpath_lib.sh
#   mp_net_setup lo; target_load; host_load; backend_nullblk
#   mp_export "$BACKEND_DEV"; mp_connect; head=$(mp_head)
#   mp_set_ana 1 1 inaccessible; mp_wait_path_state 0 inaccessible

MP_NQN=${MP_NQN:-$TEST_SUBNQN}
MP_PORT=(1 2)
MP_ADDR=(127.0.0.1 127.0.0.2)
MP_SVCID=(4420 4420)
MP_HOST_ADDR=("" "")
MP_MODE=
MP_NS=nvmeof-mpath
# Controller (nvmeN) of each path, set by mp_connect.
MP_CTRL=("" "")

# --- network ---

# Two wires: path I is host mh$I <-> router <-> mt$I target. Documentation
# ranges (RFC 5737) split in /26 halves, one per path.
MP_WIRE_HOST=(198.51.100.2 198.51.100.66)
MP_WIRE_HOST_GW=(198.51.100.1 198.51.100.65)
MP_WIRE_TGT=(203.0.113.2 203.0.113.66)
MP_WIRE_TGT_GW=(203.0.113.1 203.0.113.65)

# Policy routing as lib.sh wire_setup does for one wire: locally sent packets
# to path I's target address leave through mh$I, to its host address through
# mt$I; the `local` table moves behind these rules so it still delivers what
# the veths bring in.
_mp_wire_setup() {
	local i d
	run modprobe veth
	run ip netns add $MP_NS
	on_exit "ip netns del $MP_NS"
	run ip netns exec $MP_NS sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward'
	run ip -n $MP_NS link set lo up
	on_exit "echo $(cat /proc/sys/net/ipv4/conf/all/rp_filter) > /proc/sys/net/ipv4/conf/all/rp_filter"
	echo 0 >/proc/sys/net/ipv4/conf/all/rp_filter || fail "rp_filter (all)"
	for i in 0 1; do
		run ip link add mh$i type veth peer name mh${i}r netns $MP_NS
		on_exit "ip link del mh$i"
		run ip link add mt$i type veth peer name mt${i}r netns $MP_NS
		on_exit "ip link del mt$i"
		run ip addr add "${MP_WIRE_HOST[i]}/26" dev mh$i
		run ip addr add "${MP_WIRE_TGT[i]}/26" dev mt$i
		run ip -n $MP_NS addr add "${MP_WIRE_HOST_GW[i]}/26" dev mh${i}r
		run ip -n $MP_NS addr add "${MP_WIRE_TGT_GW[i]}/26" dev mt${i}r
		for d in mh$i mt$i; do
			echo 1 >/proc/sys/net/ipv4/conf/$d/accept_local || fail "accept_local on $d"
			echo 0 >/proc/sys/net/ipv4/conf/$d/rp_filter || fail "rp_filter on $d"
		done
		run ip link set mh$i up
		run ip link set mt$i up
		run ip -n $MP_NS link set mh${i}r up
		run ip -n $MP_NS link set mt${i}r up
		run ip route add "${MP_WIRE_TGT[i]}/32" via "${MP_WIRE_HOST_GW[i]}" dev mh$i \
			src "${MP_WIRE_HOST[i]}" table $((4430 + i))
		run ip route add "${MP_WIRE_HOST[i]}/32" via "${MP_WIRE_TGT_GW[i]}" dev mt$i \
			src "${MP_WIRE_TGT[i]}" table $((4440 + i))
		on_exit "ip route flush table $((4430 + i)); ip route flush table $((4440 + i))"
		echo "+ ip rule add pref $((110 + i)) iif lo to ${MP_WIRE_TGT[i]}/32 lookup $((4430 + i))"
		if ! ip rule add pref $((110 + i)) iif lo to "${MP_WIRE_TGT[i]}/32" \
			lookup $((4430 + i)) 2>/tmp/mpwire.err; then
			cat /tmp/mpwire.err
			grep -q 'not supported' /tmp/mpwire.err &&
				skip "this kernel has no policy routing (CONFIG_IP_MULTIPLE_TABLES)"
			fail "ip rule add failed"
		fi
		on_exit "ip rule del pref $((110 + i))"
		run ip rule add pref $((120 + i)) iif lo to "${MP_WIRE_HOST[i]}/32" lookup $((4440 + i))
		on_exit "ip rule del pref $((120 + i))"
	done
	if ! ip rule show | grep -q '^1000:.*lookup local'; then
		run ip rule add pref 1000 lookup local
		on_exit "ip rule del pref 1000"
		run ip rule del pref 0 lookup local
		on_exit "ip rule add pref 0 lookup local"
	fi
	for i in 0 1; do
		ip route get "${MP_WIRE_TGT[i]}" from "${MP_WIRE_HOST[i]}" | grep -q " dev mh$i " ||
			fail "path $i: route to the target does not leave through mh$i"
		ip route get "${MP_WIRE_HOST[i]}" from "${MP_WIRE_TGT[i]}" | grep -q " dev mt$i " ||
			fail "path $i: route to the host does not leave through mt$i"
	done
	MP_ADDR=("${MP_WIRE_TGT[@]}")
	MP_HOST_ADDR=("${MP_WIRE_HOST[@]}")
}

mp_net_setup() { # lo | wire | rdma
	MP_MODE=${1:-lo}
	case $MP_MODE in
	lo)
		[ "$NVMEOF_TRANSPORT" = tcp ] || fail "mp_net_setup lo is TCP only"
		run ip link set lo up
		MP_ADDR=(127.0.0.1 127.0.0.2)
		;;
	wire)
		[ "$NVMEOF_TRANSPORT" = tcp ] || fail "mp_net_setup wire is TCP only"
		_mp_wire_setup
		;;
	rdma)
		[ "$NVMEOF_TRANSPORT" = rdma ] || fail "mp_net_setup rdma needs NVMEOF_TRANSPORT=rdma"
		rxe_setup
		run ip addr add 192.0.2.3/24 dev v0
		MP_ADDR=($VETH_TGT_ADDR 192.0.2.3)
		;;
	*) fail "mp_net_setup $MP_MODE: want lo, wire or rdma" ;;
	esac
	log "paths: 0 = ${MP_ADDR[0]}:${MP_SVCID[0]}, 1 = ${MP_ADDR[1]}:${MP_SVCID[1]} ($MP_MODE)"
}

# Bytes path I's host end has sent (tx) or received (rx), wire mode.
mp_wire_bytes() { cat "/sys/class/net/mh$1/statistics/$2_bytes"; }

# Cuts path I at the link: both veths of the path go down (wire mode).
mp_link_down() {
	[ "$MP_MODE" = wire ] || fail "mp_link_down needs mp_net_setup wire"
	run ip link set mh$1 down
	run ip link set mt$1 down
}
mp_link_up() {
	run ip link set mh$1 up
	run ip link set mt$1 up
}
# netem on both directions of path I: mp_netem I loss 100% | delay 20ms | off
mp_netem() {
	local i=$1 d
	shift
	[ "$MP_MODE" = wire ] || fail "mp_netem needs mp_net_setup wire"
	for d in mh$i mt$i; do
		if [ "$1" = off ]; then
			tc qdisc del dev $d root 2>/dev/null
		else
			run tc qdisc replace dev $d root netem "$@"
			on_exit "tc qdisc del dev $d root"
		fi
	done
	log "path $i netem: $*"
}

# --- target ---

# Exports namespace 1 on DEVICE from subsystem MP_NQN on both ports.
mp_export() { # DEVICE
	local i
	tgt_subsys "$MP_NQN"
	tgt_ns "$MP_NQN" 1 "$1"
	for i in 0 1; do
		tgt_port "${MP_PORT[i]}" "$NVMEOF_TRANSPORT" "${MP_ADDR[i]}" "${MP_SVCID[i]}" ipv4
		tgt_link "${MP_PORT[i]}" "$MP_NQN"
	done
}
# A second namespace etc.: mp_add_ns NSID DEVICE [GRPID]
mp_add_ns() {
	tgt_ns "$MP_NQN" "$1" "$2"
	[ -n "${3:-}" ] && mp_ns_grpid "$1" "$3"
	true
}
# Creates ANA group GRPID on target port PORTID (group 1 always exists).
mp_ana_group() { # PORTID GRPID
	local d=$CFS/ports/$1/ana_groups/$2
	run mkdir "$d"
	on_exit "rmdir '$d'"
}
# Creates group GRPID on both ports.
mp_ana_groups() { # GRPID
	mp_ana_group "${MP_PORT[0]}" "$1"
	mp_ana_group "${MP_PORT[1]}" "$1"
}
mp_set_ana() { # PORTID GRPID STATE
	echo "+ ana_state port $1 group $2: $3"
	echo "$3" >"$CFS/ports/$1/ana_groups/$2/ana_state" || fail "ana_state $3 on port $1 group $2"
	[ "$(cat "$CFS/ports/$1/ana_groups/$2/ana_state")" = "$3" ] ||
		fail "port $1 group $2 reads $(cat "$CFS/ports/$1/ana_groups/$2/ana_state"), not $3"
}
mp_ns_grpid() { # NSID GRPID
	echo "+ namespace $1 -> ANA group $2"
	echo "$2" >"$CFS/subsystems/$MP_NQN/namespaces/$1/ana_grpid" || fail "ana_grpid $2 on namespace $1"
}
# Cuts path I by unlinking the subsystem from its port: the target drops
# the path's controller and stops listening there.
mp_port_cut() {
	run rm "$CFS/ports/${MP_PORT[$1]}/subsystems/$MP_NQN"
}
mp_port_restore() {
	run ln -s "$CFS/subsystems/$MP_NQN" "$CFS/ports/${MP_PORT[$1]}/subsystems/$MP_NQN"
}

# --- host ---

# Controller nvmeN connected to MP_NQN through path I (by its address), or
# nothing; any state.
mp_find_ctrl() { # I
	local c a
	for c in /sys/class/nvme/nvme*; do
		[ "$(cat "$c/subsysnqn" 2>/dev/null)" = "$MP_NQN" ] || continue
		a=$(cat "$c/address" 2>/dev/null)
		case ",$a," in *",traddr=${MP_ADDR[$1]},"*) ;; *) continue ;; esac
		case ",$a," in *",trsvcid=${MP_SVCID[$1]},"*) basename "$c"; return 0 ;; esac
	done
	return 1
}
# Connects the host to both paths (extra nvme connect options apply to both)
# and waits for both controllers to be live; sets MP_CTRL.
mp_connect() { # [nvme connect options...]
	local i j c
	for i in 0 1; do
		run nvme connect -t "$NVMEOF_TRANSPORT" -a "${MP_ADDR[i]}" -s "${MP_SVCID[i]}" -n "$MP_NQN" \
			${MP_HOST_ADDR[i]:+-w "${MP_HOST_ADDR[i]}"} "$@"
	done
	on_exit "nvme disconnect -n '$MP_NQN'"
	for i in 0 1; do
		c=
		for j in $(seq 1 "$(_polls 20)"); do
			c=$(mp_find_ctrl $i) && break
			sleep 0.2
		done
		[ -n "$c" ] || fail "no controller for path $i (${MP_ADDR[i]}:${MP_SVCID[i]})"
		wait_state "$c" live
		MP_CTRL[i]=$c
	done
	[ "${MP_CTRL[0]}" != "${MP_CTRL[1]}" ] || fail "both paths on one controller ${MP_CTRL[0]}"
	log "path 0: ${MP_CTRL[0]}, path 1: ${MP_CTRL[1]}"
}
# Re-reads MP_CTRL[I] after a reconnect (the name stays with the in-tree
# host; a deleted and re-created controller gets a new one).
mp_refresh_ctrl() { # I
	MP_CTRL[$1]=$(mp_find_ctrl "$1") || MP_CTRL[$1]=
}
# The head disk (/dev/nvmeXnY) of namespace NSID.
mp_head() { # [NSID]
	ns_dev "$MP_NQN" "${1:-1}" || fail "no head disk for namespace ${1:-1} of $MP_NQN"
}
# Name of path I's per-path disk (nvmeXcYnZ) of namespace NSID, or nothing.
mp_path_disk() { # I [NSID]
	local c=${MP_CTRL[$1]} b
	for b in /sys/class/nvme/"$c"/nvme*c*n*; do
		[ -e "$b/nsid" ] && [ "$(cat "$b/nsid")" = "${2:-1}" ] && { basename "$b"; return 0; }
	done
	return 1
}
# Path I's ANA state as the host shows it (sysfs ana_state of the path disk).
mp_path_state() { # I [NSID]
	local p
	p=$(mp_path_disk "$@") || { echo none; return 0; }
	cat "/sys/block/$p/ana_state" 2>/dev/null || echo none
}
mp_path_grpid() { # I [NSID]
	local p
	p=$(mp_path_disk "$@") || { echo none; return 0; }
	cat "/sys/block/$p/ana_grpid" 2>/dev/null || echo none
}
# Waits until path I shows ANA state STATE, up to SECS (default 15).
mp_wait_path_state() { # I STATE [SECS] [NSID]
	local i
	for i in $(seq 1 "$(_polls "${3:-15}")"); do
		[ "$(mp_path_state "$1" "${4:-1}")" = "$2" ] && return 0
		sleep 0.2
	done
	fail "path $1 (${MP_CTRL[$1]}) shows ana_state $(mp_path_state "$1" "${4:-1}"), not $2, after ${3:-15}s x$WAIT_SCALE"
}
# I/Os completed on path I's path disk (reads + writes from its stat file).
mp_path_ios() { # I [NSID]
	local p
	p=$(mp_path_disk "$@") || { echo 0; return 0; }
	awk '{ print $1 + $5 }' "/sys/block/$p/stat"
}
# Waits until I/O completes on either path (fio has started), up to SECS (default 30).
mp_wait_io() { # [SECS]
	local a i
	a=$(($(mp_path_ios 0) + $(mp_path_ios 1)))
	for i in $(seq 1 "$(_polls "${1:-30}")"); do
		[ $(($(mp_path_ios 0) + $(mp_path_ios 1))) -gt "$a" ] && return 0
		sleep 0.2
	done
	fail "no I/O on either path after ${1:-30}s x$WAIT_SCALE"
}
# The subsystem's paths as nvme-cli prints them.
mp_list_subsys() {
	nvme list-subsys "$(mp_head)" 2>&1
}
# Fails unless nvme list-subsys shows path I's controller with STATE
# (e.g. "live optimized").
mp_expect_listed() { # I STATE
	local out
	out=$(mp_list_subsys)
	echo "$out" | grep -E " ${MP_CTRL[$1]} " | grep -q " $2\$" ||
		{ echo "$out"; fail "list-subsys: path $1 (${MP_CTRL[$1]}) is not '$2'"; }
}

# --- data ---

# Background fio verify on DEV (QD 16 random writes, then read back and
# checked): mp_fio_start DEV [fio options...]; ...; mp_fio_wait
# The rate cap (MP_FIO_RATE I/Os per second, default 1000) makes the run last
# at least size / rate twice over, however fast the guest is: a quiet machine
# once finished 48 MiB in 8 s, before the tests' path changes were done.
mp_fio_start() {
	local dev=$1
	shift
	rm -f /tmp/mpfio.rc /tmp/mpfio.log
	( fio_verify "$dev" --rate_iops="${MP_FIO_RATE:-1000}" "$@" >/tmp/mpfio.log 2>&1
	  echo $? >/tmp/mpfio.rc ) &
	MP_FIO_PID=$!
	on_exit "kill $MP_FIO_PID"
}
# Waits for the background fio; fails the test if it failed.
mp_fio_wait() {
	wait "$MP_FIO_PID"
	cat /tmp/mpfio.log
	[ "$(cat /tmp/mpfio.rc 2>/dev/null)" = 0 ] || fail "fio verify during the path changes failed"
}
# True while the background fio runs.
mp_fio_running() { kill -0 "$MP_FIO_PID" 2>/dev/null; }
# Fails the test, showing fio's output, if the background fio has ended.
mp_fio_must_run() { # WHY
	mp_fio_running && return 0
	wait "$MP_FIO_PID"
	cat /tmp/mpfio.log
	fail "fio ended (exit status $(cat /tmp/mpfio.rc 2>/dev/null)) $1"
}
# A log line with the test's elapsed seconds.
mp_log() { log "[${SECONDS}s] $*"; }
