# SPDX-License-Identifier: GPL-2.0-only
# What both packaging tests (deb-test.sh, dkms-612.sh) share: the KTAP step
# runner and the steps that are the same on both kernels. Sourced after
# qemu/config.sh, with work= (the scratch directory) and log= (every step's
# output, in order) set and the KTAP plan line printed.

n=0 failed=0
# Cleared by the first failed step; run_step's "needs" steps then do not run.
ok_so_far=1

# step NAME: runs the function NAME as the next test, its output into
# $work/NAME.log and $log; a failure shows the log's last lines.
step() {
	local name=$1 rc
	n=$((n + 1))
	echo "=== $name" >>"$log"
	"$name" >"$work/$name.log" 2>&1
	rc=$?
	cat "$work/$name.log" >>"$log"
	if [ $rc -eq 0 ]; then
		echo "ok $n $name"
	else
		tail -25 "$work/$name.log" | sed 's/^/# /'
		echo "not ok $n $name"
		failed=$((failed + 1))
	fi
	return $rc
}

# run_step NAME needs|always: a "needs" step that follows a failure is
# reported as not run (and counts as failed: what it checks was not shown).
run_step() {
	if [ "$2" = needs ] && [ $ok_so_far -eq 0 ]; then
		n=$((n + 1)) failed=$((failed + 1))
		echo "not ok $n $1 # not run: an earlier step failed"
		return
	fi
	step "$1" || ok_so_far=0
}

fail() { echo "FAIL: $*"; return 1; }

# The package version, as every place that states it agrees on it.
v=
version_consistent() {
	v=$("$PROJECT_ROOT/tools/packaging/version-check.sh") || return 1
	echo "version $v"
}

# guest_modules NAME WHAT: boots the modules in $work/dkms-ko: they carry the
# package version, and ours-to-ours fio verify passes over them.
guest_modules() {
	local plan=$work/dkms.plan
	"$TESTING_DIR/qemu/mkinitramfs.sh" "$work/dkms-initramfs.cpio" "$work"/dkms-ko/*.ko* || return 1
	cat >"$plan" <<-EOT
	# The modules $2, in the guest.
	pkg_dkms_version pkg_version.sh 60 EXPECT_VERSION=$v
	pkg_dkms_io_verify io_verify.sh 300 NVMEOF_TARGET=ours NVMEOF_HOST=ours
	EOT
	"$TESTING_DIR/qemu/run-guest.sh" "$1" "$plan" 600 "$work/dkms-initramfs.cpio" >"$work/guest.ktap"
	cat "$work/guest.ktap"
	! grep -q '^not ok' "$work/guest.ktap" && [ "$(grep -c '^ok ' "$work/guest.ktap")" -eq 3 ]
}
