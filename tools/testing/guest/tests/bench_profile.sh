#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make profile: where each host spends its CPU. The in-tree host and ours
# drive the in-tree target in turn over TCP with one fio workload while
# perf samples every CPU; prints, per host, the kernel symbols and modules
# with the largest shares of the samples and fio's IOPS.
#   PROFILE_WL (rr4k_qd32|rr4k_qd1|rw4k_qd32|rw4k_qd1|sr128k_qd8)  PROFILE_SECONDS (8)
#   PROFILE_DIGEST=1 header and data digests    PROFILE_TOP (40) symbols
#   PROFILE_CALLGRAPH=1 call graphs (slower: shows who reads the clock)
#   PROFILE_SIDES (intree,ours; "ours:send_any_cpu=0" passes parameters,
#   "intree@disable-sqflow" adds --disable-sqflow to nvme connect)
#   PROFILE_QUEUES (1) I/O queues (nvme connect -i)
#   PROFILE_MINPCT (0.3) smallest symbol share listed, in percent
#   PROFILE_FREQ (499) samples per second; PROFILE_CALLERS (sym,sym: their
#   callers, recorded with call graphs); PROFILE_GRAPH (func,func: their
#   inclusive cost per call, function_graph tracer), PROFILE_GRAPH_SECONDS (2)
#   PROFILE_ROLE (host: the sides are hosts driving the in-tree target;
#   target: the sides are targets, "intree" or "ours", driven by the in-tree
#   host), PROFILE_TRANSPORT (tcp or rdma: soft-RoCE on a veth pair)
#   PROFILE_INSN=1: no perf; each side's fio runs of fixed I/O counts sit
#   between runs of nvmeof-insn-mark, for the nvmeof-insn QEMU plugin's
#   exact instruction counts (insn_report.py), PROFILE_INSN_IOS (20000)
. /usr/lib/nvmeof/lib.sh
WL=${PROFILE_WL:-rr4k_qd32}
SECS=${PROFILE_SECONDS:-8}
TOP=${PROFILE_TOP:-40}
case $WL in
rr4k_qd32) args="--rw=randread --bs=4k --iodepth=32" BS=4096 ;;
rr4k_qd1) args="--rw=randread --bs=4k --iodepth=1" BS=4096 ;;
sr128k_qd8) args="--rw=read --bs=128k --iodepth=8" BS=131072 ;;
rw4k_qd32) args="--rw=randwrite --bs=4k --iodepth=32" BS=4096 ;;
rw4k_qd1) args="--rw=randwrite --bs=4k --iodepth=1" BS=4096 ;;
*) fail "unknown PROFILE_WL $WL" ;;
esac
INSN=${PROFILE_INSN:-0}
[ "$INSN" = 1 ] || command -v perf >/dev/null || fail "perf is not in the guest image (apt-get install linux-perf)"
echo 0 >/proc/sys/kernel/kptr_restrict
echo -1 >/proc/sys/kernel/perf_event_paranoid

run modprobe null_blk nr_devices=1 gb=16 bs=512 memory_backed=0
on_exit "modprobe -r null_blk"
NQN=nqn.2014-08.org.nvmexpress:profile
NQN_OURS=nqn.2014-08.org.nvmexpress:profile-ours
ROLE=${PROFILE_ROLE:-host}
TR=${PROFILE_TRANSPORT:-tcp}
case $ROLE/$TR in
host/tcp|host/rdma|target/tcp|target/rdma) ;;
*) fail "unknown PROFILE_ROLE/PROFILE_TRANSPORT $ROLE/$TR" ;;
esac
ADDR=127.0.0.1
[ $TR = rdma ] && { rxe_setup; ADDR=$VETH_TGT_ADDR; }
run modprobe nvmet-$TR
on_exit "modprobe -r nvmet-$TR nvmet"
CFS=/sys/kernel/config/nvmet tgt_subsys $NQN; CFS=/sys/kernel/config/nvmet tgt_ns $NQN 1 /dev/nullb0
CFS=/sys/kernel/config/nvmet tgt_port 1 $TR $ADDR 4420 ipv4; CFS=/sys/kernel/config/nvmet tgt_link 1 $NQN
# The target role: ours exports the same device on 4421 under a renamed
# configfs root, as make bench's target rows do.
if [ $ROLE = target ]; then
	run modprobe nvmeof-target configfs_root=nvmeof
	run modprobe nvmeof-target-$TR
	on_exit "modprobe -r nvmeof-target-$TR nvmeof-target"
	CFS=/sys/kernel/config/nvmeof tgt_subsys $NQN_OURS; CFS=/sys/kernel/config/nvmeof tgt_ns $NQN_OURS 1 /dev/nullb0
	CFS=/sys/kernel/config/nvmeof tgt_port 1 $TR $ADDR 4421 ipv4
	CFS=/sys/kernel/config/nvmeof tgt_link 1 $NQN_OURS
