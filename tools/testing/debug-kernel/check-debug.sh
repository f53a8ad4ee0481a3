#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make check-debug: builds (or reuses) the debug kernel, then runs the usual
# tools/testing/check.sh on it: our modules are built against its tree, the
# guest boots it, every timeout is multiplied by NVMEOF_TIMEOUT_SCALE (4)
# and kernel reports are attributed (ours fail, in-tree ones are shown).
# Output goes to tools/testing/out/debug so the stock results stay apart.
#
# usage: check-debug.sh [tier] [suite...]   (SUITES="a b" works as for check)
set -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
dir=$("$HERE/build.sh" --print-dir) || exit 1
export NVMEOF_KERNEL_ENV=$dir/env.sh
export NVMEOF_TIMEOUT_SCALE=${NVMEOF_TIMEOUT_SCALE:-4}
export NVMEOF_ATTRIBUTE_REPORTS=1
# KASAN reports only its first bug per boot unless told otherwise: an
# in-tree report must not hide one of ours later in the same boot.
# Debian trusts the CPU's and the boot loader's (QEMU's) random seeds; the
# fragment's allnoconfig does not, and its crng then stays unseeded for
# minutes: nvme gen-dhchap-key (getrandom, non-blocking) failed the auth tests.
export GUEST_CMDLINE="kasan_multi_shot random.trust_cpu=on random.trust_bootloader=on ${GUEST_CMDLINE:-}"
export OUT_DIR=${OUT_DIR:-$(cd "$HERE/../../.." && pwd)/tools/testing/out/debug}
# GUEST_KDIR and REF_KVER come from env.sh via qemu/config.sh; drop the
# stock values make exported so nothing reads them by accident.
unset GUEST_KDIR REF_KVER KERNEL_ROOT KERNEL_IMAGE KERNEL_MODDIR
# shellcheck source=/dev/null
. "$NVMEOF_KERNEL_ENV"
export GUEST_KDIR REF_KVER KERNEL_ROOT KERNEL_IMAGE KERNEL_MODDIR
echo "# debug kernel $REF_KVER from $dir (timeouts x$NVMEOF_TIMEOUT_SCALE)"
tier=${1:-full}
# The debug tier (fault injection: needs this kernel) rides along with full.
[ "$tier" = full ] && tier='(full|debug)'
[ $# -gt 0 ] && shift
exec "$HERE/../check.sh" "$tier" "$@"
