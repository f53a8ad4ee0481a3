#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Makes (once) the Debian 13 (trixie) build root that modules for the trixie
# kernel are built in: its headers name gcc-14 (CONFIG_CC_VERSION_TEXT, and
# .kernelvariables sets CC=x86_64-linux-gnu-gcc-14), their .config turns on
# -fmin-function-alignment (CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT), which
# Debian 12's gcc 12 rejects, their top Makefile includes an absolute
# /usr/src path, and linux-kbuild wants libc6 >= 2.38 (Debian 12 has 2.36).
# debootstrap --variant=minbase with the compiler and what linux-kbuild's
# tools link against, into $NVMEOF_CACHE/trixie-root; rebuilt only when the
# package list below changes (the stamp holds it), reused otherwise.
#
# usage: trixie-root.sh [--print-dir]
set -eo pipefail
NVMEOF_CACHE=${NVMEOF_CACHE:-$HOME/.cache/nvmeof}
KEYRING=${NVMEOF_TRIXIE_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
MIRROR=${NVMEOF_TRIXIE_MIRROR:-http://deb.debian.org/debian}
# gcc-14 and make build; libelf/libssl/zlib/pahole are linux-kbuild's
# dependencies (objtool, sign-file, BTF for modules); sparse for make lint.
PKGS=gcc-14,make,libc6-dev,libelf1t64,libssl3t64,zlib1g,dwarves,kmod,sparse
root=$NVMEOF_CACHE/trixie-root
if [ "$(cat "$root/.nvmeof-complete" 2>/dev/null)" != "$PKGS" ]; then
	command -v debootstrap >/dev/null || {
		echo "nvmeof: debootstrap is missing (tools/testing/qemu/install-deps.sh installs it)" >&2
		exit 1; }
	echo "nvmeof: debootstrap trixie into $root (a few minutes, once)" >&2
	rm -rf "$root.tmp"
	mkdir -p "$root.tmp"
	debootstrap --variant=minbase --keyring="$KEYRING" --include="$PKGS" \
		trixie "$root.tmp" "$MIRROR" >"$NVMEOF_CACHE/trixie-root.log" 2>&1 || {
		echo "nvmeof: debootstrap failed: $NVMEOF_CACHE/trixie-root.log" >&2
		tail -5 "$NVMEOF_CACHE/trixie-root.log" >&2
		exit 1; }
	rm -rf "$root.tmp/var/cache/apt/archives"/*.deb
	echo "$PKGS" >"$root.tmp/.nvmeof-complete"
	rm -rf "$root"
	mv "$root.tmp" "$root"
fi
[ "${1:-}" = --print-dir ] && echo "$root"
exit 0
