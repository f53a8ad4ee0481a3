#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The one test command behind make check / check-quick / check-unit /
# harness-selftest: builds the modules, runs the userspace unit tests, then
# boots one guest per suite (tools/testing/suites/*.plan) whose "#% tiers:"
# line names this tier. Prints KTAP (each suite a subtest) and ends with the
# line "N passed, N failed, N skipped"; exits non-zero on any failure.
#
# usage: check.sh unit|quick|full|selftest|interop [suite-name...]
# (interop: the suites whose peers are the kernel's own in-tree host or
# target, the second kernel's CI tier: make check-612)
set -o pipefail
. "$(dirname "$0")/qemu/config.sh"
GUEST_KDIR=${GUEST_KDIR:-/lib/modules/$REF_KVER/build}
tier=${1:-full}
shift
only=("$@")
[ -n "${SUITES:-}" ] && read -r -a only <<<"$SUITES"
cd "$PROJECT_ROOT" || exit 1
mkdir -p "$OUT_DIR"

suites=()
if [ "$tier" != unit ]; then
	for p in "$TESTING_DIR"/suites/*.plan; do
		s=$(basename "$p" .plan)
		if [ ${#only[@]} -gt 0 ]; then
			printf '%s\n' "${only[@]}" | grep -qx "$s" || continue
		else
			grep -qE "^#% tiers:.*\b$tier\b" "$p" || continue
		fi
		suites+=("$s")
	done
fi

# The .deb through DKMS on this machine, then its modules in a guest
# (packaging/deb-test.sh): in the full tier, or asked for as packaging_deb.
deb_test=0
if [ "$tier" = full ]; then
	if [ ${#only[@]} -eq 0 ] || printf '%s\n' "${only[@]}" | grep -qx packaging_deb; then
		deb_test=1
	fi
fi

entries=$((3 + deb_test))
[ ${#suites[@]} -gt 0 ] && entries=$((entries + 1 + ${#suites[@]}))
# The full tier also runs make demo's script from an empty output folder, as
# the first command on a fresh clone would (issue 21: it once needed make check first).
fresh_demo=0
[ "$tier" = full ] && [ ${#only[@]} -eq 0 ] && fresh_demo=1 entries=$((entries + 1))
echo "KTAP version 1"
echo "1..$entries"
idx=0 passed=0 failed=0 skipped=0 any_fail=0
# Names of what failed, repeated just above the summary line: a CI log is
# often read from its tail only.
failed_names=()

# Prints a captured KTAP document as a subtest, counts its leaf results and
# prints the parent result line.
report_suite() { # NAME FILE RC
	local name=$1 file=$2 rc=$3 p f s
	echo "    KTAP version 1"
	grep -v '^KTAP version' "$file" | sed 's/^/    /'
	p=$(grep -cE '^ok [0-9]+ ' "$file" | head -1)
	s=$(grep -cE '^ok [0-9]+ .*# SKIP' "$file")
	f=$(grep -cE '^not ok [0-9]+ ' "$file")
	local t
	while read -r t; do
		failed_names+=("$name/$t")
	done < <(sed -n 's/^not ok [0-9]* \([^ #]*\).*/\1/p' "$file")
	passed=$((passed + p - s)) skipped=$((skipped + s)) failed=$((failed + f))
	idx=$((idx + 1))
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ] || [ $((p + f)) -eq 0 ]; then
		[ "$f" -eq 0 ] && failed=$((failed + 1)) failed_names+=("$name")
		any_fail=1
		echo "not ok $idx $name"
	else
		echo "ok $idx $name"
	fi
}
report_leaf() { # NAME RC [DETAIL_FILE]
	idx=$((idx + 1))
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $idx $1"
	else
		failed=$((failed + 1)) any_fail=1 failed_names+=("$1")
		[ -n "${3:-}" ] && tail -30 "$3" | sed 's/^/# /'
		echo "not ok $idx $1"
	fi
}

# A userspace program that prints KTAP, as one subtest: its output when it
# printed no result at all, else its non-KTAP lines when it failed.
run_ktap() { # NAME COMMAND...
	local name=$1 log=$OUT_DIR/$1.log rc
	shift
	"$@" >"$log" 2>&1
	rc=$?
	if ! grep -qE '^(not )?ok ' "$log"; then
		tail -30 "$log" | sed 's/^/# /'
	elif [ $rc -ne 0 ]; then
		tail -30 "$log" | grep -vE '^(KTAP|1\.\.|(not )?ok )' | sed 's/^/# /'
	fi
	grep -E '^(KTAP|1\.\.|(not )?ok |#)' "$log" >"$log.ktap"
	report_suite "$name" "$log.ktap" $rc
}

# 1: the userspace unit tests of the fabrics core (ASan + UBSan), and the
# benchmark report's statistics (the speed bars are read from them).
run_ktap unit make -s -C "$TESTING_DIR/unit" run
run_ktap bench_report python3 "$TESTING_DIR/bench/report_test.py"
run_ktap bench_split_report python3 "$TESTING_DIR/bench/split_report_test.py"
run_ktap bench_insn_report python3 "$TESTING_DIR/bench/insn_report_test.py"

