#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The .deb on this machine, as an administrator installs it: make deb, then
# dpkg -i, which registers the source with DKMS and builds and installs the
# modules for every installed kernel with headers (here 6.1.0-56-amd64, never
# the running kernel: nothing is loaded on this machine); dkms status; the
# BUILD_EXCLUSIVE refusals; apt-get remove and purge take it all away again.
# The modules DKMS built are then booted in the guest (suite plan written
# here: their version, and ours-to-ours fio verify). Prints KTAP; whatever
# happens, the package is purged and the machine left as it was found.
#   usage: deb-test.sh   (root; OUT_DIR from qemu/config.sh)
set -o pipefail
. "$(dirname "$0")/../qemu/config.sh"
cd "$PROJECT_ROOT" || exit 1
kver=$REF_KVER
work=$OUT_DIR/packaging-deb
moddir=/lib/modules/$kver
dkms_dir=$moddir/updates/dkms
rm -rf "$work"
mkdir -p "$work"
log=$work/steps.log
: >"$log"

tests=(version_consistent deb_build deb_contents dpkg_install dkms_status_installed
	dkms_refuses_unsupported deb_upgrade apt_remove apt_purge machine_clean guest_dkms_modules)
echo "KTAP version 1"
echo "1..${#tests[@]}"
. "$(dirname "$0")/steps.sh"

if [ "$(id -u)" -ne 0 ]; then
	for t in "${tests[@]}"; do
		n=$((n + 1))
		echo "ok $n $t # SKIP needs root (dpkg -i, dkms)"
	done
	exit 0
fi

# dpkg and DKMS state is the machine's: one run at a time.
exec 9>"${TMPDIR:-/tmp}/nvmeof-deb-test.lock"
if ! flock -w 1200 9; then
	echo "not ok 1 version_consistent # another deb-test.sh held the lock for 20 minutes"
	exit 1
fi

