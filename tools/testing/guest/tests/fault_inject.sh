#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Allocation failures in our code paths (debug kernel: CONFIG_FAULT_INJECTION,
# FAILSLAB, FAIL_PAGE_ALLOC). 6.1 on x86_64 has no stack-trace filter, so the
# injection is aimed by task:
#  1. every configfs step of a target export (our target) runs under
#     fail-nth = 1, 2, ... until it passes all its injection points: each
#     failure is an error return and a retry works;
#  2. our host's connect (the write to /dev/nvme-fabrics) under fail-nth at
#     a spread of its injection points: a failed connect leaves no controller;
#  3. rounds of connect, 256 KiB write + read-back + compare and controller
#     delete, each system call marked make-it-fail, with failslab and
#     fail_page_alloc at a fixed probability: errors are fine, other data
#     read back or a controller left behind are not;
#  4. the same with every kworker marked as well, so the queue work of both
#     sides (accept, ICReq, Connect, receive, send) meets failures too;
# then, with injection off, the target holds no connection, our host connects
# to our target again and fio verifies.
# The runner then unloads everything and (debug kernel) scans for leaks.
. /usr/lib/nvmeof/lib.sh

FS=/sys/kernel/debug/failslab
FP=/sys/kernel/debug/fail_page_alloc
MAX_NTH=${MAX_NTH:-400}
HOST_SAMPLES=${HOST_SAMPLES:-40}
# Phases 3 and 4 are opt-in (ROUNDS=12 ASYNC_ROUNDS=8 on the plan line): on
# the shared 2-core machine they take longer than a check-debug run can.
ROUNDS=${ROUNDS:-0}
# failslab/fail_page_alloc take whole percents; "interval" thins them out
# (1 in INTERVAL candidate allocations is a candidate for PROBABILITY%): a
# connect passes about 400 injection points, so 1 in 500 fails about half.
PROBABILITY=${PROBABILITY:-10}
INTERVAL=${INTERVAL:-50}
ASYNC_ROUNDS=${ASYNC_ROUNDS:-0}
ASYNC_INTERVAL=${ASYNC_INTERVAL:-20}

[ -e /proc/self/fail-nth ] || skip "kernel without CONFIG_FAULT_INJECTION (use make check-debug)"
{ [ -d $FS ] && [ -d $FP ]; } || skip "no failslab/fail_page_alloc in debugfs"
command -v nvmeof-fail-nth >/dev/null || fail "nvmeof-fail-nth not in the guest"

injection_off() {
	local d
	for d in $FS $FP; do
		echo 0 >$d/probability
		echo N >$d/task-filter
	done
}
# fail-nth and make-it-fail both count only what failslab/fail_page_alloc
# let through: sleeping allocations too, order 0 too, quietly.
for d in $FS $FP; do
	echo N >$d/ignore-gfp-wait || fail "$d/ignore-gfp-wait"
	echo 0 >$d/verbose
	echo -1 >$d/times
	echo 0 >$d/space
	echo 1 >$d/interval
done
echo 0 >$FP/min-order
injection_off
on_exit injection_off
on_exit "echo Y > $FS/ignore-gfp-wait; echo Y > $FP/ignore-gfp-wait; echo 1 > $FP/min-order"

# Runs "nvmeof-fail-nth N OP ARGS" for N = 1, 2, ... until the operation
# passes every injection point it reaches; UNDO reverts an operation that
# succeeded although a fault fired.
fi_step() { # UNDO OP ARGS...
	local undo=$1 n=1 out rc
	shift
	while [ $n -le $MAX_NTH ]; do
		out=$(nvmeof-fail-nth $n "$@")
		rc=$?
		[ $rc -eq 2 ] && fail "nvmeof-fail-nth $n $*: $out"
		case $out in
		fired=0*)
			[ $rc -eq 0 ] || fail "$* failed with nothing injected: $out"
			log "$*: $((n - 1)) injected failures, then success"
			return 0
			;;
		esac
		[ $rc -eq 0 ] && [ -n "$undo" ] && eval "$undo"
		n=$((n + 1))
	done
	fail "$*: more than $MAX_NTH injection points"
}

wait_no_ctrl() {
	local i
	for i in $(seq 1 40); do
		no_ctrl_left && return 0
		sleep 0.5
	done
	return 1
}

tgt_conns() {
	local port
	port=$(printf '%04X' "$TGT_SVCID")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p=":$port" 'substr($2, length($2) - 4) == p && ($4 == "01" || $4 == "08")' | wc -l
}

stacks_load
backend_nullblk 1

# --- 1: the target's configfs, one step at a time
S=$CFS/subsystems/$TEST_SUBNQN
P=$CFS/ports/1
fi_step "rmdir '$S'" mkdir "$S"
on_exit "rmdir '$S'"
fi_step "" write "$S/attr_allow_any_host" 1
fi_step "rmdir '$S/namespaces/1'" mkdir "$S/namespaces/1"
on_exit "rmdir '$S/namespaces/1'"
fi_step "" write "$S/namespaces/1/device_path" "$BACKEND_DEV"
fi_step "echo 0 > '$S/namespaces/1/enable'" write "$S/namespaces/1/enable" 1
on_exit "echo 0 > '$S/namespaces/1/enable'"
fi_step "rmdir '$P'" mkdir "$P"
on_exit "rmdir '$P'"
fi_step "" write "$P/addr_trtype" tcp
fi_step "" write "$P/addr_adrfam" ipv4
fi_step "" write "$P/addr_traddr" "$TGT_ADDR"
fi_step "" write "$P/addr_trsvcid" "$TGT_SVCID"
fi_step "rm -f '$P/subsystems/$TEST_SUBNQN'" symlink "$S" "$P/subsystems/$TEST_SUBNQN"
on_exit "rm -f '$P/subsystems/$TEST_SUBNQN'"

