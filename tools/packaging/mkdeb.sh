#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make deb: builds nvmeof-dkms_<VERSION>_all.deb and nvmeof-tools_<VERSION>_all.deb
# with Debian's tooling (dpkg-buildpackage, debhelper, dh-dkms) in a copy of
# the sources under OUT_DIR, so the tree itself is never written to.
#   usage: mkdeb.sh OUT_DIR
set -eo pipefail
out=${1:?usage: mkdeb.sh OUT_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
v=$("$root/tools/packaging/version-check.sh" "$root")
for tool in dpkg-buildpackage dh dh_dkms; do
	command -v $tool >/dev/null || {
		echo "mkdeb: $tool missing: apt-get install dpkg-dev debhelper dh-dkms" >&2
		exit 1
	}
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$out/nvmeof-$v
rm -rf "$stage"
mkdir -p "$stage/tools"
# What the packages hold, without build products of a `make` in the tree.
(cd "$root" && cp -a Kbuild Makefile VERSION dkms.conf README.md debian Documentation \
	fabrics host target include "$stage/")
(cd "$root" && cp -a tools/nvmeof-stats tools/nvmeof-dropin tools/dropin "$stage/tools/")
find "$stage" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' -o -name '.*.cmd' \
	-o -name '*.o.d' -o -name modules.order -o -name Module.symvers -o -name compat-generated.h \) -delete
rm -f "$out"/nvmeof*_"$v"_all.deb "$out"/nvmeof_"$v"_*.buildinfo "$out"/nvmeof_"$v"_*.changes
(cd "$stage" && dpkg-buildpackage -b -us -uc)
rm -rf "$stage"
ls "$out"/nvmeof-dkms_"$v"_all.deb "$out"/nvmeof-tools_"$v"_all.deb
