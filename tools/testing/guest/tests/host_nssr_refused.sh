#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves a refused NVM Subsystem Reset is reported, not mistaken for a lost
# connection: behind nvmeof-evil-target cap-nssrs (CAP.NSSRS claimed) our
# target refuses the NSSR write (Invalid Field); nvme subsystem-reset then
# fails (EOPNOTSUPP), the kernel logs the refusal with its status, and the
# controller stays live on the same association: no reconnect (one admin
# connect through the relay, same cntlid, no recovery message), and data
# verifies before and after.
. /usr/lib/nvmeof/lib.sh

EVIL_PORT=4421

command -v nvmeof-evil-target >/dev/null || fail "nvmeof-evil-target not in the guest"
stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

evil_start -A -q cap-nssrs

run nvme connect -t tcp -a "$TGT_ADDR" -s $EVIL_PORT -n "$TEST_SUBNQN"
on_exit "nvme disconnect -n '$TEST_SUBNQN'"
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace"
grep -q "CAP.NSSRS set" /tmp/evil.log || { cat /tmp/evil.log; fail "the relay never changed CAP"; }
fio_verify "$ns" --size=8m

admin_connects() { grep -c "CAP.NSSRS set" /tmp/evil.log; }
cntlid=$(cat "/sys/class/nvme/$ctrl/cntlid")
n0=$(admin_connects)
mark=$(dmesg | wc -l)
out=$(nvme subsystem-reset "/dev/$ctrl" 2>&1)
rc=$?
log "nvme subsystem-reset: rc $rc: $out"
[ $rc -ne 0 ] || fail "nvme subsystem-reset reported success for a refused reset"
echo "$out" | grep -q "Operation not supported" || fail "subsystem-reset failed, but not with EOPNOTSUPP: $out"
sleep 3
msgs=$(dmesg | tail -n +$((mark + 1)))
echo "$msgs"
echo "$msgs" | grep -qE "subsystem reset refused \(status 0x[46]002\)" || fail "no kernel line with the refusal's status"
echo "$msgs" | grep -qiE "reconnect|recover|resetting|error recovery" && fail "the refusal started recovery"
[ "$(cat "/sys/class/nvme/$ctrl/state")" = live ] || fail "$ctrl is $(cat "/sys/class/nvme/$ctrl/state") after the refusal"
[ "$(admin_connects)" -eq "$n0" ] || fail "the host reconnected ($(admin_connects) admin connects, $n0 before)"
[ "$(cat "/sys/class/nvme/$ctrl/cntlid")" = "$cntlid" ] || fail "cntlid changed: a new association"
fio_verify "$ns" --size=8m --offset=8m
