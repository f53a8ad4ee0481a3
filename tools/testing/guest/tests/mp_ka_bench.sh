#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Multipath benchmark body (make bench, comparisons "failover" and "mpath"):
# one subsystem of the in-tree target on two ports, reached over two veth
# wires (mpath_lib.sh, wire mode).
#   failover: fio 4 KiB random read at QD16 on the head disk; the active
#     path is cut (BENCH_CUT: netem 100 % loss both ways, or linkdown) and
#     restored later. From fio's per-I/O log (completion times in guest wall
#     time, log_unix_epoch): how long after the cut I/O completed again (the
#     end of the longest completion gap after the cut) and the worst I/O
#     latency around the switch. Our host against the in-tree host, the
#     same target and cut, and our host once more in the same boot (host
#     "ours-again": A/A, the spread of the measurement itself), sides
#     alternating per pair; one "FAILOVER {json}" line per run.
#   mpath: our host, fio over one path against two paths with iopolicy
#     round-robin and queue-depth ("BENCH {json}" lines as bench_run.sh's,
#     cmp mpath-rr / mpath-qd, side "intree" = one path, "ours" = two).
#   BENCH_PAIRS, BENCH_PAIR_BASE, BENCH_RUNTIME as bench_run.sh; BENCH_KATO (5)
#   keep-alive timeout of both hosts; BENCH_CMP which of the two to run.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh
PAIRS=${BENCH_PAIRS:-3}
PAIR_BASE=${BENCH_PAIR_BASE:-0}
RT=${BENCH_RUNTIME:-5}
CMP=${BENCH_CMP:-failover,mpath}
CMP=" ${CMP//,/ } "
KATO=${BENCH_KATO:-5}
CUT=${BENCH_CUT:-netem}
# Seconds of I/O before the cut, and of the cut: long enough for in-tree's
# failover (its keep-alive times out KATO after it went out, up to KATO / 4
# after the cut, and its teardown then waits on the silent sockets).
FO_BEFORE=4
FO_CUT=$((KATO * 4))
NQN=nqn.2014-08.org.nvmexpress:bench-mpath
MP_NQN=$NQN

mp_net_setup wire
run modprobe sch_netem
on_exit "modprobe -r sch_netem"
on_exit "_mp_uncut 0; _mp_uncut 1"
run modprobe null_blk nr_devices=1 gb=16 bs=512 memory_backed=0
on_exit "modprobe -r null_blk"
run modprobe nvmet-tcp
on_exit "modprobe -r nvmet-tcp nvmet"
mp_export /dev/nullb0

host_swap() { # intree|ours
	modprobe -r nvmeof-host-tcp nvmeof-host nvme-tcp nvme-fabrics nvme-core 2>/dev/null
	if [ "$1" = ours ]; then
		# shellcheck disable=SC2046
		modprobe nvmeof-host-tcp $(_modparams nvmeof-host-tcp)
	else
		modprobe nvme-tcp
	fi
}
on_exit "modprobe -r nvmeof-host-tcp nvmeof-host nvme-tcp nvme-fabrics nvme-core"
pair_sides() { if [ $(($1 % 2)) = 1 ]; then echo intree ours; else echo ours intree; fi; }
# The failover runs of a pair: in-tree, ours and ours again, the order
# reversed every other pair.
fo_sides() { if [ $(($1 % 2)) = 1 ]; then echo intree ours ours-again; else echo ours-again ours intree; fi; }
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }

# Connects the paths named (0, 1 or both) with the benchmark's options.
bench_connect() { # PATHS...
	local p
	MP_CTRL=("" "")
	for p in "$@"; do
		mp_connect_path "$p" -k "$KATO" --reconnect-delay=1 --ctrl-loss-tmo=60 >/dev/null
	done
	DEV=$(mp_head) || fail "no head disk"
}
bench_disconnect() { nvme disconnect -n $NQN >/dev/null; }
# I/Os completed through path I, 0 when it is not connected.
bench_ios() { if [ -n "${MP_CTRL[$1]}" ]; then mp_path_ios "$1"; else echo 0; fi; }

# From fio's per-I/O log LOG ("time ms, latency ns, dir, bs, offset") and the
# cut at CUT_MS lasting WINDOW_MS: "failover_ms worst_ms gap_ms ios_after
# within_cut" (worst: the slowest I/O completed after the cut; within_cut:
# 1 when I/O resumed before the restore, i.e. through the other path).
fo_parse() { # LOG CUT_MS WINDOW_MS
	sort -t, -k1,1n "$1" | awk -F', *' -v cut="$2" -v win="$3" '
		$1 + 0 < cut - 1000 { prev = $1 + 0; next }
		{
			t = $1 + 0
			times[n++] = t
			if (prev != "" && t > cut && t - prev > gap) { gap = t - prev; end = t }
			if (t >= cut && $2 / 1e6 > worst) worst = $2 / 1e6
			prev = t
		}
		END {
			if (end == "") end = cut
			for (i = 0; i < n; i++) if (times[i] >= end) after++
			printf "%d %.1f %d %d %d\n", end - cut, worst, gap, after, end - cut < win
		}'
}

