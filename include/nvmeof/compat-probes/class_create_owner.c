// SPDX-License-Identifier: GPL-2.0-only
/* Probe: class_create() takes an owner module (it lost it in 6.4). */
#include <linux/module.h>
#include <linux/device.h>

struct class *probe(void);
struct class *probe(void)
{
	return class_create(THIS_MODULE, "probe");
}
MODULE_LICENSE("GPL");
