// SPDX-License-Identifier: GPL-2.0-only
/* Probe: struct class's dev_uevent() takes a const struct device (6.2+). */
#include <linux/module.h>
#include <linux/device.h>

static int probe_uevent(const struct device *dev, struct kobj_uevent_env *env)
{
	return 0;
}

void probe(struct class *c);
void probe(struct class *c)
{
	c->dev_uevent = probe_uevent;
}
MODULE_LICENSE("GPL");
