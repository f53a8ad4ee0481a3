#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: a module left holding a reference must fail the unload check.
. /usr/lib/nvmeof/lib.sh
run modprobe nvmeof-harness-selftest hold=1
