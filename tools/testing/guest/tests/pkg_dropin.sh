#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the drop-in switch: an unmodified in-tree admin script (intree-admin.sh:
# modprobe by in-tree names, configfs export, nvme connect, fio verify,
# modprobe -r) runs on nvmeof with DROPIN=on (only nvmeof_* in /sys/module,
# transports autoloaded by alias) and on the in-tree modules with DROPIN=off.
. /usr/lib/nvmeof/lib.sh
script=/usr/lib/nvmeof/intree-admin.sh
ours="nvmeof_core nvmeof_target nvmeof_target_tcp nvmeof_host nvmeof_host_tcp"
intree="nvmet nvmet_tcp nvme_core nvme_fabrics nvme_tcp"

# Fails unless every module of $1 is loaded and none of $2.
expect_modules() { # PRESENT ABSENT WHEN
	local m
	for m in $1; do [ -d "/sys/module/$m" ] || fail "$3: $m is not loaded ($(lsmod | awk 'NR > 1 {print $1}' | tr '\n' ' '))"; done
	for m in $2; do [ -d "/sys/module/$m" ] && fail "$3: $m is loaded"; done
	true
}

case ${DROPIN:?DROPIN=on|off} in
on) present=$ours absent=$intree want=nvmeof_target ;;
off) present=$intree absent=$ours want=nvmet ;;
*) fail "DROPIN=$DROPIN" ;;
esac
expect_modules "" "$ours $intree" "before the script"
# Whatever the script leaves on a failure, by real module names.
on_exit "for m in nvme_tcp nvme_fabrics nvme_core nvmet_tcp nvmet nvmeof_host_tcp nvmeof_host nvmeof_target_tcp nvmeof_target nvmeof_core; do rmmod \$m; done"
on_exit "nvmeof-dropin off"
run nvmeof-dropin "$DROPIN"
nvmeof-dropin status
# modprobe resolves config aliases first; modinfo looks a real module name up
# first, so `modinfo nvmet` names the in-tree file either way.
got=$(modprobe -R nvmet) || fail "modprobe -R nvmet"
[ "$got" = "$want" ] || fail "modprobe -R nvmet gives '$got', want $want"
f=$(modinfo -F filename nvmet) || fail "modinfo nvmet"
# (On 6.12 the in-tree file is the passthrough-less rebuild in updates/,
# qemu/build-nvmet.sh; Debian 13's own are .ko.xz.)
case $f in
*/kernel/drivers/nvme/target/nvmet.ko | */kernel/drivers/nvme/target/nvmet.ko.xz | */updates/nvmet.ko) ;;
*) fail "modinfo nvmet names $f" ;;
esac
log "nvmet resolves to $got; modinfo nvmet: $f; modinfo $got: $(modinfo -F filename "$got")"

on_exit "bash $script down"
run bash -x $script up
expect_modules "$present" "$absent" "after up"
# What still tells the two apart under the drop-in (Documentation/packaging.md).
for m in $present; do log "/sys/module/$m: version $(cat "/sys/module/$m/version" 2>/dev/null || echo none)"; done
if [ "$DROPIN" = on ]; then
	grep -q "^$(cat /usr/share/nvmeof/VERSION)\$" /sys/module/nvmeof_host/version || fail "nvmeof_host version"
fi
run bash $script verify
run bash -x $script down
expect_modules "" "$ours $intree" "after down"
