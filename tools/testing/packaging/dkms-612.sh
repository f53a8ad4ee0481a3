#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The .deb's DKMS build for Debian 13's kernel, without a Debian 13 machine:
# make deb, unpack nvmeof-dkms, check that its dkms.conf admits the 6.12
# kernel (BUILD_EXCLUSIVE_KERNEL, every BUILD_EXCLUSIVE_CONFIG option in the
# headers' .config), then run its MAKE line, as DKMS would
# (kernel_source_dir = the 6.12 headers), in the unpacked /usr/src tree
# inside the trixie build root (gcc-14, as on Debian 13). Every built module
# must carry the package version and the 6.12 vermagic; the guest then boots
# them (their version, ours-to-ours fio verify). Nothing is installed on
# this machine. Prints KTAP.
#   usage: dkms-612.sh   (KVER=6.12; OUT_DIR and the kernel from qemu/config.sh)
set -o pipefail
. "$(dirname "$0")/../qemu/config.sh"
cd "$PROJECT_ROOT" || exit 1
kver=$REF_KVER
kroot=$NVMEOF_CACHE/kernel/$kver
kdir=$kroot/usr/src/linux-headers-$kver
work=$OUT_DIR/packaging-dkms-612
rm -rf "$work"
mkdir -p "$work"
log=$work/steps.log
: >"$log"

tests=(version_consistent deb_build dkms_conf_admits_kernel dkms_make_builds guest_dkms_modules)
echo "KTAP version 1"
echo "1..${#tests[@]}"
. "$(dirname "$0")/steps.sh"

src=
deb_build() {
	make -s deb DEB_DIR="$work/deb" || return 1
	dpkg-deb -x "$work/deb/nvmeof-dkms_${v}_all.deb" "$work/root" || return 1
	src=$work/root/usr/src/nvmeof-$v
	[ -f "$src/dkms.conf" ] || { fail "no $src/dkms.conf in nvmeof-dkms"; return 1; }
	echo "unpacked nvmeof-dkms into $src"
}
# DKMS reads dkms.conf as shell with kernelver and kernel_source_dir set.
dkms_conf_admits_kernel() {
	local opt re cfg
	re=$(kernelver=$kver kernel_source_dir=$kdir bash -c ". '$src/dkms.conf' && echo \"\$BUILD_EXCLUSIVE_KERNEL\"") || return 1
	[[ $kver =~ $re ]] || { fail "BUILD_EXCLUSIVE_KERNEL '$re' does not match $kver"; return 1; }
	cfg=$(kernelver=$kver kernel_source_dir=$kdir bash -c ". '$src/dkms.conf' && echo \"\$BUILD_EXCLUSIVE_CONFIG\"") || return 1
	for opt in $cfg; do
		grep -qE "^$opt=(y|m)\$" "$kdir/.config" || { fail "$opt is not y or m in $kdir/.config"; return 1; }
	done
	echo "$kver matches '$re'; $cfg all set in its .config"
}
dkms_make_builds() {
	local cmd m ko count=0 names
	cmd=$(kernelver=$kver kernel_source_dir=$kdir bash -c ". '$src/dkms.conf' && echo \"\${MAKE[0]}\"") || return 1
	echo "MAKE[0]: $cmd (in $src, inside the trixie root)"
	# DKMS's environment has none of the harness's build variables
	# (qemu/config.sh exports NVMEOF_BUILD_WRAP for 6.12, which would have
	# the packaged Makefile wrap itself in the root a second time).
	(cd "$src" && env -u KVER -u REF_KVER -u KDIR -u GUEST_KDIR -u NVMEOF_BUILD_WRAP \
		"$TESTING_DIR/qemu/in-trixie-root.sh" "$kroot" $cmd) || return 1
	names=$(kernelver=$kver bash -c ". '$src/dkms.conf' && echo \"\${BUILT_MODULE_NAME[*]}\"") || return 1
	mkdir -p "$work/dkms-ko"
	for m in $names; do
		ko=$(find "$src" -name "$m.ko" | head -1)
		[ -n "$ko" ] || { fail "$m.ko not built"; return 1; }
		[ "$(modinfo -F version "$ko")" = "$v" ] || { fail "$ko: version $(modinfo -F version "$ko")"; return 1; }
		modinfo -F vermagic "$ko" | grep -q "^$kver " || { fail "$ko built for $(modinfo -F vermagic "$ko")"; return 1; }
		cp "$ko" "$work/dkms-ko/"
		count=$((count + 1))
	done
	echo "$count modules at $v for $kver"
}
guest_dkms_modules() { guest_modules packaging-dkms-612 "the .deb's DKMS recipe built for 6.12"; }

for t in "${tests[@]}"; do
	run_step "$t" needs
done
exit $((failed > 0))
