#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs one command (a kbuild make, compat-probes.sh, lint.sh) inside the
# trixie build root (trixie-root.sh) in a private mount namespace: the
# kernel tree KERNEL_ROOT (fetch-trixie-kernel.sh) is bound at its own path
# and its /usr/src and linux-kbuild directories where its Makefile names them
# (/usr/src/linux-headers-*-common), the project tree, the working directory
# and NVMEOF_BUILD_BINDS (space separated) at their own paths, so every path
# means the same inside as outside. Nothing is mounted outside the namespace.
#
# usage: in-trixie-root.sh KERNEL_ROOT COMMAND [ARG...]
set -eo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
kroot=${1:?usage: in-trixie-root.sh KERNEL_ROOT COMMAND [ARG...]}
shift
[ -d "$kroot/usr/src" ] || {
	echo "nvmeof: no kernel tree at $kroot (tools/testing/qemu/fetch-trixie-kernel.sh)" >&2
	exit 1; }
root=$("$HERE/trixie-root.sh" --print-dir)
project=$(cd "$HERE/../../.." && pwd)
binds=("$kroot" "$project" "$PWD")
read -r -a extra <<<"${NVMEOF_BUILD_BINDS:-}"
binds+=("${extra[@]}")
# shellcheck disable=SC2016
exec unshare --mount --propagation private -- bash -eu -c '
	root=$1 kroot=$2 nbinds=$3
	shift 3
	bind() { mkdir -p "$root$2"; mount --bind "$1" "$root$2"; }
	bind /dev /dev
	mount -t proc proc "$root/proc"
	for d in "$kroot"/usr/src/* "$kroot"/usr/lib/linux-kbuild-*; do
		[ -d "$d" ] && bind "$d" "${d#"$kroot"}"
	done
	for ((i = 0; i < nbinds; i++)); do
		mountpoint -q "$root$1" || bind "$1" "$1"
		shift
	done
	cwd=$1
	shift
	exec chroot "$root" /usr/bin/env -C "$cwd" "$@"
' - "$root" "$kroot" ${#binds[@]} "${binds[@]}" "$PWD" "$@"
