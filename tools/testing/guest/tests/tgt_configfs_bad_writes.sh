#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves our configfs tree matches the in-tree nvmet tree (names, defaults,
# formats; 6.12's five newer attributes too) and that every bad write fails with the in-tree errno, logs one
# kernel line, and leaves the attribute unchanged.
. /usr/lib/nvmeof/lib.sh

NQN=nqn.2014-08.org.nvmexpress:nvmeof-cfs-test
HOST=nqn.2014-08.org.nvmexpress:nvmeof-cfs-host
OUT=/tmp/cfs
mkdir -p $OUT

backend_brd 64

# --- part 1: the same script builds the same tree under in-tree nvmet and ours ---

# Builds a tree in the in-tree style; no port links, so no transport is involved.
build_tree() {
	mkdir $CFS/subsystems/$NQN &&
	mkdir $CFS/subsystems/$NQN/namespaces/1 &&
	echo -n $BACKEND_DEV >$CFS/subsystems/$NQN/namespaces/1/device_path &&
	echo 00112233-4455-6677-8899-aabbccddeeff >$CFS/subsystems/$NQN/namespaces/1/device_uuid &&
	echo 0123456789abcdef0123456789abcdef >$CFS/subsystems/$NQN/namespaces/1/device_nguid &&
	echo 1 >$CFS/subsystems/$NQN/namespaces/1/enable &&
	mkdir $CFS/subsystems/$NQN/namespaces/7 &&
	mkdir $CFS/hosts/$HOST &&
	ln -s $CFS/hosts/$HOST $CFS/subsystems/$NQN/allowed_hosts/$HOST &&
	mkdir $CFS/ports/1 &&
	echo tcp >$CFS/ports/1/addr_trtype &&
	echo 127.0.0.1 >$CFS/ports/1/addr_traddr &&
	echo 4420 >$CFS/ports/1/addr_trsvcid &&
	echo ipv4 >$CFS/ports/1/addr_adrfam &&
	mkdir $CFS/ports/1/ana_groups/2 &&
	mkdir $CFS/ports/1/referrals/r1 &&
	echo rdma >$CFS/ports/1/referrals/r1/addr_trtype &&
	mkdir $CFS/ports/2
}
teardown_tree() {
	rmdir $CFS/ports/2 $CFS/ports/1/referrals/r1 $CFS/ports/1/ana_groups/2
	rmdir $CFS/ports/1
	rm -f $CFS/subsystems/$NQN/allowed_hosts/$HOST
	rmdir $CFS/hosts/$HOST
	echo 0 >$CFS/subsystems/$NQN/namespaces/1/enable
	rmdir $CFS/subsystems/$NQN/namespaces/7 $CFS/subsystems/$NQN/namespaces/1
	rmdir $CFS/subsystems/$NQN
}
# Names and values; random defaults (serial) and write-only files left out,
# and the PI attributes, which we omit on purpose (no PI support).
snapshot() { # FILE
	local f
	(cd $CFS && find . | sort | grep -v 'pi_enable$') >"$1.names"
	(cd $CFS && find . -type f | sort | grep -vE 'pi_enable$|attr_serial$|revalidate_size$|namespaces/7/device_uuid$' |
		while read -r f; do echo "$f=$(cat "$f" 2>&1)"; done) >"$1.values"
}

if modinfo nvmet >/dev/null 2>&1; then
	run modprobe nvmet
	build_tree || { teardown_tree; modprobe -r nvmet; fail "in-tree nvmet rejected the tree script"; }
	snapshot $OUT/intree
	# Side by side: the default name is taken, a renamed root loads next to nvmet.
	modprobe nvmeof-target 2>/dev/null && { modprobe -r nvmeof-target; teardown_tree;
		modprobe -r nvmet; fail "nvmeof-target loaded over in-tree nvmet's configfs root"; }
	lsmod | grep -q '^nvmeof_target ' && fail "failed nvmeof-target load left the module in"
	run modprobe nvmeof-target configfs_root=nvmeof-side
	[ -d /sys/kernel/config/nvmeof-side/subsystems ] || fail "configfs_root=nvmeof-side not honoured"
	[ -d $CFS/subsystems/$NQN ] || fail "in-tree tree disturbed by ours"
	run modprobe -r nvmeof-target
	teardown_tree
	run modprobe -r nvmet
else
	log "in-tree nvmet not in the guest: skipping the side-by-side comparison"
fi

