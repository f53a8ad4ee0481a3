// SPDX-License-Identifier: GPL-2.0-only
/* Probe: block devices are opened as a struct file (bdev_file_open_by_path(), 6.9+). */
#include <linux/module.h>
#include <linux/blkdev.h>
#include <linux/file.h>

struct block_device *probe(const char *path, void *holder);
struct block_device *probe(const char *path, void *holder)
{
	struct file *f = bdev_file_open_by_path(path, BLK_OPEN_READ, holder, NULL);

	return IS_ERR(f) ? NULL : file_bdev(f);
}
MODULE_LICENSE("GPL");
