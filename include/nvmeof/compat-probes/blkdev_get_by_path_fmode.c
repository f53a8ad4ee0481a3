// SPDX-License-Identifier: GPL-2.0-only
/* Probe: blkdev_get_by_path() takes an fmode_t with FMODE_EXCL (until 6.4). */
#include <linux/module.h>
#include <linux/blkdev.h>

struct block_device *probe(const char *path, void *holder);
struct block_device *probe(const char *path, void *holder)
{
	struct block_device *b = blkdev_get_by_path(path, FMODE_READ | FMODE_EXCL, holder);

	if (!IS_ERR(b))
		blkdev_put(b, FMODE_READ | FMODE_EXCL);
	return b;
}
MODULE_LICENSE("GPL");