NVMEOF_TARGET=ours
target_load
on_exit target_unload
build_tree || { teardown_tree; fail "our target rejected the tree script"; }
snapshot $OUT/ours
teardown_tree
if [ -e $OUT/intree.names ]; then
	# An in-tree nvmet built without NVME_TARGET_AUTH (Debian 12's) has no
	# hosts/*/dhchap_* attributes; ours has the four, with the names of
	# one built with it. Compared without them, after checking they are there.
	auth_re='^\./hosts/[^/]*/dhchap_(key|ctrl_key|hash|dhgroup)(=|$)'
	if ! grep -qE "$auth_re" $OUT/intree.names; then
		[ "$(grep -cE "$auth_re" $OUT/ours.names)" = 4 ] ||
			fail "our hosts/ entry lacks the four dhchap_* attributes"
		for f in names values; do
			grep -vE "$auth_re" $OUT/ours.$f >$OUT/ours.$f.noauth
			mv $OUT/ours.$f.noauth $OUT/ours.$f
		done
		log "dhchap_* attributes left out of the comparison: this in-tree nvmet has no in-band authentication"
	fi
	# The five attributes 6.12's in-tree nvmet added (a settable discovery
	# NQN, addr_tsas, a per-port queue size limit, the firmware revision
	# and IEEE OUI of Identify Controller; Documentation/target.md): ours
	# has them on every kernel. Against 6.12's they are compared with the
	# rest; against an older one (Debian 12's has none) ours must have all
	# seven entries of this tree, and the comparison leaves them out.
	newer_re='^\./(discovery_nqn|ports/[^/]*/(addr_tsas|param_max_queue_size)|subsystems/[^/]*/attr_(firmware|ieee_oui))(=|$)'
	[ "$(grep -cE "$newer_re" $OUT/ours.names)" = 7 ] ||
		fail "ours lacks one of the five 6.12 attributes: $(grep -E "$newer_re" $OUT/ours.names | tr '\n' ' ')"
	if ! grep -qE "$newer_re" $OUT/intree.names; then
		log "left out of the comparison (this in-tree nvmet predates them): $(grep -E "$newer_re" $OUT/ours.values | tr '\n' ' ')"
		for f in names values; do
			grep -vE "$newer_re" $OUT/ours.$f >$OUT/ours.$f.older
			mv $OUT/ours.$f.older $OUT/ours.$f
		done
	else
		log "compared with in-tree: $(grep -E "$newer_re" $OUT/ours.values | tr '\n' ' ')"
	fi
	diff -u $OUT/intree.names $OUT/ours.names || fail "configfs names differ from in-tree"
	diff -u $OUT/intree.values $OUT/ours.values || fail "configfs values differ from in-tree"
	log "configfs tree identical to in-tree: $(wc -l <$OUT/ours.names) entries"
fi
# Serial: 1..20 printable characters by default, as in-tree's random hex.
run mkdir $CFS/subsystems/$NQN
on_exit "rmdir $CFS/subsystems/$NQN"
grep -qE '^[[:print:]]{1,20}$' $CFS/subsystems/$NQN/attr_serial || fail "default serial"
[ "$(cat $CFS/subsystems/$NQN/attr_version)" = 1.3 ] || fail "default attr_version"
[ "$(cat $CFS/subsystems/$NQN/attr_model)" = Linux ] || fail "default attr_model"
[ "$(cat $CFS/subsystems/$NQN/attr_cntlid_min)" = 1 ] || fail "default attr_cntlid_min"
[ "$(cat $CFS/subsystems/$NQN/attr_cntlid_max)" = 65519 ] || fail "default attr_cntlid_max"
[ "$(cat $CFS/subsystems/$NQN/attr_qid_max)" = 128 ] || fail "default attr_qid_max"
kfw=$(uname -r)
[ "$(cat $CFS/subsystems/$NQN/attr_firmware)" = "${kfw:0:8}" ] ||
	fail "default attr_firmware (the kernel release, 8 bytes)"
[ "$(cat $CFS/subsystems/$NQN/attr_ieee_oui)" = 0x000000 ] || fail "default attr_ieee_oui"
[ "$(cat $CFS/discovery_nqn)" = nqn.2014-08.org.nvmexpress.discovery ] || fail "default discovery_nqn"

# --- part 2: bad writes ---

nlines() { dmesg | wc -l; }
# expect_fail ERRTEXT CMD...: CMD fails with strerror ERRTEXT, the kernel logs one line.
expect_fail() {
	local want=$1 before after err
	shift
	before=$(nlines)
	err=$( ("$@") 2>&1 ) && fail "accepted: $*"
	after=$(nlines)
	echo "$err" | grep -q "$want" || fail "$*: want '$want', got '$err'"
	[ $((after - before)) -eq 1 ] ||
		{ dmesg | tail -n $((after - before + 1)); fail "$*: $((after - before)) kernel lines, want 1"; }
	log "ok: $* -> $want: $(dmesg | tail -1 | sed 's/^\[[^]]*\] //')"
}
# bad_write FILE VALUE ERRTEXT: also checks FILE reads the same afterwards.
bad_write() {
	local old
	old=$(cat "$1")
	expect_fail "$3" sh -c "echo '$2' > '$1'"
	[ "$(cat "$1")" = "$old" ] || fail "$1 changed to '$(cat "$1")' by a rejected write"
}