fi
on_exit "modprobe -r nvmeof-host-$TR nvmeof-host nvme-$TR nvme-fabrics nvme-core"
EVENTS="-e workqueue:workqueue_queue_work -e sched:sched_switch -e sched:sched_wakeup
	-e net:net_dev_xmit -e irq:softirq_entry -e tcp:tcp_probe -e sched:sched_migrate_task
	-e irq_vectors:call_function_single_entry -e irq_vectors:reschedule_entry"
# The events an idle guest has anyway (timer ticks, RCU, ...), per second:
# subtracted below, so that a slower run is not charged more of them per I/O.
[ "$INSN" = 1 ] || perf stat -a -x, -o /tmp/stat.idle $EVENTS -- sleep 4 || fail "perf stat failed"

# PROFILE_INSN: two fio runs of fixed I/O counts (a fifth of
# PROFILE_INSN_IOS, then all of it), each between two marks, so that the
# report charges each side the difference per extra I/O and fio's start
# and end cancel out; then this side's text symbols (its modules are
# loaded now) on the third serial port, which the host keeps in a file.
# Written after the windows: the port's output is not in the counts.
insn_run() { # DEV SIDE
	local n rc ios
	command -v nvmeof-insn-mark >/dev/null || fail "nvmeof-insn-mark is not in the guest image"
	[ -c /dev/ttyS2 ] || fail "no /dev/ttyS2 for the symbols"
	for n in $(( ${PROFILE_INSN_IOS:-20000} / 5 )) "${PROFILE_INSN_IOS:-20000}"; do
		sync
		nvmeof-insn-mark
		fio --name=insn --filename="$1" --direct=1 --ioengine=libaio --number_ios="$n" \
			$args --output-format=terse --terse-version=3 >/tmp/fio.insn 2>/dev/null
		rc=$?
		nvmeof-insn-mark
		[ $rc = 0 ] || fail "fio failed for $2"
		ios=$(awk -F';' '{ print ($6 + $47) * 1024 / '"$BS"' }' /tmp/fio.insn)
		log "insn window $2 ios $ios"
	done
	{ echo "syms $2"; awk '$2 == "t" || $2 == "T"' /proc/kallsyms; echo "end"; } >/dev/ttyS2
}

