# SPDX-License-Identifier: GPL-2.0-only
# Shared settings of the QEMU harness; sourced, never run.
# Another kernel (make check-debug's debug kernel) is selected by pointing
# NVMEOF_KERNEL_ENV at a file that sets REF_KVER, KERNEL_ROOT, KERNEL_IMAGE,
# KERNEL_MODDIR and GUEST_KDIR; without it the stock Debian kernel is used.
if [ -n "${NVMEOF_KERNEL_ENV:-}" ]; then
	# shellcheck source=/dev/null
	. "$NVMEOF_KERNEL_ENV" || return 1
fi
# The pinned kernels (KVER_6_1, KVER_6_12); KVER=6.12 or KVER=<release>
# picks one, as for make, else REF_KVER (make exports it), else Debian 12's.
# shellcheck source=kernels.conf
. "$(dirname "${BASH_SOURCE[0]}")/kernels.conf"
if [ -n "${KVER:-}" ] && [ -z "${NVMEOF_KERNEL_ENV:-}" ]; then
	_kv=KVER_${KVER//./_}
	REF_KVER=${!_kv:-$KVER}
fi
REF_KVER=${REF_KVER:-$KVER_6_1}
NVMEOF_CACHE=${NVMEOF_CACHE:-$HOME/.cache/nvmeof}
# The unpacked reference kernel: vmlinuz and its /lib/modules tree.
KERNEL_ROOT=${KERNEL_ROOT:-$NVMEOF_CACHE/kernel/$REF_KVER}
KERNEL_IMAGE=${KERNEL_IMAGE:-$KERNEL_ROOT/boot/vmlinuz-$REF_KVER}
KERNEL_MODDIR=${KERNEL_MODDIR:-$KERNEL_ROOT/lib/modules/$REF_KVER}
# Debian 13's kernel (fetch-trixie-kernel.sh) has its headers in the same
# tree and builds inside the trixie root (in-trixie-root.sh).
if [ "$REF_KVER" = "$KVER_6_12" ]; then
	GUEST_KDIR=${GUEST_KDIR:-$KERNEL_ROOT/usr/src/linux-headers-$REF_KVER}
	NVMEOF_BUILD_WRAP=${NVMEOF_BUILD_WRAP:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/in-trixie-root.sh $KERNEL_ROOT}
	export NVMEOF_BUILD_WRAP
fi
TESTING_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROJECT_ROOT=$(cd "$TESTING_DIR/../.." && pwd)
# Results of another pinned kernel stay apart from Debian 12's.
if [ "$REF_KVER" = "$KVER_6_1" ] || [ -n "${NVMEOF_KERNEL_ENV:-}" ]; then
	OUT_DIR=${OUT_DIR:-$PROJECT_ROOT/tools/testing/out}
else
	OUT_DIR=${OUT_DIR:-$PROJECT_ROOT/tools/testing/out/$REF_KVER}
fi
# Multiplies every guest timeout (boot, per test, hung-task): slow kernels.
NVMEOF_TIMEOUT_SCALE=${NVMEOF_TIMEOUT_SCALE:-1}
