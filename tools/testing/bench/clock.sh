# SPDX-License-Identifier: GPL-2.0-only
# The guest's clock for make bench and make profile; sourced, never run.
# bench_clock MODE SMP SHIFT sets GUEST_SMP and QEMU_EXTRA for run-guest.sh:
#   icount  QEMU advances the guest's clock by 2^SHIFT ns per instruction
#           (-icount shift=SHIFT,sleep=off), one vCPU unless SMP says more:
#           every figure is then the guest's work, not the emulator's speed
#   wall    the host's clock, two vCPUs unless SMP says otherwise
# Returns 1 on an unknown mode.
bench_clock() { # MODE SMP SHIFT
	case $1 in
	icount)
		GUEST_SMP=${2:-1}
		QEMU_EXTRA="-icount shift=${3:-1},sleep=off${QEMU_EXTRA:+ $QEMU_EXTRA}"
		# QEMU 7.2 runs icount vCPUs round-robin on one thread; two of them
		# did not get past SMP bring-up in five minutes (bench.md).
		[ "$GUEST_SMP" = 1 ] || echo "warning: $GUEST_SMP vCPUs under icount stalled at boot before"
		;;
	wall)
		GUEST_SMP=${2:-2}
		;;
	*)
		echo "the clock must be icount or wall, not $1"
		return 1
		;;
	esac
	export GUEST_SMP QEMU_EXTRA
}
