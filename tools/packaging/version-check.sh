#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The version lives in VERSION; dkms.conf's PACKAGE_VERSION and the top entry
# of debian/changelog must say the same, or DKMS would register one version
# while the modules report another. Prints the version; fails on a mismatch.
#   usage: version-check.sh [SOURCE_ROOT]
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
v=$(cat "$root/VERSION" 2>/dev/null)
[[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+([~+][0-9A-Za-z.]+)?$ ]] ||
	{ echo "version-check: VERSION '$v' is not X.Y.Z[~tag|+tag]" >&2; exit 1; }
d=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$root/dkms.conf")
c=$(sed -n '1s/^nvmeof (\([^)]*\)).*/\1/p' "$root/debian/changelog")
rc=0
[ "$d" = "$v" ] || { echo "version-check: dkms.conf PACKAGE_VERSION '$d' != VERSION '$v'" >&2; rc=1; }
[ "$c" = "$v" ] || { echo "version-check: debian/changelog top entry '$c' != VERSION '$v'" >&2; rc=1; }
[ $rc -eq 0 ] && echo "$v"
exit $rc
