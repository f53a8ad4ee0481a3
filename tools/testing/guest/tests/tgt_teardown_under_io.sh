#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves that removing the namespace, then the port, then the subsystem while
# an in-tree host runs fio tears everything down: fio ends (with errors), no
# oops, leak or hang, and the target modules unload.
. /usr/lib/nvmeof/lib.sh

NQN=$TEST_SUBNQN
S=$CFS/subsystems/$NQN

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"
# Give up on the vanished target quickly instead of reconnecting for 10 minutes.
host_connect "$NQN" --ctrl-loss-tmo=4 --reconnect-delay=1
ns=$(ns_dev "$NQN") || fail "no namespace block device"

fio --name=teardown --filename="$ns" --direct=1 --ioengine=libaio --rw=randrw \
	--bs=4k --iodepth=16 --time_based --runtime=120 >/tmp/teardown-fio.log 2>&1 &
fio_pid=$!
on_exit "kill -9 $fio_pid"
sleep 4
kill -0 $fio_pid 2>/dev/null || { cat /tmp/teardown-fio.log; fail "fio died before the teardown"; }

# Each step must return: a hang here is the bug this test looks for.
step() { # DESCRIPTION CMD...
	local what=$1 t0=$(date +%s)
	shift
	timeout 60 "$@" || fail "$what failed or hung ($?)"
	log "$what: $(( $(date +%s) - t0 ))s"
}
step "disable namespace 1 under I/O" sh -c "echo 0 > $S/namespaces/1/enable"
step "remove namespace 1" rmdir $S/namespaces/1
sleep 2
step "unlink the port" rm $CFS/ports/1/subsystems/$NQN
step "remove the port" rmdir $CFS/ports/1
step "remove the subsystem" rmdir $S

# fio must notice and end on its own.
for i in $(seq 1 90); do
	kill -0 $fio_pid 2>/dev/null || break
	sleep 1
done
kill -0 $fio_pid 2>/dev/null && fail "fio still running 90 s after the teardown"
wait $fio_pid
log "fio exit status $? (errors expected): $(grep -m1 -E 'err=|error' /tmp/teardown-fio.log)"

nvme disconnect -n "$NQN" >/dev/null 2>&1
target_unload
lsmod | grep -q '^nvmeof_target ' && fail "nvmeof-target did not unload after the teardown"
true
