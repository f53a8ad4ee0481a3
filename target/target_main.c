// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target: module glue for the NVMe over Fabrics target driver. */
#include <linux/module.h>
#include <linux/init.h>

static int __init nvmeof_target_init(void)
{
	pr_info("target driver loaded\n");
	return 0;
}

static void __exit nvmeof_target_exit(void)
{
	pr_info("target driver unloaded\n");
}

module_init(nvmeof_target_init);
module_exit(nvmeof_target_exit);
MODULE_DESCRIPTION("nvmeof NVMe over Fabrics target");
MODULE_LICENSE("GPL");