# --- 2: our host's connect
opts="nqn=$TEST_SUBNQN,transport=tcp,traddr=$TGT_ADDR,trsvcid=$TGT_SVCID,hostnqn=$HOSTNQN,hostid=$HOSTID,nr_io_queues=1"
out=$(nvmeof-fail-nth 0 write /dev/nvme-fabrics "$opts") || fail "connect without injection: $out"
points=${out##*points=}
log "a connect passes $points injection points"
run nvme disconnect -n "$TEST_SUBNQN"
wait_no_ctrl || fail "controller left after disconnect"
[ "$points" -gt 0 ] || fail "the connect reached no injection point: injection is not working"
step=$(( points / HOST_SAMPLES + 1 ))
failed=0 survived=0
for n in $(seq 1 20) $(seq 21 $step "$points"); do
	[ "$n" -le "$points" ] || break
	out=$(nvmeof-fail-nth "$n" write /dev/nvme-fabrics "$opts")
	rc=$?
	[ $rc -eq 2 ] && fail "nvmeof-fail-nth: $out"
	if [ $rc -eq 0 ]; then
		survived=$((survived + 1))
		nvme disconnect -n "$TEST_SUBNQN" >/dev/null
	else
		failed=$((failed + 1))
	fi
	wait_no_ctrl || fail "failing injection point $n ($out) left a controller behind"
done
log "host connect: $failed failed cleanly, $survived succeeded despite the failure"
[ $failed -gt 0 ] || fail "no injected failure made a connect fail"

# --- 3: a fixed probability in the task that connects, does I/O and deletes
# the controller (nvmeof-fail-nth "task" marks only its own system call).
# --- 4: the same while every kworker is marked too: the target's and the
# host's queue work (ICReq/Connect handling, receive and send) see failures.
mark_kworkers() { # 0|1
	local p
	for p in /proc/[0-9]*; do
		case $(cat "$p/comm" 2>/dev/null) in
		kworker*) echo "$1" >"$p/make-it-fail" 2>/dev/null ;;
		esac
	done
}
on_exit "mark_kworkers 0"
ctrl_any() { # prints the controller of TEST_SUBNQN in any state
	local c
	for c in /sys/class/nvme/nvme*; do
		[ "$(cat "$c/subsysnqn" 2>/dev/null)" = "$TEST_SUBNQN" ] && { basename "$c"; return 0; }
	done
	return 1
}
fi_rounds() { # ROUNDS KWORKERS(0|1)
	local r out rc c b
	ok=0 io_ok=0
	for r in $(seq 1 "$1"); do
		[ "$2" = 1 ] && mark_kworkers 1
		out=$(nvmeof-fail-nth task write /dev/nvme-fabrics "$opts,ctrl_loss_tmo=2,reconnect_delay=1")
		rc=$?
		[ $rc -eq 2 ] && { mark_kworkers 0; fail "nvmeof-fail-nth: $out"; }
		if [ $rc -eq 0 ]; then
			ok=$((ok + 1))
			if b=$(ns_dev "$TEST_SUBNQN"); then
				out=$(nvmeof-fail-nth task io "$b")
				rc=$?
				[ $rc -eq 3 ] && { mark_kworkers 0; fail "round $r: $out"; }
				[ $rc -eq 0 ] && io_ok=$((io_ok + 1))
			fi
			c=$(ctrl_any) && nvmeof-fail-nth task write "/sys/class/nvme/$c/delete_controller" 1 >/dev/null
		fi
		mark_kworkers 0
		# A delete that failed under injection is retried without it.
		c=$(ctrl_any) && echo 1 >"/sys/class/nvme/$c/delete_controller"
		wait_no_ctrl || fail "round $r left a controller behind"
	done
}
if [ "$ROUNDS" -gt 0 ] || [ "$ASYNC_ROUNDS" -gt 0 ]; then
	for d in $FS $FP; do
		echo Y >$d/task-filter
		echo "$INTERVAL" >$d/interval
		echo "$PROBABILITY" >$d/probability
	done
fi
if [ "$ROUNDS" -gt 0 ]; then
	fi_rounds "$ROUNDS" 0
	log "task rounds: $ROUNDS at $PROBABILITY% of 1 in $INTERVAL, $ok connected, $io_ok verified 256 KiB"
	[ $ok -lt "$ROUNDS" ] || fail "no connect failed: injection did not reach the host"
fi
if [ "$ASYNC_ROUNDS" -gt 0 ]; then
	echo "$ASYNC_INTERVAL" >$FS/interval
	echo "$ASYNC_INTERVAL" >$FP/interval
	fi_rounds "$ASYNC_ROUNDS" 1
	log "kworker rounds: $ASYNC_ROUNDS at $PROBABILITY% of 1 in $ASYNC_INTERVAL, $ok connected, $io_ok verified 256 KiB"
fi
injection_off

# --- afterwards: everything works again
for i in $(seq 1 60); do
	[ "$(tgt_conns)" = 0 ] && break
	sleep 1
done
[ "$(tgt_conns)" = 0 ] || fail "the target still holds $(tgt_conns) connections"
host_connect "$TEST_SUBNQN" -i 2
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device after the injection"
fio_verify "$ns" --bssplit=4k/50:64k/50 --size=8m
run nvme disconnect -n "$TEST_SUBNQN"
