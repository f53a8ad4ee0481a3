# SPDX-License-Identifier: GPL-2.0-only
# Helpers sourced by every guest test: module loading, target setup through
# configfs (the in-tree target's layout, which ours shares), host connect and
# disconnect through nvme-cli, backends and fio verify. The same calls drive
# the in-tree stack and ours, chosen by:
#   NVMEOF_TARGET    intree | ours        (who serves)
#   NVMEOF_HOST      intree | ours        (who connects)
#   NVMEOF_TRANSPORT tcp | rdma
# Exit codes (KTAP by the runner): 0 pass, 4 skip, anything else fail.

NVMEOF_TARGET=${NVMEOF_TARGET:-intree}
NVMEOF_HOST=${NVMEOF_HOST:-intree}
NVMEOF_TRANSPORT=${NVMEOF_TRANSPORT:-tcp}
CFS=/sys/kernel/config/nvmet
TEST_SUBNQN=${TEST_SUBNQN:-nqn.2014-08.org.nvmexpress:nvmeof-test-subsys}
HOSTNQN=$(cat /etc/nvme/hostnqn)
HOSTID=$(cat /etc/nvme/hostid)
# Documentation range (RFC 5737): never routed anywhere, and the guest has no NIC.
VETH_TGT_ADDR=192.0.2.1
VETH_HOST_ADDR=192.0.2.2

log() { echo "$*"; }
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }

# Runs a command, logging it; fails the test when it fails.
run() {
	echo "+ $*"
	"$@" || fail "command failed ($?): $*"
}

