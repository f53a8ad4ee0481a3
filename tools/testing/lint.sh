#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make lint: sparse over every file (C=2) plus W=1; any diagnostic that names
# one of our files fails, so the tree stays warning-free.
set -o pipefail
KDIR=${1:?usage: lint.sh KDIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
command -v sparse >/dev/null || { echo "lint: sparse missing (apt-get install sparse)" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
make -C "$KDIR" M="$ROOT" C=2 W=1 modules >"$log" 2>&1
rc=$?
bad=$(grep -E '(warning|error):' "$log" | grep -E "^($ROOT/)?(fabrics|host|target|include)/" )
if [ $rc -ne 0 ] || [ -n "$bad" ]; then
	[ -n "$bad" ] && echo "$bad" || tail -30 "$log"
	echo "lint: FAILED" >&2
	exit 1
fi
echo "lint: clean (sparse C=2, W=1)"