failover_run() { # SIDE PAIR
	local side=$1 pair=$2 p t_cut fpid r d0 detect=null state i ia0 ib0 ia ib share
	host_swap "${side%-again}" || fail "host $side did not load"
	bench_connect 0 1
	rm -f /tmp/fo_*.log
	# clock_gettime: fio's default TSC clock drifts from wall time under
	# TCG, and the log's epoch times must line up with the cut's.
	fio --name=fo --filename="$DEV" --direct=1 --ioengine=libaio --rw=randread --bs=4k --iodepth=16 \
		--time_based --runtime=$((FO_BEFORE + FO_CUT + 3)) --write_lat_log=/tmp/fo --log_avg_msec=0 \
		--log_unix_epoch=1 --clocksource=clock_gettime --output-format=json >/tmp/fo.json 2>&1 &
	fpid=$!
	sleep $((FO_BEFORE - 1))
	# The path that carried the I/O during the last second is cut.
	ia0=$(mp_path_ios 0) ib0=$(mp_path_ios 1)
	sleep 1
	ia=$(($(mp_path_ios 0) - ia0)) ib=$(($(mp_path_ios 1) - ib0))
	p=0 share=$ia
	[ "$ib" -gt "$ia" ] && p=1 share=$ib
	share=$(awk -v s="$share" -v t=$((ia + ib)) 'BEGIN { printf "%.2f", t ? s / t : 0 }')
	d0=$(mp_ctrl_attr $p ka_degrades)
	mp_cut $p >/dev/null
	# tc applies the cut as it exits; its start-up under TCG can take half
	# a second, so the time after it is the closer one.
	t_cut=$(mp_now_ms)
	sleep $FO_CUT
	mp_restore $p >/dev/null
	wait $fpid || fail "fio failed across the cut ($side): $(tail -5 /tmp/fo.json)"
	[ -n "$d0" ] && [ "$(mp_ctrl_attr $p ka_degrades)" -gt "$d0" ] && detect=$(mp_ctrl_attr $p ka_detect_ms)
	[ -s /tmp/fo_lat.1.log ] || fail "fio wrote no latency log"
	r=($(fo_parse /tmp/fo_lat.1.log "$t_cut" $((FO_CUT * 1000))))
	echo "FAILOVER {\"host\":\"$side\",\"pair\":$pair,\"cut\":\"$CUT\",\"kato\":$KATO,\"path\":\"$p\",\"share_before\":$share,\"failover_ms\":${r[0]},\"worst_lat_ms\":${r[1]},\"gap_ms\":${r[2]},\"ios_after\":${r[3]},\"within_cut\":${r[4]},\"detect_ms\":$detect}"
	# The cut path back before the next run.
	for i in $(seq 1 "$(_polls 60)"); do
		state=$(mp_ctrl_attr $p state)
		[ "$state" = live ] && break
		sleep 0.2
	done
	[ "$state" = live ] || fail "path $p ($side) is $state 60 s after the restore"
	bench_disconnect
}

# One throughput measurement, a BENCH line as bench_run.sh prints them.
mp_measure() { # LABEL-JSON WORKLOAD
	local b0 b1 out a0 b0p a1 b1p args
	case $2 in
	rr4k_qd32) args="--rw=randread --bs=4k --iodepth=32" ;;
	sr128k_qd8) args="--rw=read --bs=128k --iodepth=8" ;;
	esac
	a0=$(bench_ios 0) b0p=$(bench_ios 1)
	b0=$(busy)
	# shellcheck disable=SC2086
	out=$(fio --name=bench --filename="$DEV" --direct=1 --ioengine=libaio --time_based \
		--runtime="$RT" --ramp_time=1 --output-format=json $args 2>/dev/null) || fail "fio failed: $1"
	b1=$(busy)
	a1=$(bench_ios 0) b1p=$(bench_ios 1)
	echo "BENCH {$1,\"wl\":\"$2\",\"busy_jiffies\":$((b1 - b0)),\"hz\":100,\"paths_io\":[$((a1 - a0)),$((b1p - b0p))],\"fio\":$(echo "$out" | tr -d '\n\t')}"
}

mpath_pair() { # PAIR
	local pair=$1 pol cmp side wl sysfs
	host_swap ours || fail "our host did not load"
	for pol in round-robin queue-depth; do
		cmp=mpath-rr
		[ $pol = queue-depth ] && cmp=mpath-qd
		for side in $(pair_sides "$pair"); do
			if [ "$side" = intree ]; then
				bench_connect 0
			else
				bench_connect 0 1
				sysfs=$(for s in /sys/class/nvme-subsystem/nvme-subsys*; do
					[ "$(cat "$s/subsysnqn")" = $NQN ] && echo "$s"; done)
				if ! echo $pol >"$sysfs/iopolicy" 2>/dev/null; then
					echo "BENCHINFO {\"mpath_missing_policy\":\"$pol\"}"
					bench_disconnect
					continue 2
				fi
			fi
			for wl in rr4k_qd32 sr128k_qd8; do
				mp_measure "\"cmp\":\"$cmp\",\"side\":\"$side\",\"pair\":$pair,\"digest\":0,\"queues\":1" $wl
			done
			bench_disconnect
		done
	done
}

echo "BENCHINFO {\"runtime\":$RT,\"pairs\":$PAIRS,\"cpus\":$(nproc),\"ours_host\":1}"
for pair in $(seq $((PAIR_BASE + 1)) $((PAIR_BASE + PAIRS))); do
	case $CMP in *" failover "*)
		for side in $(fo_sides "$pair"); do
			failover_run "$side" "$pair"
		done ;;
	esac
	case $CMP in *" mpath "*) mpath_pair "$pair" ;; esac
done
