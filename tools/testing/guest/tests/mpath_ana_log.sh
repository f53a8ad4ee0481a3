#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the target's ANA reporting byte by byte against two ports of one
# subsystem: Identify Controller (CMIC, ANACAP, ANATT, ANAGRPMAX, NANAGRPID)
# and Namespace (ANAGRPID), the ANA log page 0Ch with and without RGO, read
# whole and in pieces (offsets), its change count and per-group NSID lists
# with each port's own states; that an ana_state change sends the ANA AEN to
# the controllers of that port only, and none while the host turned the event
# off with Set Features (Asynchronous Event Configuration); controller IDs
# unique across the subsystem. The same script runs against the in-tree
# target, which it must pass too.
. /usr/lib/nvmeof/lib.sh
. /usr/lib/nvmeof/mpath_lib.sh

mp_net_setup lo
target_load
on_exit target_unload
host_load
on_exit host_unload
backend_nullblk
dev1=$BACKEND_DEV
backend_brd 64
dev2=$BACKEND_DEV

mp_export "$dev1"
mp_ana_groups 2
mp_add_ns 2 "$dev2" 2
mp_set_ana 1 1 optimized
mp_set_ana 2 1 non-optimized
mp_set_ana 1 2 non-optimized
mp_set_ana 2 2 optimized

TR=/sys/kernel/tracing
if [ ! -d $TR/events ]; then
	run mount -t tracefs nodev $TR
	on_exit "umount $TR"
fi
[ -d $TR/events/nvme/nvme_async_event ] || fail "no nvme_async_event trace event"
echo 1 >$TR/events/nvme/nvme_async_event/enable || fail "enable nvme_async_event"
on_exit "echo 0 > $TR/events/nvme/nvme_async_event/enable"
echo 1 >$TR/tracing_on
on_exit "echo 0 > $TR/tracing_on"

mp_connect
c0=/dev/${MP_CTRL[0]} c1=/dev/${MP_CTRL[1]}
mp_wait_path_state 0 optimized 15 1
mp_wait_path_state 1 optimized 15 2

# --- Identify ---
nvme id-ctrl "$c0" >/tmp/idctrl.txt || fail "id-ctrl"
idf() { awk -F: -v k="$1" '$1 ~ "^"k" *$" { gsub(/ /, "", $2); print $2 }' /tmp/idctrl.txt; }
[ $(($(idf cmic))) = $((0xb)) ] || fail "cmic $(idf cmic), want 0xb (multi-port, multi-controller, ANA)"
[ $(($(idf anacap))) = $((0x1f)) ] || fail "anacap $(idf anacap), want 0x1f"
[ "$(idf anatt)" = 10 ] || fail "anatt $(idf anatt)"
[ "$(idf anagrpmax)" = 128 ] || fail "anagrpmax $(idf anagrpmax)"
[ "$(idf nanagrpid)" = 128 ] || fail "nanagrpid $(idf nanagrpid)"
[ $(($(idf oaes) & 0x800)) != 0 ] || fail "oaes $(idf oaes) lacks ANA change"
for n in 1 2; do
	g=$(nvme id-ns "$c0" --namespace-id=$n | awk -F: '/^anagrpid/ { gsub(/ /, "", $2); print $2 }')
	[ "$g" = $n ] || fail "namespace $n anagrpid $g, want $n"
done
id0=$(cat /sys/class/nvme/${MP_CTRL[0]}/cntlid) id1=$(cat /sys/class/nvme/${MP_CTRL[1]}/cntlid)
[ "$id0" != "$id1" ] || fail "both controllers have cntlid $id0"
log "cntlids $id0 and $id1"

