// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-host: the per-namespace generic char devices /dev/ngXnY (class nvme-generic). */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/idr.h>

#include "host.h"

#define HOST_GENERIC_MINORS	(1U << MINORBITS)

static dev_t host_generic_devt;
static DEFINE_IDA(host_generic_minor_ida);

static int host_generic_open(struct inode *inode, struct file *file)
{
	struct nvmeof_host_ns_head *head =
		container_of(inode->i_cdev, struct nvmeof_host_ns_head, cdev);

	/* The open cdev pins cdev_device, which holds a head reference. */
	file->private_data = head;
	return 0;
}

static long host_generic_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return nvmeof_host_head_ioctl(file->private_data, cmd, arg);
}

static const struct file_operations host_generic_fops = {
	.owner		= THIS_MODULE,
	.open		= host_generic_open,
	.unlocked_ioctl	= host_generic_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static void host_generic_release(struct device *dev)
{
	struct nvmeof_host_ns_head *head =
		container_of(dev, struct nvmeof_host_ns_head, cdev_device);

	ida_free(&host_generic_minor_ida, MINOR(dev->devt));
	nvmeof_host_put_head(head);
}

/**
 * nvmeof_host_head_add_cdev() - create /dev/ng<subsys>n<head> for a head disk
 * @head: a namespace head whose disk was just added
 *
 * A failure is logged and leaves the block device usable: the generic
 * device is an extra way in, not the namespace itself.
 */
void nvmeof_host_head_add_cdev(struct nvmeof_host_ns_head *head)
{
	struct device *dev = &head->cdev_device;
	int minor, ret;

	minor = ida_alloc_max(&host_generic_minor_ida, HOST_GENERIC_MINORS - 1, GFP_KERNEL);
	if (minor < 0) {
		pr_warn("ng%dn%d: no minor left (%d)\n", head->subsys->instance,
			head->instance, minor);
		return;
	}
	device_initialize(dev);
	dev->devt = MKDEV(MAJOR(host_generic_devt), minor);
	dev->class = nvmeof_generic_class;
	dev->parent = &head->subsys->dev;
	dev->release = host_generic_release;
	/* Dropped by host_generic_release(), with the minor. */
	nvmeof_host_get_head(head);
	ret = dev_set_name(dev, "ng%dn%d", head->subsys->instance, head->instance);
	if (ret)
		goto out_put_device;
	cdev_init(&head->cdev, &host_generic_fops);
	head->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&head->cdev, dev);
	if (ret)
		goto out_put_device;
	head->cdev_added = true;
	return;

out_put_device:
	pr_warn("ng%dn%d: adding the generic device failed (%d)\n",
		head->subsys->instance, head->instance, ret);
	put_device(dev);
}

/**
 * nvmeof_host_head_del_cdev() - remove a head's generic device
 * @head: the head, its disk about to be deleted
 */
void nvmeof_host_head_del_cdev(struct nvmeof_host_ns_head *head)
{
	if (!head->cdev_added)
		return;
	head->cdev_added = false;
	cdev_device_del(&head->cdev, &head->cdev_device);
	put_device(&head->cdev_device);
}

int nvmeof_host_generic_init(void)
{
	return alloc_chrdev_region(&host_generic_devt, 0, HOST_GENERIC_MINORS,
				   "nvme-generic");
}

void nvmeof_host_generic_exit(void)
{
	unregister_chrdev_region(host_generic_devt, HOST_GENERIC_MINORS);
	ida_destroy(&host_generic_minor_ida);
}
