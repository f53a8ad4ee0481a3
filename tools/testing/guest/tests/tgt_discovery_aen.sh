#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the discovery-log-change AEN: a persistent discovery controller gets
# NVME_AEN=0x70f002 when a second subsystem is linked to its port, and the
# re-read log lists that subsystem.
. /usr/lib/nvmeof/lib.sh

SUBNQN2=${TEST_SUBNQN}-2
DISC_NQN=nqn.2014-08.org.nvmexpress.discovery

stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

# The in-tree host reports each AEN as a uevent; log the NVME_AEN values.
cat >/tmp/aen-hook.sh <<'HOOK'
#!/bin/sh
[ -n "$NVME_AEN" ] && echo "$NVME_AEN" >>/tmp/aen.log
exit 0
HOOK
chmod +x /tmp/aen-hook.sh
: >/tmp/aen.log
busybox uevent /tmp/aen-hook.sh &
on_exit "kill $!"

host_discover -p | tee /tmp/disc1.txt
on_exit "nvme disconnect -n $DISC_NQN"
grep -q "subnqn: *$TEST_SUBNQN" /tmp/disc1.txt || fail "discovery log lacks $TEST_SUBNQN"
grep -q "subnqn: *$SUBNQN2" /tmp/disc1.txt && fail "discovery log lists $SUBNQN2 before it exists"
dctrl=$(ctrl_of "$DISC_NQN") || fail "no persistent discovery controller"
log "persistent discovery controller $dctrl"

tgt_subsys "$SUBNQN2"
tgt_link 1 "$SUBNQN2"
for i in $(seq 1 100); do
	grep -qi "0x70f002" /tmp/aen.log && break
	sleep 0.2
done
cat /tmp/aen.log
grep -qi "0x70f002" /tmp/aen.log || fail "no discovery log change AEN within 20 s"

host_discover | tee /tmp/disc2.txt
grep -q "subnqn: *$SUBNQN2" /tmp/disc2.txt || fail "discovery log lacks $SUBNQN2 after the change"
[ "$(cat /sys/class/nvme/$dctrl/state)" = live ] || fail "discovery controller not live after the AEN"