# --- ANA log ---
# ana_log CTRL FILE [get-log options...]: raw log page 0Ch (4 KiB unless told).
ana_log() {
	local c=$1 f=$2
	shift 2
	nvme get-log "$c" --log-id=12 --log-len=4096 --raw-binary "$@" >"$f" ||
		fail "get-log 0Ch on $c $*"
}
u() { od -An -t"u$3" -j "$2" -N "$3" "$1" | tr -d ' '; } # FILE OFFSET SIZE
# Sets ANA_DESC to "ngrps | grpid:state:nsid,nsid ..." for a raw log, ANA_LEN
# to its length and ANA_CHGCNT to its change count; each descriptor's change
# count must equal the header's.
ana_parse() {
	local f=$1 off=16 i k n g st j ns
	ANA_CHGCNT=$(u "$f" 0 8)
	n=$(u "$f" 8 2)
	ANA_DESC="$n |"
	for ((i = 0; i < n; i++)); do
		g=$(u "$f" $off 4)
		j=$(u "$f" $((off + 4)) 4)
		[ "$(u "$f" $((off + 8)) 8)" = "$ANA_CHGCNT" ] ||
			fail "group $g chgcnt $(u "$f" $((off + 8)) 8), header $ANA_CHGCNT"
		st=$(u "$f" $((off + 16)) 1)
		ns=
		for ((k = 0; k < j; k++)); do
			ns="$ns${ns:+,}$(u "$f" $((off + 32 + 4 * k)) 4)"
		done
		ANA_DESC="$ANA_DESC $g:$st:$ns"
		off=$((off + 32 + 4 * j))
	done
	ANA_LEN=$off
}
expect_log() { # CTRL WANT [get-log options...]
	local c=$1 want=$2
	shift 2
	ana_log "$c" /tmp/ana.bin "$@"
	ana_parse /tmp/ana.bin
	[ "$ANA_DESC" = "$want" ] || fail "ANA log of $c $*: '$ANA_DESC', want '$want'"
	log "ANA log of $c $*: $ANA_DESC (chgcnt $ANA_CHGCNT, $ANA_LEN bytes)"
}
# States: 1 optimized, 2 non-optimized, 3 inaccessible, 4 persistent loss, 15 change.
expect_log "$c0" "2 | 1:1:1 2:2:2"
expect_log "$c1" "2 | 1:2:1 2:1:2"
expect_log "$c0" "2 | 1:1: 2:2:" --lsp=1
[ "$ANA_LEN" = $((16 + 2 * 32)) ] || fail "RGO log length $ANA_LEN"
if [ "$NVMEOF_TARGET" = ours ]; then
	# Past the log's end: zeroes, not an error. (The in-tree target sends
	# whatever its buffer held there.)
	cmp -s <(head -c 4000 /dev/zero) <(tail -c 4000 /tmp/ana.bin) || fail "RGO log not zero-padded"
	# A piece at an offset is the same bytes as the whole log there. (The
	# in-tree target ignores the offset of log 0Ch and sends the start.)
	ana_log "$c1" /tmp/ana-full.bin
	ana_log "$c1" /tmp/ana-part.bin --log-len=40 --lpo=16
	cmp <(dd if=/tmp/ana-full.bin bs=1 skip=16 count=40 2>/dev/null) /tmp/ana-part.bin ||
		fail "ANA log read at offset 16 differs from the whole log"
	ana_log "$c1" /tmp/ana-part.bin --log-len=8 --lpo=48
	cmp <(dd if=/tmp/ana-full.bin bs=1 skip=48 count=8 2>/dev/null) /tmp/ana-part.bin ||
		fail "ANA log read at offset 48 differs from the whole log"
fi

# The change count moves with every change, and each port keeps its own state.
ana_log "$c0" /tmp/ana.bin
ana_parse /tmp/ana.bin
before=$ANA_CHGCNT
mp_set_ana 1 2 inaccessible
mp_wait_path_state 0 inaccessible 15 2
expect_log "$c0" "2 | 1:1:1 2:3:2"
[ "$ANA_CHGCNT" -gt "$before" ] || fail "chgcnt $ANA_CHGCNT did not move past $before"
expect_log "$c1" "2 | 1:2:1 2:1:2"
# Namespace 2 moves to group 1: group 2 stays (the ports have it), empty.
mp_ns_grpid 2 1
mp_wait_path_state 1 non-optimized 15 2
expect_log "$c0" "2 | 1:1:1,2 2:3:"
expect_log "$c1" "2 | 1:2:1,2 2:1:"
mp_ns_grpid 2 2
# A group made on port 1 only is reported on both ports, inaccessible where absent (as in-tree).
mp_ana_group 1 3
mp_set_ana 1 3 optimized
expect_log "$c0" "3 | 1:1:1 2:3:2 3:1:"
expect_log "$c1" "3 | 1:2:1 2:1:2 3:3:"
run rmdir $CFS/ports/1/ana_groups/3
expect_log "$c0" "2 | 1:1:1 2:3:2"

# --- ANA change AEN: to the changed port's controllers only ---
aens() { # CTRL: ANA change notices (result 0x0c0302) the host logged for CTRL
	grep -c "${1#/dev/}: NVME_AEN=0x0c0302" $TR/trace
}
sleep 1
: >$TR/trace
mp_set_ana 2 1 inaccessible
mp_wait_path_state 1 inaccessible 15 1
sleep 1
[ "$(aens "$c1")" = 1 ] || { cat $TR/trace; fail "$(aens "$c1") ANA AENs on ${MP_CTRL[1]}, want 1"; }
[ "$(aens "$c0")" = 0 ] || { cat $TR/trace; fail "ANA AEN on ${MP_CTRL[0]}, whose port did not change"; }
mp_set_ana 2 1 non-optimized
mp_wait_path_state 1 non-optimized 15 1
[ "$(aens "$c1")" = 2 ] || { cat $TR/trace; fail "second change: $(aens "$c1") AENs on ${MP_CTRL[1]}, want 2"; }

# The host turns the ANA change event off (keeping namespace attribute notices): no AEN, the
# host does not learn; on again: the next change arrives.
run nvme set-feature "$c1" --feature-id=0xb --value=0x100
: >$TR/trace
mp_set_ana 2 1 optimized
sleep 3
[ "$(aens "$c1")" = 0 ] || { cat $TR/trace; fail "ANA AEN sent with the event turned off"; }
[ "$(mp_path_state 1 1)" = non-optimized ] || fail "host learnt $(mp_path_state 1 1) without an AEN"
run nvme set-feature "$c1" --feature-id=0xb --value=0x900
mp_set_ana 2 1 inaccessible
mp_wait_path_state 1 inaccessible 15 1
[ "$(aens "$c1")" = 1 ] || { cat $TR/trace; fail "no ANA AEN after turning the event back on"; }
mp_set_ana 2 1 optimized
mp_wait_path_state 1 optimized 15 1
run dd if="$(mp_head 1)" of=/dev/null bs=4k count=64 iflag=direct
run dd if="$(mp_head 2)" of=/dev/null bs=4k count=64 iflag=direct
