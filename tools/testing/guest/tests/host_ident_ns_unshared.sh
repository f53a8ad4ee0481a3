#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a second path to a namespace is refused when the namespace says it
# is not shared (Identify Namespace NMIC): two ports join one head (fio
# verifies), then a third controller through nvmeof-evil-target nmic-private
# connects, but its namespace 1 joins no head, with one kernel line naming
# the NSID; the head keeps its two paths and verifies.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh
. /usr/lib/nvmeof/ident_lib.sh

command -v nvmeof-evil-target >/dev/null || fail "nvmeof-evil-target not in the guest"
mp_backends 1
ident_target
host_load
on_exit host_unload
ident_two_paths

evil_start -A nmic-private
dmesg_mark
out=$(ident_relay_connect) || fail "nvme connect through the relay failed: $out"
c=$(ident_relay_ctrl) || fail "no controller through the relay"
wait_state "$c" live
wait_dmesg "refusing a second path to unshared namespace 1"
grep -q "nmic-private: Identify CNS 0 rewritten" /tmp/evil.log || { evil_stop; fail "the relay never changed NMIC"; }
sleep 1
[ "$(dmesg_since | grep -c "unshared namespace 1")" = 1 ] || fail "not one line for one refusal"
ident_ctrl_has_path "$c" && fail "$c has a path to the unshared namespace"
[ "$(ident_paths)" = 2 ] || fail "$(ident_paths) paths to namespace 1, not 2"
fio_verify "$(ns_dev "$MP_NQN")" --size=4m --offset=4m
run nvme disconnect -d "$c"
evil_stop
