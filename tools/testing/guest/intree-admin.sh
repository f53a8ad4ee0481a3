#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# An administrator's script written for the in-tree NVMe/TCP stack (module
# names nvmet, nvme-fabrics, nvme-tcp, nvmet-tcp; configfs; nvme-cli; fio),
# kept as such on purpose: pkg_dropin runs it unchanged against nvmeof under
# the drop-in and against the in-tree modules without it. Nothing here may
# know which stack it drives. (bash, not the guest's busybox sh, whose
# built-in applets would replace kmod's modprobe.)
#   usage: intree-admin.sh up|verify|down
set -e
NQN=nqn.2014-08.org.nvmexpress:admin-script-export
CFS=/sys/kernel/config/nvmet
SUB=$CFS/subsystems/$NQN
PORT=$CFS/ports/1

# The namespace's block device, from sysfs as nvme-cli's tree does.
nsdev() {
	for s in /sys/class/nvme-subsystem/nvme-subsys*; do
		[ "$(cat "$s/subsysnqn" 2>/dev/null)" = "$NQN" ] || continue
		for b in "$s"/nvme*n*; do
			[ -e "$b" ] && { echo "/dev/$(basename "$b")"; return 0; }
		done
	done
	return 1
}

case $1 in
up)
	# The target: nvmet, a RAM disk and a TCP port on loopback. Linking the
	# port loads the TCP transport on its own, as nvmetcli relies on.
	modprobe nvmet
	modprobe null_blk nr_devices=1 memory_backed=1 gb=1
	mkdir "$SUB"
	echo 1 >"$SUB/attr_allow_any_host"
	mkdir "$SUB/namespaces/1"
	printf /dev/nullb0 >"$SUB/namespaces/1/device_path"
	echo 1 >"$SUB/namespaces/1/enable"
	mkdir "$PORT"
	echo tcp >"$PORT/addr_trtype"
	echo ipv4 >"$PORT/addr_adrfam"
	echo 127.0.0.1 >"$PORT/addr_traddr"
	echo 4420 >"$PORT/addr_trsvcid"
	ln -s "$SUB" "$PORT/subsystems/$NQN"
	# The host: the fabrics module; nvme connect loads the TCP transport.
	modprobe nvme-fabrics
	nvme discover -t tcp -a 127.0.0.1 -s 4420 | grep -q "subnqn: *$NQN"
	nvme connect -t tcp -a 127.0.0.1 -s 4420 -n "$NQN"
	for _ in $(seq 50); do nsdev >/dev/null && break; sleep 0.2; done
	echo "connected: $(nsdev)"
	;;
verify)
	dev=$(nsdev)
	out=$(fio --name=verify --filename="$dev" --direct=1 --ioengine=libaio --rw=randwrite \
		--bs=4k --iodepth=16 --size=32m --verify=crc32c --verify_fatal=1 --do_verify=1)
	echo "$out" | grep -E 'err=|READ:|WRITE:'
	;;
down)
	nvme disconnect -n "$NQN"
	rm "$PORT/subsystems/$NQN"
	rmdir "$PORT"
	echo 0 >"$SUB/namespaces/1/enable"
	rmdir "$SUB/namespaces/1"
	rmdir "$SUB"
	modprobe -rv null_blk
	# Each takes along what it pulled in and no longer needs; modprobe
	# removes dependencies deepest first, so nvme-core stays until the end.
	modprobe -rv nvme-tcp
	modprobe -rv nvmet-tcp
	modprobe -rv nvme-core
	;;
*)
	echo "usage: $0 up|verify|down" >&2
	exit 2
	;;
esac
