// SPDX-License-Identifier: GPL-2.0-only
/* Probe: BLK_STS_RESV_CONFLICT (6.5+), the new name of BLK_STS_NEXUS. */
#include <linux/module.h>
#include <linux/blk_types.h>

blk_status_t probe(void);
blk_status_t probe(void)
{
	return BLK_STS_RESV_CONFLICT;
}
MODULE_LICENSE("GPL");
