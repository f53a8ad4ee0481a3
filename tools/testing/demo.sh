#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make demo: build, boot one guest, run guest/tests/demo.sh (our target and
# our host over TCP), and show what it printed in plain words.
set -o pipefail
. "$(dirname "$0")/qemu/config.sh"
cd "$PROJECT_ROOT" || exit 1
# make demo may be the very first command on a fresh clone.
mkdir -p "$OUT_DIR" || exit 1
echo "nvmeof demo: building the modules for $REF_KVER"
make -s modules KDIR="${GUEST_KDIR:-/lib/modules/$REF_KVER/build}" >/tmp/nvmeof-demo-build.log 2>&1 ||
	{ tail -20 /tmp/nvmeof-demo-build.log; echo "nvmeof demo: build failed"; exit 1; }
echo "nvmeof demo: building the guest image"
"$TESTING_DIR/qemu/mkinitramfs.sh" "$OUT_DIR/demo-initramfs.cpio" "$PROJECT_ROOT"/*.ko ||
	{ echo "nvmeof demo: guest image failed"; exit 1; }
echo "nvmeof demo: booting a QEMU guest (software emulation; about a minute)"
"$TESTING_DIR/qemu/run-guest.sh" demo "$TESTING_DIR/suites/demo.plan" 600 \
	"$OUT_DIR/demo-initramfs.cpio" >"$OUT_DIR/demo.ktap"
sed -n 's/^# \(demo: \)/\1/p; s/^#     /    /p' "$OUT_DIR/demo.ktap"
if grep -q '^ok 1 demo' "$OUT_DIR/demo.ktap"; then
	echo "nvmeof demo: PASSED"
else
	grep -E '^# (FAIL|demo failed)' "$OUT_DIR/demo.ktap"
	echo "nvmeof demo: FAILED (log: $OUT_DIR/guest/demo/)"
	exit 1
fi
