#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a second controller is refused when it says its subsystem has only
# one (Identify Controller CMIC without multi-controller): path 1 connects,
# then a controller through nvmeof-evil-target cmic-single fails to connect
# with one kernel line naming the subsystem, and none is left; path 2 (the
# same subsystem, honest) still joins the head and fio verifies.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh
. /usr/lib/nvmeof/ident_lib.sh

ident_setup
mp_connect_path 0

evil_start -A cmic-single
dmesg_mark
out=$(ident_relay_connect) && fail "a single-controller subsystem got a second controller: $out"
log "nvme connect through the relay: $out"
grep -q "cmic-single: Identify CNS 1 rewritten" /tmp/evil.log || { evil_stop; fail "the relay never changed CMIC"; }
wait_dmesg "subsystem $MP_NQN does not support multiple controllers"
[ "$(dmesg_since | grep -c "does not support multiple controllers")" = 1 ] ||
	fail "more than one line for one refusal"
c=$(ident_relay_ctrl) && fail "$c is left through the relay"
[ "$(ident_paths)" = 1 ] || fail "$(ident_paths) paths to namespace 1, not 1"
evil_stop

mp_connect_path 1
for i in $(seq 1 "$(_polls 10)"); do [ "$(ident_paths)" = 2 ] && break; sleep 0.2; done
[ "$(ident_paths)" = 2 ] || fail "$(ident_paths) paths to namespace 1 with path 2, not 2"
fio_verify "$(ns_dev "$MP_NQN")" --size=4m
