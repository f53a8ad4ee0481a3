#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark body (make bench, and its smoke run in make check): the same fio
# workloads against each stack in one boot, alternating A B A B, printing one
# "BENCH {json}" line per run for tools/testing/bench/report.py.
#   BENCH_RUNTIME  seconds per fio run      BENCH_PAIRS  A/B pairs
#   BENCH_QUICK=1  smoke subset              BENCH_CMP    target,host,stats
#   BENCH_STATS_REPS  counters off/on samples per pair (3)
#   MODPARAMS      module parameters (lib.sh), e.g. nvmeof-host-tcp:send_any_cpu=1
#   BENCH_PAIR_BASE   number of pairs earlier boots ran (BENCH_BOOTS)
#   BENCH_DIGESTS, BENCH_QUEUES  override the digest settings (0,1) and I/O
#                  queue counts (1,2) of the workload set, comma-separated
#   BENCH_CLOCK, BENCH_ICOUNT_SHIFT  how the guest's clock runs (make bench:
#                  icount or wall), only recorded for the report
# Comparisons: target (in-tree host to the in-tree target vs to ours), host
# (in-tree vs our host, both to the in-tree target), aa-host (the in-tree host
# against itself, run exactly like host: the noise floor of this harness),
# stats (our host to our target with nvmeof_core.stats off vs on: the cost of
# the counters).
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/bench_lib.sh
RT=${BENCH_RUNTIME:-5}
PAIRS=${BENCH_PAIRS:-3}
# Pairs of this boot are numbered from PAIR_BASE + 1 (make bench BENCH_BOOTS).
PAIR_BASE=${BENCH_PAIR_BASE:-0}
# Commas: plan lines split variables at spaces.
CMP=${BENCH_CMP:-target,host,stats}
CMP=${CMP//,/ }
STATS_REPS=${BENCH_STATS_REPS:-3}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	WLS="rr4k_qd1 rr4k_qd32"; DIGESTS="0"; QUEUES="1"
else
	WLS="rr4k_qd1 rr4k_qd32 rw4k_qd32 sr128k_qd8"; DIGESTS="0 1"; QUEUES="1 2"
fi
[ -n "${BENCH_DIGESTS:-}" ] && DIGESTS=${BENCH_DIGESTS//,/ }
[ -n "${BENCH_QUEUES:-}" ] && QUEUES=${BENCH_QUEUES//,/ }
# CPU time of all CPUs from /proc/stat, in USER_HZ ticks: busy (user, nice,
# system, irq, softirq, steal), of it the kernel's part (system, irq,
# softirq), and the total with idle and iowait (busy / total is the share
# of the run the CPUs worked, which fio's ramp and start-up share too).
cpu_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
# TCP segments retransmitted, and packets the stack dropped (per-CPU backlog
# full, socket backlog full): on loopback any of these is a stall of at
# least one retransmission timeout, which a run's max latency then shows.
netloss() {
	awk '$1 == "Tcp:" && !h { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
	     $1 == "Tcp:" { r = $c["RetransSegs"] } END { print r + 0 }' /proc/net/snmp
	awk '$1 == "TcpExt:" && !h { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
	     $1 == "TcpExt:" { print $c["TCPBacklogDrop"] + 0 }' /proc/net/netstat
	local d=0 _x n _r
	while read -r _x n _r; do d=$((d + 0x$n)); done </proc/net/softnet_stat
	echo $d
}

# One measurement: fio on DEV, one BENCH line with the fio JSON and CPU busy time.
# lat_percentiles: percentiles of the total latency (submission to
# completion), not only of fio's clat (from io_submit's return): on one CPU
# the whole I/O can complete inside io_submit, leaving clat the reap alone.
measure() { # LABEL-JSON DEV WORKLOAD
	local b0 b1 out n0 n1
	b0=($(cpu_ticks))
	n0=($(netloss))
	out=$(fio --name=bench --filename="$2" --direct=1 --ioengine=libaio --time_based \
		--runtime="$RT" --ramp_time=1 --lat_percentiles=1 --output-format=json \
		$(wl_args "$3") 2>/dev/null) || fail "fio failed: $1"
	b1=($(cpu_ticks))
	n1=($(netloss))
	echo "BENCH {$1,\"wl\":\"$3\",\"busy_jiffies\":$((b1[0] - b0[0])),\"kernel_jiffies\":$((b1[1] - b0[1])),\"total_jiffies\":$((b1[2] - b0[2])),\"cpus\":$(nproc),\"hz\":100,\"tcp_retrans\":$((n1[0] - n0[0])),\"backlog_drops\":$((n1[1] - n0[1])),\"softnet_drops\":$((n1[2] - n0[2])),\"fio\":$(echo "$out" | tr -d '\n\t')}"
}

run modprobe null_blk nr_devices=1 gb=16 bs=512 memory_backed=0
on_exit "modprobe -r null_blk"
NQN_A=nqn.2014-08.org.nvmexpress:bench-intree
NQN_B=nqn.2014-08.org.nvmexpress:bench-ours

# Exports /dev/nullb0 from the in-tree target on 4420 and, if it loads, from
# ours on 4421 under a renamed configfs root (both targets in one boot).
have_ours_target=0
run modprobe nvmet-tcp
on_exit "modprobe -r nvmet-tcp nvmet"
CFS=/sys/kernel/config/nvmet tgt_subsys $NQN_A; CFS=/sys/kernel/config/nvmet tgt_ns $NQN_A 1 /dev/nullb0
CFS=/sys/kernel/config/nvmet tgt_port 1 tcp 127.0.0.1 4420 ipv4; CFS=/sys/kernel/config/nvmet tgt_link 1 $NQN_A
if modprobe nvmeof-target configfs_root=nvmeof 2>/dev/null && modprobe nvmeof-target-tcp 2>/dev/null &&
	[ -d /sys/kernel/config/nvmeof ]; then
	on_exit "modprobe -r nvmeof-target-tcp nvmeof-target"
	OCFS=/sys/kernel/config/nvmeof
	CFS=$OCFS tgt_subsys $NQN_B; CFS=$OCFS tgt_ns $NQN_B 1 /dev/nullb0
	CFS=$OCFS tgt_port 1 tcp 127.0.0.1 4421 ipv4; CFS=$OCFS tgt_link 1 $NQN_B
	have_ours_target=1
fi
echo "BENCHINFO {\"ours_target\":$have_ours_target,\"runtime\":$RT,\"pairs\":$PAIRS,\"boot\":1,\"cpus\":$(nproc),\"clock\":\"${BENCH_CLOCK:-wall}\",\"icount_shift\":${BENCH_ICOUNT_SHIFT:-null}}"

# Connect HOST (intree|ours) to SVCID/NQN with digests and queue count; prints the block device.
bench_connect() { # SVCID NQN DIGEST QUEUES
	local opts="-i $4"
	[ "$3" = 1 ] && opts="$opts -g -G"
	nvme connect -t tcp -a 127.0.0.1 -s "$1" -n "$2" $opts >/dev/null || return 1
	ns_dev "$2"
}
bench_disconnect() { nvme disconnect -n "$1" >/dev/null; }

host_swap() { # intree|ours
	modprobe -r nvmeof-host-tcp nvmeof-host nvme-tcp nvme-fabrics nvme-core 2>/dev/null
	if [ "$1" = ours ]; then
		# shellcheck disable=SC2046
		modprobe nvmeof-host-tcp $(_modparams nvmeof-host-tcp) 2>/dev/null
	else
		modprobe nvme-tcp
	fi
}
on_exit "modprobe -r nvmeof-host-tcp nvmeof-host nvme-tcp nvme-fabrics nvme-core"
have_ours_host=0
host_swap ours && modinfo nvmeof-host-tcp >/dev/null 2>&1 && [ -e /dev/nvme-fabrics ] && have_ours_host=1
echo "BENCHINFO {\"ours_host\":$have_ours_host}"
# The counters' fast path timed on its own (median of 5), on and off.
stats_cost() {
	local i
	for i in 1 2 3 4 5; do
		awk '$1 == "ns_per_command" { print $2 }' /sys/kernel/debug/nvmeof/stats_cost
	done | sort -n | sed -n 3p
}
if [ -e /sys/kernel/debug/nvmeof/stats_cost ]; then
	on=$(stats_cost)
	echo N >/sys/module/nvmeof_core/parameters/stats
	off=$(stats_cost)
	echo Y >/sys/module/nvmeof_core/parameters/stats
	echo "BENCHINFO {\"stats_ns_on\":${on:-0},\"stats_ns_off\":${off:-0}}"
fi
host_swap intree

# Which side runs first alternates from pair to pair (A B, B A, ...), so a
# drift of the machine or a first-run effect does not favour one side.
pair_sides() { if [ $(($1 % 2)) = 1 ]; then echo intree ours; else echo ours intree; fi; }
PAIR_NUMS=$(seq $((PAIR_BASE + 1)) $((PAIR_BASE + PAIRS)))

# A = counters off, B = on; both ends ours, digests off, one queue, one
# connection. The switch flips between adjacent runs (order alternating,
# A B B A ...), STATS_REPS times per pair, each adjacent couple one sample:
# drift of the shared machine cancels out of the ratio.
stats_pair() { # PAIR
	local pair=$1 dev rep order wl st stat
	[ $have_ours_target = 0 ] || [ $have_ours_host = 0 ] && return 0
	host_swap ours || fail "our host did not load"
	dev=$(bench_connect 4421 $NQN_B 0 1) || fail "connect stats failed"
	for rep in $(seq 1 "$STATS_REPS"); do
		order="intree ours"
		[ $(((pair + rep) % 2)) = 1 ] && order="ours intree"
		for wl in $WLS; do
			for st in $order; do
				stat=N
				[ $st = ours ] && stat=Y
				echo $stat >/sys/module/nvmeof_core/parameters/stats || fail "stats switch"
				measure "\"cmp\":\"stats\",\"side\":\"$st\",\"pair\":$(((pair - 1) * STATS_REPS + rep)),\"digest\":0,\"queues\":1" "$dev" "$wl"
			done
		done
	done
	echo Y >/sys/module/nvmeof_core/parameters/stats
	bench_disconnect $NQN_B
	host_swap intree
}

for pair in $PAIR_NUMS; do
	for wl in $WLS; do
		measure "\"cmp\":\"local\",\"side\":\"nullb0\",\"pair\":$pair,\"digest\":0,\"queues\":0" /dev/nullb0 "$wl"
	done
	for cmp in $CMP; do
		if [ "$cmp" = stats ]; then
			stats_pair $pair
			continue
		fi
		# Both sides take their turn per digest/queue setting, not per pair:
		# a drift of the machine during a pair then spans seconds, not the
		# whole pair. The side going first alternates from setting to
		# setting as well as from pair to pair.
		group=0
		for dg in $DIGESTS; do
			for q in $QUEUES; do
				group=$((group + 1))
				for side in $(pair_sides $((pair + group - 1))); do
					svc=4420 nqn=$NQN_A
					case $cmp in
					target)
						[ $side = ours ] && [ $have_ours_target = 0 ] && continue
						[ $side = ours ] && svc=4421 nqn=$NQN_B
						;;
					aa-host)
						# Both sides are the in-tree host, swapped in and
						# out as in "host"; the B side is recorded as "again".
						host_swap intree || fail "host intree did not load"
						[ $side = ours ] && side=again
						;;
					*)
						[ $side = ours ] && [ $have_ours_host = 0 ] && continue
						host_swap $side || fail "host $side did not load"
						;;
					esac
					dev=$(bench_connect $svc $nqn $dg $q) || fail "connect $cmp/$side failed"
					for wl in $WLS; do
						measure "\"cmp\":\"$cmp\",\"side\":\"$side\",\"pair\":$pair,\"digest\":$dg,\"queues\":$q" "$dev" "$wl"
					done
					bench_disconnect $nqn
				done
			done
		done
		[ "$cmp" = host ] || [ "$cmp" = aa-host ] && host_swap intree
	done
