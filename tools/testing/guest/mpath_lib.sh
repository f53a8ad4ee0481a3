# SPDX-License-Identifier: GPL-2.0-only
# Two-path helpers of every multipath test (mpath_*, host_mp_*, mp_ka_*,
# the failover bench), sourced after lib.sh: one subsystem exported on two
# target ports (two addresses), a host connected through both, ANA states
# per port and group, the head disk and its path disks, per-path state and
# counters (sysfs, our host's debugfs), keep-alive path health, the ways to
# cut a path (port removal, link down, netem) and background fio verify.
# They drive the in-tree stack and ours alike (NVMEOF_TARGET / NVMEOF_HOST /
# NVMEOF_TRANSPORT as in lib.sh).
#
# Paths are numbered 0 and 1. Path I is target port MP_PORT[I] listening on
# MP_ADDR[I]:MP_SVCID[I]; the host binds to MP_HOST_ADDR[I] where a wire
# gives it one. The network comes from mp_net_setup [MODE] (default MP_NET,
# else rdma for NVMEOF_TRANSPORT=rdma, else lo):
#   lo    two loopback addresses (127.0.0.1, 127.0.0.2), TCP only; a path is
#         cut by removing its port (mp_port_cut)
#   wire  TCP over two veth wires through a router namespace, one per path,
#         so a path can also be cut by link down (mp_link_down) or netem
#         (mp_netem), and restored with its routes (mp_restore); the host's
#         end of path I is mh$I, the target's mt$I
#   rdma  soft RDMA (lib.sh rxe_setup) with a second target address on v0
# Usage:
#   . /usr/lib/nvmeof/lib.sh; . /usr/lib/nvmeof/mpath_lib.sh
#   mp_net_setup; target_load; host_load; backend_nullblk
#   mp_export "$BACKEND_DEV"; mp_connect; head=$(mp_head)
#   mp_set_ana 1 1 inaccessible; mp_wait_path_state 0 inaccessible

MP_NQN=${MP_NQN:-$TEST_SUBNQN}
MP_PORT=(1 2)
MP_ADDR=(127.0.0.1 127.0.0.2)
MP_SVCID=(4420 4420)
MP_HOST_ADDR=("" "")
MP_MODE=
MP_NS=nvmeof-mpath
# Controller (nvmeN) of each path, set by mp_connect / mp_connect_path.
MP_CTRL=("" "")
# Our host's per-path counters.
MP_STATS=/sys/kernel/debug/nvmeof/host

# --- network ---

# Two wires: path I is host mh$I <-> router <-> mt$I target. Documentation
# ranges (RFC 5737) split in /26 halves, one per path.
MP_WIRE_HOST=(198.51.100.2 198.51.100.66)
MP_WIRE_HOST_GW=(198.51.100.1 198.51.100.65)
MP_WIRE_TGT=(203.0.113.2 203.0.113.66)
MP_WIRE_TGT_GW=(203.0.113.1 203.0.113.65)

# The policy routes of path I (default both) as `ip -batch` lines: locally
# sent packets to path I's target address leave through mh$I (table
# 4430+I), to its host address through mt$I (table 4440+I). A link set down
# flushes the routes through it and they do not come back with the link, so
# setup and every restore write them. Behind each an unreachable route: with
# its veth down a path is unreachable, as on a real host, instead of falling
# through to the local table (the target's address is local too) and lo.
_mp_route_cmds() { # [I]
	local i
	for i in ${1:-0 1}; do
		[ -e "/sys/class/net/mh$i" ] || continue
		echo "route replace ${MP_WIRE_TGT[i]}/32 via ${MP_WIRE_HOST_GW[i]} dev mh$i src ${MP_WIRE_HOST[i]} table $((4430 + i))"
		echo "route replace unreachable ${MP_WIRE_TGT[i]}/32 table $((4430 + i)) metric 4096"
		echo "route replace ${MP_WIRE_HOST[i]}/32 via ${MP_WIRE_TGT_GW[i]} dev mt$i src ${MP_WIRE_TGT[i]} table $((4440 + i))"
		echo "route replace unreachable ${MP_WIRE_HOST[i]}/32 table $((4440 + i)) metric 4096"
	done
}
_mp_routes() { _mp_route_cmds "$@" | ip -force -batch - 2>/dev/null; true; }

