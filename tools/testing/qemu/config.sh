# SPDX-License-Identifier: GPL-2.0-only
# Shared settings of the QEMU harness; sourced, never run.
REF_KVER=${REF_KVER:-6.1.0-56-amd64}
NVMEOF_CACHE=${NVMEOF_CACHE:-$HOME/.cache/nvmeof}
# The unpacked reference kernel: vmlinuz and its /lib/modules tree.
KERNEL_ROOT=${KERNEL_ROOT:-$NVMEOF_CACHE/kernel/$REF_KVER}
KERNEL_IMAGE=${KERNEL_IMAGE:-$KERNEL_ROOT/boot/vmlinuz-$REF_KVER}
KERNEL_MODDIR=${KERNEL_MODDIR:-$KERNEL_ROOT/lib/modules/$REF_KVER}
TESTING_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROJECT_ROOT=$(cd "$TESTING_DIR/../.." && pwd)
OUT_DIR=${OUT_DIR:-$PROJECT_ROOT/tools/testing/out}
