#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a controller whose CNTLID another live controller of the subsystem
# already has is refused: two ports of one subsystem join one head (fio
# verifies), then a third controller through nvmeof-evil-target
# connect-cntlid, which answers the admin Connect with path 1's CNTLID: the
# connect fails, one kernel line names the subsystem and the CNTLID, no
# controller is left through the relay, and the head keeps its two paths.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh
. /usr/lib/nvmeof/ident_lib.sh

ident_setup
ident_two_paths
c1=${MP_CTRL[0]}
cntlid=$(cat "/sys/class/nvme/$c1/cntlid")
log "path 0 is $c1, cntlid $cntlid"

evil_start -A -c "$cntlid" connect-cntlid
dmesg_mark
out=$(ident_relay_connect) && fail "a controller with a duplicate CNTLID connected: $out"
log "nvme connect through the relay: $out"
grep -q "connect-cntlid: cntlid $cntlid" /tmp/evil.log || { evil_stop; fail "the relay never changed the CNTLID"; }
wait_dmesg "subsystem $MP_NQN: cntlid $cntlid duplicates $c1's, rejecting"
[ "$(dmesg_since | grep -c "cntlid $cntlid duplicates")" = 1 ] || fail "more than one line for one refusal"
c=$(ident_relay_ctrl) && fail "$c is left through the relay"
[ "$(ident_paths)" = 2 ] || fail "$(ident_paths) paths to namespace 1 after the refusal, not 2"
fio_verify "$(ns_dev "$MP_NQN")" --size=4m --offset=4m
evil_stop
