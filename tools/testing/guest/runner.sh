#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs the plan in /etc/nvmeof/plan inside the guest and writes KTAP to the
# results port (/dev/ttyS1). Each test runs in its own bash with a timeout;
# after it, the kernel log is scanned for reports, which fail the test even
# when the script passed. A last test checks that every module unloads.
#
# Plan lines: NAME SCRIPT TIMEOUT_S [VAR=value ...]
PLAN=/etc/nvmeof/plan
RESULTS=/dev/ttyS1
LOGDIR=/tmp/nvmeof-logs
mkdir -p "$LOGDIR"
exec 3>"$RESULTS"

# Written by run-guest.sh: NVMEOF_TIMEOUT_SCALE, NVMEOF_ATTRIBUTE_REPORTS.
[ -f /etc/nvmeof/harness.env ] && . /etc/nvmeof/harness.env
# Exported: a test whose margins are times (netem delays) scales them too.
export NVMEOF_TIMEOUT_SCALE=${NVMEOF_TIMEOUT_SCALE:-1}
MODRANGES=$LOGDIR/modranges
# What fails a test when it shows up in the kernel log, and how reports are
# attributed to our code or to in-tree modules (debug kernel).
. /usr/lib/nvmeof/reports.sh

mapfile -t plan < <(grep -v '^[[:space:]]*\(#\|$\)' "$PLAN")
lockdep_on() { grep -qE 'debug_locks: +1' /proc/lockdep_stats 2>/dev/null; }
# 0: ours on both sides; 1: our target, the in-tree host; 2: the in-tree target.
_peer_class() { # VARS of a plan line
	local t=intree h=intree v
	for v in $1; do
		case $v in
		NVMEOF_TARGET=*) t=${v#*=} ;;
		NVMEOF_HOST=*) h=${v#*=} ;;
		esac
	done
	if [ "$t" = ours ] && [ "$h" = ours ]; then
		echo 0
	elif [ "$t" = ours ]; then
		echo 1
	else
		echo 2
	fi
}
# Lockdep turns itself off at its first report, and the in-tree 6.1 host and
# target each trip it within their first connect/disconnect (debug-kernel.md,
# "In-tree reports seen"). On a lockdep kernel the tests with no in-tree peer
# go first, then those with only the in-tree host, so our code keeps lockdep
# for as much of the boot as the in-tree stack allows. The order within a
# class is the plan's.
reordered=0
if lockdep_on; then
	mapfile -t plan < <(for line in "${plan[@]}"; do
		read -r _ _ _ vars <<<"$line"
		echo "$(_peer_class "$vars") $line"
	done | sort -s -n -k1,1 | cut -d' ' -f2-)
	reordered=1
fi
echo "KTAP version 1" >&3
echo "1..$(( ${#plan[@]} + 1 ))" >&3
echo "# nvmeof-guest: kernel $(uname -r), $(nproc) cpus" >&3
if [ "$NVMEOF_ATTRIBUTE_REPORTS" = 1 ]; then
	install_module_recorder /tmp/nvmeof-wrap
	kmemleak_baseline
	export PATH=/tmp/nvmeof-wrap:$PATH
	# Reports from boot, before any test: shown, never counted.
	dmesg >"$LOGDIR/boot.dmesg"
	scan_reports "$LOGDIR/boot.dmesg" boot
	[ -n "$report_fail" ] && echo "# (reports during boot are not counted against any test)" >&3
fi
[ $reordered = 1 ] && echo "# lockdep kernel: tests with no in-tree peer run first, then those with the in-tree host only, then the rest" >&3
lockdep_on && had_lockdep=1 || had_lockdep=0

n=0
for line in "${plan[@]}"; do
	read -r name script tmo vars <<<"$line"
	tmo=$((tmo * NVMEOF_TIMEOUT_SCALE))
	n=$((n + 1))
	log=$LOGDIR/$name.log
	dmesg -c >/dev/null
	echo "# --- $name ($script) $vars" >&3
	echo "nvmeof-guest: start $name" >/dev/kmsg
	start=$(date +%s)
	# shellcheck disable=SC2086
	env $vars NVMEOF_TEST_NAME="$name" timeout -s KILL "$tmo" \
		bash /usr/lib/nvmeof/tests/"$script" >"$log" 2>&1 </dev/null
	rc=$?
	secs=$(( $(date +%s) - start ))
	echo "nvmeof-guest: end $name rc=$rc" >/dev/kmsg
	sed 's/^/# /' "$log" >&3
	dmesg -c >"$log.dmesg"
	reason=""
	if [ $rc -eq 137 ]; then
		reason="timed out after ${tmo}s"
		# Its cleanup never ran: clear the way for the next test.
		bash /usr/lib/nvmeof/reset.sh >/dev/null 2>&1
	elif [ $rc -ne 0 ] && [ $rc -ne 4 ]; then
		reason="exit status $rc"
	fi
	scan_reports "$log.dmesg" "$name"
	if [ -n "$report_fail" ]; then
		reason="${reason:+$reason; }kernel log: $(echo "$report_fail" | cut -c1-120)"
	fi
	if [ "$had_lockdep" = 1 ] && ! lockdep_on; then
		had_lockdep=0
		echo "# lockdep turned itself off during $name (after its first report): later tests in this boot run without lockdep" >&3
	fi
	if [ -n "$reason" ]; then
		# What the kernel said last is often the why of a failure.
		tail -n 40 "$log.dmesg" | sed 's/^/# dmesg: /' >&3
		echo "# $name failed: $reason (${secs}s)" >&3
		echo "not ok $n $name" >&3
	elif [ $rc -eq 4 ]; then
		why=$(grep -m1 '^SKIP:' "$log" | cut -c6-)
		echo "ok $n $name # SKIP${why:+ $why}" >&3
	else
		echo "# $name passed (${secs}s)" >&3
		echo "ok $n $name" >&3
	fi
done

# Every module the tests loaded must unload: a stuck reference is a leak.
n=$((n + 1))
for round in 1 2 3 4 5 6; do
	for m in $(lsmod | awk 'NR > 1 && $3 == 0 {print $1}'); do
		[ "$m" = configfs ] && continue
		rmmod "$m" 2>/dev/null
	done
done
left=$(lsmod | awk 'NR > 1 {print $1}' | grep -E '^(nvme|nvmet|nvmeof|rdma|ib_|iw_|siw|rdma_rxe|null_blk|brd|loop|veth|sch_netem)' )
# Leaks show once the modules are gone (debug kernel only).
scan_kmemleak "$LOGDIR/kmemleak"
dmesg -c >"$LOGDIR/unload.dmesg"
scan_reports "$LOGDIR/unload.dmesg" modules_unload
if [ -n "$left" ] || [ -n "$report_fail" ] || [ "$leak_fail" -gt 0 ]; then
	for m in $left; do
		echo "# module $m did not unload: $(lsmod | awk -v m="$m" '$1 == m {print "refcount " $3 ", used by " $4}')" >&3
	done
	[ -n "$report_fail" ] && echo "# modules_unload failed: kernel log: $(echo "$report_fail" | cut -c1-120)" >&3
	[ "$leak_fail" -gt 0 ] && echo "# modules_unload failed: kmemleak: $leak_fail leak(s) naming our code or no module" >&3
	echo "not ok $n modules_unload" >&3
else
	echo "ok $n modules_unload" >&3
fi
echo "# nvmeof-guest: done" >&3
