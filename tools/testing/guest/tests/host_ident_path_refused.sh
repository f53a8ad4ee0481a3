#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a third path to a namespace is refused when nvmeof-evil-target
# (mode EVIL) rewrites what the namespace says of itself: two ports join one
# head (fio verifies), then a third controller through the relay connects
# but its namespace 1 joins no head, with one kernel line naming the NSID;
# the head keeps its two paths and verifies.
#   EVIL=nmic-private: Identify Namespace NMIC says not shared
#   EVIL=ids-other:    every EUI-64, NGUID and UUID changed
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh
. /usr/lib/nvmeof/ident_lib.sh

case ${EVIL:-} in
nmic-private)
	refusal="refusing a second path to unshared namespace 1"
	rewrite="nmic-private: Identify CNS 0 rewritten"
	;;
ids-other)
	refusal="refusing a path to shared namespace 1: IDs don't match"
	rewrite="ids-other: Identify CNS 3 rewritten"
	;;
*) fail "EVIL=${EVIL:-} is not a mode this test knows" ;;
esac

ident_setup
ident_two_paths

evil_start -A "$EVIL"
dmesg_mark
out=$(ident_relay_connect) || fail "nvme connect through the relay failed: $out"
c=$(ident_relay_ctrl) || fail "no controller through the relay"
wait_state "$c" live
wait_dmesg "$refusal"
grep -q "$rewrite" /tmp/evil.log || { evil_stop; fail "the relay never rewrote the identify data"; }
sleep 1
[ "$(dmesg_since | grep -cF "$refusal")" = 1 ] || fail "not one line for one refusal"
ident_ctrl_has_path "$c" && fail "$c has a path to namespace 1's head"
[ "$(ident_paths)" = 2 ] || fail "$(ident_paths) paths to namespace 1, not 2"
fio_verify "$(ns_dev "$MP_NQN")" --size=4m --offset=4m
run nvme disconnect -d "$c"
evil_stop
