// SPDX-License-Identifier: GPL-2.0-only
/* Probe: block device ops take blk_mode_t (6.5+), not fmode_t. */
#include <linux/module.h>
#include <linux/blkdev.h>

blk_mode_t probe(blk_mode_t mode);
blk_mode_t probe(blk_mode_t mode)
{
	return mode;
}
MODULE_LICENSE("GPL");
