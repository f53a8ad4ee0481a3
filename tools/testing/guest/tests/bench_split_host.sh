#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The host guest of make bench BENCH_SPLIT=1: the in-tree host drives the
# in-tree target and ours, each in the target guest, alternating A B, B A;
# around every fio run it reads its own busy time and the target guest's, so
# each side's CPU per I/O is its own. aa-target runs the in-tree target
# against itself the same way (the floor). One "SPLIT {json}" line per run.
#   BENCH_RUNTIME (2) s per run, BENCH_PAIRS (2), BENCH_WLS (space separated)
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/split_lib.sh
. /usr/lib/nvmeof/bench_lib.sh
RT=${BENCH_RUNTIME:-2}
PAIRS=${BENCH_PAIRS:-2}
WLS=${BENCH_WLS:-rr4k_qd1,rr4k_qd32,rw4k_qd32,sr128k_qd8}
WLS=${WLS//,/ }
remote() { echo "$1" | nc -w 10 $SPLIT_TGT_IP $SPLIT_CTL_PORT; }
split_link $SPLIT_HOST_IP
for _ in $(seq 1 120); do
	t=$(remote busy 2>/dev/null) && [ -n "$t" ] && break
	sleep 1
done
[ -n "$t" ] || fail "the target guest does not answer on $SPLIT_TGT_IP:$SPLIT_CTL_PORT"
on_exit "remote done"
run modprobe nvme-tcp
on_exit "modprobe -r nvme-tcp nvme-fabrics nvme-core"
NQN_A=nqn.2014-08.org.nvmexpress:bench-intree
NQN_B=nqn.2014-08.org.nvmexpress:bench-ours
run nvme connect -t tcp -a $SPLIT_TGT_IP -s 4420 -n $NQN_A -i 1
on_exit "nvme disconnect -n $NQN_A"
run nvme connect -t tcp -a $SPLIT_TGT_IP -s 4421 -n $NQN_B -i 1
on_exit "nvme disconnect -n $NQN_B"
dev_a=$(ns_dev $NQN_A) || fail "no block device from the in-tree target"
dev_b=$(ns_dev $NQN_B) || fail "no block device from our target"
echo "SPLITINFO {\"runtime\":$RT,\"pairs\":$PAIRS}"

measure() { # CMP SIDE PAIR DEV WL
	local t0 t1 h0 h1 out ios
	t0=$(remote busy) || fail "busy query"
	h0=$(split_busy_ns)
	out=$(fio --name=bench --filename="$4" --direct=1 --ioengine=libaio --time_based \
		--runtime="$RT" --output-format=json $(wl_args "$5") 2>/dev/null) ||
		fail "fio failed: $1 $2 $5"
	h1=$(split_busy_ns)
	t1=$(remote busy) || fail "busy query"
	ios=$(echo "$out" | grep -o '"total_ios" *: *[0-9]*' | awk -F: '{ s += $2 } END { print s + 0 }')
	[ "$ios" -gt 0 ] || fail "fio did no I/O: $1 $2 $5"
	echo "SPLIT {\"cmp\":\"$1\",\"side\":\"$2\",\"pair\":$3,\"wl\":\"$5\",\"ios\":$ios,\"host_ns\":$((h1 - h0)),\"target_ns\":$((t1 - t0))}"
}
for pair in $(seq 1 "$PAIRS"); do
	for wl in $WLS; do
		if [ $((pair % 2)) = 1 ]; then order="intree ours"; else order="ours intree"; fi
		for side in $order; do
			d=$dev_a; [ $side = ours ] && d=$dev_b
			measure target $side $pair $d $wl
		done
		if [ $((pair % 2)) = 1 ]; then order="intree again"; else order="again intree"; fi
		for side in $order; do
			measure aa-target $side $pair $dev_a $wl
		done
	done
done
