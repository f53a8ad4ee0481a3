# SPDX-License-Identifier: GPL-2.0-only
# Shared by the two guests of make bench BENCH_SPLIT=1 (bench_split_*.sh):
# the virtio-net link between them and each guest's busy time.
SPLIT_TGT_IP=10.77.0.1
SPLIT_HOST_IP=10.77.0.2
SPLIT_CTL_PORT=7777

split_link() { # MY_IP: bring up the link to the other guest
	local i dev
	run modprobe virtio_pci
	run modprobe virtio_net
	for i in $(seq 1 50); do
		dev=$(ls /sys/class/net | grep -v -x -e lo | head -1)
		[ -n "$dev" ] && break
		sleep 0.2
	done
	[ -n "$dev" ] || fail "no virtio-net device (is QEMU's -netdev socket there?)"
	# As large as loopback's: without offloads (QEMU's socket backend has
	# none) every segment is a packet, so few and large, as on loopback.
	run ip link set "$dev" mtu 65520
	run ip addr add "$1/24" dev "$dev"
	run ip link set "$dev" up
}

# Busy time of this guest since boot in ns: the clock less the NOHZ idle
# time, both read off /proc/timer_list in ns. Under icount the clock runs
# 2^shift ns per instruction while a CPU works, so this counts instructions.
split_busy_ns() {
	awk '$1 == "now" && $2 == "at" { now = $3 }
	     /^ *\.(idle|iowait)_sleeptime *:/ { sub(/^[^:]*: */, ""); idle += $1 }
	     END { printf "%.0f\n", now - idle }' /proc/timer_list
}
