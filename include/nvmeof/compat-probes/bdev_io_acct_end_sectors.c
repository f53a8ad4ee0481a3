// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe: bdev_start_io_acct() takes no sector count and bdev_end_io_acct()
 * takes one (6.3+: bio-based I/O is counted when it completes).
 */
#include <linux/module.h>
#include <linux/blkdev.h>
#include <linux/jiffies.h>

void probe(struct block_device *bdev);
void probe(struct block_device *bdev)
{
	unsigned long start = bdev_start_io_acct(bdev, REQ_OP_READ, jiffies);

	bdev_end_io_acct(bdev, REQ_OP_READ, 8, start);
}
MODULE_LICENSE("GPL");