# The rules send the two directions of each path to its tables; the `local`
# table moves behind them so it still delivers what the veths bring in.
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
	_mp_routes
	if ! ip rule show | grep -q '^1000:.*lookup local'; then
		run ip rule add pref 1000 lookup local
		on_exit "ip rule del pref 1000"
		run ip rule del pref 0 lookup local
		on_exit "ip rule add pref 0 lookup local"
	fi
	MP_ADDR=("${MP_WIRE_TGT[@]}")
	MP_HOST_ADDR=("${MP_WIRE_HOST[@]}")
	mp_check_routes
}
# Fails unless each path's packets leave through its own veths (wire mode).
mp_check_routes() { # [I]
	local i
	for i in ${1:-0 1}; do
		ip route get "${MP_WIRE_TGT[i]}" from "${MP_WIRE_HOST[i]}" | grep -q " dev mh$i " ||
			fail "path $i: route to the target does not leave through mh$i: $(ip route get "${MP_WIRE_TGT[i]}" from "${MP_WIRE_HOST[i]}" 2>&1)"
		ip route get "${MP_WIRE_HOST[i]}" from "${MP_WIRE_TGT[i]}" | grep -q " dev mt$i " ||
			fail "path $i: route to the host does not leave through mt$i: $(ip route get "${MP_WIRE_HOST[i]}" from "${MP_WIRE_TGT[i]}" 2>&1)"
	done
}

# MODE defaults to MP_NET, else rdma for NVMEOF_TRANSPORT=rdma, else lo.
mp_net_setup() { # [lo | wire | rdma]
	MP_MODE=${1:-${MP_NET:-}}
	if [ -z "$MP_MODE" ]; then
		MP_MODE=lo
		[ "$NVMEOF_TRANSPORT" = rdma ] && MP_MODE=rdma
	fi
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

# netem on both veths of path I, in one tc run so that it takes effect at
# one moment: mp_netem I loss 100% | delay 20ms | off (wire mode).
mp_netem() {
	local i=$1 d
	shift
	[ "$MP_MODE" = wire ] || fail "mp_netem needs mp_net_setup wire"
	for d in mh$i mt$i; do
		if [ "$1" = off ]; then
			echo "qdisc del dev $d root"
		else
			echo "qdisc replace dev $d root netem $*"
		fi
	done | tc -force -batch - 2>/dev/null
	[ "$1" = off ] || tc qdisc show dev mh$i | grep -q netem || fail "netem $* on path $i"
	log "path $i netem: $*"
}
# Cuts path I at the link: the host's veth goes down, and with it the
# routes through it (the unreachable ones remain), as a pulled cable.
mp_link_down() {
	[ "$MP_MODE" = wire ] || fail "mp_link_down needs mp_net_setup wire"
	run ip link set mh$1 down
}
# Both veths of path I up and the path's policy routes written again, in one
# ip run, so that the path comes back at one moment and routes as before
# (no checks: cleanup steps use it too).
_mp_link_up() {
	{
		echo "link set mh$1 up"
		echo "link set mt$1 up"
		_mp_route_cmds "$1"
	} | ip -force -batch - 2>/dev/null
	true
}
# Path I's link back up, routed through its own veths again.
mp_link_up() {
	_mp_link_up "$1"
	mp_check_routes "$1"
}
# Undoes a netem or link cut of path I without checks, for cleanup steps.
_mp_uncut() {
	local d
	for d in mh$1 mt$1; do
		echo "qdisc del dev $d root"
	done | tc -force -batch - 2>/dev/null
	_mp_link_up "$1"
}
# Cuts path I: MODE (default CUT, else netem) netem drops every packet both
# ways (the keep-alive miss case: the link looks up), linkdown sets the
# host's veth down, port unlinks the subsystem from the path's target port.
mp_cut() { # I [netem | linkdown | port]
	case ${2:-${CUT:-netem}} in
	netem) mp_netem "$1" loss 100% >/dev/null ;;
	linkdown) mp_link_down "$1" >/dev/null ;;
	port) mp_port_cut "$1" >/dev/null ;;
	*) fail "cut ${2:-$CUT}: want netem, linkdown or port" ;;
	esac
	log "path $1 cut (${2:-${CUT:-netem}}) at $EPOCHREALTIME"
}
# Undoes any cut of path I (wire mode: netem off, links up, routes back).
mp_restore() { # I [netem | linkdown | port]
	if [ "${2:-${CUT:-netem}}" = port ]; then
		mp_port_restore "$1" >/dev/null
	else
		_mp_uncut "$1"
		mp_check_routes "$1"
	fi
	log "path $1 restored at $EPOCHREALTIME"
}

# --- target ---

