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
#include <linux/crc32.h>
#include <linux/slab.h>
#include <asm/byteorder.h>
/* get_unaligned_*(): compat.h, force-included (the header moved in 6.12). */

/* CRC32C (Castagnoli), seed in, running value out, no final inversion. */
static inline u32 nvmeof_crc32c_update(u32 crc, const void *buf, size_t len)
{
	return crc32c(crc, buf, len);
}

/* CRC-32 (IEEE 802.3, reflected), seed in, running value out, no inversion. */
static inline u32 nvmeof_crc32_update(u32 crc, const void *buf, size_t len)
{
	return crc32_le(crc, buf, len);
}

/* Wipes that the compiler may not drop: secrets leave no copies. */
static inline void nvmeof_memzero_explicit(void *p, size_t len)
{
	memzero_explicit(p, len);
}

/* Allocation for secrets: zeroed, may sleep; freed wiped (size is the allocation's). */
static inline void *nvmeof_zalloc_sensitive(size_t size)
{
	return kzalloc(size, GFP_KERNEL);
}

static inline void nvmeof_free_sensitive(void *p, size_t size)
{
	kfree_sensitive(p);
}
#else
#include "nvmeof_user_shim.h"
#endif

#endif /* NVMEOF_SHIM_H */