# 2: the modules, against the guest's kernel.
log=$OUT_DIR/build.log
# Guest-side C tools (tools/testing/guest-tools/*.c) are linked statically.
build_guest_tools() {
	local c
	mkdir -p "$OUT_DIR/guest-bin"
	local libs needs srcs
	for c in "$TESTING_DIR"/guest-tools/*.c; do
		[ -e "$c" ] || continue
		# A tool may name headers it needs and extra static libraries it links
		# ("guest-tool-needs:" / "guest-tool-ldlibs:" comment lines); without
		# those headers it is left out and its test fails for the missing tool.
		needs=$(sed -n 's|^/\* guest-tool-needs: \(.*\) \*/$|\1|p' "$c")
		libs=$(sed -n 's|^/\* guest-tool-ldlibs: \(.*\) \*/$|\1|p' "$c")
		# More of the pure core, paths from the project root ("guest-tool-srcs:").
		srcs=$(sed -n 's|^/\* guest-tool-srcs: \(.*\) \*/$|\1|p' "$c")
		if [ -n "$needs" ] && ! printf '#include <%s>\n' $needs | gcc -E -x c - >/dev/null 2>&1; then
			echo "guest-tools: $(basename "$c") left out: needs $needs"
			continue
		fi
		# t3: the pure TCP PDU and SGL codecs link in, so tools speak the wire as the core does.
		# shellcheck disable=SC2086
		gcc -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -static -I"$PROJECT_ROOT/include" \
			-I"$TESTING_DIR/unit/shim" -o "$OUT_DIR/guest-bin/$(basename "$c" .c)" \
			"$c" "$PROJECT_ROOT/fabrics/tcp_pdu.c" "$PROJECT_ROOT/fabrics/sgl.c" \
			"$TESTING_DIR/unit/shim/crc32c.c" $srcs $libs || return 1
	done
}
# Kernel modules of test peers the guest kernel lacks (only for guest runs).
build_peers() {
	rm -rf "$OUT_DIR/peer-ko"
	[ ${#suites[@]} -eq 0 ] && return 0
	"$TESTING_DIR/qemu/build-siw.sh" "$OUT_DIR/peer-ko" &&
	"$TESTING_DIR/qemu/build-nvmet.sh" "$OUT_DIR/peer-ko"
}
# NVMEOF_BUILD_WRAP (qemu/config.sh) is a command and its argument, or empty.
# shellcheck disable=SC2086
{
	make -s modules KDIR="$GUEST_KDIR" &&
	${NVMEOF_BUILD_WRAP:-} make -s -C "$GUEST_KDIR" M="$TESTING_DIR/selftest" modules &&
	build_guest_tools &&
	build_peers
} >"$log" 2>&1
build_rc=$?
report_leaf build "$build_rc" "$log"

if [ $deb_test -eq 1 ] && [ "$REF_KVER" = "$KVER_6_12" ]; then
	# DKMS installs for the kernels whose headers this Debian 12 machine
	# has, 6.1 only: for 6.12 the .deb's DKMS recipe runs in the trixie
	# root instead (dpkg and dkms themselves are tested on 6.1).
	run_ktap packaging_deb "$TESTING_DIR/packaging/dkms-612.sh"
elif [ $deb_test -eq 1 ] && [ "$REF_KVER" != "$KVER_6_1" ]; then
	echo "ok 1 packaging_deb # SKIP no DKMS test for $REF_KVER" \
		>"$OUT_DIR/packaging_deb.log.ktap"
	report_suite packaging_deb "$OUT_DIR/packaging_deb.log.ktap" 0
elif [ $deb_test -eq 1 ]; then
	run_ktap packaging_deb "$TESTING_DIR/packaging/deb-test.sh"
fi

if [ ${#suites[@]} -gt 0 ]; then
	# 3: the guest image: our modules plus the harness's own test module.
	base=$OUT_DIR/base-initramfs.cpio
	log=$OUT_DIR/initramfs.log
	rc=1
	if [ "$build_rc" -eq 0 ]; then
		# shellcheck disable=SC2046
		"$TESTING_DIR/qemu/mkinitramfs.sh" "$base" "$PROJECT_ROOT"/*.ko \
			"$TESTING_DIR"/selftest/*.ko $(ls "$OUT_DIR"/peer-ko/*.ko 2>/dev/null) \
			>"$log" 2>&1
		rc=$?
	fi
	report_leaf guest_image $rc "$log"

	for s in "${suites[@]}"; do
		plan=$TESTING_DIR/suites/$s.plan
		tmo=$(sed -n 's/^#% timeout: *\([0-9]*\).*/\1/p' "$plan")
		res=$OUT_DIR/suite-$s.ktap
		if [ $rc -ne 0 ]; then
			echo "not ok 1 $s # SKIP no guest image" >"$res"
			report_suite "$s" "$res" 1
			continue
		fi
		"$TESTING_DIR/qemu/run-guest.sh" "$s" "$plan" "${tmo:-900}" "$base" >"$res"
		report_suite "$s" "$res" $?
	done
fi

if [ $fresh_demo -eq 1 ]; then
	fresh=$(mktemp -d)
	log=$OUT_DIR/demo-fresh-out.log
	OUT_DIR=$fresh/out "$TESTING_DIR/demo.sh" >"$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] && grep -q '^nvmeof demo: PASSED' "$log" || rc=1
	[ -d "$fresh/out/guest/demo" ] && cp -r "$fresh/out/guest/demo" "$OUT_DIR/demo-fresh-out.guest"
	rm -rf "$fresh"
	report_leaf demo_from_empty_out_dir $rc "$log"
fi

echo "# logs: $OUT_DIR"
for t in "${failed_names[@]}"; do
	echo "# failed: $t"
done
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
exit $any_fail