# null_blk devices nullb0..nullb<N-1>, memory backed (fio can verify).
mp_backends() { # N
	run modprobe null_blk nr_devices="$1" memory_backed=1 gb=1 bs=512
	on_exit "modprobe -r null_blk"
}

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
# Connects the host through path I (extra nvme connect options follow),
# waits for its controller to be live and sets MP_CTRL[I].
mp_connect_path() { # I [nvme connect options...]
	local i=$1 j c=
	shift
	run nvme connect -t "$NVMEOF_TRANSPORT" -a "${MP_ADDR[i]}" -s "${MP_SVCID[i]}" -n "$MP_NQN" \
		${MP_HOST_ADDR[i]:+-w "${MP_HOST_ADDR[i]}"} "$@"
	on_exit "nvme disconnect -n '$MP_NQN'"
	for j in $(seq 1 "$(_polls 20)"); do
		c=$(mp_find_ctrl "$i") && break
		sleep 0.2
	done
	[ -n "$c" ] || fail "no controller for path $i (${MP_ADDR[i]}:${MP_SVCID[i]})"
	wait_state "$c" live
	MP_CTRL[i]=$c
}
# Both paths, the same options; fails unless they are two controllers.
mp_connect() { # [nvme connect options...]
	mp_connect_path 0 "$@"
	mp_connect_path 1 "$@"
	[ "${MP_CTRL[0]}" != "${MP_CTRL[1]}" ] || fail "both paths on one controller ${MP_CTRL[0]}"
	log "path 0: ${MP_CTRL[0]}, path 1: ${MP_CTRL[1]}"
}
# Re-reads MP_CTRL[I] after a reconnect (the name stays with the in-tree
# host; a deleted and re-created controller gets a new one).
mp_refresh_ctrl() { # I
	MP_CTRL[$1]=$(mp_find_ctrl "$1") || MP_CTRL[$1]=
}
# The head disk (/dev/nvmeXnY) of namespace NSID, waiting up to 20 s for it;
# nothing (status 1) if it never comes.
mp_head() { # [NSID]
	ns_dev "$MP_NQN" "${1:-1}"
}
# The head disk of namespace NSID now, or nothing (status 1): no waiting.
mp_head_now() { # [NSID]
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
# A field of our host's per-path counters (debugfs) of path I, namespace NSID.
mp_stat() { # I FIELD [NSID]
	local p
	p=$(mp_path_disk "$1" "${3:-1}") || { echo 0; return 0; }
	awk -v f="$2" '$1 == f { print $2 }' "$MP_STATS/${MP_CTRL[$1]}/$p"
}
# All of path I's per-path counters on one line.
mp_stats_line() { # I [NSID]
	local p
	p=$(mp_path_disk "$1" "${2:-1}") || { echo none; return 0; }
	tr '\n' ' ' <"$MP_STATS/${MP_CTRL[$1]}/$p"
}
# An attribute of path I's controller (state, ka_degrades, path_health...).
mp_ctrl_attr() { cat "/sys/class/nvme/${MP_CTRL[$1]}/$2" 2>/dev/null; }
# Wall-clock milliseconds (bash's own clock: busybox date has no %N).
mp_now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
# Waits up to SECS (stock-kernel seconds) until path I's controller's
# ka_degrades exceeds BEFORE; prints the milliseconds since T0_MS.
mp_wait_degrade() { # I BEFORE T0_MS SECS
	local i
	for i in $(seq 1 $(($4 * 20 * WAIT_SCALE))); do
		if [ "$(mp_ctrl_attr "$1" ka_degrades)" -gt "$2" ]; then
			echo $(($(mp_now_ms) - $3))
			return 0
		fi
		sleep 0.05
	done
	fail "path $1 (${MP_CTRL[$1]}) not degraded $4 s x$WAIT_SCALE after the cut (state $(mp_ctrl_attr "$1" state), ka_degrades $(mp_ctrl_attr "$1" ka_degrades))"
}
# Waits until path I's controller is live with path_health ok.
mp_wait_healthy() { # I SECS
	local i
	for i in $(seq 1 "$(_polls "$2")"); do
		[ "$(mp_ctrl_attr "$1" state)" = live ] && [ "$(mp_ctrl_attr "$1" path_health)" = ok ] && return 0
		sleep 0.2
	done
	fail "path $1 (${MP_CTRL[$1]}) is $(mp_ctrl_attr "$1" state), health $(mp_ctrl_attr "$1" path_health), $2 s x$WAIT_SCALE after the restore"
}
# Waits until I/O completes through path I, up to SECS.
mp_wait_io_on() { # I SECS
	local i n0
	n0=$(mp_path_ios "$1")
	for i in $(seq 1 "$(_polls "$2")"); do
		[ "$(mp_path_ios "$1")" -gt "$n0" ] && return 0
		sleep 0.2
	done
	fail "no I/O completed through path $1 (${MP_CTRL[$1]}) within $2 s x$WAIT_SCALE"
}
# The path (0 or 1) that completes more I/O during one second.
mp_active_path() {
	local a0 b0
	a0=$(mp_path_ios 0) b0=$(mp_path_ios 1)
	sleep 1
	if [ $(($(mp_path_ios 0) - a0)) -ge $(($(mp_path_ios 1) - b0)) ]; then echo 0; else echo 1; fi
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
