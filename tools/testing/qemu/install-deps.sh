#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian packages the build and the test harness need; a no-op
# when everything is already there, so make check can call it every time.
set -e
. "$(dirname "$0")/config.sh"

PKGS=(
	build-essential kmod cpio zstd xz-utils
	"linux-headers-$KVER_6_1" sparse clang llvm libclang-rt-14-dev
	qemu-system-x86 busybox-static bash
	nvme-cli fio iproute2 rdma-core e2fsprogs util-linux fdisk
	gnuplot-nox dkms python3
	# make deb and its test: Debian's packaging tools with the DKMS addon
	debhelper dh-dkms
	libibverbs-dev librdmacm-dev
	# nvmeof-auth-client (auth_hostile): HMAC from static libcrypto
	libssl-dev
	# the kernel's own siw sources: the iWARP peer (build-siw.sh)
	"linux-source-$(echo "$KVER_6_1" | cut -d. -f1-2)"
	# the trixie build root for Debian 13's kernel (trixie-root.sh)
	debootstrap
)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "nvmeof: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "nvmeof: need root to install: apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
