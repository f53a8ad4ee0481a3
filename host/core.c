// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-host: module init, the nvme classes, controller instances and workqueues. */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/idr.h>

#include "host.h"

#define NVMEOF_MINORS		(1U << MINORBITS)

unsigned int nvmeof_admin_timeout = 60;
module_param_named(admin_timeout, nvmeof_admin_timeout, uint, 0644);
MODULE_PARM_DESC(admin_timeout, "timeout in seconds for admin commands (default 60)");

unsigned int nvmeof_io_timeout = 30;
module_param_named(io_timeout, nvmeof_io_timeout, uint, 0644);
MODULE_PARM_DESC(io_timeout, "timeout in seconds for I/O commands (default 30)");

struct class *nvmeof_class;
struct class *nvmeof_subsys_class;
struct class *nvmeof_generic_class;
dev_t nvmeof_ctrl_base_chr_devt;
struct workqueue_struct *nvmeof_host_wq;
struct workqueue_struct *nvmeof_host_reset_wq;
struct workqueue_struct *nvmeof_host_delete_wq;
/* Controller and subsystem numbers: one space, as in-tree (nvmeN, nvme-subsysN). */
DEFINE_IDA(nvmeof_instance_ida);

/*
 * The in-tree nvme-core owns the same class names; both cannot be loaded.
 * Asking for one of its exported symbols tells without touching sysfs.
 */
static bool host_intree_core_loaded(void)
{
	void *sym = __symbol_get("nvme_complete_rq");

	if (!sym)
		return false;
	symbol_put_addr(sym);
	return true;
}

static int host_uevent(const struct device *dev, struct kobj_uevent_env *env)
{
	struct nvmeof_host_ctrl *ctrl;
	struct nvmeof_ctrl_opts *o;
	int ret;

	if (dev->class != nvmeof_class || !dev->devt)
		return 0;
	ctrl = container_of(dev, struct nvmeof_host_ctrl, device);
	o = ctrl->opts;
	if (!o)
		return 0;
	ret = add_uevent_var(env, "NVME_TRTYPE=%s", ctrl->ops->name);
	if (ret)
		return ret;
	ret = add_uevent_var(env, "NVME_TRADDR=%s", o->traddr[0] ? o->traddr : "none");
	if (ret)
		return ret;
	ret = add_uevent_var(env, "NVME_TRSVCID=%s", o->trsvcid[0] ? o->trsvcid : "none");
	if (ret)
		return ret;
	ret = add_uevent_var(env, "NVME_HOST_TRADDR=%s",
			     o->host_traddr[0] ? o->host_traddr : "none");
	if (ret)
		return ret;
	return add_uevent_var(env, "NVME_HOST_IFACE=%s",
			      o->host_iface[0] ? o->host_iface : "none");
}

/* 6.1 passes a non-const device to dev_uevent. */
NVMEOF_CLASS_DEV_UEVENT(host_dev_uevent, host_uevent)

static int __init nvmeof_host_init(void)
{
	int ret;

	if (host_intree_core_loaded()) {
		pr_err("in-tree nvme_core is loaded; unload it before loading nvmeof-host\n");
		return -EBUSY;
	}

	ret = -ENOMEM;
	nvmeof_host_wq = alloc_workqueue("nvmeof-wq", WQ_UNBOUND | WQ_MEM_RECLAIM |
					 WQ_SYSFS, 0);
	if (!nvmeof_host_wq)
		goto out;
	nvmeof_host_reset_wq = alloc_workqueue("nvmeof-reset-wq", WQ_UNBOUND |
					       WQ_MEM_RECLAIM | WQ_SYSFS, 0);
	if (!nvmeof_host_reset_wq)
		goto out_destroy_wq;
	nvmeof_host_delete_wq = alloc_workqueue("nvmeof-delete-wq", WQ_UNBOUND |
						WQ_MEM_RECLAIM | WQ_SYSFS, 0);
	if (!nvmeof_host_delete_wq)
		goto out_destroy_reset_wq;

	ret = alloc_chrdev_region(&nvmeof_ctrl_base_chr_devt, 0, NVMEOF_MINORS, "nvme");
	if (ret)
		goto out_destroy_delete_wq;

	nvmeof_class = nvmeof_class_create("nvme");
	if (IS_ERR(nvmeof_class)) {
		ret = PTR_ERR(nvmeof_class);
		goto out_unregister_chrdev;
	}
	nvmeof_class->dev_uevent = host_dev_uevent;

	nvmeof_subsys_class = nvmeof_class_create("nvme-subsystem");
	if (IS_ERR(nvmeof_subsys_class)) {
		ret = PTR_ERR(nvmeof_subsys_class);
		goto out_destroy_class;
	}

	nvmeof_generic_class = nvmeof_class_create("nvme-generic");
	if (IS_ERR(nvmeof_generic_class)) {
		ret = PTR_ERR(nvmeof_generic_class);
		goto out_destroy_subsys_class;
	}

	ret = nvmeof_host_generic_init();
	if (ret)
		goto out_destroy_generic_class;

	ret = nvmeof_host_subsys_init();
	if (ret)
		goto out_generic_exit;

	ret = nvmeof_host_fabrics_init();
	if (ret)
		goto out_subsys_exit;
	pr_info("version %s loaded\n", NVMEOF_VERSION);
	return 0;

out_subsys_exit:
	nvmeof_host_subsys_exit();
out_generic_exit:
	nvmeof_host_generic_exit();
out_destroy_generic_class:
	class_destroy(nvmeof_generic_class);
out_destroy_subsys_class:
	class_destroy(nvmeof_subsys_class);
out_destroy_class:
	class_destroy(nvmeof_class);
out_unregister_chrdev:
	unregister_chrdev_region(nvmeof_ctrl_base_chr_devt, NVMEOF_MINORS);
out_destroy_delete_wq:
	destroy_workqueue(nvmeof_host_delete_wq);
out_destroy_reset_wq:
	destroy_workqueue(nvmeof_host_reset_wq);
out_destroy_wq:
	destroy_workqueue(nvmeof_host_wq);
out:
	if (ret == -EEXIST) {
		pr_err("the nvme classes are taken (in-tree nvme_core?)\n");
		ret = -EBUSY;
	}
	return ret;
}

static void __exit nvmeof_host_exit(void)
{
	nvmeof_host_fabrics_exit();
	nvmeof_host_subsys_exit();
	nvmeof_host_generic_exit();
	class_destroy(nvmeof_generic_class);
	class_destroy(nvmeof_subsys_class);
	class_destroy(nvmeof_class);
	unregister_chrdev_region(nvmeof_ctrl_base_chr_devt, NVMEOF_MINORS);
	destroy_workqueue(nvmeof_host_delete_wq);
	destroy_workqueue(nvmeof_host_reset_wq);
	destroy_workqueue(nvmeof_host_wq);
	ida_destroy(&nvmeof_instance_ida);
}

module_init(nvmeof_host_init);
module_exit(nvmeof_host_exit);
MODULE_DESCRIPTION("nvmeof NVMe over Fabrics host");
MODULE_VERSION(NVMEOF_VERSION);
MODULE_LICENSE("GPL");
