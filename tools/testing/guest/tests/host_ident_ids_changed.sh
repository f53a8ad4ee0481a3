#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a live path whose namespace identifiers change on a rescan is
# removed, not kept with another namespace's data behind the same disk:
# through nvmeof-evil-target ids-other (not yet armed) fio verifies and a
# rescan keeps the disk; armed (the namespace now reports other IDs), a
# rescan logs "identifiers changed for nsid 1" once and the disk held open
# from before fails reads; a further rescan brings the namespace back as a
# new disk that reads.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh
. /usr/lib/nvmeof/ident_lib.sh

ident_setup

evil_start ids-other
run ident_relay_connect
on_exit "nvme disconnect -n '$MP_NQN'"
c=$(ident_relay_ctrl) || fail "no controller through the relay"
wait_state "$c" live
head=$(ns_dev "$MP_NQN") || fail "no disk"
fio_verify "$head" --size=4m
dmesg_mark
run nvme ns-rescan "/dev/$c"
sleep 2
dmesg_since | grep -q "identifiers changed" && fail "an unchanged namespace was taken for changed"
[ "$(ident_paths)" = 1 ] || fail "the rescan lost the path"

exec 3<"$head"
run dd bs=4k count=1 iflag=direct <&3 of=/dev/null
kill -USR1 "$evil_pid"
dmesg_mark
run nvme ns-rescan "/dev/$c"
wait_dmesg "identifiers changed for nsid 1"
grep -q "ids-other: Identify CNS 0 rewritten" /tmp/evil.log || { evil_stop; fail "the relay never changed the IDs"; }
for i in $(seq 1 "$(_polls 10)"); do [ "$(ident_paths)" = 0 ] && break; sleep 0.2; done
[ "$(ident_paths)" = 0 ] || fail "the path is still there with the new IDs"
# A dead disk fails the read or reads as empty; either way no block comes back.
out=$(dd bs=4k count=1 skip=7 iflag=direct <&3 of=/dev/null 2>&1)
log "dd on the old disk: $out"
echo "$out" | grep -q '^1+0 records in' && fail "the old disk still reads after its namespace changed"
exec 3<&-
[ "$(dmesg_since | grep -c "identifiers changed")" = 1 ] || fail "not one line for one change"

run nvme ns-rescan "/dev/$c"
new=$(ns_dev "$MP_NQN") || fail "the changed namespace did not come back as a new disk"
run dd if="$new" bs=4k count=1 iflag=direct of=/dev/null
evil_stop
