# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the keep-alive path health tests (mp_ka_*.sh), sourced after
# lib.sh: a second veth wire beside wire_setup's, so that two paths to one
# subsystem cross two wires and either can be cut alone, the cuts, and the
# host's path health attributes.
#   path a: host 198.51.100.2 hw0 <-> router <-> tw0 203.0.113.2 target
#   path b: host 198.18.1.2   hb0 <-> router <-> tb0 198.18.2.2  target
# (RFC 5737 and RFC 2544 ranges: never routed anywhere.) Path b's policy
# rules and tables (4422, 4423) mirror wire_setup's for path a.
WIRE_B_HOST_ADDR=198.18.1.2
WIRE_B_HOST_GW=198.18.1.1
WIRE_B_TGT_ADDR=198.18.2.2
WIRE_B_TGT_GW=198.18.2.1

wire_b_setup() {
	local d
	run ip link add hb0 type veth peer name hb1 netns $WIRE_NS
	on_exit "ip link del hb0"
	run ip link add tb0 type veth peer name tb1 netns $WIRE_NS
	on_exit "ip link del tb0"
	run ip addr add $WIRE_B_HOST_ADDR/24 dev hb0
	run ip addr add $WIRE_B_TGT_ADDR/24 dev tb0
	run ip -n $WIRE_NS addr add $WIRE_B_HOST_GW/24 dev hb1
	run ip -n $WIRE_NS addr add $WIRE_B_TGT_GW/24 dev tb1
	for d in hb0 tb0; do
		echo 1 >/proc/sys/net/ipv4/conf/$d/accept_local || fail "accept_local on $d"
		echo 0 >/proc/sys/net/ipv4/conf/$d/rp_filter || fail "rp_filter on $d"
	done
	run ip link set hb0 up
	run ip link set tb0 up
	run ip -n $WIRE_NS link set hb1 up
	run ip -n $WIRE_NS link set tb1 up
	wire_routes
	ip route show table 4420 | grep -q unreachable || fail "no unreachable route in table 4420"
	on_exit "ip route flush table 4422; ip route flush table 4423"
	run ip rule add pref 102 iif lo to $WIRE_B_TGT_ADDR/32 lookup 4422
	on_exit "ip rule del pref 102"
	run ip rule add pref 103 iif lo to $WIRE_B_HOST_ADDR/32 lookup 4423
	on_exit "ip rule del pref 103"
	ip route get $WIRE_B_TGT_ADDR from $WIRE_B_HOST_ADDR | grep -q ' dev hb0 ' ||
		fail "route to target b does not leave through hb0: $(ip route get $WIRE_B_TGT_ADDR from $WIRE_B_HOST_ADDR)"
	ip route get $WIRE_B_HOST_ADDR from $WIRE_B_TGT_ADDR | grep -q ' dev tb0 ' ||
		fail "route to host b does not leave through tb0: $(ip route get $WIRE_B_HOST_ADDR from $WIRE_B_TGT_ADDR)"
}

# The policy routes of path a or b (default both) as `ip -batch` lines: a
# link set down flushes the routes through it, and they do not come back
# with the link. Behind each an unreachable route: with its veth down a
# path is unreachable, as on a real host, instead of falling through to the
# local table (the target's address is local too) and lo.
wire_route_cmds() { # [a|b]
	local t f=${1:-}
	for t in "a $WIRE_TGT_ADDR $WIRE_HOST_GW hw0 $WIRE_HOST_ADDR 4420" \
		"a $WIRE_HOST_ADDR $WIRE_TGT_GW tw0 $WIRE_TGT_ADDR 4421" \
		"b $WIRE_B_TGT_ADDR $WIRE_B_HOST_GW hb0 $WIRE_B_HOST_ADDR 4422" \
		"b $WIRE_B_HOST_ADDR $WIRE_B_TGT_GW tb0 $WIRE_B_TGT_ADDR 4423"; do
		set -- $t
		[ -z "$f" ] || [ "$f" = "$1" ] || continue
		[ -e "/sys/class/net/$4" ] || continue
		echo "route replace $2/32 via $3 dev $4 src $5 table $6"
		echo "route replace unreachable $2/32 table $6 metric 4096"
	done
}
wire_routes() { wire_route_cmds "$@" | ip -force -batch - 2>/dev/null; true; }

# The two veths of a path, host side first: path_devs a|b
path_devs() { if [ "$1" = a ]; then echo "hw0 tw0"; else echo "hb0 tb0"; fi; }
# The host's and the target's address of a path.
path_host_addr() { if [ "$1" = a ]; then echo $WIRE_HOST_ADDR; else echo $WIRE_B_HOST_ADDR; fi; }
path_tgt_addr() { if [ "$1" = a ]; then echo $WIRE_TGT_ADDR; else echo $WIRE_B_TGT_ADDR; fi; }

