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

# What fails a test when it shows up in the kernel log.
BAD_DMESG='BUG:|WARNING:|Oops|KASAN|UBSAN|hung task|blocked for more than|refcount_t|list_del corruption|kmemleak|general protection fault|Kernel panic|unable to handle|possible circular locking|inconsistent lock state|ODEBUG'

mapfile -t plan < <(grep -v '^[[:space:]]*\(#\|$\)' "$PLAN")
echo "KTAP version 1" >&3
echo "1..$(( ${#plan[@]} + 1 ))" >&3
echo "# nvmeof-guest: kernel $(uname -r), $(nproc) cpus" >&3

n=0
for line in "${plan[@]}"; do
	read -r name script tmo vars <<<"$line"
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
	bad=$(grep -E "$BAD_DMESG" "$log.dmesg")
	reason=""
	if [ $rc -eq 137 ]; then
		reason="timed out after ${tmo}s"
		# Its cleanup never ran: clear the way for the next test.
		bash /usr/lib/nvmeof/reset.sh >/dev/null 2>&1
	elif [ $rc -ne 0 ] && [ $rc -ne 4 ]; then
		reason="exit status $rc"
	fi
	if [ -n "$bad" ]; then
		echo "# kernel log reports during $name:" >&3
		grep -E -A 30 "$BAD_DMESG" "$log.dmesg" | head -120 | sed 's/^/#   dmesg: /' >&3
		reason="${reason:+$reason; }kernel log: $(echo "$bad" | head -1 | cut -c1-120)"
	fi
	if [ -n "$reason" ]; then
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
left=$(lsmod | awk 'NR > 1 {print $1}' | grep -E '^(nvme|nvmet|nvmeof|rdma|ib_|rdma_rxe|null_blk|brd|loop|veth|sch_netem)' )
dmesg -c >"$LOGDIR/unload.dmesg"
bad=$(grep -E "$BAD_DMESG" "$LOGDIR/unload.dmesg")
if [ -n "$left" ] || [ -n "$bad" ]; then
	for m in $left; do
		echo "# module $m did not unload: $(lsmod | awk -v m="$m" '$1 == m {print "refcount " $3 ", used by " $4}')" >&3
	done
	[ -n "$bad" ] && echo "$bad" | head -20 | sed 's/^/#   dmesg: /' >&3
	echo "not ok $n modules_unload" >&3
else
	echo "ok $n modules_unload" >&3
fi
echo "# nvmeof-guest: done" >&3
