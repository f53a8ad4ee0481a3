#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Provides the in-tree target peer on Debian 13's kernel: the kernel's own
# nvmet, nvmet-tcp and nvmet-rdma, built without NVMe passthrough. Debian 13
# builds nvmet with CONFIG_NVME_TARGET_PASSTHRU=y, which links passthru.c
# against the in-tree host core, so "modprobe nvmet" loads nvme-core, and
# our nvmeof-host refuses to load beside nvme-core (both register the nvme,
# nvme-subsystem and nvme-generic classes): no test of our host against the
# in-tree target could run. This builds drivers/nvme/target, taken
# unmodified from Debian's linux-source-6.12 of the same version, as
# external modules against GUEST_KDIR with passthrough (and the loop and FC
# transports, which need the host core too) left out; everything else as
# Debian configures it (in-band authentication through nvme-auth, TLS
# through nvme-keyring: neither needs nvme-core). mkinitramfs puts them in
# updates/, which depmod prefers, so "modprobe nvmet" in the guest loads
# them. A test fixture like siw (build-siw.sh): nothing of it goes into our
# modules. The result is cached under $NVMEOF_CACHE/nvmet, keyed by the
# source package version, the kernel it was built for and this recipe.
#
# usage: build-nvmet.sh OUT_DIR   (prints the .ko paths to put in the guest
#                                 image; nothing on other kernels than 6.12)
set -e
. "$(dirname "$0")/config.sh"
out=${1:?usage: build-nvmet.sh OUT_DIR}
kdir=${GUEST_KDIR:-/lib/modules/$REF_KVER/build}
MODS=(nvmet nvmet-tcp nvmet-rdma)

# Debian 12's nvmet has no passthrough: its own modules are the peer there.
[ "$REF_KVER" = "$KVER_6_12" ] || exit 0

pkg=linux-source-$(echo "$REF_KVER" | cut -d. -f1-2)
tarball=$KERNEL_ROOT/usr/src/$pkg.tar.xz
ver=$KPKG_6_12
if [ ! -f "$tarball" ]; then
	echo "build-nvmet: no $tarball (tools/testing/qemu/fetch-trixie-kernel.sh fetches it)" >&2
	exit 1
fi

# Our two files beside the kernel's sources. The Kbuild file wins over the
# kernel's Makefile, which it then includes: the CONFIG_ values set here
# decide which objects its obj-/nvmet- lines name. Options the kernel's
# .config leaves off stay off (debugfs).
kbuild_text() {
	cat <<'EOT'
# nvmeof test peer (tools/testing/qemu/build-nvmet.sh): the kernel's nvmet
# without passthrough, loop and FC, which link against nvme-core.
CONFIG_NVME_TARGET_PASSTHRU :=
CONFIG_NVME_TARGET_LOOP :=
CONFIG_NVME_TARGET_FC :=
CONFIG_NVME_TARGET_FCLOOP :=
include $(src)/Makefile
# After kbuild's -include of kconfig.h (LINUXINCLUDE comes before ccflags-y
# in scripts/Makefile.lib's c_flags), so autoconf.h's value is undone.
ccflags-y += -include $(src)/nvmeof-peer-config.h
EOT
}
header_text() {
	cat <<'EOT'
/* SPDX-License-Identifier: GPL-2.0-only */
/* nvmeof test peer (build-nvmet.sh): the C side of its Kbuild's CONFIG_ lines. */
#undef CONFIG_NVME_TARGET_PASSTHRU
#undef CONFIG_NVME_TARGET_LOOP
#undef CONFIG_NVME_TARGET_LOOP_MODULE
#undef CONFIG_NVME_TARGET_FC
#undef CONFIG_NVME_TARGET_FC_MODULE
#undef CONFIG_NVME_TARGET_FCLOOP
#undef CONFIG_NVME_TARGET_FCLOOP_MODULE
EOT
}

krel=$(cat "$kdir/include/config/kernel.release" 2>/dev/null) || krel=$REF_KVER
key=$(printf '%s\n' "$ver" "$krel" "$(sha256sum <"$kdir/.config" 2>/dev/null | cut -c1-16)" \
	"$(kbuild_text; header_text)" | sha256sum | cut -c1-16)
cache=$NVMEOF_CACHE/nvmet/$key
have_all() {
	local m
	for m in "${MODS[@]}"; do
		[ -f "$cache/$m.ko" ] || return 1
	done
}
if ! have_all; then
	rm -rf "$cache.tmp"
	mkdir -p "$cache.tmp"
	tar -xJf "$tarball" -C "$cache.tmp" --strip-components=4 \
		"$pkg/drivers/nvme/target"
	kbuild_text >"$cache.tmp/Kbuild"
	header_text >"$cache.tmp/nvmeof-peer-config.h"
	# shellcheck disable=SC2086
	NVMEOF_BUILD_BINDS="$cache.tmp" nice -n "${NVMET_NICE:-10}" ${NVMEOF_BUILD_WRAP:-} \
		make -s -C "$kdir" M="$cache.tmp" modules >&2
	for m in "${MODS[@]}"; do
		[ -f "$cache.tmp/$m.ko" ] || { echo "build-nvmet: $m.ko was not built" >&2; exit 1; }
		# The point of the build: fail here, not in a guest, if passthrough
		# (or anything else) still pulls in the host core.
		deps=$(modinfo -F depends "$cache.tmp/$m.ko")
		case ,$deps, in
		*,nvme-core,* | *,nvme-fabrics,*)
			echo "build-nvmet: $m.ko depends on $deps" >&2
			exit 1 ;;
		esac
		strip --strip-debug "$cache.tmp/$m.ko"
	done
	# In-band authentication stays as Debian configures it: the auth tests
	# (auth_interop_intree_target) need it in this peer.
	if grep -q '^CONFIG_NVME_TARGET_AUTH=y' "$kdir/.config" &&
	   ! modinfo -F depends "$cache.tmp/nvmet.ko" | tr ',' '\n' | grep -qx nvme-auth; then
		echo "build-nvmet: nvmet.ko built without NVME_TARGET_AUTH (no nvme-auth dependency)" >&2
		exit 1
	fi
	rm -rf "$cache"
	mkdir -p "$cache"
	for m in "${MODS[@]}"; do
		cp "$cache.tmp/$m.ko" "$cache/$m.ko"
	done
	echo "$pkg $ver drivers/nvme/target for $krel, without passthrough" >"$cache/source"
	rm -rf "$cache.tmp"
fi
mkdir -p "$out"
for m in "${MODS[@]}"; do
	cp "$cache/$m.ko" "$out/$m.ko"
	echo "$out/$m.ko"
done
