// SPDX-License-Identifier: GPL-2.0-only
/* Probe: the unaligned accessors live in <linux/unaligned.h> (6.12+). */
#include <linux/module.h>
#include <linux/unaligned.h>

u32 probe(const void *p);
u32 probe(const void *p)
{
	return get_unaligned_le32(p);
}
MODULE_LICENSE("GPL");
