#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves /dev/nvme-fabrics lists the supported options and refuses bogus option strings with EINVAL, one message and nothing created.
. /usr/lib/nvmeof/lib.sh

host_load
on_exit host_unload

[ -c /dev/nvme-fabrics ] || fail "/dev/nvme-fabrics missing"
[ -d /sys/class/nvme-fabrics/ctl ] || fail "/sys/class/nvme-fabrics/ctl missing"
[ -d /sys/class/nvme ] && [ -d /sys/class/nvme-subsystem ] || fail "nvme classes missing"

opts=$(cat /dev/nvme-fabrics) || fail "read of /dev/nvme-fabrics failed"
log "supported: $opts"
case $opts in
instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,*) ;;
*) fail "unexpected option list: $opts" ;;
esac
for t in queue_size=%d nr_io_queues=%d reconnect_delay=%d ctrl_loss_tmo=%d \
	keep_alive_tmo=%d hostnqn=%s host_traddr=%s host_iface=%s hostid=%s \
	duplicate_connect disable_sqflow hdr_digest data_digest nr_write_queues=%d \
	nr_poll_queues=%d tos=%d fast_io_fail_tmo=%d discovery; do
	echo "$opts" | tr ',' '\n' | grep -qx "$t" || fail "option $t not listed"
done

long=nqn.2014-08.org.nvmexpress:$(printf 'x%.0s' $(seq 1 250))
# Each: the option string, and a fragment the one kernel message must contain.
check_refused() { # STRING MSG
	local before after err n
	before=$(dmesg | wc -l)
	err=$( { printf '%s' "$1" >/dev/nvme-fabrics; } 2>&1 )
	[ -n "$err" ] || fail "accepted: $1"
	echo "$err" | grep -q "Invalid argument" || fail "not EINVAL for '$1': $err"
	after=$(dmesg | tail -n +$((before + 1)))
	echo "$after"
	n=$(echo "$after" | grep -c .)
	[ "$n" -ge 1 ] && [ "$n" -le 2 ] || fail "expected one message for '$1', got $n"
	echo "$after" | grep -q "$2" || fail "message for '$1' lacks '$2'"
	ls /sys/class/nvme | grep -q . && fail "a controller was created for '$1'"
	true
}
check_refused "garbage" "unknown parameter"
check_refused "transport=tcp,traddr=127.0.0.1,nqn=$long" "nqn"
check_refused "transport=tcp,nqn=nqn.2014-08.org.nvmexpress:x" "traddr"
check_refused "transport=bogus,traddr=127.0.0.1,nqn=nqn.2014-08.org.nvmexpress:x" "transport"
check_refused "transport=tcp,traddr=127.0.0.1,nqn=nqn.2014-08.org.nvmexpress:x,queue_size=5" "queue_size"
check_refused "transport=tcp,traddr=127.0.0.1,nqn=nqn.2014-08.org.nvmexpress:x,hostid=nothex" "hostid"
check_refused "transport=tcp,traddr=not-an-ip,nqn=nqn.2014-08.org.nvmexpress:x" "malformed address"

# Nothing listening: the connect fails cleanly and leaves nothing behind.
err=$( { printf '%s' "transport=tcp,traddr=127.0.0.1,trsvcid=4999,nqn=nqn.2014-08.org.nvmexpress:x" >/dev/nvme-fabrics; } 2>&1 )
[ -n "$err" ] || fail "connect to a closed port succeeded"
log "closed port: $err"
ls /sys/class/nvme | grep -q . && fail "a controller was left after a failed connect"
ls /sys/class/nvme-subsystem | grep -q . && fail "a subsystem was left after a failed connect"
true
