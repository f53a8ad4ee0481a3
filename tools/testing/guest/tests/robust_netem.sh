#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Network faults under fio verify: tc netem switches between loss, delay with
# jitter, reordering, duplication and a 3 s link outage (100% loss) while fio
# verifies back to back; no round may see an error. With CTRL_LOSS=1 the
# link then stays down past ctrl_loss_tmo: I/O fails, the host removes the
# controller, and once the link is back the target holds no connection.
#
# Host and target share the guest's one network namespace, where traffic to
# a local address would go through lo; wire_setup (lib.sh) routes it through
# two veth pairs and a router namespace instead, and netem sits on the egress
# veth of each direction (hw0 host->target, tw0 target->host). The test
# checks that fio's data really crosses those veths and not lo.
. /usr/lib/nvmeof/lib.sh

PHASES=("loss 3%" "delay 20ms 10ms" "delay 10ms reorder 25% 50%" "duplicate 5%"
	"loss 100%" "loss 1% delay 5ms 5ms duplicate 2% reorder 10%")
PHASE_S=${PHASE_S:-4}

netem() { # netem arguments, or "off"
	local d rc=0
	if [ "$1" = off ]; then
		for d in $WIRE_DEVS; do
			tc qdisc del dev "$d" root 2>/dev/null
		done
		return 0
	fi
	echo "netem: $*"
	for d in $WIRE_DEVS; do
		tc qdisc replace dev "$d" root netem "$@" || rc=1
	done
	return $rc
}
tgt_conns() {
	local port
	port=$(printf '%04X' "$TGT_SVCID")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p=":$port" 'substr($2, length($2) - 4) == p && ($4 == "01" || $4 == "08")' | wc -l
}

[ "$NVMEOF_TRANSPORT" = tcp ] || skip "netem runs over TCP only"
wire_setup
run modprobe sch_netem
on_exit "modprobe -r sch_netem"
on_exit "netem off"
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk 1
tgt_export "$BACKEND_DEV"
run netem delay 1ms
netem off

host_connect "$TEST_SUBNQN" -i 2 --reconnect-delay=1 --ctrl-loss-tmo=60
ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"

# The data crosses the veths, both ways, and not lo: 4 MiB written, then read
# back, must show up as at least that many bytes on each egress veth.
declare -A before
for c in hw0:tx tw0:tx hw0:rx tw0:rx lo:tx; do
	before[$c]=$(wire_bytes "${c%:*}" "${c#*:}")
done
fio_verify "$ns" --bs=64k --rw=write --size=4m
for c in hw0:tx tw0:tx hw0:rx tw0:rx lo:tx; do
	delta=$(( $(wire_bytes "${c%:*}" "${c#*:}") - before[$c] ))
	log "$c grew by $delta bytes during a 4 MiB fio verify"
	case $c in
	lo:*) [ $delta -lt 1048576 ] || fail "$delta bytes went over lo: the wire is bypassed" ;;
	*) [ $delta -ge 4194304 ] || fail "only $delta bytes on $c: the data did not cross the veth" ;;
	esac
done

rm -f /tmp/netem.done
(
	for p in "${PHASES[@]}"; do
		# shellcheck disable=SC2086
		netem $p || echo "netem $p failed" >>/tmp/netem.err
		sleep "$PHASE_S"
	done
	netem off
	touch /tmp/netem.done
) &
netem_pid=$!
on_exit "kill $netem_pid"
rounds=0
while [ ! -e /tmp/netem.done ]; do
	fio_verify "$ns" --bssplit=4k/50:64k/50 --iodepth=16 --numjobs=2 --size=4m --offset_increment=4m
	rounds=$((rounds + 1))
done
wait $netem_pid
[ -e /tmp/netem.err ] && { cat /tmp/netem.err; fail "tc netem refused a setting"; }
log "$rounds fio verify rounds through ${#PHASES[@]} netem phases"
[ "$(cat /sys/class/nvme/$ctrl/state)" = live ] || fail "controller is $(cat /sys/class/nvme/$ctrl/state)"
fio_verify "$ns" --bs=64k --rw=write --size=4m

if [ "${CTRL_LOSS:-0}" = 1 ]; then
	run nvme disconnect -n "$TEST_SUBNQN"
	host_connect "$TEST_SUBNQN" -i 1 --reconnect-delay=1 --ctrl-loss-tmo=5 --keep-alive-tmo=2
	ctrl=$(ctrl_of "$TEST_SUBNQN") || fail "no live controller"
	ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device"
	netem loss 100%
	start=$(date +%s)
	timeout $((120 * WAIT_SCALE)) dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
	rc=$?
	log "I/O with the link down: exit status $rc after $(( $(date +%s) - start )) s"
	[ $rc -eq 124 ] && fail "I/O hung with the link down"
	[ $rc -eq 0 ] && fail "I/O succeeded with the link down"
	for i in $(seq 1 $((60 * WAIT_SCALE))); do
		[ -e /sys/class/nvme/$ctrl ] || break
		sleep 1
	done
	[ -e /sys/class/nvme/$ctrl ] && fail "controller still there: $(cat /sys/class/nvme/$ctrl/state)"
	netem off
	for i in $(seq 1 $((60 * WAIT_SCALE))); do
		[ "$(tgt_conns)" = 0 ] && break
		sleep 1
	done
	[ "$(tgt_conns)" = 0 ] || fail "the target still holds $(tgt_conns) connections"
	# And the link works again.
	host_connect "$TEST_SUBNQN" -i 1
	ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device after the outage"
	fio_verify "$ns" --bs=4k --size=2m
fi
run nvme disconnect -n "$TEST_SUBNQN"
