#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The target guest's control service of make bench BENCH_SPLIT=1, run by
# busybox nc -ll -e for each connection from the host guest: "busy" answers
# this guest's busy ns (read now, on connect), "done" ends the target's run.
. /usr/lib/nvmeof/split_lib.sh
read -r cmd
case $cmd in
busy) split_busy_ns ;;
done) : >/tmp/split-done; echo ok ;;
*) echo "error: unknown command '$cmd'" ;;
esac
