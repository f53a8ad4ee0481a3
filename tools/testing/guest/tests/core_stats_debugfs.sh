#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the core publishes its statistics root and that the fast-path switch
# (nvmeof_core.stats) toggles both ways.
. /usr/lib/nvmeof/lib.sh
run modprobe nvmeof-core
on_exit "modprobe -r nvmeof-core"
[ -d /sys/kernel/debug/nvmeof/host ] || fail "no /sys/kernel/debug/nvmeof/host"
[ -d /sys/kernel/debug/nvmeof/target ] || fail "no /sys/kernel/debug/nvmeof/target"
p=/sys/module/nvmeof_core/parameters/stats
[ "$(cat $p)" = Y ] || fail "stats should default to on, reads $(cat $p)"
echo 0 >$p && [ "$(cat $p)" = N ] || fail "stats did not turn off"
echo 1 >$p && [ "$(cat $p)" = Y ] || fail "stats did not turn back on"
echo bogus >$p 2>/dev/null && fail "a bogus value was accepted"
run nvmeof-stats