S=$CFS/subsystems/$NQN
bad_write $S/attr_allow_any_host maybe "Invalid argument"
bad_write $S/attr_version 1.x "Invalid argument"
bad_write $S/attr_version 1 "Invalid argument"
bad_write $S/attr_serial 012345678901234567890 "Invalid argument"
bad_write $S/attr_model "$(printf 'm%.0s' $(seq 41))" "Invalid argument"
bad_write $S/attr_cntlid_min 0 "Invalid argument"
bad_write $S/attr_cntlid_max 1 "Invalid argument"
bad_write $S/attr_qid_max 0 "Invalid argument"
bad_write $S/attr_qid_max 129 "Invalid argument"
bad_write $S/attr_firmware 123456789 "Invalid argument"
bad_write $S/attr_firmware "" "Invalid argument"
bad_write $S/attr_ieee_oui 0x1000000 "Invalid argument"
bad_write $S/attr_ieee_oui oui "Invalid argument"
bad_write $S/attr_ieee_oui 0x100000000 "Numerical result out of range"
run sh -c "echo 0xabcdef > $S/attr_ieee_oui"
[ "$(cat $S/attr_ieee_oui)" = 0xabcdef ] || fail "attr_ieee_oui did not stick"
run sh -c "echo fw-1 > $S/attr_firmware"
[ "$(cat $S/attr_firmware)" = fw-1 ] || fail "attr_firmware did not stick"
# discovery_nqn: not empty, not a control character, not a subsystem's name.
bad_write $CFS/discovery_nqn "" "Invalid argument"
bad_write $CFS/discovery_nqn "$(printf 'n%.0s' $(seq 224))" "Invalid argument"
bad_write $CFS/discovery_nqn "$NQN" "Invalid argument"
run sh -c "echo nqn.2014-08.org.example:disc-unique > $CFS/discovery_nqn"
[ "$(cat $CFS/discovery_nqn)" = nqn.2014-08.org.example:disc-unique ] || fail "discovery_nqn did not stick"
expect_fail "Invalid argument" mkdir $CFS/subsystems/nqn.2014-08.org.example:disc-unique
run sh -c "echo nqn.2014-08.org.nvmexpress.discovery > $CFS/discovery_nqn"
expect_fail "Invalid argument" mkdir $S/namespaces/0
expect_fail "Invalid argument" mkdir $CFS/subsystems/nqn.2014-08.org.nvmexpress.discovery
expect_fail "Invalid argument" mkdir $CFS/ports/70000

run mkdir $S/namespaces/1
on_exit "rmdir $S/namespaces/1"
N=$S/namespaces/1
bad_write $N/device_nguid zz "Invalid argument"
bad_write $N/device_uuid not-a-uuid "Invalid argument"
bad_write $N/ana_grpid 0 "Invalid argument"
bad_write $N/ana_grpid 129 "Invalid argument"
bad_write $N/enable maybe "Invalid argument"
echo -n /dev/nvmeof-no-such-device >$N/device_path || fail "device_path"
bad_write $N/enable 1 "No such file or directory"
[ "$(cat $N/enable)" = 0 ] || fail "namespace enabled on a missing device"
echo -n $BACKEND_DEV >$N/device_path || fail "device_path"
run sh -c "echo 1 > $N/enable"
on_exit "echo 0 > $N/enable"
# In-tree: enabling an enabled namespace succeeds and changes nothing.
run sh -c "echo 1 > $N/enable"
bad_write $N/device_path /dev/null "Device or resource busy"
bad_write $N/device_uuid 00112233-4455-6677-8899-aabbccddeeff "Device or resource busy"
bad_write $N/buffered_io 1 "Invalid argument"
# A second namespace on the same block device:
run mkdir $S/namespaces/2
on_exit "rmdir $S/namespaces/2"
echo -n $BACKEND_DEV >$S/namespaces/2/device_path || fail "device_path"
# One device in two namespaces enables, as in-tree 6.1 (issue 26 item 12;
# the exclusive refusal is tgt_bdev_shared's, under bdev_exclusive=1).
run sh -c "echo 1 > $S/namespaces/2/enable"
run sh -c "echo 0 > $S/namespaces/2/enable"
run sh -c "echo 0 > $N/enable"

