/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fabrics core's only view of its environment: the same pure .c files
 * build into nvmeof-core.ko and into the userspace unit tests and fuzzers.
 * Pure files include this and the wire headers, nothing else.
 */
#ifndef NVMEOF_SHIM_H
#define NVMEOF_SHIM_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/crc32c.h>
#include <asm/byteorder.h>
/* get_unaligned_*(): compat.h, force-included (the header moved in 6.12). */

/* CRC32C (Castagnoli), seed in, running value out, no final inversion. */
static inline u32 nvmeof_crc32c_update(u32 crc, const void *buf, size_t len)
{
	return crc32c(crc, buf, len);
}
#else
#include "nvmeof_user_shim.h"
#endif

#endif /* NVMEOF_SHIM_H */