# Cuts a path: CUT=netem drops every packet both ways (the keep-alive miss
# case: the link looks up), CUT=linkdown sets the host's veth down.
path_cut() { # a|b
	local d
	case ${CUT:-netem} in
	netem)
		# One tc for both directions: the cut takes effect at one moment.
		for d in $(path_devs "$1"); do
			echo "qdisc replace dev $d root netem loss 100%"
		done | tc -batch - || fail "netem on $(path_devs "$1")"
		;;
	linkdown)
		d=$(path_devs "$1")
		run ip link set "${d%% *}" down
		;;
	*) fail "CUT=$CUT: want netem or linkdown" ;;
	esac
	log "path $1 cut ($CUT) at $EPOCHREALTIME"
}
# Undoes either cut; two processes, so it takes effect at once.
path_restore() { # a|b
	local d
	for d in $(path_devs "$1"); do
		echo "qdisc del dev $d root"
	done | tc -force -batch - 2>/dev/null
	{
		for d in $(path_devs "$1"); do
			echo "link set $d up"
		done
		wire_route_cmds "$1"
	} | ip -force -batch - 2>/dev/null
	log "path $1 restored at $EPOCHREALTIME"
}

# Connects our host to the subsystem through path a or b; extra options follow.
path_connect() { # a|b NQN [nvme connect options...]
	local p=$1 nqn=$2
	shift 2
	run nvme connect -t tcp -a "$(path_tgt_addr "$p")" -s "$TGT_SVCID" -n "$nqn" \
		-w "$(path_host_addr "$p")" "$@"
}
# The controller (nvmeN) of NQN whose address names the target address of path a|b.
path_ctrl() { # a|b NQN
	local want c i
	want="traddr=$(path_tgt_addr "$1"),"
	for i in $(seq 1 "$(_polls 20)"); do
		for c in /sys/class/nvme/nvme*; do
			[ -e "$c/subsysnqn" ] && [ "$(cat "$c/subsysnqn")" = "$2" ] || continue
			case "$(cat "$c/address")," in
			"$want"*) basename "$c"; return 0 ;;
			esac
		done
		sleep 0.2
	done
	return 1
}
# Reads and writes completed through controller CTRL's path disks.
path_ios() { # CTRL
	local b n=0 s
	for b in /sys/class/nvme/"$1"/nvme*c*n*; do
		[ -e "$b/stat" ] || continue
		s=($(cat "$b/stat"))
		n=$((n + s[0] + s[4]))
	done
	echo $n
}
ctrl_attr() { cat "/sys/class/nvme/$1/$2" 2>/dev/null; }
# Wall-clock milliseconds (bash's own clock: busybox date has no %N).
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# Waits up to SECS (stock-kernel seconds) until controller CTRL's ka_degrades
# exceeds BEFORE; prints the milliseconds waited from T0_MS, fails if never.
wait_degrade() { # CTRL BEFORE T0_MS SECS
	local i
	for i in $(seq 1 $(($4 * 20 * WAIT_SCALE))); do
		if [ "$(ctrl_attr "$1" ka_degrades)" -gt "$2" ]; then
			echo $(($(now_ms) - $3))
			return 0
		fi
		sleep 0.05
	done
	fail "$1 not degraded $4 s x$WAIT_SCALE after the cut (state $(ctrl_attr "$1" state), ka_degrades $(ctrl_attr "$1" ka_degrades))"
}
# Waits until controller CTRL is live with path_health ok.
wait_healthy() { # CTRL SECS
	local i
	for i in $(seq 1 "$(_polls "$2")"); do
		[ "$(ctrl_attr "$1" state)" = live ] && [ "$(ctrl_attr "$1" path_health)" = ok ] && return 0
		sleep 0.2
	done
	fail "$1 is $(ctrl_attr "$1" state), path $(ctrl_attr "$1" path_health), $2 s x$WAIT_SCALE after the restore"
}
# Waits until I/O completes through controller CTRL (its path disks' counts grow).
wait_io_on() { # CTRL SECS
	local i n0
	n0=$(path_ios "$1")
	for i in $(seq 1 "$(_polls "$2")"); do
		[ "$(path_ios "$1")" -gt "$n0" ] && return 0
		sleep 0.2
	done
	fail "no I/O completed through $1 within $2 s x$WAIT_SCALE"
}
# Which of the controllers CA and CB carries the I/O now (the one whose path
# disks complete more during one second).
active_ctrl() { # CA CB
	local a0 b0 a1 b1
	a0=$(path_ios "$1"); b0=$(path_ios "$2")
	sleep 1
	a1=$(path_ios "$1"); b1=$(path_ios "$2")
	if [ $((a1 - a0)) -ge $((b1 - b0)) ]; then echo "$1"; else echo "$2"; fi
}