run mkdir $CFS/ports/1
on_exit "rmdir $CFS/ports/1"
P=$CFS/ports/1
[ "$(cat $P/addr_treq)" = "not specified" ] || fail "default addr_treq"
[ "$(cat $P/param_inline_data_size)" = -1 ] || fail "default param_inline_data_size"
[ "$(cat $P/param_max_queue_size)" = -1 ] || fail "default param_max_queue_size"
[ -z "$(cat $P/addr_tsas)" ] || fail "addr_tsas of a port without addr_trtype"
bad_write $P/addr_tsas none "Invalid argument"
bad_write $P/param_max_queue_size 64k "Invalid argument"
[ "$(cat $P/ana_groups/1/ana_state)" = optimized ] || fail "default ana_state"
bad_write $P/addr_trtype bogus "Invalid argument"
bad_write $P/addr_adrfam ipv5 "Invalid argument"
bad_write $P/addr_treq maybe "Invalid argument"
bad_write $P/addr_traddr "" "Invalid argument"
bad_write $P/param_inline_data_size abc "Invalid argument"
bad_write $P/ana_groups/1/ana_state bogus "Invalid argument"
expect_fail "Invalid argument" mkdir $P/ana_groups/200
# ANA groups: a new group starts inaccessible; states and namespace moves stick.
run mkdir $P/ana_groups/2
[ "$(cat $P/ana_groups/2/ana_state)" = inaccessible ] || fail "new ANA group state"
run sh -c "echo non-optimized > $P/ana_groups/2/ana_state"
[ "$(cat $P/ana_groups/2/ana_state)" = non-optimized ] || fail "ana_state did not stick"
run sh -c "echo 2 > $N/ana_grpid"
[ "$(cat $N/ana_grpid)" = 2 ] || fail "ana_grpid did not stick"
run sh -c "echo 1 > $N/ana_grpid"
run rmdir $P/ana_groups/2

# Referrals: address frozen while enabled; an enabled referral can be removed.
R=$P/referrals/r1
run mkdir $R
echo tcp >$R/addr_trtype && echo ipv4 >$R/addr_adrfam && echo 127.0.0.1 >$R/addr_traddr &&
	echo 8009 >$R/addr_trsvcid && echo 5 >$R/addr_portid || fail "referral address"
bad_write $R/addr_portid 70000 "Invalid argument"
bad_write $R/enable maybe "Invalid argument"
run sh -c "echo 1 > $R/enable"
bad_write $R/addr_traddr 127.0.0.2 "Permission denied"
[ "$(cat $R/enable)" = 1 ] || fail "referral enable"
run rmdir $R

# addr_tsas: an RDMA port has its one QP type; TCP has no TLS here.
run sh -c "echo rdma > $P/addr_trtype"
[ "$(cat $P/addr_tsas)" = connected ] || fail "addr_tsas of an rdma port"
run sh -c "echo connected > $P/addr_tsas"
bad_write $P/addr_tsas datagram "Invalid argument"
bad_write $P/addr_tsas none "Invalid argument"
run sh -c "echo tcp > $P/addr_trtype"
[ "$(cat $P/addr_tsas)" = none ] || fail "addr_tsas of a tcp port"
bad_write $P/addr_tsas tls1.3 "Invalid argument"
bad_write $P/addr_tsas connected "Invalid argument"
# "none" resets addr_treq to "not specified", as in-tree.
run sh -c "echo required > $P/addr_treq"
run sh -c "echo none > $P/addr_tsas"
[ "$(cat $P/addr_treq)" = "not specified" ] || fail "addr_tsas none left addr_treq '$(cat $P/addr_treq)'"
echo tcp >$P/addr_trtype && echo ipv4 >$P/addr_adrfam && echo 4420 >$P/addr_trsvcid &&
	echo 999.1.1.1 >$P/addr_traddr || fail "port address"
expect_fail "Invalid argument" ln -s $S $P/subsystems/$NQN
[ -e $P/subsystems/$NQN ] && fail "link with a malformed address exists"

# Locked while the port listens: needs a working transport.
echo 127.0.0.1 >$P/addr_traddr || fail "addr_traddr"
if ln -s $S $P/subsystems/$NQN 2>/dev/null; then
	on_exit "rm -f $P/subsystems/$NQN"
	bad_write $P/addr_traddr 127.0.0.2 "Permission denied"
	bad_write $P/addr_trsvcid 4421 "Permission denied"
	bad_write $P/addr_trtype rdma "Permission denied"
	bad_write $P/addr_adrfam ipv6 "Permission denied"
	bad_write $P/param_inline_data_size 8192 "Permission denied"
	bad_write $P/param_max_queue_size 64 "Permission denied"
	bad_write $P/addr_tsas none "Permission denied"
	[ "$(cat $P/param_max_queue_size)" = 1024 ] || fail "param_max_queue_size -1 did not resolve to 1024 on enable"
	run rm $P/subsystems/$NQN
	run sh -c "echo 127.0.0.2 > $P/addr_traddr"
else
	log "no transport could enable port 1: skipped the enabled-port checks"
fi
true
