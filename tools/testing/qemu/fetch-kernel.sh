#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Fetches the reference kernel image package once into the cache (never into
# the system) and prepares its module tree for dependency resolution.
set -e
. "$(dirname "$0")/config.sh"
# Debian 13's kernel comes through the project's own trixie apt
# configuration, and its modules build in the trixie root.
if [ "$REF_KVER" = "$KVER_6_12" ]; then
	"$(dirname "$0")/fetch-trixie-kernel.sh"
	exec "$(dirname "$0")/trixie-root.sh"
fi

[ -f "$KERNEL_IMAGE" ] && [ -f "$KERNEL_MODDIR/modules.dep" ] && exit 0
echo "nvmeof: fetching linux-image-$REF_KVER into $KERNEL_ROOT"
dl=$(mktemp -d)
trap 'rm -rf "$dl"' EXIT
# _apt cannot write into a private temp dir; that warning is harmless.
fetch() { (cd "$dl" && apt-get download -q "linux-image-$REF_KVER" 2>&1 | grep -E '^E:' || true); }
fetch
# A fresh machine may have no package lists yet.
ls "$dl"/*.deb >/dev/null 2>&1 || { apt-get update -q >/dev/null; fetch; }
deb=$(ls "$dl"/linux-image-"$REF_KVER"_*.deb 2>/dev/null | head -1)
if [ -z "$deb" ]; then
	echo "nvmeof: apt-get download linux-image-$REF_KVER failed (run apt-get update?)" >&2
	exit 1
fi
rm -rf "$KERNEL_ROOT.tmp"
mkdir -p "$KERNEL_ROOT.tmp"
dpkg -x "$deb" "$KERNEL_ROOT.tmp"
# dpkg -x does not run the postinst: build modules.dep ourselves.
depmod -b "$KERNEL_ROOT.tmp" "$REF_KVER"
rm -rf "$KERNEL_ROOT"
mv "$KERNEL_ROOT.tmp" "$KERNEL_ROOT"
