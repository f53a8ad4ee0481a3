#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the target answers commands nvme-cli never sends with the right NVMe
# status: Connect with bad fields (IATTR/IPO), commands out of sequence,
# properties, SGL length mismatches, bad log offsets, the AER limit; and that
# the in-tree host still connects and reads afterwards.
. /usr/lib/nvmeof/lib.sh

command -v nvmeof-admin-client >/dev/null || skip "nvmeof-admin-client not in the guest"
stacks_load
backend_nullblk 1
tgt_export "$BACKEND_DEV"

run nvmeof-admin-client -a "$TGT_ADDR" -s "$TGT_SVCID" -n "$TEST_SUBNQN" -q "$HOSTNQN"
host_connect "$TEST_SUBNQN"
ns=$(ns_dev "$TEST_SUBNQN") || fail "no namespace block device after the hostile client"
run dd if="$ns" of=/dev/null bs=4k count=16 iflag=direct
run nvme disconnect -n "$TEST_SUBNQN"