done

# RDMA rows (issue 8): 4 KiB random reads at QD1 and QD32 and writes at QD32
# over soft-RoCE (rxe on a veth pair), ours vs in-tree for the target and for
# the host, in the same boot; writes take the other data direction (RDMA READ
# by the target). BENCH_RDMA=0 leaves them out.
if [ "${BENCH_RDMA:-1}" = 1 ] && modinfo nvmeof-target-rdma >/dev/null 2>&1; then
	RWLS="rr4k_qd1 rr4k_qd32 rw4k_qd32"
	rxe_setup
	run modprobe nvmet-rdma
	on_exit "modprobe -r nvmet-rdma"
	CFS=/sys/kernel/config/nvmet tgt_port 2 rdma $VETH_TGT_ADDR 4420 ipv4
	CFS=/sys/kernel/config/nvmet tgt_link 2 $NQN_A
	have_ours_rdma=0
	if [ $have_ours_target = 1 ] && modprobe nvmeof-target-rdma; then
		on_exit "modprobe -r nvmeof-target-rdma"
		CFS=$OCFS tgt_port 2 rdma $VETH_TGT_ADDR 4421 ipv4; CFS=$OCFS tgt_link 2 $NQN_B
		have_ours_rdma=1
	fi
	rdma_host_swap() { # intree|ours|none
		modprobe -r nvmeof-host-rdma nvmeof-host nvme-rdma nvme-fabrics nvme-core 2>/dev/null
		case $1 in
		ours) modprobe nvmeof-host-rdma ;;
		intree) modprobe nvme-rdma ;;
		esac
	}
	on_exit "modprobe -r nvmeof-host-rdma nvmeof-host nvme-rdma nvme-fabrics nvme-core"
	modprobe -r nvmeof-host-tcp nvmeof-host nvme-tcp nvme-fabrics nvme-core 2>/dev/null
	for pair in $PAIR_NUMS; do
		for cmp in $CMP; do
			[ "$cmp" = stats ] && continue
			for side in $(pair_sides $pair); do
				svc=4420 nqn=$NQN_A
				if [ "$cmp" = target ]; then
					[ $side = ours ] && [ $have_ours_rdma = 0 ] && continue
					[ $side = ours ] && svc=4421 nqn=$NQN_B
					rdma_host_swap intree || fail "nvme-rdma did not load"
				elif [ "$cmp" = aa-host ]; then
					rdma_host_swap intree || fail "nvme-rdma did not load"
					[ $side = ours ] && side=again
				else
					rdma_host_swap $side || fail "rdma host $side did not load"
				fi
				nvme connect -t rdma -a $VETH_TGT_ADDR -s $svc -n $nqn -i 1 >/dev/null ||
					fail "rdma connect $cmp/$side failed"
				dev=$(ns_dev $nqn) || fail "no rdma namespace for $cmp/$side"
				for wl in $RWLS; do
					measure "\"cmp\":\"rdma-$cmp\",\"side\":\"$side\",\"pair\":$pair,\"digest\":0,\"queues\":1" "$dev" "$wl"
				done
				bench_disconnect $nqn
			done
		done
	done
	rdma_host_swap none
fi
