#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A hostile target cannot make our host's TCP sender use a request it no
# longer owns. nvmeof-evil-target relays to our target and, while the host's
# sender is blocked in the middle of a 1 MiB write's data (small socket
# buffers), either answers that write with a forged success response and
# drops the rest of its data (rsp-early), or repeats the R2T of a second
# write whose data still waits on the host's send list (r2t-dup). The host
# must name the protocol error and end the queue (not complete the write,
# not link the request twice), reconnect through the relay, and lose no
# block: fio's verify of every write passes, a second verify too, and
# nvme disconnect works. Plan variable EVIL_MODES picks the modes.
. /usr/lib/nvmeof/lib.sh

EVIL_PORT=4421
MODES=${EVIL_MODES:-"rsp-early r2t-dup"}

command -v nvmeof-evil-target >/dev/null || fail "nvmeof-evil-target not in the guest"
stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"
# A queue the fault left hanging (a host that believed the forged response)
# recovers through the I/O timeout.
echo 5 >/sys/module/nvmeof_host/parameters/io_timeout || fail "host io_timeout"
on_exit "echo 30 > /sys/module/nvmeof_host/parameters/io_timeout"
# Small send buffers: the host's sender blocks a few KiB into a 1 MiB write.
old_wmem=$(cat /proc/sys/net/ipv4/tcp_wmem)
on_exit "echo '$old_wmem' > /proc/sys/net/ipv4/tcp_wmem"
echo "4096 16384 65536" >/proc/sys/net/ipv4/tcp_wmem || fail "tcp_wmem"

for m in $MODES; do
	case $m in
	rsp-early) want="response while the command is still being sent|completion of command .* before its data was sent" ;;
	r2t-dup) want="R2T while the command is still being sent|R2T for command .* before it was sent" ;;
	*) fail "EVIL_MODES: unknown mode $m" ;;
	esac
	log "=== $m"
	evil_start "$m"
	mark=$(dmesg | wc -l)
	run nvme connect -t tcp -a "$TGT_ADDR" -s $EVIL_PORT -n "$TEST_SUBNQN" -i 1 \
		--reconnect-delay=1 --ctrl-loss-tmo=60
	on_exit "nvme disconnect -n '$TEST_SUBNQN'"
	ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "$m: no live controller"
	ns=$(ns_dev "$TEST_SUBNQN") || fail "$m: no namespace block device"
	sleep 1
	kill -USR1 $evil_pid
	# Every block written is read back and checked: a write the host
	# completed on the forged response never reached the target.
	out=$(timeout 240 fio --name=evil --filename="$ns" --direct=1 --ioengine=libaio \
		--rw=write --bs=1m --iodepth=4 --size=16m --verify=crc32c \
		--verify_fatal=1 --do_verify=1 2>&1)
	rc=$?
	echo "$out" | grep -E 'err=|READ:|WRITE:|verify|fio:' | head -20
	[ $rc -eq 124 ] && fail "$m: fio hung"
	echo "$out" | grep -qiE 'bad magic|crc32c.*(fail|mismatch)|verify.*(fail|bad)' &&
		fail "$m: fio read back wrong data"
	grep -q "fired" /tmp/evil.log || { cat /tmp/evil.log; fail "$m: the relay never broke a PDU"; }
	dmesg | tail -n +$((mark + 1)) | grep -E "nvme" | tail -10
	dmesg | tail -n +$((mark + 1)) | grep -qE "$want" ||
		fail "$m: the host did not name the protocol error (/$want/)"
	[ $rc -eq 0 ] || fail "$m: fio failed (exit status $rc) although the queue should have recovered"
	ctrl=
	for i in $(seq 1 3); do ctrl=$(ctrl_of "$TEST_SUBNQN") && break; done
	[ -n "$ctrl" ] || fail "$m: the controller did not come back"
	fio_verify "$ns" --bs=1m --iodepth=4 --size=8m --offset=32m
	run nvme disconnect -n "$TEST_SUBNQN"
	evil_stop
	no_ctrl_left || fail "$m: controller left after disconnect"
done
