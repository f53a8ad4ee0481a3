#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make demo: our target exports a RAM namespace through a plain configfs
# script, our host connects with nvme-cli, nvme list, a short fio verify.
. /usr/lib/nvmeof/lib.sh
NVMEOF_TARGET=ours NVMEOF_HOST=ours NVMEOF_TRANSPORT=tcp
say() { echo "demo: $*"; }

for m in nvmeof-target nvmeof-target-tcp nvmeof-host nvmeof-host-tcp; do
	modinfo "$m" >/dev/null 2>&1 || { say "module $m is not built yet: the demo needs both drivers"; exit 1; }
done
say "loading our target and host modules"
modprobe nvmeof-target-tcp || { say "our target TCP transport did not load"; exit 1; }
on_exit "modprobe -r nvmeof-target-tcp nvmeof-target"
modprobe nvmeof-host-tcp || { say "our host TCP transport did not load"; exit 1; }
on_exit "modprobe -r nvmeof-host-tcp nvmeof-host"

say "exporting a 1 GiB RAM disk (brd) with an in-tree style configfs script"
backend_brd 1024
tgt_export "$BACKEND_DEV"
say "target: $(ls /sys/kernel/config/nvmet/subsystems) on tcp 127.0.0.1:4420"

say "nvme discover:"
host_discover | grep -E 'subnqn|traddr|trsvcid' | sed 's/^/    /'
say "nvme connect:"
host_connect "$TEST_SUBNQN" || { say "connect through our host failed"; exit 1; }
ns=$(ns_dev "$TEST_SUBNQN") || { say "no namespace block device appeared"; exit 1; }
say "nvme list:"
nvme list | sed 's/^/    /'
say "fio: 16 MiB random writes, every block read back and crc32c-checked"
fio_verify "$ns" --size=16m --bssplit=4k/50:64k/50 >/tmp/fio.txt || { cat /tmp/fio.txt; say "fio verify FAILED"; exit 1; }
grep -E 'WRITE:|READ:' /tmp/fio.txt | sed 's/^/    /'
say "verified: zero errors; disconnecting"
run nvme disconnect -n "$TEST_SUBNQN"
say "done"
