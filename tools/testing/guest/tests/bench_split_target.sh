#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The target guest of make bench BENCH_SPLIT=1: exports one null_blk from the
# in-tree target (4420) and ours (4421, configfs root renamed) on the
# virtio-net link, answers the host guest's busy-time queries, and stays up
# until the host guest says it is done.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/split_lib.sh
split_link $SPLIT_TGT_IP
run modprobe null_blk nr_devices=1 gb=16 bs=512 memory_backed=0
on_exit "modprobe -r null_blk"
NQN_A=nqn.2014-08.org.nvmexpress:bench-intree
NQN_B=nqn.2014-08.org.nvmexpress:bench-ours
run modprobe nvmet-tcp
on_exit "modprobe -r nvmet-tcp nvmet"
CFS=/sys/kernel/config/nvmet tgt_subsys $NQN_A
CFS=/sys/kernel/config/nvmet tgt_ns $NQN_A 1 /dev/nullb0
CFS=/sys/kernel/config/nvmet tgt_port 1 tcp $SPLIT_TGT_IP 4420 ipv4
CFS=/sys/kernel/config/nvmet tgt_link 1 $NQN_A
run modprobe nvmeof-target configfs_root=nvmeof
run modprobe nvmeof-target-tcp
on_exit "modprobe -r nvmeof-target-tcp nvmeof-target"
OCFS=/sys/kernel/config/nvmeof
CFS=$OCFS tgt_subsys $NQN_B; CFS=$OCFS tgt_ns $NQN_B 1 /dev/nullb0
CFS=$OCFS tgt_port 1 tcp $SPLIT_TGT_IP 4421 ipv4; CFS=$OCFS tgt_link 1 $NQN_B
nc -ll -p $SPLIT_CTL_PORT -e /usr/lib/nvmeof/split_ctl.sh &
ctl=$!
on_exit "kill $ctl"
echo "target guest ready"
secs=${SPLIT_WAIT:-7200}
for _ in $(seq 1 "$secs"); do
	[ -e /tmp/split-done ] && break
	sleep 1
done
[ -e /tmp/split-done ] || fail "the host guest never said it was done"
