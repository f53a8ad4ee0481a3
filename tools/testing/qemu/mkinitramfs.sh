#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds the guest's base initramfs: busybox for the shell tools, the real
# nvme-cli/fio/kmod/iproute2 binaries with their libraries, only the kernel
# modules the tests need (dependencies resolved), our .ko files, and the guest
# scripts. Uncompressed: under TCG decompression costs more than copying.
#
# usage: mkinitramfs.sh OUTPUT.cpio [EXTRA_KO...]
set -e
. "$(dirname "$0")/config.sh"
out=${1:?usage: mkinitramfs.sh OUTPUT.cpio [EXTRA_KO...]}
shift
# The first command on a fresh clone may be this one: make its folder.
mkdir -p "$(dirname "$out")"

# Kernel modules the guest tests load (their dependencies come along).
KMODS=(
	configfs null_blk brd loop veth sch_netem ext4 virtio_net virtio_pci
	crc32c_generic crc32c-intel libcrc32c
	nvme-tcp nvme-rdma nvmet-tcp nvmet-rdma rdma_rxe crc32_generic crc32-pclmul
	ib_uverbs rdma_ucm
	sha512_generic
)
# Taken when the kernel has them (else check.sh builds siw as a peer module).
KMODS_OPTIONAL=(siw)
for m in "${KMODS_OPTIONAL[@]}"; do
	modprobe -d "$KERNEL_ROOT" -S "$REF_KVER" --show-depends "$m" >/dev/null 2>&1 &&
		KMODS+=("$m")
done
# Binaries copied with their shared libraries.
BINS=(bash nvme fio kmod ip rdma tc mkfs.ext4 blkdiscard sfdisk)
# EXTRA_BINS (space separated) adds more, e.g. perf for make profile.
read -r -a extra <<<"${EXTRA_BINS:-}"
BINS+=("${extra[@]}")

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# Merged /usr, as on Debian 12: binaries and libraries resolve either way.
mkdir -p "$root"/{usr/bin,usr/sbin,usr/lib,usr/lib64,etc/nvme,proc,sys,dev,tmp,run,mnt,root,var/tmp}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done
mkdir -p "$root/usr/lib/nvmeof" "$root/lib/modules/$REF_KVER"

copy_with_libs() {
	local f=$1 lib
	cp -L --parents "$f" "$root" 2>/dev/null || cp -L "$f" "$root$f"
	ldd "$f" 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib/{print $1}' |
	while read -r lib; do
		[ -e "$root$lib" ] || cp -L --parents "$lib" "$root"
	done
}

# busybox first; the real binaries below overwrite its applet links.
cp /bin/busybox "$root/usr/bin/busybox"
for applet in $("$root/usr/bin/busybox" --list-full); do
	case $applet in */busybox) continue ;; esac
	ln -sf /usr/bin/busybox "$root/usr/${applet#usr/}"
done
for b in "${BINS[@]}"; do
	path=$(command -v "$b") || { echo "mkinitramfs: $b not installed" >&2; exit 1; }
	rm -f "$root$path"
	copy_with_libs "$path"
done
for tool in modprobe insmod rmmod lsmod modinfo depmod; do
	ln -sf "$(command -v kmod)" "$root/usr/sbin/$tool"
done

# Kernel modules, with everything they pull in.
for m in "${KMODS[@]}"; do
	modprobe -d "$KERNEL_ROOT" -S "$REF_KVER" --show-depends "$m" |
		awk '$1 == "insmod" {print $2}'
done | sort -u | while read -r ko; do
	rel=${ko#"$KERNEL_ROOT"}
	mkdir -p "$root$(dirname "$rel")"
	cp "$ko" "$root$rel"
done
cp "$KERNEL_MODDIR"/modules.{order,builtin,builtin.modinfo} "$root/lib/modules/$REF_KVER/"
# Our modules live where DKMS puts them, so modprobe finds them by name.
if [ $# -gt 0 ]; then
	mkdir -p "$root/lib/modules/$REF_KVER/updates"
	cp "$@" "$root/lib/modules/$REF_KVER/updates/"
fi
depmod -b "$root" "$REF_KVER"

# Guest scripts.
cp "$TESTING_DIR"/guest/init "$root/init"
chmod +x "$root/init"
cp "$TESTING_DIR"/guest/*.sh "$root/usr/lib/nvmeof/"
mkdir -p "$root/usr/lib/nvmeof/tests"
cp "$TESTING_DIR"/guest/tests/*.sh "$root/usr/lib/nvmeof/tests/" 2>/dev/null || true
cp "$PROJECT_ROOT/tools/nvmeof-stats" "$root/usr/bin/"
# The package's drop-in where the .deb puts it, switched off as installed
# (suite packaging turns it on with nvmeof-dropin), and the one version.
mkdir -p "$root/usr/share/nvmeof/dropin" "$root/etc/modprobe.d" "$root/etc/tmpfiles.d"
cp "$PROJECT_ROOT"/tools/dropin/*.conf "$root/usr/share/nvmeof/dropin/"
cp "$PROJECT_ROOT/tools/nvmeof-dropin" "$root/usr/sbin/"
cp "$PROJECT_ROOT/VERSION" "$root/usr/share/nvmeof/VERSION"
for tool in "$OUT_DIR"/guest-bin/*; do
	[ -e "$tool" ] && cp "$tool" "$root/usr/bin/"
done

# A real host has these; nvme-cli reads them.
echo "nqn.2014-08.org.nvmexpress:uuid:5b3c7a1e-0f24-4d6b-9a3e-7c1d2e8f9a01" >"$root/etc/nvme/hostnqn"
echo "5b3c7a1e-0f24-4d6b-9a3e-7c1d2e8f9a01" >"$root/etc/nvme/hostid"
echo "root:x:0:0:root:/root:/bin/bash" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
: >"$root/etc/fstab"
mkdir -p "$root/etc/fio"

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