# PROFILE_GRAPH (func,func,...): a second fio run under the function_graph
# tracer limited to those functions (names a side does not have are
# skipped), printing each one's calls and mean duration per call, inclusive
# of everything it calls. Under the icount clock a duration is an
# instruction count (2^shift ns each), so two hosts' entry points compare
# exactly, free of the sampling skid of perf's timer; a traced function
# nested in another adds the tracer's own cost to its parent.
graph_run() { # DEV SIDE
	local t=/sys/kernel/tracing f n=0
	[ -d $t/options ] || mount -t tracefs nodev $t 2>/dev/null
	echo 0 >$t/tracing_on
	echo nop >$t/current_tracer
	: >$t/set_ftrace_filter
	for f in ${PROFILE_GRAPH//,/ }; do
		echo "$f" >>$t/set_ftrace_filter 2>/dev/null && n=$((n + 1))
	done
	[ $n -gt 0 ] || { log "graph: none of $PROFILE_GRAPH is traceable"; return; }
	echo 32768 >$t/buffer_size_kb
	echo function_graph >$t/current_tracer
	echo 1 >$t/options/funcgraph-tail 2>/dev/null
	echo 0 >$t/options/funcgraph-irqs 2>/dev/null
	: >$t/trace
	echo 1 >$t/tracing_on
	fio --name=graph --filename="$1" --direct=1 --ioengine=libaio --time_based \
		--runtime="${PROFILE_GRAPH_SECONDS:-2}" $args --output-format=terse --terse-version=3 \
		>/tmp/fio.graph 2>/dev/null
	echo 0 >$t/tracing_on
	local ios
	ios=$(awk -F';' '{ print ($8 * $9 + $49 * $50) / 1000 }' /tmp/fio.graph)
	log "--- function_graph, $2: $ios I/Os (calls per I/O, mean us per call, us per I/O; lost: $(grep -h overrun $t/per_cpu/cpu*/stats | awk '{ s += $2 } END { print s + 0 }'))"
	# Leaf lines: "  1.234 us    |  f();"; closing: "  5.678 us    |  } /* f */".
	awk -v n="$ios" '
		/ us +\|/ {
			d = $0; sub(/ us +\|.*/, "", d); sub(/.*[^0-9.]/, "", d)
			f = $0
			if (f ~ /\/\* /) { sub(/.*\/\* /, "", f); sub(/ .*/, "", f) }
			else { sub(/.*\| +/, "", f); sub(/\(.*/, "", f); sub(/ .*/, "", f) }
			c[f]++; s[f] += d
		}
		END { for (f in c) printf "%-36s %8.3f %10.3f %10.3f\n", f, c[f] / n, s[f] / c[f], s[f] / n }
	' $t/trace | sort -k4 -n -r
	echo nop >$t/current_tracer
	: >$t/set_ftrace_filter
}

# PROFILE_SIDES: which hosts, in order; "ours:a=1:b=2" loads ours with
# those nvmeof-host-tcp parameters (an A/B of one of our knobs);
# "side@opt@opt" adds --opt ... to nvme connect.
SIDES=${PROFILE_SIDES:-intree,ours}
nside=0
for side in ${SIDES//,/ }; do
	nside=$((nside + 1))
	host=${side%%@*} copts=
	[ "$host" != "$side" ] && copts=" --${side#*@}" && copts=${copts//@/ --}
	modprobe -r nvmeof-host-$TR nvmeof-host nvme-$TR nvme-fabrics nvme-core 2>/dev/null
	svc=4420 nqn=$NQN
	if [ $ROLE = target ]; then
		# The side is the target; the host is always the in-tree one.
		run modprobe nvme-$TR
		case $host in ours*) svc=4421 nqn=$NQN_OURS ;; esac
	else
		case $host in
		ours*) run modprobe nvmeof-host-$TR $(echo "${host#ours}" | tr ':' ' ') ;;
		*) run modprobe nvme-$TR ;;
		esac
	fi
	opts="-i ${PROFILE_QUEUES:-1}$copts"
	[ "${PROFILE_DIGEST:-0}" = 1 ] && opts="$opts -g -G"
	run nvme connect -t $TR -a $ADDR -s $svc -n $nqn $opts
	dev=$(ns_dev $nqn) || fail "no namespace for $side"
	if [ "$INSN" = 1 ]; then
		# Numbered: a side may be listed twice (an A/A pair).
		insn_run "$dev" "$nside:$side"
		run nvme disconnect -n $nqn
		continue
	fi
	data=/tmp/perf.${side%%:*}
	cg=
	[ "${PROFILE_CALLGRAPH:-0}" = 1 ] || [ -n "${PROFILE_CALLERS:-}" ] && cg=-g
	# Event counts per I/O (no timing noise in them): work items queued,
	# context switches, packets sent, softirqs, wakeups.
	perf stat -a -x, -o /tmp/stat.$side $EVENTS -- \
	perf record -a $cg -F ${PROFILE_FREQ:-499} -o $data -q -- \
		fio --name=profile --filename="$dev" --direct=1 --ioengine=libaio --time_based \
		--runtime="$SECS" $args --output-format=terse --terse-version=3 \
		>/tmp/fio.$side 2>/dev/null || fail "perf/fio failed for $side"
	iops=$(awk -F';' '{ print $8 + $49 }' /tmp/fio.$side)
	log "=== $side $ROLE over $TR, $WL digest ${PROFILE_DIGEST:-0} queues ${PROFILE_QUEUES:-1}: $iops IOPS"
	total=$(perf report -i $data --stdio -n --no-children -g none --sort dso 2>/dev/null |
		awk '/^ +[0-9.]+%/ { s += $2 } END { print s + 0 }')
	idle=$(perf report -i $data --stdio --no-children -g none --sort sym 2>/dev/null |
		awk '/native_safe_halt|default_idle|cpu_idle/ { gsub("%", "", $1); s += $1 } END { print s + 0 }')
	# I/Os done: IOPS times runtime (ms), reads and writes.
	ios=$(awk -F';' '{ print ($8 * $9 + $49 * $50) / 1000 }' /tmp/fio.$side)
	log "samples $total, idle ${idle}%, busy samples per 1000 I/Os:" \
		"$(awk -v t="$total" -v i="$idle" -v n="$ios" 'BEGIN { if (n > 0) printf "%.2f", t * (100 - i) / 100 * 1000 / n }')"
	log "--- events per I/O (idle background subtracted)"
	awk -F, -v n="$ios" -v secs="$SECS" '
		FNR == NR { if ($3 ~ /:/) base[$3] = $1 / BASE_SECS; next }
		$3 ~ /:/ && n > 0 { c = $1 - base[$3] * secs; printf "%-32s %8.2f\n", $3, (c > 0 ? c : 0) / n }
	' BASE_SECS=4 /tmp/stat.idle /tmp/stat.$side
	# Where fio itself ran: a submitter away from the queue's CPU hands
	# every command to the I/O work.
	log "--- fio's samples by CPU"
	perf report -i $data --stdio --no-children -g none --sort comm,cpu 2>&1 |
		grep -E '^ +[0-9.]+% +fio ' | head -4
	log "--- modules (share of all samples)"
	perf report -i $data --stdio --no-children -g none --sort dso --percent-limit 0.5 2>/dev/null |
		grep -v '^#' | grep -v '^$' | head -20
	# Samples per 1000 I/Os beside each share: comparable across sides
	# whose I/O counts differ.
	log "--- symbols (share, samples per 1000 I/Os)"
	perf report -i $data --stdio --no-children -g none --sort dso,sym --percent-limit ${PROFILE_MINPCT:-0.3} 2>/dev/null |
		grep -v '^#' | grep -v '^$' | head -"$TOP" |
		awk -v n="$ios" -v t="$total" '{ p = $1; sub("%", "", p); printf "%s %10.2f\n", $0, n > 0 ? p * t / 100 * 1000 / n : 0 }'
	log "--- the host driver's own functions"
	perf report -i $data --stdio --no-children -g none --sort sym 2>/dev/null |
		grep -E '\] (nvme_|nvmf_|htcp_|nvmeof_)' | grep -v nvmet_ | head -25
	for sym in ${PROFILE_CALLERS//,/ }; do
		log "--- callers of $sym"
		perf report -i $data --stdio -n --no-children --sort sym -S "$sym" \
			-g caller,0.5,callee --max-stack 12 2>/dev/null | grep -v '^#' | grep -v '^$' | head -80
	done
	if [ "${PROFILE_CALLGRAPH:-0}" = 1 ]; then
		log "--- who reads the clock (read_hpet and its callers)"
		perf report -i $data --stdio --no-children --sort sym -S read_hpet \
			-g callee,0.5 --max-stack 6 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60
	fi
	rm -f $data
	[ -n "${PROFILE_GRAPH:-}" ] && graph_run "$dev" "$side"
	run nvme disconnect -n $nqn
done
