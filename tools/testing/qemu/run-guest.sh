#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Boots the reference kernel under QEMU (TCG, GUEST_SMP vCPUs, 2) with the base
# initramfs plus a small overlay holding the test plan, waits at most TIMEOUT
# seconds, and prints the guest's KTAP on stdout. Tests the guest never
# reported (it hung, panicked or was killed) are printed as failed, so a hung
# guest is a failed test, never a hung make. The serial console log is kept.
# QEMU_EXTRA is appended to QEMU's command line (make bench's icount clock).
#
# usage: run-guest.sh NAME PLAN_FILE TIMEOUT_S BASE_INITRAMFS
set -o pipefail
. "$(dirname "$0")/config.sh"
name=${1:?usage: run-guest.sh NAME PLAN TIMEOUT BASE_INITRAMFS}
plan=${2:?}
tmo=$(( ${3:?} * NVMEOF_TIMEOUT_SCALE ))
base=${4:?}
dir=$OUT_DIR/guest/$name
rm -rf "$dir"
mkdir -p "$dir/overlay/etc/nvmeof"
grep -v '^[[:space:]]*\(#\|$\)' "$plan" >"$dir/overlay/etc/nvmeof/plan"
# Settings the guest runner reads: timeout multiplier, report attribution.
{
	echo "NVMEOF_TIMEOUT_SCALE=$NVMEOF_TIMEOUT_SCALE"
	echo "NVMEOF_ATTRIBUTE_REPORTS=${NVMEOF_ATTRIBUTE_REPORTS:-0}"
} >"$dir/overlay/etc/nvmeof/harness.env"
(cd "$dir/overlay" && find . -print0 | cpio --null -o -H newc --quiet) >"$dir/overlay.cpio"
# The kernel unpacks concatenated cpio archives in order: the overlay wins.
cat "$base" "$dir/overlay.cpio" >"$dir/initramfs.cpio"

start=$(date +%s)
timeout --kill-after=10 "$tmo" qemu-system-x86_64 -accel tcg -cpu max -smp "${GUEST_SMP:-2}" -m "${GUEST_MEM:-3G}" \
	-nodefaults -display none -no-reboot -nic none \
	-kernel "$KERNEL_IMAGE" -initrd "$dir/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 loglevel=6 hung_task_timeout_secs=$(( ${HUNG_TASK_SECS:-60} * NVMEOF_TIMEOUT_SCALE )) ${GUEST_CMDLINE:-}" \
	-serial "file:$dir/console.log" -serial "file:$dir/ktap.log" \
	${QEMU_EXTRA:-} >"$dir/qemu.log" 2>&1
qrc=$?
secs=$(( $(date +%s) - start ))
rm -f "$dir/initramfs.cpio"

# Re-emit the guest's KTAP, filling in what it never reported.
awk -v planfile="$dir/overlay/etc/nvmeof/plan" -v qrc="$qrc" -v secs="$secs" -v tmo="$tmo" \
    -v console="$dir/console.log" '
BEGIN {
	n = 0
	while ((getline line < planfile) > 0) {
		split(line, f, /[ \t]+/)
		n++; names[n] = f[1]; expect[n] = ""
		if (match(line, /EXPECT_FAIL=[^ \t]+/))
			expect[n] = substr(line, RSTART + 12, RLENGTH - 12)
		if (match(line, /EXPECT_UNLOAD_FAIL=[^ \t]+/))
			unload_expect = substr(line, RSTART + 19, RLENGTH - 19)
	}
	n++; names[n] = "modules_unload"; expect[n] = unload_expect
	total = n
}
/^(not )?ok [0-9]+ / {
	i = ($1 == "not") ? $3 : $2
	failed[i] = ($1 == "not")
	seen[i] = 1
	resline[i] = $0
	diag[i] = block
	block = ""
	next
}
/^# nvmeof-guest: done/ { done = 1 }
/^KTAP version|^1\.\./ { next }
{ block = block (block == "" ? "" : "\n") $0 }
END {
	if (!done) {
		if (qrc == 124 || qrc == 137)
			print "# guest timed out after " tmo "s; console log: " console
		else
			print "# guest stopped early (qemu status " qrc "); console log: " console
	}
	print "1.." total
	for (i = 1; i <= total; i++) {
		if (diag[i] != "")
			print diag[i]
		if (!seen[i]) {
			if (block != "" && !printed_tail) {
				print block
				printed_tail = 1
			}
			if (expect[i] != "" && "guest never reported this test" ~ expect[i]) {
				print "ok " i " " names[i] " (expected failure detected: " expect[i] ")"
				continue
			}
			print "not ok " i " " names[i] " # guest never reported this test"
			continue
		}
		if (expect[i] != "") {
			# A harness self-test: passing means the harness caught the fault.
			if (failed[i] && diag[i] ~ expect[i])
				print "ok " i " " names[i] " (expected failure detected: " expect[i] ")"
			else
				print "not ok " i " " names[i] " # harness missed the expected failure /" expect[i] "/"
			continue
		}
		print resline[i]
	}
	print "# guest " (done ? "finished" : "FAILED") " in " secs "s"
}' "$dir/ktap.log"
