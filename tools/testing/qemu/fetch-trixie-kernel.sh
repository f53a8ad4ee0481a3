#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Fetches the pinned Debian 13 (trixie) kernel (kernels.conf: KVER_6_12) into
# the cache: linux-image, linux-headers (flavour and -common) and the matching
# linux-kbuild, all unpacked with dpkg -x into $NVMEOF_CACHE/kernel/<kver>,
# then depmod on its modules. The packages come through an apt configuration
# private to the project ($NVMEOF_CACHE/apt-trixie: its own sources list,
# state, cache and parts directories, an empty dpkg status), so the machine's
# own apt state is never read or written. linux-source-6.12 comes too, for
# the soft-iWARP peer (build-siw.sh). Resumable and idempotent: the
# downloaded .debs stay in the private apt cache, the tree is unpacked into
# <kver>.tmp and renamed only when complete, and a complete tree is a no-op.
#
# usage: fetch-trixie-kernel.sh   (env: NVMEOF_CACHE)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernels.conf
. "$HERE/kernels.conf"
NVMEOF_CACHE=${NVMEOF_CACHE:-$HOME/.cache/nvmeof}
kver=$KVER_6_12
pkgver=$KPKG_6_12
abi=${kver%-amd64}			# 6.12.118+deb13
root=$NVMEOF_CACHE/kernel/$kver

# Debian 12's keyring carries trixie's archive and security keys.
KEYRING=${NVMEOF_TRIXIE_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
MIRROR=${NVMEOF_TRIXIE_MIRROR:-http://deb.debian.org/debian}
SECURITY=${NVMEOF_TRIXIE_SECURITY:-http://deb.debian.org/debian-security}
apt_dir=$NVMEOF_CACHE/apt-trixie
mkdir -p "$apt_dir"/etc/sources.list.d "$apt_dir"/etc/preferences.d \
	"$apt_dir"/etc/apt.conf.d "$apt_dir"/etc/trusted.gpg.d \
	"$apt_dir"/state/lists/partial "$apt_dir"/cache/archives/partial
: >>"$apt_dir/state/status"
cat >"$apt_dir/etc/sources.list.new" <<EOT
deb [signed-by=$KEYRING] $MIRROR trixie main
deb [signed-by=$KEYRING] $SECURITY trixie-security main
EOT
mv "$apt_dir/etc/sources.list.new" "$apt_dir/etc/sources.list"
apt_opts=(
	-o "Dir::State=$apt_dir/state"
	-o "Dir::State::status=$apt_dir/state/status"
	-o "Dir::Cache=$apt_dir/cache"
	-o "Dir::Etc::sourcelist=$apt_dir/etc/sources.list"
	-o "Dir::Etc::sourceparts=$apt_dir/etc/sources.list.d"
	-o "Dir::Etc::preferencesparts=$apt_dir/etc/preferences.d"
	-o "Dir::Etc::parts=$apt_dir/etc/apt.conf.d"
	-o "Dir::Etc::trusted=$apt_dir/etc/trusted.gpg"
	-o "Dir::Etc::trustedparts=$apt_dir/etc/trusted.gpg.d"
	-o "APT::Architecture=amd64"
	-o "APT::Architectures::=amd64"
	-o "Debug::NoLocking=1"
	# root's downloads into a cache _apt cannot enter: fine, and quiet.
	-o "APT::Sandbox::User=root"
	-q
)
pkgs=("linux-image-$kver" "linux-headers-$kver" "linux-headers-$abi-common"
	"linux-kbuild-$abi"
	# the kernel's own sources, for the soft-iWARP peer (build-siw.sh)
	"linux-source-$(echo "$kver" | cut -d. -f1-2)")
# The stamp names what the tree was unpacked from: a new pin or package
# list unpacks again.
stamp="${pkgs[*]} $pkgver"
[ "$(cat "$root/.complete" 2>/dev/null)" = "$stamp" ] && exit 0

debs=()
have_all() {
	local p f
	debs=()
	for p in "${pkgs[@]}"; do
		f=$(ls "$apt_dir/cache/archives/${p}_${pkgver//:/%3a}_"*.deb 2>/dev/null | head -1)
		[ -n "$f" ] || return 1
		debs+=("$f")
	done
}
if ! have_all; then
	echo "nvmeof: fetching ${pkgs[*]} ($pkgver) from trixie into $apt_dir"
	# Lists older than a day are refreshed; a pinned version that left the
	# archive shows up as a download error naming it.
	if [ -z "$(find "$apt_dir/state/lists" -maxdepth 1 -name '*_Packages' -mtime -1 2>/dev/null)" ]; then
		apt-get "${apt_opts[@]}" update >/dev/null
	fi
	(cd "$apt_dir/cache/archives" &&
		apt-get "${apt_opts[@]}" download "${pkgs[@]/%/=$pkgver}")
	have_all || { echo "nvmeof: trixie download incomplete (${pkgs[*]} $pkgver)" >&2; exit 1; }
fi

echo "nvmeof: unpacking $kver into $root"
rm -rf "$root.tmp"
mkdir -p "$root.tmp"
for d in "${debs[@]}"; do
	dpkg-deb --info "$d" >/dev/null	# a truncated download fails here, not later
	dpkg -x "$d" "$root.tmp"
done
# Trixie's packages install under /usr (merged /usr): give the tree the
# /lib link a merged system has, so lib/modules/<kver> is where depmod,
# modprobe -d and the harness (qemu/config.sh) look.
[ -e "$root.tmp/lib" ] || ln -s usr/lib "$root.tmp/lib"
# dpkg -x does not run the postinst: build modules.dep ourselves.
depmod -b "$root.tmp" "$kver"
echo "$stamp" >"$root.tmp/.complete"
rm -rf "$root"
mv "$root.tmp" "$root"
