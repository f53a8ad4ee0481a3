#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Provides the iWARP peer of the guest tests: the kernel's own soft-iWARP
# driver (siw). Debian's 6.1 kernel is built without it (CONFIG_RDMA_SIW is
# not set), so when the guest kernel lacks siw.ko this builds the kernel's
# siw sources, taken unmodified from Debian's linux-source package of the
# same version, as an external module against GUEST_KDIR. It is a test
# fixture like null_blk or rdma_rxe: nothing of it goes into our modules.
# The result is cached under $NVMEOF_CACHE/siw, keyed by the source package
# version and the kernel it was built for.
#
# usage: build-siw.sh OUT_DIR   (prints the .ko path to put in the guest
#                               image, or nothing when the kernel has siw)
set -e
. "$(dirname "$0")/config.sh"
out=${1:?usage: build-siw.sh OUT_DIR}
kdir=${GUEST_KDIR:-/lib/modules/$REF_KVER/build}

if modprobe -d "$KERNEL_ROOT" -S "$REF_KVER" --show-depends siw >/dev/null 2>&1; then
	exit 0		# the kernel ships it: mkinitramfs takes it from there
fi

series=$(echo "$REF_KVER" | cut -d. -f1-2)
pkg=linux-source-$series
tarball=/usr/src/$pkg.tar.xz
if [ "$REF_KVER" = "$KVER_6_12" ]; then
	# Debian 13's source package, unpacked with its kernel (fetch-trixie-kernel.sh).
	tarball=$KERNEL_ROOT/usr/src/$pkg.tar.xz
	ver=$KPKG_6_12
else
	ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || ver=
fi
if [ -z "$ver" ] || [ ! -f "$tarball" ]; then
	echo "build-siw: $pkg is not installed (tools/testing/qemu/install-deps.sh installs it)" >&2
	exit 1
fi
# The kernel the module must load into: its build tree's release string.
krel=$(cat "$kdir/include/config/kernel.release" 2>/dev/null) || krel=$REF_KVER
key=$(printf '%s\n' "$ver" "$krel" "$(sha256sum <"$kdir/.config" 2>/dev/null | cut -c1-16)" |
	sha256sum | cut -c1-16)
cache=$NVMEOF_CACHE/siw/$key
if [ ! -f "$cache/siw.ko" ]; then
	rm -rf "$cache.tmp"
	mkdir -p "$cache.tmp"
	tar -xJf "$tarball" -C "$cache.tmp" --strip-components=5 \
		"$pkg/drivers/infiniband/sw/siw"
	# Its Makefile builds siw.o under CONFIG_RDMA_SIW, which the kernel's
	# config lacks: set it for this one external build.
	# shellcheck disable=SC2086
	NVMEOF_BUILD_BINDS="$cache.tmp" nice -n "${SIW_NICE:-10}" ${NVMEOF_BUILD_WRAP:-} \
		make -s -C "$kdir" M="$cache.tmp" CONFIG_RDMA_SIW=m modules >&2
	strip --strip-debug "$cache.tmp/siw.ko"
	rm -rf "$cache"
	mkdir -p "$cache"
	cp "$cache.tmp/siw.ko" "$cache/siw.ko"
	echo "$pkg $ver for $krel" >"$cache/source"
	rm -rf "$cache.tmp"
fi
mkdir -p "$out"
cp "$cache/siw.ko" "$out/siw.ko"
echo "$out/siw.ko"