# --- cleanup stack: tests push undo steps, run in reverse on any exit ---
_cleanup=()
on_exit() { _cleanup+=("$*"); }
_run_cleanup() {
	local i rc=$?
	for ((i = ${#_cleanup[@]} - 1; i >= 0; i--)); do
		eval "${_cleanup[i]}" >/dev/null 2>&1
	done
	exit $rc
}
trap _run_cleanup EXIT

# --- modules ---
target_modules() {
	case $NVMEOF_TARGET in
	intree) echo "nvmet nvmet-$NVMEOF_TRANSPORT" ;;
	ours) echo "nvmeof-target nvmeof-target-$NVMEOF_TRANSPORT" ;;
	*) fail "NVMEOF_TARGET=$NVMEOF_TARGET: want intree or ours" ;;
	esac
}
host_modules() {
	case $NVMEOF_HOST in
	intree) echo "nvme-$NVMEOF_TRANSPORT" ;;
	ours) echo "nvmeof-host nvmeof-host-$NVMEOF_TRANSPORT" ;;
	*) fail "NVMEOF_HOST=$NVMEOF_HOST: want intree or ours" ;;
	esac
}
# Parameters for module $1 from the plan variable MODPARAMS
# ("module:param=value ...", e.g. nvmeof-host-tcp:send_any_cpu=1; commas
# separate several parameters of one module, as plan lines split at spaces).
_modparams() {
	local e
	for e in ${MODPARAMS:-}; do
		[ "${e%%:*}" = "$1" ] && echo "${e#*:}" | tr ',' ' '
	done
	true
}
# Loads a side's modules; a missing module of ours is a skip until that part exists.
_load() {
	local m
	for m in "$@"; do
		if ! modinfo "$m" >/dev/null 2>&1; then
			case $m in nvmeof-*) skip "module $m not built yet" ;; esac
			fail "module $m not in the guest"
		fi
		# shellcheck disable=SC2046
		run modprobe "$m" $(_modparams "$m")
	done
}
target_load() {
	_load $(target_modules)
	# On 6.12 the in-tree target is Debian's nvmet rebuilt without
	# passthrough (qemu/build-nvmet.sh), in updates/: say which one served.
	if [ "$NVMEOF_TARGET" = intree ]; then
		case $(modinfo -F filename nvmet 2>/dev/null) in
		*/updates/*) log "in-tree target: nvmet built without passthrough ($(modinfo -F depends nvmet))" ;;
		esac
	fi
	true
}
host_load() { _load $(host_modules); }
target_unload() { local m; for m in $(target_modules | tr ' ' '\n' | tac); do modprobe -r "$m"; done; }
host_unload() {
	local m
	for m in $(host_modules | tr ' ' '\n' | tac); do modprobe -r "$m"; done
	[ "$NVMEOF_HOST" = intree ] && modprobe -r nvme-fabrics nvme-core
	true
}

# --- network ---
# tcp over loopback by default; rdma needs soft-RoCE on a veth pair.
TGT_ADDR=127.0.0.1
TGT_ADRFAM=ipv4
TGT_SVCID=4420
veth_setup() {
	run modprobe veth
	run ip link add v0 type veth peer name v1
	on_exit "ip link del v0"
	run ip addr add $VETH_TGT_ADDR/24 dev v0
	run ip addr add $VETH_HOST_ADDR/24 dev v1
	run ip link set v0 up
	run ip link set v1 up
	TGT_ADDR=$VETH_TGT_ADDR
}
# Soft RDMA devices on the veth pair: RDMA_DEV=rxe (RoCE v2, the default)
# gives rxe0 (target side) and rxe1, RDMA_DEV=siw (iWARP) siw0 and siw1.
RDMA_DEV=${RDMA_DEV:-rxe}
rxe_setup() {
	local mod=rdma_rxe
	veth_setup
	[ "$RDMA_DEV" = siw ] && mod=siw
	if [ "$RDMA_DEV" = siw ] && ! modinfo siw >/dev/null 2>&1; then
		fail "siw.ko is not in the guest image (tools/testing/qemu/build-siw.sh builds it)"
	fi
	run modprobe $mod
	run rdma link add ${RDMA_DEV}0 type $RDMA_DEV netdev v0
	on_exit "rdma link delete ${RDMA_DEV}0"
	run rdma link add ${RDMA_DEV}1 type $RDMA_DEV netdev v1
	on_exit "rdma link delete ${RDMA_DEV}1"
	# The kind of device is what the test is about: RNIC is iWARP, CA is IB/RoCE.
	local want="CA" got
	[ "$RDMA_DEV" = siw ] && want="RNIC"
	got=$(cat /sys/class/infiniband/${RDMA_DEV}0/node_type)
	case $got in *"$want"*) ;; *) fail "${RDMA_DEV}0 node_type '$got', expected $want" ;; esac
}
# Fails unless the controller's queue pairs (admin and I/O, both sides) are
# on the soft RDMA devices: it really runs over the device kind the test set
# up. (siw reports no QP state here, so the state is not checked.)
rdma_check_qps() {
	local n
	n=$(rdma res show qp 2>/dev/null | grep -c "link ${RDMA_DEV}[01]/.* type RC ")
	[ "$n" -ge 4 ] || fail "$n RC queue pairs on ${RDMA_DEV}0/${RDMA_DEV}1: $(rdma res show qp 2>&1 | head -5)"
	log "$n RC queue pairs on $RDMA_DEV devices"
}
# A real wire for TCP between host and target. Both modules live in the one
# network namespace, where a packet to a local address is delivered through
# lo and never meets a veth's qdisc. wire_setup puts a router namespace
# between two veth pairs and steers the traffic there with policy routing:
#   host side  hw0 WIRE_HOST_ADDR <-> hw1 (router)
#   target     tw0 WIRE_TGT_ADDR  <-> tw1 (router, ip_forward)
# Locally sent packets (iif lo) to the target's address go out hw0, those to
# the host's address out tw0; the `local` table moves after these rules so
# it still delivers what comes in from the veths. accept_local lets a veth
# take a packet whose source is one of our own addresses, rp_filter would
# drop it for the same reason. TGT_ADDR becomes the target's address and
# HOST_TRADDR (host_connect -w) the host's; WIRE_DEVS names the two egress
# veths of init_net (one per direction) for tc.
WIRE_HOST_ADDR=198.51.100.2
WIRE_HOST_GW=198.51.100.1
WIRE_TGT_ADDR=203.0.113.2
WIRE_TGT_GW=203.0.113.1
WIRE_NS=nvmeof-wire
WIRE_DEVS="hw0 tw0"
wire_setup() {
	local d
	run modprobe veth
	run ip netns add $WIRE_NS
	on_exit "ip netns del $WIRE_NS"
	run ip link add hw0 type veth peer name hw1 netns $WIRE_NS
	run ip link add tw0 type veth peer name tw1 netns $WIRE_NS
	run ip addr add $WIRE_HOST_ADDR/24 dev hw0
	run ip addr add $WIRE_TGT_ADDR/24 dev tw0
	run ip -n $WIRE_NS addr add $WIRE_HOST_GW/24 dev hw1
	run ip -n $WIRE_NS addr add $WIRE_TGT_GW/24 dev tw1
	for d in hw0 tw0; do
		echo 1 >/proc/sys/net/ipv4/conf/$d/accept_local || fail "accept_local on $d"
		echo 0 >/proc/sys/net/ipv4/conf/$d/rp_filter || fail "rp_filter on $d"
	done
	on_exit "echo $(cat /proc/sys/net/ipv4/conf/all/rp_filter) > /proc/sys/net/ipv4/conf/all/rp_filter"
	echo 0 >/proc/sys/net/ipv4/conf/all/rp_filter || fail "rp_filter (all)"
	run ip netns exec $WIRE_NS sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward'
	run ip link set hw0 up
	run ip link set tw0 up
	run ip -n $WIRE_NS link set lo up
	run ip -n $WIRE_NS link set hw1 up
	run ip -n $WIRE_NS link set tw1 up
	run ip route add $WIRE_TGT_ADDR/32 via $WIRE_HOST_GW dev hw0 src $WIRE_HOST_ADDR table 4420
	run ip route add $WIRE_HOST_ADDR/32 via $WIRE_TGT_GW dev tw0 src $WIRE_TGT_ADDR table 4421
	on_exit "ip route flush table 4420; ip route flush table 4421"
	echo "+ ip rule add pref 100 iif lo to $WIRE_TGT_ADDR/32 lookup 4420"
	if ! ip rule add pref 100 iif lo to $WIRE_TGT_ADDR/32 lookup 4420 2>/tmp/wire.err; then
		cat /tmp/wire.err
		grep -q 'not supported' /tmp/wire.err &&
			skip "this kernel has no policy routing (CONFIG_IP_MULTIPLE_TABLES): no veth wire between two local addresses"
		fail "ip rule add failed"
	fi
	on_exit "ip rule del pref 100"
	run ip rule add pref 101 iif lo to $WIRE_HOST_ADDR/32 lookup 4421
	on_exit "ip rule del pref 101"
	run ip rule add pref 1000 lookup local
	on_exit "ip rule del pref 1000"
	run ip rule del pref 0 lookup local
	on_exit "ip rule add pref 0 lookup local"
	ip route get $WIRE_TGT_ADDR from $WIRE_HOST_ADDR | grep -q ' dev hw0 ' ||
		fail "route to the target does not leave through hw0: $(ip route get $WIRE_TGT_ADDR from $WIRE_HOST_ADDR)"
	ip route get $WIRE_HOST_ADDR from $WIRE_TGT_ADDR | grep -q ' dev tw0 ' ||
		fail "route to the host does not leave through tw0: $(ip route get $WIRE_HOST_ADDR from $WIRE_TGT_ADDR)"
	TGT_ADDR=$WIRE_TGT_ADDR
	HOST_TRADDR=$WIRE_HOST_ADDR
}
# Bytes DEV has sent (tx) or received (rx): wire_bytes DEV tx|rx
wire_bytes() { cat "/sys/class/net/$1/statistics/$2_bytes"; }
transport_setup() {
	case $NVMEOF_TRANSPORT in
	tcp) [ "${USE_VETH:-0}" = 1 ] && veth_setup ;;
	rdma) rxe_setup ;;
	esac
	true
}
# The usual start of a test: the transport, then both stacks, each unloaded
# at exit after what the test set up on top of it.
stacks_load() {
	transport_setup
	target_load
	on_exit target_unload
	host_load
	on_exit host_unload
}

# --- backends ---
# Backends set BACKEND_DEV (not echoed: cleanup must register in this shell).
# Memory-backed null_blk: data survives, so fio can verify it.
backend_nullblk() { # [GB]
	run modprobe null_blk nr_devices=1 memory_backed=1 gb="${1:-1}" bs=512
	on_exit "modprobe -r null_blk"
	BACKEND_DEV=/dev/nullb0
	[ -b $BACKEND_DEV ] || fail "null_blk did not create $BACKEND_DEV"
}
backend_brd() { # [MB]
	run modprobe brd rd_nr=1 rd_size=$(( ${1:-512} * 1024 ))
	on_exit "modprobe -r brd"
	BACKEND_DEV=/dev/ram0
	[ -b $BACKEND_DEV ] || fail "brd did not create $BACKEND_DEV"
}

# --- target configuration, exactly as an in-tree configfs script does it ---
tgt_subsys() { # NQN [allow_any_host]
	run mkdir "$CFS/subsystems/$1"
	on_exit "rmdir '$CFS/subsystems/$1'"
	echo "${2:-1}" >"$CFS/subsystems/$1/attr_allow_any_host" || fail "attr_allow_any_host"
}
tgt_ns() { # NQN NSID DEVICE
	local d=$CFS/subsystems/$1/namespaces/$2
	run mkdir "$d"
	on_exit "rmdir '$d'"
	echo -n "$3" >"$d/device_path" || fail "device_path $3"
	echo 1 >"$d/enable" || fail "enable namespace $2"
	on_exit "echo 0 > '$d/enable'"
}
tgt_port() { # PORTID [TRTYPE ADDR SVCID ADRFAM]
	local d=$CFS/ports/$1
	run mkdir "$d"
	on_exit "rmdir '$d'"
	echo "${2:-$NVMEOF_TRANSPORT}" >"$d/addr_trtype" || fail "addr_trtype"
	echo "${3:-$TGT_ADDR}" >"$d/addr_traddr" || fail "addr_traddr"
	echo "${4:-$TGT_SVCID}" >"$d/addr_trsvcid" || fail "addr_trsvcid"
	echo "${5:-$TGT_ADRFAM}" >"$d/addr_adrfam" || fail "addr_adrfam"
}
tgt_link() { # PORTID NQN
	run ln -s "$CFS/subsystems/$2" "$CFS/ports/$1/subsystems/$2"
	on_exit "rm -f '$CFS/ports/$1/subsystems/$2'"
}
tgt_allow_host() { # NQN HOSTNQN
	[ -d "$CFS/hosts/$2" ] || { run mkdir "$CFS/hosts/$2"; on_exit "rmdir '$CFS/hosts/$2'"; }
	run ln -s "$CFS/hosts/$2" "$CFS/subsystems/$1/allowed_hosts/$2"
	on_exit "rm -f '$CFS/subsystems/$1/allowed_hosts/$2'"
}
# The usual single-namespace export: subsystem, namespace 1, port 1, link.
tgt_export() { # DEVICE [NQN]
	local nqn=${2:-$TEST_SUBNQN}
	tgt_subsys "$nqn"
	tgt_ns "$nqn" 1 "$1"
	tgt_port 1
	tgt_link 1 "$nqn"
}

# --- DH-HMAC-CHAP ---
# A fresh secret from nvme-cli: auth_key HMAC [NQN] (HMAC 0..3, the DHHC-1
# "hh" transform; 1..3 transform with the host NQN, default ours).
# Called as $(auth_key ...): a failure is told on stderr, since stdout is the
# key. gen-dhchap-key's getrandom() does not wait for the kernel's RNG: a
# blocking read waits for it first (a kernel that trusts neither the CPU's
# nor the boot loader's seed takes minutes to seed it).
auth_key() {
	local k
	head -c 1 /dev/random >/dev/null
	k=$(nvme gen-dhchap-key -m "$1" -n "${2:-$HOSTNQN}") ||
		{ echo "FAIL: nvme gen-dhchap-key -m $1" >&2; exit 1; }
	case $k in
	DHHC-1:*) echo "$k" ;;
	*) echo "FAIL: gen-dhchap-key printed '$k'" >&2; exit 1 ;;
	esac
}
# Requires authentication of HOSTNQN on the target:
# tgt_auth_host HOSTNQN KEY [HASH DHGROUP CTRL_KEY]; the host entry must
# exist (tgt_allow_host). Empty CTRL_KEY: unidirectional (ours removes the
# controller key; the in-tree target takes no empty write, and uses its
# controller key only when the host asks for bidirectional authentication).
tgt_auth_host() {
	local d=$CFS/hosts/$1
	echo "$2" >"$d/dhchap_key" || fail "dhchap_key"
	echo "${3:-hmac(sha256)}" >"$d/dhchap_hash" || fail "dhchap_hash ${3:-}"
	echo "${4:-null}" >"$d/dhchap_dhgroup" || fail "dhchap_dhgroup ${4:-}"
	if [ -n "${5:-}" ] || [ "$NVMEOF_TARGET" = ours ]; then
		echo "${5:-}" >"$d/dhchap_ctrl_key" || fail "dhchap_ctrl_key"
	fi
}
# The crypto the exchange uses: hmac and sha256 are built in, sha384 and
# sha512 are a module that the initramfs carries.
auth_crypto_load() { modprobe sha512_generic 2>/dev/null; modprobe sha512-ssse3 2>/dev/null; true; }
# The auth tests' start: our target and host loaded, the crypto, one
# namespace on null_blk exported to HOSTNQN on port 1 (keys set by the test).
auth_setup() {
	transport_setup
	target_load
	on_exit target_unload
	host_load
	on_exit host_unload
	auth_crypto_load
	backend_nullblk 1
	tgt_subsys "$TEST_SUBNQN" 0
	tgt_ns "$TEST_SUBNQN" 1 "$BACKEND_DEV"
	tgt_port 1
	tgt_link 1 "$TEST_SUBNQN"
	tgt_allow_host "$TEST_SUBNQN" "$HOSTNQN"
}
# Milliseconds since boot (busybox date has no %N; /proc/uptime has 10 ms steps).
uptime_ms() { local u _; read -r u _ </proc/uptime; echo $(( ${u/./} * 10 )); }

# --- host ---
host_connect() { # NQN [nvme connect options...]
	local nqn=$1
	shift
	run nvme connect -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$nqn" \
		${HOST_TRADDR:+-w "$HOST_TRADDR"} "$@"
	on_exit "nvme disconnect -n '$nqn'"
}
host_discover() {
	nvme discover -t "$NVMEOF_TRANSPORT" -a "$TGT_ADDR" -s "$TGT_SVCID" "$@"
}
# Waits in tests scale with the kernel: a debug kernel (KASAN, lockdep,
# kmemleak) runs several times slower, and a fixed wait tuned on the stock
# kernel would turn that into false failures.
if [ -e /sys/kernel/debug/kmemleak ] || grep -q '^kasan' /proc/modules 2>/dev/null ||
	[ -d /sys/kernel/debug/kasan ]; then
	WAIT_SCALE=${WAIT_SCALE:-4}
else
	WAIT_SCALE=${WAIT_SCALE:-1}
fi
# Number of 0.2 s polls in SECS seconds of the stock kernel, scaled.
_polls() { echo $(($1 * 5 * WAIT_SCALE)); }

# Waits until controller CTRL (nvmeN) is in STATE, up to SECS (default 20)
# stock-kernel seconds; fails the test if it never gets there.
wait_state() { # CTRL STATE [SECS]
	local c=$1 want=$2 i
	for i in $(seq 1 "$(_polls "${3:-20}")"); do
		[ "$(cat "/sys/class/nvme/$c/state" 2>/dev/null)" = "$want" ] && return 0
		sleep 0.2
	done
	fail "$c is $(cat "/sys/class/nvme/$c/state" 2>/dev/null || echo gone), not $want, after ${3:-20}s x$WAIT_SCALE"
}

# Prints the controller name (nvmeN) connected to NQN, waiting up to 20 s.
ctrl_of() {
	local nqn=$1 i c
	for i in $(seq 1 "$(_polls 20)"); do
		for c in /sys/class/nvme/nvme*; do
			[ -e "$c/subsysnqn" ] || continue
			[ "$(cat "$c/subsysnqn")" = "$nqn" ] && [ "$(cat "$c/state")" = live ] &&
				{ basename "$c"; return 0; }
		done
		sleep 0.2
	done
	return 1
}
# Prints the block device of namespace NSID of NQN (the multipath head).
ns_dev() { # NQN [NSID]
	local nqn=$1 nsid=${2:-1} i s b
	for i in $(seq 1 "$(_polls 20)"); do
		for s in /sys/class/nvme-subsystem/nvme-subsys*; do
			[ "$(cat "$s/subsysnqn" 2>/dev/null)" = "$nqn" ] || continue
			for b in "$s"/nvme*n*; do
				[ -e "$b/nsid" ] && [ "$(cat "$b/nsid")" = "$nsid" ] &&
					[ -b "/dev/$(basename "$b")" ] && { echo "/dev/$(basename "$b")"; return 0; }
			done
		done
		sleep 0.2
	done
	return 1
}

# True when no controller of TEST_SUBNQN is left in /sys/class/nvme.
no_ctrl_left() {
	local c
	for c in /sys/class/nvme/nvme*; do
		[ -e "$c/subsysnqn" ] && [ "$(cat "$c/subsysnqn")" = "$TEST_SUBNQN" ] && return 1
	done
	return 0
}

# nvmeof-evil-target (a hostile relay in front of the real target) on
# EVIL_PORT, forwarding to TGT_ADDR:TGT_SVCID: evil_start MODE [options];
# ...; evil_stop prints its log.
evil_pid=
evil_start() { # MODE [options]
	nvmeof-evil-target -l $EVIL_PORT -t "$TGT_SVCID" -a "$TGT_ADDR" "$@" >/tmp/evil.log 2>&1 &
	evil_pid=$!
	on_exit "kill $evil_pid"
	sleep 0.5
	kill -0 $evil_pid 2>/dev/null || { cat /tmp/evil.log; fail "nvmeof-evil-target did not start"; }
}
evil_stop() {
	kill $evil_pid 2>/dev/null
	wait $evil_pid 2>/dev/null
	cat /tmp/evil.log
}

# --- data ---
# fio with crc32c verification; every written block is read back and checked.
# usage: fio_verify DEV [extra fio options...]
fio_verify() {
	local dev=$1 out
	shift
	out=$(fio --name=verify --filename="$dev" --direct=1 --ioengine=libaio \
		--rw=randwrite --bs=4k --iodepth=16 --size=32m --verify=crc32c \
		--verify_fatal=1 --do_verify=1 "$@" 2>&1)
	local rc=$?
	echo "$out" | grep -E 'err=|READ:|WRITE:|verify|fio:' | head -20
	[ $rc -eq 0 ] || fail "fio verify on $dev: exit status $rc"
	echo "$out" | grep -q 'READ:' || fail "fio on $dev read nothing back"
	echo "$out" | grep -qE 'err= *[1-9]' && fail "fio on $dev reported errors"
	true
}

# A bystander: verifying fio on DEV back to back, in the background, while a
# test attacks the same target; it stops at the first failed round.
# usage: bystander_start DEV [extra fio_verify options...]; ...; bystander_stop
bystander_start() {
	local dev=$1
	shift
	rm -f /tmp/attacks.done /tmp/fio-bg.rc
	(
		rc=0 rounds=0
		while [ ! -e /tmp/attacks.done ] && [ $rc -eq 0 ]; do
			fio_verify "$dev" "$@" >/tmp/fio-bg.log 2>&1
			rc=$?
			rounds=$((rounds + 1))
		done
		echo "bystander: $rounds fio verify rounds, last exit status $rc" >>/tmp/fio-bg.log
		echo $rc >/tmp/fio-bg.rc
	) &
	BYSTANDER_PID=$!
	on_exit "touch /tmp/attacks.done; kill $BYSTANDER_PID"
}
# Ends the bystander's loop, waits for its round and fails the test if any failed.
bystander_stop() {
	touch /tmp/attacks.done
	wait "$BYSTANDER_PID"
	cat /tmp/fio-bg.log
	[ "$(cat /tmp/fio-bg.rc 2>/dev/null)" = 0 ] || fail "the bystander's fio verify failed"
}
