#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: a kernel WARNING fails the test even though the script passes.
. /usr/lib/nvmeof/lib.sh
run modprobe nvmeof-harness-selftest warn=1
run modprobe -r nvmeof-harness-selftest
