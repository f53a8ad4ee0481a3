#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves each in-tree name under the drop-in: `modprobe NAME` loads our module
# and `modprobe -r NAME` unloads it (and what it pulled in); opening the
# drop-in's static /dev/nvme-fabrics (10:249) loads our host core; and with
# the switch off again every name resolves to the in-tree module.
. /usr/lib/nvmeof/lib.sh

loaded_ours() { lsmod | awk 'NR > 1 && $1 ~ /^nvmeof_/ {print $1}' | tr '\n' ' '; }
[ -z "$(loaded_ours)" ] || fail "nvmeof modules loaded before the test: $(loaded_ours)"
on_exit "nvmeof-dropin off"
run nvmeof-dropin on

for pair in nvmet:nvmeof_target nvmet-tcp:nvmeof_target_tcp nvmet-rdma:nvmeof_target_rdma \
	nvme-core:nvmeof_core nvme-fabrics:nvmeof_host nvme-tcp:nvmeof_host_tcp \
	nvme-rdma:nvmeof_host_rdma nvme_core:nvmeof_core; do
	name=${pair%%:*} mod=${pair#*:}
	run modprobe "$name"
	[ -d "/sys/module/$mod" ] || fail "modprobe $name did not load $mod (loaded: $(loaded_ours))"
	[ -d "/sys/module/${name//-/_}" ] && fail "modprobe $name loaded the in-tree ${name//-/_}"
	run modprobe -r "$name"
	# As `modprobe -r nvme-tcp` leaves the in-tree nvme_core (modprobe
	# removes dependencies deepest first), ours may leave nvmeof_core.
	left=$(loaded_ours)
	[ -z "${left/nvmeof_core /}" ] || fail "modprobe -r $name left $left"
	[ -n "$left" ] && run modprobe -r nvme-core
	[ -z "$(loaded_ours)" ] || fail "modprobe -r nvme-core left $(loaded_ours)"
	log "$name -> $mod, and back out${left:+ (then nvme-core for $left)}"
done

# The static node: nothing loaded, the first open loads nvmeof-host.
[ -c /dev/nvme-fabrics ] || fail "nvmeof-dropin on made no /dev/nvme-fabrics"
[ "$(stat -c '%t:%T' /dev/nvme-fabrics)" = a:f9 ] || fail "/dev/nvme-fabrics is $(stat -c '%t:%T' /dev/nvme-fabrics), not 10:249"
opts=$(cat /dev/nvme-fabrics) || fail "reading /dev/nvme-fabrics failed"
[ -d /sys/module/nvmeof_host ] || fail "opening /dev/nvme-fabrics did not load nvmeof_host"
case $opts in instance=-1*) ;; *) fail "options list: $opts" ;; esac
log "open loaded nvmeof_host; options: ${opts:0:60}..."
run modprobe -r nvme-fabrics
[ -z "$(loaded_ours)" ] || fail "modprobe -r nvme-fabrics left $(loaded_ours)"

run nvmeof-dropin off
[ -e /dev/nvme-fabrics ] && fail "nvmeof-dropin off left the static /dev/nvme-fabrics"
for name in nvmet nvmet-tcp nvmet-rdma nvme-core nvme-fabrics nvme-tcp nvme-rdma; do
	got=$(modprobe -R "$name") || fail "modprobe -R $name"
	[ "$got" = "${name//-/_}" ] || fail "off: $name resolves to $got"
	f=$(modinfo -F filename "$got")
	# (On 6.12 the in-tree target is the passthrough-less rebuild of
	# drivers/nvme/target in updates/, qemu/build-nvmet.sh.)
	case $f in */kernel/drivers/nvme/* | */updates/nvmet.ko | */updates/nvmet-*.ko) ;;
	*) fail "off: $got is $f" ;;
	esac
done
log "off: every in-tree name resolves to drivers/nvme again"
