#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: data corrupted behind fio's back must fail fio_verify.
. /usr/lib/nvmeof/lib.sh
backend_brd 64
run fio --name=fill --filename="$BACKEND_DEV" --direct=1 --rw=write --bs=4k --size=8m \
	--verify=crc32c --do_verify=0
# One block overwritten with garbage between the write and the read-back.
run dd if=/dev/urandom of="$BACKEND_DEV" bs=4k seek=100 count=1 conv=notrunc
fio_verify "$BACKEND_DEV" --rw=write --size=8m --verify_only
