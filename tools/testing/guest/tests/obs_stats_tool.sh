#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves tools/nvmeof-stats: after verified I/O through our host to our
# target it prints a table per controller and queue on both sides with the
# counts the debugfs files hold, the histogram with -H, and -r resets.
. /usr/lib/nvmeof/lib.sh
NVMEOF_TARGET=ours NVMEOF_HOST=ours
DBG=/sys/kernel/debug/nvmeof

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"
host_connect "$TEST_SUBNQN" --nr-io-queues=1
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
cntlid=$(cat /sys/class/nvme/$ctrl/cntlid)
fio_verify "$ns" --size=4m --iodepth=8

out=$(nvmeof-stats) || fail "nvmeof-stats failed"
echo "$out"
echo "$out" | grep -q "^host $ctrl\$" || fail "no host $ctrl section"
echo "$out" | grep -q "^target ctrl$cntlid\$" || fail "no target ctrl$cntlid section"
echo "$out" | grep -q "queue *submitted *completed" || fail "no table header"
# The q1 rows show what the files say.
for side in host/$ctrl target/ctrl$cntlid; do
	c=$(awk '$1 == "completed" { print $2 }' $DBG/$side/q1)
	[ "$c" -ge 2048 ] || fail "$side q1 completed $c, fio did 2048 I/Os"
	echo "$out" | awk -v s="${side%%/*} ${side#*/}" -v c="$c" '
		$0 == s { in_s = 1; next } /^[a-z]/ { in_s = 0 }
		in_s && $1 == "q1" && $3 == c { found = 1 } END { exit !found }' ||
		fail "$side q1 row does not show completed $c"
done

out=$(nvmeof-stats -H host) || fail "nvmeof-stats -H failed"
echo "$out"
echo "$out" | grep -q "^target" && fail "host-only listing shows the target"
echo "$out" | grep -qE '^ +>= +[0-9]+ us +[0-9]+ #' || fail "no histogram lines with -H"

run nvmeof-stats -r >/dev/null
c=$(awk '$1 == "completed" { print $2 }' $DBG/host/$ctrl/q1)
[ "$c" = 0 ] || fail "-r did not reset host q1 (completed $c)"
c=$(awk '$1 == "completed" { print $2 }' $DBG/target/ctrl$cntlid/q1)
[ "$c" = 0 ] || fail "-r did not reset target q1 (completed $c)"
NVMEOF_DEBUGFS=/nonexistent nvmeof-stats 2>/dev/null && fail "a missing root was not an error"
run nvme disconnect -n "$TEST_SUBNQN"
