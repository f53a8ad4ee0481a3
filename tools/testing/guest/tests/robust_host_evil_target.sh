#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A hostile target against our host: nvmeof-evil-target relays to our target
# and breaks one PDU. A broken ICResp (version, length, digests, MAXH2CDATA,
# half of one, none at all) must fail nvme connect cleanly and leave no
# controller. C2HData beyond the command's data or for an unknown command, a
# completion for an unknown command or delivered twice, and a target that
# goes silent in the middle of a C2HData must put the controller through
# error recovery (the stall through the I/O timeout); the controller comes
# back through the now well-behaved relay, no block is read back wrong, a
# following fio verify passes and nvme disconnect works.
. /usr/lib/nvmeof/lib.sh

EVIL_PORT=4421
ICRESP_MODES="icresp-pfv icresp-plen icresp-digest icresp-maxh2c icresp-short icresp-none"
IO_MODES="c2h-beyond c2h-unknown rsp-unknown rsp-dup stall"

command -v nvmeof-evil-target >/dev/null || fail "nvmeof-evil-target not in the guest"
stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"
# A silent target must fail a connect in seconds and a stalled read in 5 s.
echo 3 >/sys/module/nvmeof_host_tcp/parameters/connect_timeout || fail "host connect_timeout"
on_exit "echo 10 > /sys/module/nvmeof_host_tcp/parameters/connect_timeout"
echo 5 >/sys/module/nvmeof_host/parameters/io_timeout || fail "host io_timeout"
on_exit "echo 30 > /sys/module/nvmeof_host/parameters/io_timeout"

for m in $ICRESP_MODES; do
	log "=== $m"
	evil_start -A -q "$m"
	start=$(date +%s)
	timeout 60 nvme connect -t tcp -a "$TGT_ADDR" -s $EVIL_PORT -n "$TEST_SUBNQN"
	rc=$?
	log "nvme connect: exit status $rc after $(( $(date +%s) - start )) s"
	evil_stop
	grep -q "fired" /tmp/evil.log || fail "$m: the relay never broke an ICResp"
	[ $rc -eq 124 ] && fail "$m: nvme connect hung"
	[ $rc -ne 0 ] || { nvme disconnect -n "$TEST_SUBNQN"; fail "$m: nvme connect succeeded"; }
	for i in $(seq 1 20); do no_ctrl_left && break; sleep 0.5; done
	no_ctrl_left || fail "$m: a controller was left behind"
done

for m in $IO_MODES; do
	log "=== $m"
	evil_start "$m"
	mark=$(dmesg | wc -l)
	run nvme connect -t tcp -a "$TGT_ADDR" -s $EVIL_PORT -n "$TEST_SUBNQN" -i 2 \
		--reconnect-delay=1 --ctrl-loss-tmo=60
	ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "$m: no live controller"
	ns=$(ns_dev "$TEST_SUBNQN") || fail "$m: no namespace block device"
	sleep 1
	kill -USR1 $evil_pid
	# Either every block verifies, or I/O fails with an error: never a block read back wrong.
	out=$(timeout 180 fio --name=evil --filename="$ns" --direct=1 --ioengine=libaio \
		--rw=randwrite --bssplit=4k/50:64k/50 --iodepth=8 --size=4m --verify=crc32c \
		--verify_fatal=1 --do_verify=1 2>&1)
	rc=$?
	echo "$out" | grep -E 'err=|READ:|WRITE:|verify|fio:' | head -20
	[ $rc -eq 124 ] && fail "$m: fio hung"
	echo "$out" | grep -qiE 'bad magic|crc32c.*(fail|mismatch)|verify.*(fail|bad)' &&
		fail "$m: fio read back wrong data"
	grep -q "fired" /tmp/evil.log || fail "$m: the relay never broke a PDU"
	dmesg | tail -n +$((mark + 1)) | grep -E "nvme" | tail -8
	dmesg | tail -n +$((mark + 1)) | grep -qiE "$ctrl.*(recover|reset|reconnect|error)" ||
		fail "$m: the host did not react to the broken PDU"
	ctrl=
	for i in $(seq 1 3); do ctrl=$(ctrl_of "$TEST_SUBNQN") && break; done
	[ -n "$ctrl" ] || fail "$m: the controller did not come back"
	fio_verify "$ns" --bssplit=4k/50:64k/50 --iodepth=8 --size=4m
	run nvme disconnect -n "$TEST_SUBNQN"
	evil_stop
	no_ctrl_left || fail "$m: controller left after disconnect"
done