# What this machine looked like before: restored by cleanup.
ls -A "$moddir" >"$work/moddir.before" 2>/dev/null
mok_existed=0
[ -e /var/lib/dkms/mok.key ] && mok_existed=1
cleanup() {
	local f
	if dpkg-query -W -f='${Status}' nvmeof-dkms 2>/dev/null | grep -q installed ||
		dpkg-query -W -f='${Status}' nvmeof-tools 2>/dev/null | grep -q installed ||
		dpkg -l nvmeof-dkms nvmeof-tools 2>/dev/null | grep -q '^[ir][a-z]  *nvmeof'; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -q nvmeof-dkms nvmeof-tools >>"$log" 2>&1 ||
			dpkg --purge nvmeof-dkms nvmeof-tools >>"$log" 2>&1
	fi
	[ -d /var/lib/dkms/nvmeof ] && dkms remove -m nvmeof --all >>"$log" 2>&1
	rm -rf /var/lib/dkms/nvmeof /usr/src/nvmeof-"$v" /usr/src/nvmeof-"$v"+upgradetest
	rm -f /etc/modprobe.d/nvmeof-dropin.conf /etc/tmpfiles.d/nvmeof-dropin.conf
	# depmod's index files and the updates/ folders appeared with our modules.
	if [ -s "$work/moddir.before" ]; then
		for f in $(ls -A "$moddir" 2>/dev/null); do
			grep -qx "$f" "$work/moddir.before" || rm -rf "${moddir:?}/$f"
		done
	fi
	if [ $mok_existed -eq 0 ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
}
trap cleanup EXIT

deb_build() {
	local before after
	if dpkg -l nvmeof-dkms nvmeof-tools 2>/dev/null | grep -q '^ii'; then
		fail "nvmeof-dkms or nvmeof-tools is installed already: not touching it"
		return 1
	fi
	[ -e /var/lib/dkms/nvmeof ] && { fail "DKMS already has nvmeof registered"; return 1; }
	[ -d .git ] || [ -f .git ] && before=$(git status --porcelain)
	make -s deb DEB_DIR="$work/deb" || return 1
	after=$(git status --porcelain 2>/dev/null)
	[ "$before" = "$after" ] || { fail "make deb changed the tree:"; diff <(echo "$before") <(echo "$after"); return 1; }
	ls -l "$work/deb/nvmeof-dkms_${v}_all.deb" "$work/deb/nvmeof-tools_${v}_all.deb" || return 1
}
deb_contents() {
	local c src=./usr/src/nvmeof-$v
	c=$(dpkg-deb -c "$work/deb/nvmeof-dkms_${v}_all.deb" | awk '{print $6}') || return 1
	for f in "$src/dkms.conf" "$src/Kbuild" "$src/Makefile" "$src/VERSION" "$src/host/fabrics.c" \
		"$src/include/nvmeof/compat-probes.sh" ./usr/sbin/nvmeof-dropin \
		./usr/share/nvmeof/dropin/modprobe.conf ./usr/share/nvmeof/dropin/tmpfiles.conf; do
		grep -qx "$f" <<<"$c" || { fail "nvmeof-dkms lacks $f"; return 1; }
	done
	if grep -E '\.(o|ko|cmd)$|compat-generated|/tools/testing/|/etc/modprobe.d' <<<"$c"; then
		fail "nvmeof-dkms ships build products, tests or an active modprobe.d file"
		return 1
	fi
	c=$(dpkg-deb -c "$work/deb/nvmeof-tools_${v}_all.deb") || return 1
	grep -q ' ./usr/sbin/nvmeof-stats$' <<<"$c" || { fail "nvmeof-tools lacks /usr/sbin/nvmeof-stats"; return 1; }
	c=$(dpkg-deb -f "$work/deb/nvmeof-dkms_${v}_all.deb" Depends) || return 1
	echo "nvmeof-dkms depends on: $c"
	grep -q 'dkms (>= 3' <<<"$c" || { fail "nvmeof-dkms does not depend on dkms >= 3 (BUILD_EXCLUSIVE_CONFIG)"; return 1; }
	echo "contents as expected"
}
installed=0
dpkg_install() {
	installed=1
	dpkg -i "$work/deb/nvmeof-dkms_${v}_all.deb" "$work/deb/nvmeof-tools_${v}_all.deb" || return 1
}
dkms_status_installed() {
	local st ko count=0
	st=$(dkms status nvmeof)
	echo "dkms status: $st"
	grep -q "^nvmeof/$v, $kver, x86_64: installed" <<<"$st" || { fail "not installed for $kver"; return 1; }
	for m in nvmeof-core nvmeof-host nvmeof-host-tcp nvmeof-target nvmeof-target-tcp \
		nvmeof-core-rdma nvmeof-host-rdma nvmeof-target-rdma; do
		ko=$(ls "$dkms_dir/$m.ko"* 2>/dev/null | head -1)
		[ -n "$ko" ] || { fail "$dkms_dir/$m.ko missing"; return 1; }
		[ "$(modinfo -F version "$ko")" = "$v" ] || { fail "$ko: version $(modinfo -F version "$ko")"; return 1; }
		modinfo -F vermagic "$ko" | grep -q "^$kver " || { fail "$ko built for $(modinfo -F vermagic "$ko")"; return 1; }
		grep -q "updates/dkms/$m.ko" "$moddir/modules.dep" || { fail "$m not in modules.dep"; return 1; }
		count=$((count + 1))
	done
	grep -q 'char-major-10-249 nvmeof_host' "$moddir/modules.alias" || { fail "modules.alias lacks char-major-10-249"; return 1; }
	# Kept for the guest boot: the package is removed before it.
	mkdir -p "$work/dkms-ko"
	cp "$dkms_dir"/nvmeof-*.ko* "$work/dkms-ko/"
	echo "$count modules at $v in $dkms_dir"
	# The switch on, to prove that removing the package turns it off.
	NVMEOF_DROPIN_NODE=0 nvmeof-dropin on || return 1
	[ -L /etc/modprobe.d/nvmeof-dropin.conf ] || { fail "nvmeof-dropin on made no link"; return 1; }
}
# A kernel outside BUILD_EXCLUSIVE_KERNEL, then one inside it whose .config
# lacks CONFIG_CONFIGFS_FS: both refused with DKMS's exit status 77.
dkms_refuses_unsupported() {
	local fake=$work/fake-kernel out rc
	mkdir -p "$fake"
	cp "$moddir/build/.config" "$fake/.config"
	out=$(dkms build -m nvmeof -v "$v" -k 5.10.0-99-amd64 --kernelsourcedir "$fake" 2>&1)
	rc=$?
	echo "$out"
	[ $rc -eq 77 ] || { fail "5.10 kernel: dkms build exit status $rc, want 77"; return 1; }
	grep -q 'BUILD_EXCLUSIVE directive which does not match this kernel' <<<"$out" ||
		{ fail "no BUILD_EXCLUSIVE message for 5.10"; return 1; }
	sed -i '/^CONFIG_CONFIGFS_FS=/d' "$fake/.config"
	out=$(dkms build -m nvmeof -v "$v" -k 6.1.999-fake --kernelsourcedir "$fake" 2>&1)
	rc=$?
	echo "$out"
	[ $rc -eq 77 ] || { fail "6.1 kernel without CONFIG_CONFIGFS_FS: exit status $rc, want 77"; return 1; }
	grep -q 'BUILD_EXCLUSIVE directive' <<<"$out" || { fail "no BUILD_EXCLUSIVE message without configfs"; return 1; }
	dkms status nvmeof | grep -qE '5\.10|6\.1\.999' && { fail "a refused kernel shows in dkms status"; return 1; }
	echo "refused 5.10.0-99-amd64 and a 6.1 kernel without CONFIG_CONFIGFS_FS"
}
# A newer version over the installed one, as an upgrade arrives: the old
# version leaves DKMS for every kernel, the new one is built and installed,
# and the drop-in switch stays as it was (on).
cur=
deb_upgrade() {
	local up=$work/upgrade nv=${v}+upgradetest st
	rm -rf "$up"
	mkdir -p "$up/src/tools"
	cp -a Kbuild Makefile VERSION dkms.conf README.md debian Documentation fabrics host target include "$up/src/"
	cp -a tools/nvmeof-stats tools/nvmeof-dropin tools/dropin tools/packaging "$up/src/tools/"
	echo "$nv" >"$up/src/VERSION"
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$nv\"/" "$up/src/dkms.conf"
	{
		echo "nvmeof ($nv) unstable; urgency=medium"
		echo
		echo "  * Upgrade test build."
		echo
		echo " -- nvmeof test <test@invalid>  $(date -R)"
		echo
		cat debian/changelog
	} >"$up/src/debian/changelog"
	"$up/src/tools/packaging/mkdeb.sh" "$up/deb" >"$up/build.log" 2>&1 || { tail -20 "$up/build.log"; return 1; }
	dpkg -i "$up/deb/nvmeof-dkms_${nv}_all.deb" "$up/deb/nvmeof-tools_${nv}_all.deb" || return 1
	cur=$nv
	st=$(dkms status nvmeof)
	echo "dkms status: $st"
	[ "$st" = "nvmeof/$nv, $kver, x86_64: installed" ] || { fail "dkms status after the upgrade"; return 1; }
	[ "$(modinfo -F version "$dkms_dir/nvmeof-core.ko")" = "$nv" ] || { fail "nvmeof-core.ko is not $nv"; return 1; }
	[ -e "/usr/src/nvmeof-$v" ] && { fail "/usr/src/nvmeof-$v left after the upgrade"; return 1; }
	[ -L /etc/modprobe.d/nvmeof-dropin.conf ] || { fail "the upgrade switched the drop-in off"; return 1; }
	echo "upgraded $v -> $nv"
}
apt_remove() {
	DEBIAN_FRONTEND=noninteractive apt-get remove -y -q nvmeof-dkms || return 1
	[ -z "$(dkms status nvmeof)" ] || { fail "dkms status after remove: $(dkms status nvmeof)"; return 1; }
	ls "$dkms_dir"/nvmeof-* 2>/dev/null && { fail "modules left in $dkms_dir"; return 1; }
	grep -q nvmeof "$moddir/modules.dep" && { fail "modules.dep still lists nvmeof"; return 1; }
	[ -e "/usr/src/nvmeof-${cur:-$v}" ] && { fail "/usr/src/nvmeof-${cur:-$v} left"; return 1; }
	[ -e /etc/modprobe.d/nvmeof-dropin.conf ] && { fail "the drop-in stayed on without the modules"; return 1; }
	echo "removed: no modules, dkms status empty, drop-in off"
}
apt_purge() {
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -q nvmeof-dkms nvmeof-tools || return 1
	dpkg -l nvmeof-dkms nvmeof-tools 2>/dev/null | grep -E '^(ii|rc)' && { fail "still known to dpkg"; return 1; }
	[ -e /var/lib/dkms/nvmeof ] && { fail "/var/lib/dkms/nvmeof left"; return 1; }
	[ -e /usr/sbin/nvmeof-stats ] && { fail "/usr/sbin/nvmeof-stats left"; return 1; }
	echo "purged"
}
machine_clean() {
	cleanup
	diff <(ls -A "$moddir") "$work/moddir.before" || { fail "$moddir differs from before"; return 1; }
	[ $mok_existed -eq 1 ] || [ ! -e /var/lib/dkms/mok.key ] || { fail "DKMS's signing key left"; return 1; }
	echo "$moddir as before: $(tr '\n' ' ' <"$work/moddir.before")"
}
guest_dkms_modules() { guest_modules packaging-deb "DKMS built from the .deb"; }

# Steps run in order; one that needs an earlier step is not run once a step
# failed, while removal and cleanup always run.
run_step version_consistent needs
run_step deb_build needs
run_step deb_contents needs
run_step dpkg_install needs
run_step dkms_status_installed needs
run_step dkms_refuses_unsupported needs
run_step deb_upgrade needs
# Removal is tested whenever the install was tried; cleanup runs in any case.
ok_so_far=$installed
run_step apt_remove needs
run_step apt_purge needs
run_step machine_clean always
# The guest needs only the modules DKMS built.
ls "$work"/dkms-ko/nvmeof-core.ko* >/dev/null 2>&1 || ok_so_far=0
run_step guest_dkms_modules needs
exit $((failed > 0))
